//! Reading what the release planner needs: the catalogue (categories with
//! their rotation state and suppliers) and stored orders with their lines
//! and tasks.

use crate::error::{Result, StoreError};
use crate::rows::{RowExt, lock_row, placeholders};
use orderhub_domain::inventory::sku_key;
use orderhub_domain::model::{NoTask, Priority};
use orderhub_domain::proof::{ProofPolicy, is_personalised};
use orderhub_domain::release::{
    Catalogue, CategorySnapshot, LineSnapshot, OrderSnapshot, Step, TaskSnapshot,
};
use orderhub_domain::routing::{Candidate, Strategy};
use orderhub_domain::sku::SkuTemplate;
use orderhub_domain::{OrderStatus, TaskStatus};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe};
use std::collections::HashMap;

/// Which categories a release reads, and how they are held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Categories<'a> {
    /// None (a cancellation, a task that moved).
    None,
    /// One category (a rejection, a reassignment), its row locked.
    One(&'a str),
    /// All of them (a release classifies against every category), locked
    /// in id order on PostgreSQL (SQLite's write transaction holds the only
    /// write lock already).
    All,
}

/// Locks a category's row until the transaction ends (PostgreSQL row
/// lock; on SQLite the transaction already holds the write lock). Every
/// transaction that routes locks categories after orders and tasks, and
/// categories in id order, so none deadlocks another.
pub(crate) async fn lock_category(conn: &mut AnyConnection, id: &str) -> Result<()> {
    lock_row(conn, "categories", "category", id).await
}

const CATEGORY_COLUMNS: &str = "id, name, name_key, keywords, strategy, sku_template, sku_prefix, rr_cursor, route_count, sku_seq, proof, min_on_time, \
     ship_within, capacity_cap, steps, sku_script, route_script";

/// The categories `which` names, with their suppliers.
pub(crate) async fn catalogue(
    conn: &mut AnyConnection,
    which: Categories<'_>,
) -> Result<Catalogue> {
    let rows = match which {
        Categories::None => return Ok(Catalogue::default()),
        Categories::One(id) => {
            lock_category(conn, id).await?;
            let sql = format!("SELECT {CATEGORY_COLUMNS} FROM categories WHERE id = $1");
            sqlx::query(AssertSqlSafe(sql))
                .bind(id)
                .fetch_all(&mut *conn)
                .await?
        }
        Categories::All => {
            let lock = match conn.backend_name() {
                "SQLite" => "",
                _ => " FOR NO KEY UPDATE",
            };
            let sql = format!("SELECT {CATEGORY_COLUMNS} FROM categories ORDER BY id{lock}");
            sqlx::query(AssertSqlSafe(sql))
                .fetch_all(&mut *conn)
                .await?
        }
    };
    let mut catalogue = Catalogue::default();
    for row in &rows {
        let c = category_from_row(row)?;
        catalogue.categories.insert(c.id.clone(), c);
    }
    let filter = match which {
        Categories::One(_) => " WHERE cs.category_id = $1",
        _ => "",
    };
    let sql = format!(
        "SELECT cs.category_id, cs.supplier_id, s.name, s.code, cs.position, s.active, s.weight, cs.current_weight, \
         cs.units_per_day, cs.lead_days, cs.cut_off, s.work_days, s.holidays, s.utc_offset \
         FROM category_suppliers cs JOIN suppliers s ON s.id = cs.supplier_id{filter} ORDER BY cs.category_id, cs.position"
    );
    let mut q = sqlx::query(AssertSqlSafe(sql));
    if let Categories::One(id) = which {
        q = q.bind(id);
    }
    for r in &q.fetch_all(&mut *conn).await? {
        let category: String = r.col("category_id")?;
        let Some(state) = catalogue.categories.get_mut(&category) else {
            continue;
        };
        let candidate = Candidate {
            supplier_id: r.col("supplier_id")?,
            name: r.col("name")?,
            position: r.col("position")?,
            active: r.flag("active")?,
            weight: r.col("weight")?,
            current_weight: r.col("current_weight")?,
            open_tasks: None,
            on_time_30d: None,
            ready_on: None,
            late: false,
        };
        let planning = &mut state.planning;
        if let Some(cap) = crate::capacity::capacity_from(r)? {
            planning.capacity.insert(candidate.supplier_id.clone(), cap);
        }
        planning.calendars.insert(
            candidate.supplier_id.clone(),
            crate::capacity::calendar_from(r)?,
        );
        state
            .codes
            .insert(candidate.supplier_id.clone(), r.col("code")?);
        state.candidates.push(candidate);
    }
    // the days booked in every planned category, in one read
    let planned: Vec<String> = catalogue
        .categories
        .values()
        .filter(|c| !c.planning.capacity.is_empty())
        .map(|c| c.id.clone())
        .collect();
    let mut booked = crate::capacity::booked_in(conn, &planned).await?;
    for state in catalogue.categories.values_mut() {
        if let Some(b) = booked.remove(&state.id) {
            state.planning.booked = b;
        }
        if state.strategy == Strategy::LeastLoaded {
            crate::load::read(conn, &mut state.candidates).await?;
        }
        if state.min_on_time.is_some() {
            let ids: Vec<String> = state
                .candidates
                .iter()
                .map(|c| c.supplier_id.clone())
                .collect();
            let today = orderhub_domain::stats::day_of(crate::rows::now_ms());
            let rates = crate::statistics::scorecards::on_time_30_days(conn, &ids, today).await?;
            for c in &mut state.candidates {
                c.on_time_30d = rates.get(&c.supplier_id).copied();
            }
        }
    }
    Ok(catalogue)
}

fn category_from_row(row: &AnyRow) -> Result<CategorySnapshot> {
    let template: String = row.col("sku_template")?;
    Ok(CategorySnapshot {
        id: row.col("id")?,
        name: row.col("name")?,
        name_key: row.col("name_key")?,
        keywords: row.json("keywords")?,
        strategy: row.parsed("strategy", Strategy::parse)?,
        template: SkuTemplate::parse(&template).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        prefix: row.col("sku_prefix")?,
        cursor: row.col("rr_cursor")?,
        route_count: row.col("route_count")?,
        sku_seq: row.col("sku_seq")?,
        candidates: Vec::new(),
        codes: HashMap::new(),
        proof: row.parsed("proof", ProofPolicy::parse)?,
        min_on_time: row.col("min_on_time")?,
        planning: orderhub_domain::release::Planning {
            ship_within: row.col("ship_within")?,
            cap: row.flag("capacity_cap")?,
            ..Default::default()
        },
        steps: row.opt_json::<Vec<String>>("steps")?.unwrap_or_default(),
        sku_script: row.col("sku_script")?,
        route_script: row.col("route_script")?,
    })
}

/// Stored orders with every line and task, in the order of `ids`.
pub(crate) async fn orders(conn: &mut AnyConnection, ids: &[&str]) -> Result<Vec<OrderSnapshot>> {
    let marks = placeholders(1, ids.len());
    let bind_all = |sql: String| {
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for id in ids {
            q = q.bind(*id);
        }
        q
    };
    let sql = format!(
        "SELECT o.id, o.external_number, o.platform, o.customer_name, o.status, o.queue_key, o.ship_by, c.supplier_id AS bound_to \
         FROM orders o LEFT JOIN contracts c ON c.id = o.contract_id WHERE o.id IN ({marks})"
    );
    let mut orders: HashMap<String, OrderSnapshot> = HashMap::new();
    for r in bind_all(sql).fetch_all(&mut *conn).await? {
        let id: String = r.col("id")?;
        orders.insert(
            id.clone(),
            OrderSnapshot {
                id,
                number: r.col("external_number")?,
                platform: r.col("platform")?,
                customer: r.col("customer_name")?,
                status: r.parsed("status", OrderStatus::parse)?,
                priority: Priority::of_queue_key(&r.col::<String>("queue_key")?),
                bound_to: r.col("bound_to")?,
                ship_by: r.col("ship_by")?,
                lines: Vec::new(),
                tasks: Vec::new(),
            },
        );
    }
    let sql = format!(
        "SELECT id, order_id, line_no, title, category_ref, category_id, quantity, no_task, removed_at, customization, unrouted_code, unrouted_detail, platform_sku, \
         preferred_supplier_id FROM order_lines WHERE order_id IN ({marks}) ORDER BY line_no"
    );
    for r in bind_all(sql).fetch_all(&mut *conn).await? {
        let order: String = r.col("order_id")?;
        if let Some(o) = orders.get_mut(&order) {
            o.lines.push(line_from_row(&r)?);
        }
    }
    let sql = format!(
        "SELECT id, order_id, line_id, supplier_id, category_id, status, step, steps FROM tasks WHERE order_id IN ({marks}) ORDER BY id"
    );
    for r in bind_all(sql).fetch_all(&mut *conn).await? {
        let order: String = r.col("order_id")?;
        if let Some(o) = orders.get_mut(&order) {
            o.tasks.push(TaskSnapshot {
                id: r.col("id")?,
                line_id: r.col("line_id")?,
                supplier_id: r.col("supplier_id")?,
                category_id: r.col("category_id")?,
                status: r.parsed("status", TaskStatus::parse)?,
                step: step_of(&r)?,
            });
        }
    }
    ids.iter()
        .map(|id| {
            orders
                .remove(*id)
                .ok_or_else(|| StoreError::not_found("order", id))
        })
        .collect()
}

/// A task's place in its line's recipe, from its `step` and `steps`.
pub(crate) fn step_of(r: &AnyRow) -> Result<Option<Step>> {
    let no: Option<i64> = r.col("step")?;
    let of: Option<i64> = r.col("steps")?;
    Ok(no.zip(of).map(|(no, of)| Step { no, of }))
}

fn line_from_row(r: &AnyRow) -> Result<LineSnapshot> {
    Ok(LineSnapshot {
        id: r.col("id")?,
        line_no: r.col("line_no")?,
        title: r.col("title")?,
        category_ref: r.col("category_ref")?,
        category_id: r.col("category_id")?,
        quantity: r.col("quantity")?,
        // a removed line is no work any more
        no_task: r
            .col::<Option<String>>("no_task")?
            .and_then(|k| NoTask::parse(&k))
            .is_some()
            || r.col::<Option<i64>>("removed_at")?.is_some(),
        personalised: is_personalised(r.opt_json::<serde_json::Value>("customization")?.as_ref()),
        unrouted: crate::records::unrouted_from(r)?,
        sku: r
            .col::<Option<String>>("platform_sku")?
            .as_deref()
            .map(sku_key),
        preferred: r.col("preferred_supplier_id")?,
    })
}

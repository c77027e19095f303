//! The storage limit for intake: `orderhub bench baseline`.
//!
//! Writes the rows an intake of the same orders writes — the order, its
//! lines, its events, the categories' rotation state read and advanced, one
//! task and one routing event per line — as plain SQL through the same
//! driver, connection settings and durability as the server, committed in
//! groups with one multi-row statement per table as the intake writer
//! commits them, with no HTTP and no domain code (no validation,
//! classification, routing rules, SKU templates, JSON details, duplicate or
//! SKU checks, answers). Whatever intake does beyond this is our cost;
//! intake throughput divided by this is the efficiency BENCHMARKS.md
//! reports. Its column lists mirror the writer's (`group.rs`,
//! `release/write.rs`); the event rows and their outbox fan-out are the
//! writer's own statements.

use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::rows::{Arg, RowExt, new_id, now_ms, run_values};
use orderhub_domain::ErrorCode;
use sqlx::AnyConnection;
use std::collections::HashMap;
use std::time::Instant;

/// One order of the benchmark's workload, already decided by the caller.
#[derive(Debug, Clone)]
pub struct PlainOrder {
    pub platform: String,
    pub number: String,
    pub customer: String,
    pub lines: Vec<PlainLine>,
}

/// One line: `category` indexes the categories the baseline creates.
#[derive(Debug, Clone)]
pub struct PlainLine {
    pub title: String,
    pub quantity: i64,
    pub unit_price: String,
    pub category: usize,
}

/// What the baseline measured.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BaselineReport {
    pub orders: usize,
    pub group: usize,
    pub seconds: f64,
    pub limit_orders_per_sec: f64,
}

impl BaselineReport {
    /// `orders` written `group` at a time since `started`.
    pub(crate) fn timed(orders: usize, group: usize, started: Instant) -> Self {
        let seconds = started.elapsed().as_secs_f64();
        BaselineReport {
            orders,
            group,
            seconds,
            limit_orders_per_sec: orders as f64 / seconds,
        }
    }
}

pub(crate) struct Category {
    id: String,
    prefix: String,
}

impl Store {
    /// Runs the baseline on this store, which must hold no orders yet:
    /// `categories` categories with three suppliers each, then `orders`
    /// committed `group` at a time.
    pub async fn baseline(
        &self,
        categories: usize,
        orders: &[PlainOrder],
        group: usize,
    ) -> Result<BaselineReport> {
        let cats = self.baseline_start(categories).await?;
        let started = Instant::now();
        for chunk in orders.chunks(group.max(1)) {
            let mut tx = self.begin().await?;
            plain_group(&mut tx, &cats, chunk).await?;
            tx.commit().await?;
        }
        Ok(BaselineReport::timed(orders.len(), group, started))
    }

    /// Checks the database is fresh and makes the baseline's catalogue.
    pub(crate) async fn baseline_start(&self, categories: usize) -> Result<Vec<Category>> {
        if !self.is_empty().await? {
            return Err(StoreError::conflict(
                ErrorCode::NotEmpty,
                Some("database_url"),
                "the baseline needs a fresh database",
            ));
        }
        self.baseline_catalogue(categories).await
    }

    async fn baseline_catalogue(&self, n: usize) -> Result<Vec<Category>> {
        let mut tx = self.begin().await?;
        let now = now_ms();
        let mut cats = Vec::with_capacity(n);
        for c in 0..n {
            let id = new_id();
            let prefix = format!("B{c}");
            sqlx::query(
                "INSERT INTO categories (id, name, name_key, keywords, sku_prefix, sku_template, strategy, created_at, updated_at) \
                 VALUES ($1, $2, $2, '[]', $3, '{category}{seq:6}', 'round_robin', $4, $4)",
            )
            .bind(&id)
            .bind(format!("baseline-{c}"))
            .bind(&prefix)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            for s in 0..3 {
                let supplier = new_id();
                sqlx::query(
                    "INSERT INTO suppliers (id, name, name_key, code, active, weight, created_at, updated_at) \
                     VALUES ($1, $2, $2, $3, 1, 1, $4, $4)",
                )
                .bind(&supplier)
                .bind(format!("baseline-{c}-{s}"))
                .bind(format!("S{s}"))
                .bind(now)
                .execute(&mut *tx)
                .await?;
                sqlx::query("INSERT INTO category_suppliers (category_id, supplier_id, position) VALUES ($1, $2, $3)")
                    .bind(&id)
                    .bind(&supplier)
                    .bind(s as i64)
                    .execute(&mut *tx)
                    .await?;
            }
            cats.push(Category { id, prefix });
        }
        tx.commit().await?;
        Ok(cats)
    }
}

/// One group as plain SQL: the categories locked and read, then orders,
/// lines, tasks and events with one multi-row statement each (as the intake
/// writer writes them), and the categories' rotation state written back.
async fn plain_group(
    conn: &mut AnyConnection,
    cats: &[Category],
    group: &[PlainOrder],
) -> Result<()> {
    let rows = sqlx::query(STATE_SQL).fetch_all(&mut *conn).await?;
    let mut state: State = HashMap::new();
    for r in &rows {
        state.insert(
            r.col("id")?,
            (
                r.col("rr_cursor")?,
                r.col("route_count")?,
                r.col("sku_seq")?,
            ),
        );
    }
    let mut suppliers: HashMap<String, Vec<String>> = HashMap::new();
    for r in &sqlx::query(MEMBERS_SQL).fetch_all(&mut *conn).await? {
        suppliers
            .entry(r.col("category_id")?)
            .or_default()
            .push(r.col("supplier_id")?);
    }
    let rows = plain_rows(cats, &mut state, &suppliers, group);
    run_values(conn, ORDERS_INSERT, rows.orders, "").await?;
    run_values(conn, LINES_INSERT, rows.lines, "").await?;
    run_values(conn, TASKS_INSERT, rows.tasks, "").await?;
    // as intake does: events, then their webhook messages
    crate::events::append(conn, rows.events).await?;
    for (id, (cursor, count, seq)) in state {
        sqlx::query(STATE_UPDATE)
            .bind(id)
            .bind(cursor)
            .bind(count)
            .bind(seq)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Each category's (cursor, routings, `{seq}`), by id.
pub(crate) type State = HashMap<String, (Option<i64>, i64, i64)>;

pub(crate) const STATE_SQL: &str =
    "SELECT id, rr_cursor, route_count, sku_seq FROM categories ORDER BY id";
pub(crate) const MEMBERS_SQL: &str =
    "SELECT category_id, supplier_id FROM category_suppliers ORDER BY category_id, position";
pub(crate) const STATE_UPDATE: &str =
    "UPDATE categories SET rr_cursor = $2, route_count = $3, sku_seq = $4 WHERE id = $1";
pub(crate) const ORDERS_INSERT: &str = "INSERT INTO orders (id, platform, external_number, status, currency, total_amount, \
     customer_name, customer_email, shipping_address, search_text, created_at, updated_at)";
pub(crate) const LINES_INSERT: &str = "INSERT INTO order_lines (id, order_id, line_no, title, category_id, quantity, \
     unit_price, customization)";
pub(crate) const TASKS_INSERT: &str = "INSERT INTO tasks (id, order_id, line_id, supplier_id, category_id, sku, status, \
     quantity, route_seq, created_at, updated_at)";

/// A group's rows, table by table.
pub(crate) struct Rows {
    pub orders: Vec<Vec<Arg>>,
    pub lines: Vec<Vec<Arg>>,
    pub tasks: Vec<Vec<Arg>>,
    pub events: Vec<Vec<Arg>>,
}

/// The rows of a group, with the categories' state advanced in `state`.
pub(crate) fn plain_rows(
    cats: &[Category],
    state: &mut State,
    suppliers: &HashMap<String, Vec<String>>,
    group: &[PlainOrder],
) -> Rows {
    let now = now_ms();
    let (mut orders, mut lines, mut tasks, mut events) = (vec![], vec![], vec![], vec![]);
    // Details as large as intake's (measured on the demo: order.created
    // ≈ 64 bytes, task.routed ≈ 660 with its candidates), so that both
    // write the same volume.
    let event =
        |order: &str, task: Option<&str>, kind: &str, to: &str, details: String| -> Vec<Arg> {
            vec![
                new_id().into(),
                order.into(),
                task.map(str::to_owned).into(),
                kind.into(),
                "token:baseline".into(),
                Arg::Text(None),
                to.into(),
                details.into(),
                now.into(),
                Arg::Text(None),
                Arg::Text(None),
            ]
        };
    for o in group {
        let id = new_id();
        orders.push(vec![
            id.clone().into(),
            o.platform.clone().into(),
            o.number.clone().into(),
            "assigned".into(),
            "USD".into(),
            "30.40".into(),
            o.customer.clone().into(),
            "buyer@example.com".into(),
            r#"{"country":"US","region":null,"city":"Portland","line1":"1 Main St","line2":null,"postal_code":"97201"}"#.into(),
            format!("{} {} buyer@example.com {}", o.number, o.customer, o.lines.iter().map(|l| l.title.as_str()).collect::<Vec<_>>().join(" ")).to_lowercase().into(),
            now.into(),
            now.into(),
        ]);
        let created = serde_json::json!({"platform": o.platform, "external_number": o.number, "lines": o.lines.len()});
        events.push(event(
            &id,
            None,
            "order.created",
            "pending",
            created.to_string(),
        ));
        events.push(event(
            &id,
            None,
            "order.status_changed",
            "purchasing",
            "{}".into(),
        ));
        for (n, l) in o.lines.iter().enumerate() {
            let cat = &cats[l.category % cats.len()];
            let line = new_id();
            lines.push(vec![
                line.clone().into(),
                id.clone().into(),
                (n as i64 + 1).into(),
                l.title.clone().into(),
                cat.id.clone().into(),
                l.quantity.into(),
                l.unit_price.clone().into(),
                r#"{"engraving":"For Ada Lovelace"}"#.into(),
            ]);
            let (cursor, count, seq) = state.get_mut(&cat.id).expect("category");
            let members = &suppliers[&cat.id];
            let next = cursor.map_or(0, |c| (c + 1) % members.len() as i64);
            (*cursor, *count, *seq) = (Some(next), *count + 1, *seq + 1);
            let task = new_id();
            tasks.push(vec![
                task.clone().into(),
                id.clone().into(),
                line.clone().into(),
                members[next as usize].clone().into(),
                cat.id.clone().into(),
                format!("{}{seq:08}", cat.prefix).into(),
                "assigned".into(),
                l.quantity.into(),
                (*count).into(),
                now.into(),
                now.into(),
            ]);
            let candidates: Vec<serde_json::Value> = members
                .iter()
                .enumerate()
                .map(|(p, m)| serde_json::json!({"active": true, "current_weight": 0, "name": "Baseline supplier name", "position": p, "supplier_id": m, "weight": 1}))
                .collect();
            let routed = serde_json::json!({
                "candidates": candidates, "category_id": cat.id, "cause": "release", "cursor_after": next,
                "cursor_before": *cursor, "line_id": line, "line_no": n + 1, "route_seq": *count,
                "sku": format!("{}{seq:08}", cat.prefix), "strategy": "round_robin", "supplier_id": members[next as usize],
            });
            events.push(event(
                &id,
                Some(&task),
                "task.routed",
                "assigned",
                routed.to_string(),
            ));
        }
        events.push(event(
            &id,
            None,
            "order.status_changed",
            "assigned",
            "{}".into(),
        ));
    }
    Rows {
        orders,
        lines,
        tasks,
        events,
    }
}

//! Decomposition: turning an order's lines into supplier tasks.
//!
//! Runs inside the transaction that releases the order (or rejects a task),
//! so a `purchasing` order is never acknowledged with a line that has
//! neither a task nor a reason. Each category's row is locked before its
//! cursor is read and kept until commit — categories in id order, so two
//! orders never deadlock — which serialises routing per category across
//! connections and server processes: the rotation stays exact.

use crate::categories::resolve_refs;
use crate::error::{Result, StoreError};
use crate::events::NewEvent;
use crate::orders::{follow_tasks, lock_order, set_status};
use crate::rows::{RowExt, lock_row, new_id, now_ms};
use orderhub_domain::classify::{CategoryTerms, Classification, classify};
use orderhub_domain::model::{Actor, Unrouted};
use orderhub_domain::routing::{Candidate, Decision, Strategy, route};
use orderhub_domain::sku::{SkuContext, SkuTemplate};
use orderhub_domain::{ORDER_LIFECYCLE, OrderStatus, TaskStatus, ValidationError};
use serde_json::json;
use sqlx::AnyConnection;
use std::collections::{BTreeMap, HashMap};
use time::OffsetDateTime;

/// A category's routing state, read under its row lock.
#[derive(Clone)]
pub(crate) struct CategoryState {
    id: String,
    strategy: Strategy,
    template: SkuTemplate,
    prefix: String,
    cursor: Option<i64>,
    route_count: i64,
    sku_seq: i64,
    candidates: Vec<Candidate>,
    codes: HashMap<String, String>,
}

/// Locks a category's row until the transaction ends (PostgreSQL row
/// lock; on SQLite the transaction already holds the write lock).
pub(crate) async fn lock_category(conn: &mut AnyConnection, id: &str) -> Result<()> {
    lock_row(conn, "categories", "category", id).await
}

async fn load_state(conn: &mut AnyConnection, id: &str) -> Result<CategoryState> {
    let row = sqlx::query(
        "UPDATE categories SET route_count = route_count WHERE id = $1 \
         RETURNING strategy, sku_template, sku_prefix, rr_cursor, route_count, sku_seq",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| StoreError::not_found("category", id))?;
    let strategy = row.parsed("strategy", Strategy::parse)?;
    let template: String = row.col("sku_template")?;
    let template = SkuTemplate::parse(&template).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let rows = sqlx::query(
        "SELECT cs.supplier_id, s.name, s.code, cs.position, s.active, s.weight, cs.current_weight \
         FROM category_suppliers cs JOIN suppliers s ON s.id = cs.supplier_id \
         WHERE cs.category_id = $1 ORDER BY cs.position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut candidates = Vec::with_capacity(rows.len());
    let mut codes = HashMap::new();
    for r in &rows {
        let (code, candidate) = candidate_from_row(r)?;
        codes.insert(candidate.supplier_id.clone(), code);
        candidates.push(candidate);
    }
    if strategy == Strategy::LeastLoaded {
        crate::load::read(conn, &mut candidates).await?;
    }
    Ok(CategoryState {
        id: id.to_owned(),
        strategy,
        template,
        prefix: row.col("sku_prefix")?,
        cursor: row.col("rr_cursor")?,
        route_count: row.col("route_count")?,
        sku_seq: row.col("sku_seq")?,
        candidates,
        codes,
    })
}

/// A category's supplier as routing sees it, and its SKU code, from a row
/// of `category_suppliers` joined with `suppliers`.
fn candidate_from_row(r: &sqlx::any::AnyRow) -> Result<(String, Candidate)> {
    Ok((
        r.col("code")?,
        Candidate {
            supplier_id: r.col("supplier_id")?,
            name: r.col("name")?,
            position: r.col("position")?,
            active: r.flag("active")?,
            weight: r.col("weight")?,
            current_weight: r.col("current_weight")?,
            open_tasks: None,
        },
    ))
}

/// Every category, as a group of orders needs them: the routing state
/// with its candidates, plus what classification needs (name, name key,
/// keywords). On PostgreSQL the rows are locked in id order — the order
/// every other routing transaction locks them in — until commit.
#[derive(Clone)]
pub(crate) struct Catalogue {
    pub states: BTreeMap<String, CategoryState>,
    /// (id, name, name_key, keywords)
    pub terms: Vec<(String, String, String, Vec<String>)>,
}

pub(crate) async fn load_catalogue(conn: &mut AnyConnection, lock: bool) -> Result<Catalogue> {
    let sql = if lock {
        "SELECT id, name, name_key, keywords, strategy, sku_template, sku_prefix, rr_cursor, route_count, sku_seq \
         FROM categories ORDER BY id FOR NO KEY UPDATE"
    } else {
        "SELECT id, name, name_key, keywords, strategy, sku_template, sku_prefix, rr_cursor, route_count, sku_seq \
         FROM categories ORDER BY id"
    };
    let rows = sqlx::query(sql).fetch_all(&mut *conn).await?;
    let mut catalogue = Catalogue {
        states: BTreeMap::new(),
        terms: Vec::with_capacity(rows.len()),
    };
    for row in &rows {
        let id: String = row.col("id")?;
        let template: String = row.col("sku_template")?;
        catalogue.states.insert(
            id.clone(),
            CategoryState {
                id: id.clone(),
                strategy: row.parsed("strategy", Strategy::parse)?,
                template: SkuTemplate::parse(&template)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                prefix: row.col("sku_prefix")?,
                cursor: row.col("rr_cursor")?,
                route_count: row.col("route_count")?,
                sku_seq: row.col("sku_seq")?,
                candidates: Vec::new(),
                codes: HashMap::new(),
            },
        );
        catalogue.terms.push((
            id,
            row.col("name")?,
            row.col("name_key")?,
            row.json("keywords")?,
        ));
    }
    let rows = sqlx::query(
        "SELECT cs.category_id, cs.supplier_id, s.name, s.code, cs.position, s.active, s.weight, cs.current_weight \
         FROM category_suppliers cs JOIN suppliers s ON s.id = cs.supplier_id ORDER BY cs.category_id, cs.position",
    )
    .fetch_all(&mut *conn)
    .await?;
    for r in &rows {
        let category: String = r.col("category_id")?;
        let Some(state) = catalogue.states.get_mut(&category) else {
            continue;
        };
        let (code, candidate) = candidate_from_row(r)?;
        state.codes.insert(candidate.supplier_id.clone(), code);
        state.candidates.push(candidate);
    }
    for state in catalogue.states.values_mut() {
        if state.strategy == Strategy::LeastLoaded {
            crate::load::read(conn, &mut state.candidates).await?;
        }
    }
    Ok(catalogue)
}

/// Writes a category's state back if a routing changed it.
pub(crate) async fn save_changed(
    conn: &mut AnyConnection,
    before: i64,
    s: &CategoryState,
) -> Result<()> {
    if s.route_count != before {
        save_state(conn, s).await?;
    }
    Ok(())
}

async fn save_state(conn: &mut AnyConnection, s: &CategoryState) -> Result<()> {
    sqlx::query(
        "UPDATE categories SET rr_cursor = $2, route_count = $3, sku_seq = $4 WHERE id = $1",
    )
    .bind(&s.id)
    .bind(s.cursor)
    .bind(s.route_count)
    .bind(s.sku_seq)
    .execute(&mut *conn)
    .await?;
    if s.strategy == Strategy::Weighted {
        for c in &s.candidates {
            sqlx::query("UPDATE category_suppliers SET current_weight = $3 WHERE category_id = $1 AND supplier_id = $2")
                .bind(&s.id)
                .bind(&c.supplier_id)
                .bind(c.current_weight)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

/// A line still waiting for a task.
struct PendingLine {
    id: String,
    line_no: i64,
    title: String,
    category_ref: Option<String>,
    category_id: Option<String>,
    quantity: i64,
}

/// Why routing this line was triggered; kept in the routing event.
#[derive(Clone, Copy)]
pub(crate) enum Cause {
    Release,
    Rejection,
    /// An operator chose the supplier.
    Reassignment,
}

/// Routes every line of the order that has no live task (a line whose
/// tasks were all rejected or cancelled has none), then sets the order to
/// `needs_attention` if any line is left without a supplier, or lets it
/// follow its tasks otherwise.
pub(crate) async fn release(conn: &mut AnyConnection, actor: &Actor, order_id: &str) -> Result<()> {
    let order_number: String =
        sqlx::query_scalar("SELECT external_number FROM orders WHERE id = $1")
            .bind(order_id)
            .fetch_one(&mut *conn)
            .await?;
    let lines = pending_lines(conn, order_id).await?;
    let mut by_category: BTreeMap<String, Vec<PendingLine>> = BTreeMap::new();
    for (line, outcome) in classify_lines(conn, lines).await? {
        match outcome {
            Ok(category) => by_category.entry(category).or_default().push(line),
            Err(why) => mark_unrouted(conn, actor, order_id, &line, None, &why).await?,
        }
    }
    for (category, lines) in by_category {
        let mut state = load_state(conn, &category).await?;
        for line in lines {
            let excluded = rejecters(conn, &line.id).await?;
            let decision = state.route(&excluded);
            route_line(
                conn,
                actor,
                order_id,
                &order_number,
                &line,
                &mut state,
                decision,
                Cause::Release,
            )
            .await?;
        }
        save_state(conn, &state).await?;
    }
    settle_order(conn, order_id).await
}

/// After a rejection: the line goes to the next supplier after the one
/// that rejected it, skipping every supplier that already rejected it; with
/// none left, the line is unrouted and the order needs attention. The
/// category's own rotation cursor does not move. The new task is routed by
/// `system`: the next supplier does not learn who turned the work down.
pub(crate) async fn reassign(conn: &mut AnyConnection, task_id: &str) -> Result<()> {
    reroute(conn, &Actor::system(), task_id, None).await
}

/// An operator moves a task's line to `supplier_id` (the old task is
/// cancelled by the caller): it must serve the category, be active, and
/// neither hold the task now nor have rejected the line. The rotation does
/// not move.
pub(crate) async fn reassign_to(
    conn: &mut AnyConnection,
    actor: &Actor,
    task_id: &str,
    supplier_id: &str,
) -> Result<()> {
    reroute(conn, actor, task_id, Some(supplier_id)).await
}

/// A new task for the line of `task_id`: to the next supplier in rotation
/// after its holder, or to the operator's `choice`.
async fn reroute(
    conn: &mut AnyConnection,
    actor: &Actor,
    task_id: &str,
    choice: Option<&str>,
) -> Result<()> {
    let row = sqlx::query(
        "SELECT t.order_id, t.line_id, t.category_id, t.supplier_id, o.external_number, l.line_no, l.title, l.quantity \
         FROM tasks t JOIN orders o ON o.id = t.order_id JOIN order_lines l ON l.id = t.line_id WHERE t.id = $1",
    )
    .bind(task_id)
    .fetch_one(&mut *conn)
    .await?;
    let order_id: String = row.col("order_id")?;
    let category: String = row.col("category_id")?;
    let holder: String = row.col("supplier_id")?;
    let line = PendingLine {
        id: row.col("line_id")?,
        line_no: row.col("line_no")?,
        title: row.col("title")?,
        category_ref: None,
        category_id: Some(category.clone()),
        quantity: row.col("quantity")?,
    };
    let mut state = load_state(conn, &category).await?;
    let mut excluded = rejecters(conn, &line.id).await?;
    let (decision, cause) = match choice {
        None => {
            let after = state
                .candidates
                .iter()
                .find(|c| c.supplier_id == holder)
                .map(|c| c.position);
            let decision = route(Strategy::RoundRobin, &state.candidates, after, &excluded);
            (decision, Cause::Rejection)
        }
        Some(chosen) => {
            excluded.push(holder);
            let decision = orderhub_domain::routing::assign_to(
                state.strategy,
                &state.candidates,
                state.cursor,
                chosen,
                &excluded,
            )
            .map_err(|e| ValidationError::new("supplier_id", e.code(), e.to_string()))?;
            (Ok(decision), Cause::Reassignment)
        }
    };
    let order_number: String = row.col("external_number")?;
    route_line(
        conn,
        actor,
        &order_id,
        &order_number,
        &line,
        &mut state,
        decision,
        cause,
    )
    .await?;
    save_state(conn, &state).await?;
    settle_order(conn, &order_id).await
}

/// An operator cancelled a task on its own: its line has no live task any
/// more, so it is unrouted until the order is retried (or cancelled).
pub(crate) async fn task_cancelled(
    conn: &mut AnyConnection,
    actor: &Actor,
    task_id: &str,
) -> Result<()> {
    let row = sqlx::query(
        "SELECT t.order_id, l.id, l.line_no, l.title, l.quantity FROM tasks t \
         JOIN order_lines l ON l.id = t.line_id WHERE t.id = $1",
    )
    .bind(task_id)
    .fetch_one(&mut *conn)
    .await?;
    let order_id: String = row.col("order_id")?;
    let line = PendingLine {
        id: row.col("id")?,
        line_no: row.col("line_no")?,
        title: row.col("title")?,
        category_ref: None,
        category_id: None,
        quantity: row.col("quantity")?,
    };
    let why = Unrouted {
        code: "task_cancelled".into(),
        detail: "the line's task was cancelled; move the order to purchasing to route it again, or cancel the order".into(),
    };
    mark_unrouted(conn, actor, &order_id, &line, None, &why).await?;
    settle_order(conn, &order_id).await
}

#[allow(clippy::too_many_arguments)]
async fn route_line(
    conn: &mut AnyConnection,
    actor: &Actor,
    order_id: &str,
    order_number: &str,
    line: &PendingLine,
    state: &mut CategoryState,
    decision: Result<Decision, orderhub_domain::routing::NoSupplier>,
    cause: Cause,
) -> Result<()> {
    let decision = match decision {
        Ok(d) => d,
        Err(no) => {
            let why = no_supplier(no);
            return mark_unrouted(conn, actor, order_id, line, Some(&state.id), &why).await;
        }
    };
    let supplier_code = state.apply(&decision, cause);
    let task_id = new_id();
    let sku = insert_task(
        conn,
        state,
        &task_id,
        order_id,
        order_number,
        line,
        &decision.supplier_id,
        &supplier_code,
    )
    .await?;
    sqlx::query("UPDATE order_lines SET category_id = $2, unrouted_code = NULL, unrouted_detail = NULL WHERE id = $1")
        .bind(&line.id)
        .bind(&state.id)
        .execute(&mut *conn)
        .await?;
    let details = routed_details(&decision, cause, state, &line.id, line.line_no, &sku);
    NewEvent::task(order_id, &task_id, "task.routed")
        .entered(TaskStatus::Assigned.as_str())
        .details(details)
        .write(conn, actor)
        .await
}

/// Inserts the task with a fresh SKU, unique across all tasks.
#[allow(clippy::too_many_arguments)]
async fn insert_task(
    conn: &mut AnyConnection,
    state: &mut CategoryState,
    task_id: &str,
    order_id: &str,
    order_number: &str,
    line: &PendingLine,
    supplier_id: &str,
    supplier_code: &str,
) -> Result<String> {
    let now = now_ms();
    // A random SKU that exists is drawn again; a counter that runs into
    // SKUs another category made (same prefix) moves on past them.
    let attempts = if state.template.uses_seq() {
        10_000
    } else {
        32
    };
    for _ in 0..attempts {
        let sku = state.next_sku(supplier_code, order_number, line.line_no);
        let inserted: Option<String> = sqlx::query_scalar(
            "INSERT INTO tasks (id, order_id, line_id, supplier_id, category_id, sku, status, quantity, route_seq, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) ON CONFLICT (sku) DO NOTHING RETURNING id",
        )
        .bind(task_id)
        .bind(order_id)
        .bind(&line.id)
        .bind(supplier_id)
        .bind(&state.id)
        .bind(&sku)
        .bind(TaskStatus::Assigned.as_str())
        .bind(line.quantity)
        .bind(state.route_count)
        .bind(now)
        .fetch_optional(&mut *conn)
        .await?;
        if inserted.is_some() {
            crate::load::changed(conn, supplier_id, 1).await?;
            return Ok(sku);
        }
    }
    Err(StoreError::conflict(
        "sku_space_exhausted",
        Some("sku_template"),
        format!(
            "the SKU template of category {} keeps producing SKUs that exist; widen it",
            state.id
        ),
    ))
}

async fn pending_lines(conn: &mut AnyConnection, order_id: &str) -> Result<Vec<PendingLine>> {
    let rows = sqlx::query(
        "SELECT l.id, l.line_no, l.title, l.category_ref, l.category_id, l.quantity FROM order_lines l \
         WHERE l.order_id = $1 AND l.no_task IS NULL AND NOT EXISTS \
         (SELECT 1 FROM tasks t WHERE t.line_id = l.id AND t.status NOT IN ('rejected', 'cancelled')) \
         ORDER BY l.line_no",
    )
    .bind(order_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(PendingLine {
                id: r.col("id")?,
                line_no: r.col("line_no")?,
                title: r.col("title")?,
                category_ref: r.col("category_ref")?,
                category_id: r.col("category_id")?,
                quantity: r.col("quantity")?,
            })
        })
        .collect()
}

/// Each line's category: the one given (by id or name), else the one its
/// title's keywords name.
async fn classify_lines(
    conn: &mut AnyConnection,
    lines: Vec<PendingLine>,
) -> Result<Vec<(PendingLine, Result<String, Unrouted>)>> {
    if lines.is_empty() {
        return Ok(Vec::new());
    }
    let rows = sqlx::query("SELECT id, name, keywords FROM categories ORDER BY id")
        .fetch_all(&mut *conn)
        .await?;
    let cats: Vec<(String, String, Vec<String>)> = rows
        .iter()
        .map(|r| Ok((r.col("id")?, r.col("name")?, r.json("keywords")?)))
        .collect::<Result<_>>()?;
    let terms: Vec<CategoryTerms<'_>> = cats
        .iter()
        .map(|(id, name, keywords)| CategoryTerms { id, name, keywords })
        .collect();
    let refs: Vec<String> = lines
        .iter()
        .filter(|l| l.category_id.is_none())
        .filter_map(|l| l.category_ref.clone())
        .collect();
    let known = resolve_refs(conn, &refs).await?;
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let outcome = category_of(
            line.category_id.as_deref(),
            line.category_ref.as_deref(),
            &line.title,
            &known,
            &terms,
        );
        out.push((line, outcome));
    }
    Ok(out)
}

/// A line's category: the one given (`category_id` already resolved, or
/// `reference` by id or name through `known`), else the one its title's
/// keywords name; or why there is none.
pub(crate) fn category_of(
    category_id: Option<&str>,
    reference: Option<&str>,
    title: &str,
    known: &HashMap<String, String>,
    terms: &[CategoryTerms<'_>],
) -> Result<String, Unrouted> {
    match (category_id, reference) {
        (Some(id), _) => Ok(id.to_owned()),
        (None, Some(r)) => known.get(r).cloned().ok_or_else(|| Unrouted {
            code: "unknown_category".into(),
            detail: format!("no category has the id or name {r:?}"),
        }),
        (None, None) => match classify(title, terms) {
            Classification::Matched(id) => Ok(id),
            Classification::NoMatch => Err(Unrouted {
                code: "no_category_matched".into(),
                detail: "no category keyword appears in the title; give the line a category or add a keyword".into(),
            }),
            Classification::Ambiguous(ids) => {
                let name_of = |id: &String| {
                    terms
                        .iter()
                        .find(|t| t.id == id)
                        .map_or(id.clone(), |t| t.name.to_owned())
                };
                Err(Unrouted {
                    code: "ambiguous_category".into(),
                    detail: format!(
                        "the title matches several categories: {}; give the line a category",
                        ids.iter().map(name_of).collect::<Vec<_>>().join(", ")
                    ),
                })
            }
        },
    }
}

/// Why a category could not give the line a supplier.
pub(crate) fn no_supplier(no: orderhub_domain::routing::NoSupplier) -> Unrouted {
    Unrouted {
        code: no.code().into(),
        detail: no.to_string(),
    }
}

/// The `line.unrouted` event's details.
pub(crate) fn unrouted_details(line_id: &str, line_no: i64, why: &Unrouted) -> serde_json::Value {
    json!({ "line_id": line_id, "line_no": line_no, "code": why.code, "detail": why.detail })
}

/// The `task.routed` event's details: the decision (strategy, candidates
/// and why each was skipped or chosen) and where it stands in the rotation.
pub(crate) fn routed_details(
    decision: &Decision,
    cause: Cause,
    state: &CategoryState,
    line_id: &str,
    line_no: i64,
    sku: &str,
) -> serde_json::Value {
    let mut details = serde_json::to_value(decision).unwrap_or_default();
    details["cause"] = json!(match cause {
        Cause::Release => "release",
        Cause::Rejection => "rejection",
        Cause::Reassignment => "reassignment",
    });
    details["route_seq"] = json!(state.route_count);
    details["category_id"] = json!(state.id);
    details["line_id"] = json!(line_id);
    details["line_no"] = json!(line_no);
    details["sku"] = json!(sku);
    details
}

impl CategoryState {
    /// Routing decisions made so far in the category.
    pub(crate) fn route_count(&self) -> i64 {
        self.route_count
    }

    /// Records a routing decision in the category's state: one more
    /// routing, and on a release the rotation moves on (cursor, running
    /// weights). Returns the chosen supplier's code.
    pub(crate) fn apply(&mut self, decision: &Decision, cause: Cause) -> String {
        self.route_count += 1;
        if let Cause::Release = cause {
            self.cursor = Some(decision.cursor_after);
            for (id, w) in &decision.weight_updates {
                if let Some(c) = self.candidates.iter_mut().find(|c| &c.supplier_id == id) {
                    c.current_weight = *w;
                }
            }
        }
        if let Some(c) = self
            .candidates
            .iter_mut()
            .find(|c| c.supplier_id == decision.supplier_id)
        {
            c.open_tasks = c.open_tasks.map(|n| n + 1);
        }
        self.codes
            .get(&decision.supplier_id)
            .cloned()
            .unwrap_or_default()
    }

    /// The next SKU from the category's template (advancing `{seq}`).
    pub(crate) fn next_sku(
        &mut self,
        supplier_code: &str,
        order_number: &str,
        line_no: i64,
    ) -> String {
        if self.template.uses_seq() {
            self.sku_seq += 1;
        }
        let ctx = SkuContext {
            category_prefix: &self.prefix,
            supplier_code,
            order_number,
            line_no,
            seq: self.sku_seq,
            now: OffsetDateTime::now_utc(),
        };
        self.template.render(&ctx, &mut rand::rng())
    }

    /// Routes one line by the category's strategy.
    pub(crate) fn route(
        &self,
        excluded: &[String],
    ) -> Result<Decision, orderhub_domain::routing::NoSupplier> {
        route(self.strategy, &self.candidates, self.cursor, excluded)
    }
}

/// Suppliers that already rejected this line.
async fn rejecters(conn: &mut AnyConnection, line_id: &str) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT supplier_id FROM tasks WHERE line_id = $1 AND status = 'rejected'",
    )
    .bind(line_id)
    .fetch_all(&mut *conn)
    .await?)
}

async fn mark_unrouted(
    conn: &mut AnyConnection,
    actor: &Actor,
    order_id: &str,
    line: &PendingLine,
    category: Option<&str>,
    why: &Unrouted,
) -> Result<()> {
    sqlx::query("UPDATE order_lines SET unrouted_code = $2, unrouted_detail = $3, category_id = COALESCE($4, category_id) WHERE id = $1")
        .bind(&line.id)
        .bind(&why.code)
        .bind(&why.detail)
        .bind(category)
        .execute(&mut *conn)
        .await?;
    NewEvent::order(order_id, "line.unrouted")
        .details(unrouted_details(&line.id, line.line_no, why))
        .write(conn, actor)
        .await
}

/// The order needs attention while any line is unrouted; otherwise it
/// follows its tasks.
async fn settle_order(conn: &mut AnyConnection, order_id: &str) -> Result<()> {
    let unrouted: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM order_lines WHERE order_id = $1 AND unrouted_code IS NOT NULL",
    )
    .bind(order_id)
    .fetch_one(&mut *conn)
    .await?;
    if unrouted == 0 {
        return follow_tasks(conn, order_id).await;
    }
    let current = lock_order(conn, order_id).await?;
    let system = Actor::system();
    if current != OrderStatus::NeedsAttention
        && ORDER_LIFECYCLE
            .check(current, OrderStatus::NeedsAttention, system.party)
            .is_ok()
    {
        set_status(
            conn,
            &system,
            order_id,
            current,
            OrderStatus::NeedsAttention,
            Some("lines could not be routed"),
        )
        .await?;
    }
    Ok(())
}

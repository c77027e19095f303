//! Orders, lines and tasks as rows: their columns, how a row becomes a
//! model value, the row locks every change takes (order → task → category,
//! so no two transactions wait on each other in a cycle), and what a
//! supplier may see of them.

use crate::error::{Result, StoreError};
use crate::rows::RowExt;
use orderhub_domain::labels::{Viewer, order_label, task_label};
use orderhub_domain::model::{
    Address, Customer, Line, NoTask, Order, PaymentStatus, Priority, Task, TaskStep, Unrouted,
    UnroutedCode,
};
use orderhub_domain::proof::{ProofState, ProofStatus};
use orderhub_domain::review::{ApprovalState, Check};
use orderhub_domain::supplier_order::Fulfilment;
use orderhub_domain::{OrderStatus, Scope, TaskStatus};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

pub(crate) const ORDER_COLUMNS: &str = "id, platform, external_number, status, currency, total_amount, placed_at, \
     customer_name, customer_email, customer_phone, buyer_id, shipping_address, created_at, updated_at, channel_key, note, \
     payment_status, hold, approval, queue_key, ship_by, tags";

pub(crate) fn order_from_row(row: &AnyRow) -> Result<Order> {
    let status = row.parsed("status", OrderStatus::parse)?;
    let payment_status = row.parsed("payment_status", PaymentStatus::parse)?;
    Ok(Order {
        id: row.col("id")?,
        platform: row.col("platform")?,
        external_number: row.col("external_number")?,
        status,
        payment_status,
        priority: Priority::of_queue_key(&row.col::<String>("queue_key")?),
        approval: row
            .col::<Option<String>>("approval")?
            .and_then(|a| ApprovalState::parse(&a)),
        hold: hold_from(row.col("hold")?),
        attention: Vec::new(),
        fulfilment: Fulfilment::Unshipped,
        supplier_orders: Vec::new(),
        // every write sets `updated_at`; an edit makes sure it moves
        version: row.col("updated_at")?,
        // the platform's words; a scoped read relabels for its reader
        status_label: order_label(Viewer::Platform, status, payment_status),
        currency: row.col("currency")?,
        total_amount: row.opt_decimal("total_amount")?,
        placed_at: row.opt_time("placed_at")?,
        ship_by: row.opt_time("ship_by")?,
        customer: Customer {
            name: row.col("customer_name")?,
            email: row.col("customer_email")?,
            phone: row.col("customer_phone")?,
            id: row.col("buyer_id")?,
        },
        shipping_address: row.opt_json::<Address>("shipping_address")?,
        note: row.col("note")?,
        tags: row.opt_json::<Vec<String>>("tags")?.unwrap_or_default(),
        lines: Vec::new(),
        tasks: Vec::new(),
        channel_id: Some(row.col::<String>("channel_key")?).filter(|k| !k.is_empty()),
        upstream_id: None,
        upstream_url: None,
        created_at: row.time("created_at")?,
        updated_at: row.time("updated_at")?,
    })
}

/// The checks an order's release waits on, as stored (a JSON array).
pub(crate) fn hold_from(text: Option<String>) -> Vec<Check> {
    text.and_then(|t| serde_json::from_str::<Vec<String>>(&t).ok())
        .unwrap_or_default()
        .iter()
        .filter_map(|c| Check::parse(c))
        .collect()
}

/// The columns [`line_from_row`] reads.
pub(crate) const LINE_COLUMNS: &str = "id, order_id, line_no, title, category_id, quantity, unit_price, platform_sku, \
     customization, unrouted_code, unrouted_detail, no_task, line_total, removed_at";

pub(crate) fn line_from_row(row: &AnyRow) -> Result<Line> {
    Ok(Line {
        id: row.col("id")?,
        line_no: row.col("line_no")?,
        title: row.col("title")?,
        category_id: row.col("category_id")?,
        quantity: row.col("quantity")?,
        unit_price: Some(row.decimal("unit_price")?),
        platform_sku: row.col("platform_sku")?,
        customization: row.opt_json("customization")?,
        unrouted: unrouted_from(row)?,
        no_task: row
            .col::<Option<String>>("no_task")?
            .and_then(|k| NoTask::parse(&k)),
        line_total: row.opt_decimal("line_total")?,
        removed: row.col::<Option<i64>>("removed_at")?.is_some(),
    })
}

pub(crate) const TASK_COLUMNS: &str = "id, order_id, line_id, supplier_id, category_id, sku, status, quantity, due_at, \
     production_started_at, produced_at, carrier, tracking_number, note, reject_reason, created_at, updated_at, \
     proof, proof_round, proof_since, queue_key, delivered_at, from_stock, step, steps";

pub(crate) fn task_from_row(row: &AnyRow) -> Result<Task> {
    let status = row.parsed("status", TaskStatus::parse)?;
    Ok(Task {
        id: row.col("id")?,
        order_id: row.col("order_id")?,
        line_id: row.col("line_id")?,
        supplier_id: row.col("supplier_id")?,
        category_id: row.col("category_id")?,
        sku: row.col("sku")?,
        status,
        // the platform's words; a scoped read relabels for its reader
        status_label: task_label(Viewer::Platform, status),
        quantity: row.col("quantity")?,
        due_at: row.opt_time("due_at")?,
        production_started_at: row.opt_time("production_started_at")?,
        produced_at: row.opt_time("produced_at")?,
        carrier: row.col("carrier")?,
        tracking_number: row.col("tracking_number")?,
        carrier_code: None,
        tracking_url: None,
        delivered_at: row.opt_time("delivered_at")?,
        note: row.col("note")?,
        reject_reason: row.col("reject_reason")?,
        from_stock: row.col("from_stock")?,
        step: crate::release::step_of(row)?.map(|s| TaskStep { no: s.no, of: s.of }),
        amendment: None,
        proof: proof_from_row(row)?,
        priority: Priority::of_queue_key(&row.col::<String>("queue_key")?),
        created_at: row.time("created_at")?,
        updated_at: row.time("updated_at")?,
    }
    .with_tracking())
}

/// A task's proof at a glance, from its `proof*` columns.
fn proof_from_row(row: &AnyRow) -> Result<Option<ProofState>> {
    let Some(status) = row.col::<Option<String>>("proof")? else {
        return Ok(None);
    };
    let status = ProofStatus::parse(&status)
        .ok_or_else(|| StoreError::Corrupt(format!("proof status {status}")))?;
    Ok(Some(ProofState {
        status,
        round: row.col("proof_round")?,
        since: row
            .opt_time("proof_since")?
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH),
        latest: None,
    }))
}

/// Locks the order row for this transaction (PostgreSQL: row lock;
/// SQLite: the write lock is already held) and returns its status.
pub(crate) async fn lock_order(conn: &mut AnyConnection, id: &str) -> Result<OrderStatus> {
    let status: Option<String> = sqlx::query_scalar(
        "UPDATE orders SET updated_at = updated_at WHERE id = $1 RETURNING status",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let status = status.ok_or_else(|| StoreError::not_found("order", id))?;
    OrderStatus::parse(&status).ok_or_else(|| StoreError::Corrupt(format!("order status {status}")))
}

/// What a visibility condition is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Subject {
    /// `orders`: a supplier sees an order while it has a live task in it.
    Order,
    /// `order_lines`: a supplier sees the lines its live tasks are for.
    Line,
    /// `tasks` on an order's page: a supplier sees its own live tasks.
    LiveTask,
    /// A row a supplier owns whatever its status — a task looked up or
    /// listed, a product, a webhook endpoint — by its table or alias.
    Own(&'static str),
    /// `events` on an order's timeline: a supplier sees its own tasks'
    /// events, whatever became of the task since.
    TaskEvent,
}

/// The one rule of what `scope` may see, as an `AND …` condition on
/// `subject`'s table, its supplier bound as `$param`. Staff see everything;
/// a supplier sees only its own tasks and the orders and lines it has a
/// live task in (once its task is rejected or cancelled, the customer's
/// address is no longer its business); buyers see no customer orders.
///
/// The line, order or task a supplier's condition is about is found
/// through its own index: `supplier_id || ''` keeps the planner (SQLite's,
/// without statistics) from walking every task of the supplier instead —
/// 0.9 s per order page at a million orders.
pub(crate) fn visible(scope: &Scope, subject: Subject, param: usize) -> String {
    const LIVE: &str = "status NOT IN ('rejected', 'cancelled')";
    match (scope, subject) {
        (Scope::All, _) => String::new(),
        (Scope::Buyer(_), _) => " AND 1 = 0".into(),
        (Scope::Supplier(_), Subject::Order) => format!(
            " AND EXISTS (SELECT 1 FROM tasks t WHERE t.order_id = orders.id AND t.supplier_id || '' = ${param} AND t.{LIVE})"
        ),
        (Scope::Supplier(_), Subject::Line) => format!(
            " AND EXISTS (SELECT 1 FROM tasks t WHERE t.line_id = order_lines.id AND t.supplier_id || '' = ${param} AND t.{LIVE})"
        ),
        (Scope::Supplier(_), Subject::LiveTask) => {
            format!(" AND supplier_id || '' = ${param} AND {LIVE}")
        }
        (Scope::Supplier(_), Subject::TaskEvent) => format!(
            " AND EXISTS (SELECT 1 FROM tasks t WHERE t.id = events.task_id AND t.supplier_id || '' = ${param})"
        ),
        (Scope::Supplier(_), Subject::Own(table)) => {
            format!(" AND {table}.supplier_id = ${param}")
        }
    }
}

/// [`visible`]'s condition with the value its `$param` takes, if any,
/// for queries that number their binds as they go.
pub(crate) fn visible_bound(
    scope: &Scope,
    subject: Subject,
    param: usize,
) -> (String, Option<String>) {
    (
        visible(scope, subject, param),
        scope.supplier().map(str::to_owned),
    )
}

/// A line's stored reason, if it has one.
pub(crate) fn unrouted_from(r: &AnyRow) -> Result<Option<Unrouted>> {
    let Some(code) = r.col::<Option<String>>("unrouted_code")? else {
        return Ok(None);
    };
    let code = UnroutedCode::parse(&code)
        .ok_or_else(|| StoreError::Corrupt(format!("unrouted code {code}")))?;
    Ok(Some(Unrouted {
        code,
        detail: r
            .col::<Option<String>>("unrouted_detail")?
            .unwrap_or_default(),
    }))
}

/// The codes of suppliers `ids` (for child order numbers).
pub(crate) async fn supplier_codes(
    conn: &mut sqlx::AnyConnection,
    ids: &[&str],
) -> Result<std::collections::HashMap<String, String>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let sql = format!(
        "SELECT id, code FROM suppliers WHERE id IN ({})",
        crate::rows::placeholders(1, ids.len())
    );
    let mut q = sqlx::query_as::<_, (String, String)>(sqlx::AssertSqlSafe(sql));
    for id in ids {
        q = q.bind(*id);
    }
    Ok(q.fetch_all(&mut *conn).await?.into_iter().collect())
}

/// Sets what an order's tasks decide: how much has shipped, and each
/// supplier's share (`orderhub_domain::supplier_order`).
pub(crate) fn fill_children(o: &mut Order, codes: &std::collections::HashMap<String, String>) {
    use orderhub_domain::supplier_order::{fulfilment, supplier_orders};
    o.fulfilment = fulfilment(&o.tasks);
    o.supplier_orders = supplier_orders(&o.external_number, &o.tasks, |id| codes.get(id).cloned());
}

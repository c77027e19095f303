//! A contract's shipments (分批发货) and its delivery as each party reads
//! it: every line's shipped, accepted, rejected and credited units, each
//! shipment with its tracking link and receipt, and the returns.

use super::contract_order::contract_order;
use super::returns::returns_of;
use super::rfqs::today;
use crate::error::{Result, StoreError};
use crate::events::NewEvent;
use crate::records::lock_order;
use crate::release;
use crate::rows::{RowExt, new_id, now_ms, placeholders};
use crate::tasks::{lock_task, write_move};
use orderhub_domain::b2b::Contract;
use orderhub_domain::b2b::delivery::{
    Delivery, LineProgress, NewShipment, ShipMethod, Shipment, ShipmentLine, Shippable,
    check_shipment, steps_after_shipping,
};
use orderhub_domain::b2b::receipt::{ReceiptMark, Received};
use orderhub_domain::carrier::tracking_url;
use orderhub_domain::labels::{Viewer, order_label, task_label};
use orderhub_domain::model::{Actor, EventKind, PaymentStatus, TaskTransition};
use orderhub_domain::release::Cause;
use orderhub_domain::{OrderStatus, Scope, TaskStatus};
use serde_json::json;
use sqlx::{AnyConnection, AssertSqlSafe};

/// A line's units in a sum over its shipment lines (`sl`), as BIGINT on
/// both backends (PostgreSQL's SUM of BIGINT is NUMERIC).
fn units(column: &str, filter: &str) -> String {
    format!(
        "CAST((SELECT COALESCE(SUM(sl.{column}), 0) FROM shipment_lines sl \
         JOIN shipments s ON s.id = sl.shipment_id WHERE sl.task_id = t.id{filter}) AS BIGINT)"
    )
}

/// A contract line with a live task: what may ship of it (replacements
/// do not count), what was accepted and rejected on receipt, and the
/// task's id.
pub(super) struct LineUnits {
    pub shippable: Shippable,
    pub task_id: String,
    pub accepted: i64,
    pub rejected: i64,
}

/// Every line of the order that has a live task, in line order.
pub(super) async fn shippables(conn: &mut AnyConnection, order_id: &str) -> Result<Vec<LineUnits>> {
    let sql = format!(
        "SELECT l.line_no, t.id, t.status, t.quantity, {} AS shipped, {} AS accepted, {} AS rejected \
         FROM order_lines l JOIN tasks t ON t.line_id = l.id \
         WHERE l.order_id = $1 AND t.status NOT IN ('rejected', 'cancelled') ORDER BY l.line_no",
        units("quantity", " AND s.return_id IS NULL"),
        units("accepted", ""),
        units("rejected", ""),
    );
    let rows = sqlx::query(AssertSqlSafe(sql))
        .bind(order_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(LineUnits {
                shippable: Shippable {
                    line_no: r.col("line_no")?,
                    task_status: r.parsed("status", TaskStatus::parse)?,
                    quantity: r.col("quantity")?,
                    shipped: r.col("shipped")?,
                },
                task_id: r.col("id")?,
                accepted: r.col("accepted")?,
                rejected: r.col("rejected")?,
            })
        })
        .collect()
}

/// Writes shipment `new` of `order_id` (its lines' tasks in `open`), the
/// replacement for `return_id` when given; its id and number.
pub(super) async fn insert_shipment(
    conn: &mut AnyConnection,
    actor: &Actor,
    (order_id, supplier_id): (&str, &str),
    new: &NewShipment,
    open: &[LineUnits],
    return_id: Option<&str>,
) -> Result<(String, i64)> {
    let seq: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM shipments WHERE order_id = $1")
            .bind(order_id)
            .fetch_one(&mut *conn)
            .await?;
    let id = new_id();
    sqlx::query(
        "INSERT INTO shipments (id, order_id, supplier_id, seq, method, carrier, tracking_number, \
         shipped_on, expected_on, note, return_id, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(&id)
    .bind(order_id)
    .bind(supplier_id)
    .bind(seq)
    .bind(new.method.as_str())
    .bind(&new.carrier)
    .bind(&new.tracking_number)
    .bind(&new.shipped_on)
    .bind(&new.expected_on)
    .bind(&new.note)
    .bind(return_id)
    .bind(&actor.label)
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    for l in &new.lines {
        let task = open
            .iter()
            .find(|u| u.shippable.line_no == l.line_no)
            .ok_or_else(|| StoreError::not_found("line", &l.line_no.to_string()))?;
        sqlx::query(
            "INSERT INTO shipment_lines (shipment_id, task_id, line_no, quantity) VALUES ($1, $2, $3, $4)",
        )
        .bind(&id)
        .bind(&task.task_id)
        .bind(l.line_no)
        .bind(l.quantity)
        .execute(&mut *conn)
        .await?;
    }
    Ok((id, seq))
}

/// The `shipment.sent` event of shipment `number` of contract `c`.
pub(super) async fn sent_event(
    conn: &mut AnyConnection,
    actor: &Actor,
    c: &Contract,
    order_id: &str,
    (id, number): (&str, i64),
    new: &NewShipment,
) -> Result<()> {
    let lines: Vec<_> = new
        .lines
        .iter()
        .map(|l| json!({ "line_no": l.line_no, "quantity": l.quantity }))
        .collect();
    NewEvent {
        rfq_id: Some(&c.rfq_id),
        ..NewEvent::order(order_id, EventKind::ShipmentSent)
    }
    .supplier(&c.supplier_id)
    .details(json!({
        "contract_id": c.id, "shipment_id": id, "number": number,
        "carrier": new.carrier, "tracking_number": new.tracking_number,
        "expected_on": new.expected_on, "lines": lines,
    }))
    .write(conn, actor)
    .await
}

const SHIPMENT_COLUMNS: &str = "s.id, s.seq, s.method, s.carrier, s.tracking_number, s.shipped_on, \
     s.expected_on, s.note, s.received_by, s.received_at, s.receipt_note, s.created_at, \
     r.seq AS replaces";

/// The order's shipments, oldest first, with their lines and receipts.
pub(super) async fn shipments(conn: &mut AnyConnection, order_id: &str) -> Result<Vec<Shipment>> {
    let sql = format!(
        "SELECT {SHIPMENT_COLUMNS} FROM shipments s LEFT JOIN returns r ON r.id = s.return_id \
         WHERE s.order_id = $1 ORDER BY s.seq"
    );
    let mut shipments = Vec::new();
    for r in sqlx::query(AssertSqlSafe(sql))
        .bind(order_id)
        .fetch_all(&mut *conn)
        .await?
    {
        let carrier: String = r.col("carrier")?;
        let tracking_number: String = r.col("tracking_number")?;
        let received = match r.col::<Option<String>>("received_by")? {
            Some(received_by) => Some(ReceiptMark {
                received_by,
                received_at: r.time("received_at")?,
                note: r.col("receipt_note")?,
            }),
            None => None,
        };
        shipments.push(Shipment {
            id: r.col("id")?,
            number: r.col("seq")?,
            method: r.parsed("method", ShipMethod::parse)?,
            tracking_url: tracking_url(&carrier, &tracking_number),
            carrier,
            tracking_number,
            shipped_on: r.col("shipped_on")?,
            expected_on: r.col("expected_on")?,
            note: r.col("note")?,
            lines: Vec::new(),
            replaces: r.col("replaces")?,
            received,
            created_at: r.time("created_at")?,
        });
    }
    if shipments.is_empty() {
        return Ok(shipments);
    }
    let sql = format!(
        "SELECT sl.shipment_id, sl.line_no, sl.quantity, sl.accepted, sl.rejected, sl.reason, l.title \
         FROM shipment_lines sl JOIN tasks t ON t.id = sl.task_id JOIN order_lines l ON l.id = t.line_id \
         WHERE sl.shipment_id IN ({}) ORDER BY sl.line_no",
        placeholders(1, shipments.len())
    );
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for s in &shipments {
        q = q.bind(s.id.clone());
    }
    for r in q.fetch_all(&mut *conn).await? {
        let id: String = r.col("shipment_id")?;
        let received = match r.col::<Option<i64>>("accepted")? {
            Some(accepted) => Some(Received {
                accepted,
                rejected: r.col::<Option<i64>>("rejected")?.unwrap_or(0),
                reason: r.col("reason")?,
            }),
            None => None,
        };
        if let Some(s) = shipments.iter_mut().find(|s| s.id == id) {
            s.lines.push(ShipmentLine {
                line_no: r.col("line_no")?,
                title: r.col("title")?,
                quantity: r.col("quantity")?,
                received,
            });
        }
    }
    Ok(shipments)
}

/// The delivery of contract `c` (its order `order_id`) as `scope` reads it.
pub(super) async fn delivery_of(
    conn: &mut AnyConnection,
    c: &Contract,
    order_id: &str,
    scope: &Scope,
) -> Result<Delivery> {
    let viewer = Viewer::of(scope);
    let (number, status): (String, String) =
        sqlx::query_as("SELECT external_number, status FROM orders WHERE id = $1")
            .bind(order_id)
            .fetch_one(&mut *conn)
            .await?;
    let status = OrderStatus::parse(&status)
        .ok_or_else(|| StoreError::Corrupt(format!("order status {status}")))?;
    let open = shippables(conn, order_id).await?;
    let returns = returns_of(conn, order_id, scope).await?;
    let lines = c
        .terms
        .lines
        .iter()
        .map(|l| {
            let task = open.iter().find(|u| u.shippable.line_no == l.line_no);
            let status = task.map(|u| u.shippable.task_status);
            LineProgress {
                line_no: l.line_no,
                title: l.title.clone(),
                unit: l.unit.clone(),
                quantity: l.quantity,
                shipped: task.map_or(0, |u| u.shippable.shipped),
                accepted: task.map_or(0, |u| u.accepted),
                rejected: task.map_or(0, |u| u.rejected),
                credited: super::returns::credited_units(&returns, l.line_no),
                delivery_date: l.delivery_date.clone(),
                task_status: status,
                status_label: status.map(|s| task_label(viewer, s)),
            }
        })
        .collect();
    Ok(Delivery {
        contract_id: c.id.clone(),
        order_id: order_id.to_owned(),
        order_number: number,
        order_status: status,
        // a contract's order is paid by its invoices, not before release
        status_label: order_label(viewer, status, PaymentStatus::Paid),
        lines,
        shipments: in_contract_words(shipments(conn, order_id).await?, c),
        returns,
    })
}

/// Shipment lines titled as the contract titles them (the order's line
/// also carries the specs, for the supplier's card).
fn in_contract_words(mut shipments: Vec<Shipment>, c: &Contract) -> Vec<Shipment> {
    for l in shipments.iter_mut().flat_map(|s| s.lines.iter_mut()) {
        if let Some(t) = c.terms.lines.iter().find(|t| t.line_no == l.line_no) {
            l.title.clone_from(&t.title);
        }
    }
    shipments
}

impl crate::db::Store {
    /// The delivery of contract `id` (any version) as `scope` reads it.
    pub async fn contract_delivery(&self, id: &str, scope: &Scope) -> Result<Delivery> {
        let mut conn = self.read.acquire().await?;
        let (c, order) = contract_order(&mut conn, id, scope).await?;
        delivery_of(&mut conn, &c, &order, scope).await
    }

    /// The contract's supplier (or staff for it) sends part of it: the
    /// shipment is recorded, each task moves on as its quantity leaves,
    /// and the order follows, in one transaction.
    pub async fn ship_contract(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: &str,
        new: NewShipment,
    ) -> Result<Shipment> {
        let new = new.normalize(&today())?;
        let mut tx = self.begin().await?;
        let (c, order_id) = contract_order(&mut tx, id, scope).await?;
        lock_order(&mut tx, &order_id).await?;
        let open = shippables(&mut tx, &order_id).await?;
        let found: Vec<Shippable> = open.iter().map(|u| u.shippable.clone()).collect();
        check_shipment(&new.lines, &found)?;
        let parties = (order_id.as_str(), c.supplier_id.as_str());
        let (shipment_id, seq) =
            insert_shipment(&mut tx, actor, parties, &new, &open, None).await?;
        for l in &new.lines {
            let Some(u) = open.iter().find(|u| u.shippable.line_no == l.line_no) else {
                continue;
            };
            let all = u.shippable.shipped + l.quantity == u.shippable.quantity;
            move_task(&mut tx, actor, &u.task_id, all, &new).await?;
        }
        release::one(&mut tx, actor, &order_id, Cause::TaskMoved).await?;
        sent_event(&mut tx, actor, &c, &order_id, (&shipment_id, seq), &new).await?;
        let shipment = shipments(&mut tx, &order_id)
            .await?
            .into_iter()
            .find(|s| s.id == shipment_id)
            .ok_or_else(|| StoreError::not_found("shipment", &shipment_id))?;
        tx.commit().await?;
        Ok(shipment)
    }
}

/// Moves a task as part (`all` false) or the rest of it ships, each step
/// an event, through the same gates as a supplier's own move (a proof
/// owed, an amendment waiting).
async fn move_task(
    conn: &mut AnyConnection,
    actor: &Actor,
    task_id: &str,
    all: bool,
    shipment: &NewShipment,
) -> Result<()> {
    let mut task = lock_task(conn, task_id, &Scope::All).await?;
    for to in steps_after_shipping(task.status, all) {
        crate::amend::check_no_amendment(conn, &task, to).await?;
        crate::proofs::check_proof(&task, to)?;
        let shipped = to == TaskStatus::Shipped;
        let req = TaskTransition {
            to,
            reason: None,
            carrier: Some(shipment.carrier.clone()).filter(|_| shipped),
            tracking_number: Some(shipment.tracking_number.clone()).filter(|_| shipped),
        };
        write_move(conn, actor, &task, &req).await?;
        task.status = to;
    }
    Ok(())
}

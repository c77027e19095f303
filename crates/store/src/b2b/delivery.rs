//! Delivering contracts, stored: the order a signed contract becomes
//! (released through the one release writer, bound to the contract's
//! supplier), its shipments, and each line's progress as every party reads
//! it (`orderhub_domain::b2b::delivery` holds the rules).

use super::contracts::fetch_contract;
use super::rfqs::today;
use crate::error::{Result, StoreError};
use crate::events::NewEvent;
use crate::orders::set_status;
use crate::records::lock_order;
use crate::release;
use crate::rows::{RowExt, new_id, now_ms, placeholders};
use crate::tasks::{lock_task, write_move};
use orderhub_domain::b2b::delivery::{
    Delivery, LineProgress, NewShipment, Shipment, ShipmentLine, Shippable, check_shipment,
    order_of, steps_after_shipping,
};
use orderhub_domain::b2b::{Contract, RfqLine};
use orderhub_domain::carrier::tracking_url;
use orderhub_domain::labels::{Viewer, order_label, task_label};
use orderhub_domain::model::{Actor, EventKind, PaymentStatus, TaskTransition};
use orderhub_domain::release::Cause;
use orderhub_domain::{ErrorCode, OrderStatus, Scope, TaskStatus};
use serde_json::json;
use sqlx::{AnyConnection, AssertSqlSafe};
use std::collections::HashMap;

/// The order made from the contract's bid (any version of it), if any.
async fn order_of_bid(conn: &mut AnyConnection, bid_id: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT o.id FROM orders o JOIN contracts c ON c.id = o.contract_id WHERE c.bid_id = $1",
    )
    .bind(bid_id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Both parties just signed `c`, in the signing's transaction: its first
/// signed version becomes an order released to its supplier; a later one
/// changes the order's lines and open tasks to the new terms.
pub(super) async fn on_signed(conn: &mut AnyConnection, actor: &Actor, c: &Contract) -> Result<()> {
    match order_of_bid(conn, &c.bid_id).await? {
        Some(order_id) => revise_order(conn, actor, &order_id, c).await,
        None => open_order(conn, actor, c).await,
    }
}

/// Line number → category of the catalogue product each request line
/// asked for.
async fn product_categories(
    conn: &mut AnyConnection,
    rfq_id: &str,
) -> Result<HashMap<i64, String>> {
    let lines: String = sqlx::query_scalar("SELECT lines FROM rfqs WHERE id = $1")
        .bind(rfq_id)
        .fetch_one(&mut *conn)
        .await?;
    let lines: Vec<RfqLine> =
        serde_json::from_str(&lines).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let mut categories = HashMap::new();
    for l in lines {
        let Some(product) = l.product_id else {
            continue;
        };
        let category: Option<String> =
            sqlx::query_scalar("SELECT category_id FROM products WHERE id = $1")
                .bind(&product)
                .fetch_optional(&mut *conn)
                .await?;
        if let Some(c) = category {
            categories.insert(l.line_no, c);
        }
    }
    Ok(categories)
}

async fn open_order(conn: &mut AnyConnection, actor: &Actor, c: &Contract) -> Result<()> {
    let categories = product_categories(conn, &c.rfq_id).await?;
    let new = order_of(&c.terms, &categories).normalize()?;
    let done = crate::group::write(conn, false, &[(actor, &new)], "")
        .await?
        .remove(0);
    if !done.created {
        return Err(StoreError::conflict(
            ErrorCode::DuplicateOrder,
            None,
            format!("an order {} exists already", new.external_number),
        ));
    }
    sqlx::query("UPDATE orders SET contract_id = $2 WHERE id = $1")
        .bind(&done.id)
        .bind(&c.id)
        .execute(&mut *conn)
        .await?;
    // the contract is the approval: no review gate stands between
    let details = json!({ "reason": "contract signed", "contract_id": c.id });
    let (from, to) = (OrderStatus::Pending, OrderStatus::Purchasing);
    set_status(conn, actor, &done.id, from, to, details).await?;
    release::one(conn, actor, &done.id, Cause::Release).await?;
    for l in &c.terms.lines {
        let due = time::Date::parse(
            &l.delivery_date,
            &time::format_description::well_known::Iso8601::DATE,
        )
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let due = crate::rows::to_ms(due.midnight().assume_utc());
        sqlx::query(
            "UPDATE tasks SET due_at = $3 WHERE order_id = $1 AND line_id IN \
             (SELECT id FROM order_lines WHERE order_id = $1 AND line_no = $2)",
        )
        .bind(&done.id)
        .bind(l.line_no)
        .bind(due)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// A revised contract in force: each line's quantity and price as now
/// agreed, on the order and on its open task; never below what shipped.
async fn revise_order(
    conn: &mut AnyConnection,
    actor: &Actor,
    order_id: &str,
    c: &Contract,
) -> Result<()> {
    lock_order(conn, order_id).await?;
    let open = shippables(conn, order_id).await?;
    for l in &c.terms.lines {
        let Some(s) = open.iter().find(|s| s.0.line_no == l.line_no) else {
            continue;
        };
        if l.quantity < s.0.shipped {
            return Err(StoreError::conflict(
                ErrorCode::BelowShipped,
                Some("quantity"),
                format!("line {} has shipped {} already", l.line_no, s.0.shipped),
            ));
        }
        sqlx::query(
            "UPDATE order_lines SET quantity = $3, unit_price = $4 WHERE order_id = $1 AND line_no = $2",
        )
        .bind(order_id)
        .bind(l.line_no)
        .bind(l.quantity)
        .bind(l.unit_price.to_string())
        .execute(&mut *conn)
        .await?;
        if s.0.task_status.is_open() {
            sqlx::query("UPDATE tasks SET quantity = $2, updated_at = $3 WHERE id = $1")
                .bind(&s.1)
                .bind(l.quantity)
                .bind(now_ms())
                .execute(&mut *conn)
                .await?;
        }
    }
    sqlx::query(
        "UPDATE orders SET contract_id = $2, total_amount = $3, updated_at = $4 WHERE id = $1",
    )
    .bind(order_id)
    .bind(&c.id)
    .bind(c.terms.total.to_string())
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    NewEvent::order(order_id, EventKind::OrderEdited)
        .details(json!({ "contract_id": c.id, "version": c.terms.version }))
        .write(conn, actor)
        .await
}

/// Each line with a live task: what may ship of it, and the task's id.
async fn shippables(conn: &mut AnyConnection, order_id: &str) -> Result<Vec<(Shippable, String)>> {
    let rows = sqlx::query(
        "SELECT l.line_no, t.id, t.status, t.quantity, \
         CAST((SELECT COALESCE(SUM(sl.quantity), 0) FROM shipment_lines sl WHERE sl.task_id = t.id) AS BIGINT) AS shipped \
         FROM order_lines l JOIN tasks t ON t.line_id = l.id \
         WHERE l.order_id = $1 AND t.status NOT IN ('rejected', 'cancelled') ORDER BY l.line_no",
    )
    .bind(order_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                Shippable {
                    line_no: r.col("line_no")?,
                    task_status: r.parsed("status", TaskStatus::parse)?,
                    quantity: r.col("quantity")?,
                    shipped: r.col("shipped")?,
                },
                r.col("id")?,
            ))
        })
        .collect()
}

/// The contract `id` in `scope` and the order made from it.
async fn contract_order(
    conn: &mut AnyConnection,
    id: &str,
    scope: &Scope,
) -> Result<(Contract, String)> {
    let c = fetch_contract(conn, id, scope).await?;
    let order = order_of_bid(conn, &c.bid_id).await?.ok_or_else(|| {
        StoreError::conflict(
            ErrorCode::ContractNotSigned,
            None,
            "the contract is delivered once both parties have signed it",
        )
    })?;
    Ok((c, order))
}

const SHIPMENT_COLUMNS: &str = "id, seq, method, carrier, tracking_number, shipped_on, \
     expected_on, note, created_at";

async fn shipments(conn: &mut AnyConnection, order_id: &str) -> Result<Vec<Shipment>> {
    let sql = format!("SELECT {SHIPMENT_COLUMNS} FROM shipments WHERE order_id = $1 ORDER BY seq");
    let mut shipments = Vec::new();
    for r in sqlx::query(AssertSqlSafe(sql))
        .bind(order_id)
        .fetch_all(&mut *conn)
        .await?
    {
        let carrier: String = r.col("carrier")?;
        let tracking_number: String = r.col("tracking_number")?;
        shipments.push(Shipment {
            id: r.col("id")?,
            number: r.col("seq")?,
            method: r.parsed("method", orderhub_domain::b2b::delivery::ShipMethod::parse)?,
            tracking_url: tracking_url(&carrier, &tracking_number),
            carrier,
            tracking_number,
            shipped_on: r.col("shipped_on")?,
            expected_on: r.col("expected_on")?,
            note: r.col("note")?,
            lines: Vec::new(),
            created_at: r.time("created_at")?,
        });
    }
    if shipments.is_empty() {
        return Ok(shipments);
    }
    let sql = format!(
        "SELECT sl.shipment_id, sl.line_no, sl.quantity, l.title FROM shipment_lines sl \
         JOIN tasks t ON t.id = sl.task_id JOIN order_lines l ON l.id = t.line_id \
         WHERE sl.shipment_id IN ({}) ORDER BY sl.line_no",
        placeholders(1, shipments.len())
    );
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for s in &shipments {
        q = q.bind(s.id.clone());
    }
    for r in q.fetch_all(&mut *conn).await? {
        let id: String = r.col("shipment_id")?;
        if let Some(s) = shipments.iter_mut().find(|s| s.id == id) {
            s.lines.push(ShipmentLine {
                line_no: r.col("line_no")?,
                title: r.col("title")?,
                quantity: r.col("quantity")?,
            });
        }
    }
    Ok(shipments)
}

async fn delivery_of(
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
    let lines = c
        .terms
        .lines
        .iter()
        .map(|l| {
            let task = open.iter().find(|s| s.0.line_no == l.line_no);
            LineProgress {
                line_no: l.line_no,
                title: l.title.clone(),
                unit: l.unit.clone(),
                quantity: l.quantity,
                shipped: task.map_or(0, |s| s.0.shipped),
                delivery_date: l.delivery_date.clone(),
                task_status: task.map(|s| s.0.task_status),
                status_label: task.map(|s| task_label(viewer, s.0.task_status)),
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
        shipments: shipments(conn, order_id).await?,
    })
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
        let found: Vec<Shippable> = open.iter().map(|s| s.0.clone()).collect();
        check_shipment(&new.lines, &found)?;
        let seq: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM shipments WHERE order_id = $1",
        )
        .bind(&order_id)
        .fetch_one(&mut *tx)
        .await?;
        let shipment_id = new_id();
        sqlx::query(
            "INSERT INTO shipments (id, order_id, supplier_id, seq, method, carrier, tracking_number, \
             shipped_on, expected_on, note, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(&shipment_id)
        .bind(&order_id)
        .bind(&c.supplier_id)
        .bind(seq)
        .bind(new.method.as_str())
        .bind(&new.carrier)
        .bind(&new.tracking_number)
        .bind(&new.shipped_on)
        .bind(&new.expected_on)
        .bind(&new.note)
        .bind(&actor.label)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        for l in &new.lines {
            let (s, task_id) = open
                .iter()
                .find(|s| s.0.line_no == l.line_no)
                .ok_or_else(|| StoreError::not_found("line", &l.line_no.to_string()))?;
            sqlx::query(
                "INSERT INTO shipment_lines (shipment_id, task_id, line_no, quantity) VALUES ($1, $2, $3, $4)",
            )
            .bind(&shipment_id)
            .bind(task_id)
            .bind(l.line_no)
            .bind(l.quantity)
            .execute(&mut *tx)
            .await?;
            let all = s.shipped + l.quantity == s.quantity;
            move_task(&mut tx, actor, task_id, all, &new).await?;
        }
        release::one(&mut tx, actor, &order_id, Cause::TaskMoved).await?;
        let lines: Vec<_> = new
            .lines
            .iter()
            .map(|l| json!({ "line_no": l.line_no, "quantity": l.quantity }))
            .collect();
        NewEvent {
            rfq_id: Some(&c.rfq_id),
            ..NewEvent::order(&order_id, EventKind::ShipmentSent)
        }
        .supplier(&c.supplier_id)
        .details(json!({
            "contract_id": c.id, "shipment_id": shipment_id, "number": seq,
            "carrier": new.carrier, "tracking_number": new.tracking_number,
            "expected_on": new.expected_on, "lines": lines,
        }))
        .write(&mut tx, actor)
        .await?;
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

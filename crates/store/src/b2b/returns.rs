//! Receipt and returns, stored: the purchaser inspects each shipment
//! (验收), asks for rejected units to be replaced or credited, and the
//! contract's supplier answers; the order completes once every line is
//! accepted or credited in full (`orderhub_domain::b2b::receipt` and
//! `::returns` hold the rules).

use super::contract_order::contract_order;
use super::contracts::fetch_contract;
use super::read::{parties_visible, party_of};
use super::rfqs::today;
use super::shipments::{delivery_of, insert_shipment, sent_event, shippables};
use crate::error::{Result, StoreError};
use crate::events::NewEvent;
use crate::orders::set_status;
use crate::records::lock_order;
use crate::rows::{RowExt, lock_row, new_id, now_ms, to_json};
use crate::tasks::{lock_task, write_move};
use orderhub_domain::b2b::Contract;
use orderhub_domain::b2b::delivery::Delivery;
use orderhub_domain::b2b::receipt::{Brought, LineStanding, NewReceipt, received_in_full};
use orderhub_domain::b2b::returns::{
    Claimable, NewReturn, ReturnAnswer, ReturnKind, ReturnRefused, ReturnRequest, ReturnStatus,
    ReturnStep, step, steps_for,
};
use orderhub_domain::model::{Actor, EventKind, TaskTransition};
use orderhub_domain::{ErrorCode, OrderStatus, Scope, TaskStatus};
use rust_decimal::Decimal;
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe};

/// At most this many photos and documents on one return.
pub const MAX_RETURN_FILES: usize = 10;

const COLUMNS: &str = "id, order_id, contract_id, seq, kind, status, reason, lines, answer, \
     credit, replacement_seq, files, created_by, created_at";

fn return_from_row(r: &AnyRow, scope: &Scope) -> Result<ReturnRequest> {
    let status = r.parsed("status", ReturnStatus::parse)?;
    let credit: Option<String> = r.col("credit")?;
    Ok(ReturnRequest {
        id: r.col("id")?,
        number: r.col("seq")?,
        contract_id: r.col("contract_id")?,
        kind: r.parsed("kind", ReturnKind::parse)?,
        status,
        reason: r.col("reason")?,
        lines: r.json("lines")?,
        answer: r.col("answer")?,
        credit: credit
            .map(|c| c.parse::<Decimal>())
            .transpose()
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
        replacement_shipment: r.col("replacement_seq")?,
        files: r.json("files")?,
        next_steps: steps_for(status, party_of(scope)),
        created_by: r.col("created_by")?,
        created_at: r.time("created_at")?,
    })
}

/// The order's returns in `scope`, oldest first.
pub(super) async fn returns_of(
    conn: &mut AnyConnection,
    order_id: &str,
    scope: &Scope,
) -> Result<Vec<ReturnRequest>> {
    let (own, bind) = parties_visible(scope, 2);
    let sql = format!("SELECT {COLUMNS} FROM returns WHERE order_id = $1{own} ORDER BY seq");
    let mut q = sqlx::query(AssertSqlSafe(sql)).bind(order_id);
    if let Some(b) = bind {
        q = q.bind(b);
    }
    q.fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| return_from_row(r, scope))
        .collect()
}

async fn fetch_return(conn: &mut AnyConnection, id: &str, scope: &Scope) -> Result<ReturnRequest> {
    let (own, bind) = parties_visible(scope, 2);
    let sql = format!("SELECT {COLUMNS} FROM returns WHERE id = $1{own}");
    let mut q = sqlx::query(AssertSqlSafe(sql)).bind(id);
    if let Some(b) = bind {
        q = q.bind(b);
    }
    let row = q
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::not_found("return", id))?;
    return_from_row(&row, scope)
}

/// Units of `line_no` settled by a credit.
pub(super) fn credited_units(returns: &[ReturnRequest], line_no: i64) -> i64 {
    returns
        .iter()
        .filter(|r| r.credit.is_some())
        .flat_map(|r| &r.lines)
        .filter(|l| l.line_no == line_no)
        .map(|l| l.quantity)
        .sum()
}

/// The contract version in force for order `order_id`.
async fn in_force(conn: &mut AnyConnection, order_id: &str) -> Result<Contract> {
    let id: String = sqlx::query_scalar("SELECT contract_id FROM orders WHERE id = $1")
        .bind(order_id)
        .fetch_one(&mut *conn)
        .await?;
    fetch_contract(conn, &id, &Scope::All).await
}

/// Completes the order once every line is accepted or credited in full
/// and no return is open; its shipped tasks complete with it.
async fn settle_if_received(conn: &mut AnyConnection, actor: &Actor, order_id: &str) -> Result<()> {
    let status = lock_order(conn, order_id).await?;
    if status != OrderStatus::Shipped {
        return Ok(());
    }
    let c = in_force(conn, order_id).await?;
    let units = shippables(conn, order_id).await?;
    let returns = returns_of(conn, order_id, &Scope::All).await?;
    let standings: Vec<LineStanding> = c
        .terms
        .lines
        .iter()
        .map(|l| LineStanding {
            contracted: l.quantity,
            accepted: units
                .iter()
                .find(|u| u.shippable.line_no == l.line_no)
                .map_or(0, |u| u.accepted),
            credited: credited_units(&returns, l.line_no),
        })
        .collect();
    if !received_in_full(&standings, returns.iter().any(|r| r.status.is_open())) {
        return Ok(());
    }
    for u in units
        .iter()
        .filter(|u| u.shippable.task_status == TaskStatus::Shipped)
    {
        let task = lock_task(conn, &u.task_id, &Scope::All).await?;
        let done = TaskTransition {
            to: TaskStatus::Completed,
            reason: None,
            carrier: task.carrier.clone(),
            tracking_number: task.tracking_number.clone(),
        };
        write_move(conn, actor, &task, &done).await?;
    }
    let details = json!({ "reason": "received in full", "contract_id": c.id });
    set_status(
        conn,
        actor,
        order_id,
        status,
        OrderStatus::Completed,
        details,
    )
    .await
}

/// An event of the contract's order, for both parties.
fn contract_event<'a>(c: &'a Contract, order_id: &'a str, kind: EventKind) -> NewEvent<'a> {
    NewEvent {
        rfq_id: Some(&c.rfq_id),
        ..NewEvent::order(order_id, kind)
    }
    .supplier(&c.supplier_id)
}

fn refused(e: ReturnRefused) -> StoreError {
    match e {
        ReturnRefused::NotYours(_) => {
            orderhub_domain::Forbidden::new(e.code(), e.to_string()).into()
        }
        other => StoreError::conflict(other.code(), Some("step"), other.to_string()),
    }
}

impl crate::db::Store {
    /// The purchaser inspects shipment `number` of contract `id` (验收):
    /// accepted and rejected units per line, once. A replacement received
    /// settles its return; the order completes when all is received.
    pub async fn receive_shipment(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: &str,
        number: i64,
        receipt: NewReceipt,
    ) -> Result<Delivery> {
        let mut tx = self.begin().await?;
        let (c, order_id) = contract_order(&mut tx, id, scope).await?;
        lock_order(&mut tx, &order_id).await?;
        let shipment: Option<(String, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT id, received_by, return_id FROM shipments WHERE order_id = $1 AND seq = $2",
        )
        .bind(&order_id)
        .bind(number)
        .fetch_optional(&mut *tx)
        .await?;
        let (shipment_id, received_by, return_id) =
            shipment.ok_or_else(|| StoreError::not_found("shipment", &number.to_string()))?;
        if let Some(by) = received_by {
            return Err(StoreError::conflict(
                ErrorCode::AlreadyReceived,
                None,
                format!("{by} received shipment {number} already"),
            ));
        }
        let brought: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT line_no, quantity FROM shipment_lines WHERE shipment_id = $1 ORDER BY line_no",
        )
        .bind(&shipment_id)
        .fetch_all(&mut *tx)
        .await?;
        let brought: Vec<Brought> = brought
            .into_iter()
            .map(|(line_no, quantity)| Brought { line_no, quantity })
            .collect();
        let receipt = receipt.check(&brought)?;
        for l in &receipt.lines {
            sqlx::query(
                "UPDATE shipment_lines SET accepted = $3, rejected = $4, reason = $5 \
                 WHERE shipment_id = $1 AND line_no = $2",
            )
            .bind(&shipment_id)
            .bind(l.line_no)
            .bind(l.accepted)
            .bind(l.rejected)
            .bind(&l.reason)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "UPDATE shipments SET received_by = $2, received_at = $3, receipt_note = $4 WHERE id = $1",
        )
        .bind(&shipment_id)
        .bind(&actor.label)
        .bind(now_ms())
        .bind(&receipt.note)
        .execute(&mut *tx)
        .await?;
        let lines: Vec<_> = receipt
            .lines
            .iter()
            .map(|l| json!({"line_no": l.line_no, "accepted": l.accepted, "rejected": l.rejected, "reason": l.reason}))
            .collect();
        contract_event(&c, &order_id, EventKind::ShipmentReceived)
            .details(json!({ "contract_id": c.id, "number": number, "lines": lines }))
            .write(&mut tx, actor)
            .await?;
        if let Some(r) = return_id {
            resolve(&mut tx, actor, &c, &order_id, &r, None).await?;
        }
        settle_if_received(&mut tx, actor, &order_id).await?;
        let delivery = delivery_of(&mut tx, &c, &order_id, scope).await?;
        tx.commit().await?;
        Ok(delivery)
    }

    /// The purchaser asks for rejected units of contract `id` to be
    /// replaced or credited.
    pub async fn request_return(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: &str,
        new: NewReturn,
    ) -> Result<ReturnRequest> {
        let mut tx = self.begin().await?;
        let (c, order_id) = contract_order(&mut tx, id, scope).await?;
        lock_order(&mut tx, &order_id).await?;
        let units = shippables(&mut tx, &order_id).await?;
        let returns = returns_of(&mut tx, &order_id, &Scope::All).await?;
        let claimable: Vec<Claimable> = units
            .iter()
            .map(|u| {
                let claimed: i64 = returns
                    .iter()
                    .filter(|r| {
                        !matches!(r.status, ReturnStatus::Refused | ReturnStatus::Withdrawn)
                    })
                    .flat_map(|r| &r.lines)
                    .filter(|l| l.line_no == u.shippable.line_no)
                    .map(|l| l.quantity)
                    .sum();
                Claimable {
                    line_no: u.shippable.line_no,
                    units: u.rejected - claimed,
                }
            })
            .collect();
        let new = new.check(&claimable)?;
        let return_id = new_id();
        let seq = returns.last().map_or(1, |r| r.number + 1);
        let now = now_ms();
        sqlx::query(
            "INSERT INTO returns (id, order_id, contract_id, supplier_id, org_id, seq, kind, status, \
             reason, lines, files, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, '[]', $11, $12, $12)",
        )
        .bind(&return_id)
        .bind(&order_id)
        .bind(&c.id)
        .bind(&c.supplier_id)
        .bind(&c.organisation_id)
        .bind(seq)
        .bind(new.kind.as_str())
        .bind(ReturnStatus::Requested.as_str())
        .bind(&new.reason)
        .bind(to_json(&new.lines))
        .bind(&actor.label)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        contract_event(&c, &order_id, EventKind::ReturnRequested)
            .details(
                json!({ "contract_id": c.id, "return_id": return_id, "number": seq,
                "kind": new.kind, "reason": new.reason, "lines": new.lines }),
            )
            .write(&mut tx, actor)
            .await?;
        let r = fetch_return(&mut tx, &return_id, scope).await?;
        tx.commit().await?;
        Ok(r)
    }

    /// One return in `scope`.
    pub async fn get_return(&self, id: &str, scope: &Scope) -> Result<ReturnRequest> {
        let mut conn = self.read.acquire().await?;
        fetch_return(&mut conn, id, scope).await
    }

    /// Adds stored photos or documents (`names`) to a return the purchaser
    /// asked for and nobody has answered yet.
    pub async fn add_return_files(
        &self,
        scope: &Scope,
        id: &str,
        names: Vec<String>,
    ) -> Result<ReturnRequest> {
        let mut tx = self.begin().await?;
        lock_row(&mut tx, "returns", "return", id).await?;
        let r = fetch_return(&mut tx, id, scope).await?;
        if r.status != ReturnStatus::Requested {
            return Err(StoreError::conflict(
                ErrorCode::InvalidTransition,
                Some("file"),
                "photos are added while the return waits for its answer",
            ));
        }
        let mut files = r.files;
        for n in names {
            if !files.contains(&n) {
                files.push(n);
            }
        }
        if files.len() > MAX_RETURN_FILES {
            return Err(orderhub_domain::ValidationError::new(
                "file",
                ErrorCode::TooMany,
                format!("a return has at most {MAX_RETURN_FILES} photos and documents"),
            )
            .into());
        }
        sqlx::query("UPDATE returns SET files = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(to_json(&files))
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
        let r = fetch_return(&mut tx, id, scope).await?;
        tx.commit().await?;
        Ok(r)
    }

    /// The supplier's answer to a return (replace, credit, refuse, ship
    /// the replacement) or the purchaser's withdrawal.
    pub async fn answer_return(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: &str,
        answer: ReturnAnswer,
    ) -> Result<ReturnRequest> {
        let mut tx = self.begin().await?;
        let order_id: Option<String> =
            sqlx::query_scalar("SELECT order_id FROM returns WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let order_id = order_id.ok_or_else(|| StoreError::not_found("return", id))?;
        lock_order(&mut tx, &order_id).await?;
        let r = fetch_return(&mut tx, id, scope).await?;
        let to = step(r.status, answer.step, party_of(scope)).map_err(refused)?;
        let answer = answer.check()?;
        let c = in_force(&mut tx, &order_id).await?;
        let mut replacement = None;
        match answer.step {
            ReturnStep::Credit => {
                let credit = r
                    .lines
                    .iter()
                    .filter_map(|l| {
                        let line = c.terms.lines.iter().find(|t| t.line_no == l.line_no)?;
                        Some(line.unit_price * Decimal::from(l.quantity))
                    })
                    .sum::<Decimal>();
                resolve(&mut tx, actor, &c, &order_id, id, Some(credit)).await?;
            }
            ReturnStep::ShipReplacement => {
                let lines: Vec<(i64, i64)> =
                    r.lines.iter().map(|l| (l.line_no, l.quantity)).collect();
                let new = answer
                    .shipment
                    .clone()
                    .map(|s| s.with_lines(&lines))
                    .ok_or_else(|| StoreError::not_found("shipment", id))?
                    .normalize(&today())
                    .map_err(|e| e.within("shipment"))?;
                let open = shippables(&mut tx, &order_id).await?;
                let parties = (order_id.as_str(), c.supplier_id.as_str());
                let (sid, seq) =
                    insert_shipment(&mut tx, actor, parties, &new, &open, Some(id)).await?;
                sent_event(&mut tx, actor, &c, &order_id, (&sid, seq), &new).await?;
                replacement = Some(seq);
            }
            _ => {}
        }
        sqlx::query(
            "UPDATE returns SET status = $2, answer = COALESCE($3, answer), \
             replacement_seq = COALESCE($4, replacement_seq), updated_at = $5 WHERE id = $1",
        )
        .bind(id)
        .bind(to.as_str())
        .bind(&answer.reason)
        .bind(replacement)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        contract_event(&c, &order_id, EventKind::ReturnAnswered)
            .change(r.status.as_str(), to.as_str())
            .details(
                json!({ "contract_id": c.id, "return_id": id, "number": r.number,
                "step": answer.step, "reason": answer.reason }),
            )
            .write(&mut tx, actor)
            .await?;
        settle_if_received(&mut tx, actor, &order_id).await?;
        let r = fetch_return(&mut tx, id, scope).await?;
        tx.commit().await?;
        Ok(r)
    }
}

/// Settles return `id`: its replacement received, or `credit` given.
async fn resolve(
    conn: &mut AnyConnection,
    actor: &Actor,
    c: &Contract,
    order_id: &str,
    id: &str,
    credit: Option<Decimal>,
) -> Result<()> {
    sqlx::query("UPDATE returns SET status = $2, credit = $3, updated_at = $4 WHERE id = $1")
        .bind(id)
        .bind(ReturnStatus::Resolved.as_str())
        .bind(credit.map(|c| c.round_dp(2).to_string()))
        .bind(now_ms())
        .execute(&mut *conn)
        .await?;
    contract_event(c, order_id, EventKind::ReturnResolved)
        .details(json!({ "contract_id": c.id, "return_id": id, "credit": credit.map(|c| c.round_dp(2).to_string()) }))
        .write(conn, actor)
        .await
}

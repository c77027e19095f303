//! The order a signed contract becomes: released through the one release
//! writer, bound to the contract's supplier; changed when a revised
//! version comes into force (`orderhub_domain::b2b::delivery` holds the
//! rules).

use super::contracts::fetch_contract;
use super::shipments::shippables;
use crate::error::{Result, StoreError};
use crate::events::NewEvent;
use crate::orders::set_status;
use crate::records::lock_order;
use crate::release;
use crate::rows::now_ms;
use orderhub_domain::b2b::delivery::{ProductRef, order_of};
use orderhub_domain::b2b::{Contract, RfqLine};
use orderhub_domain::model::{Actor, EventKind};
use orderhub_domain::release::Cause;
use orderhub_domain::{ErrorCode, OrderStatus, Scope};
use serde_json::json;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// The order made from the contract's bid (any version of it), if any.
pub(super) async fn order_of_bid(conn: &mut AnyConnection, bid_id: &str) -> Result<Option<String>> {
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

/// Line number → the catalogue product each request line asked for.
async fn product_categories(
    conn: &mut AnyConnection,
    rfq_id: &str,
) -> Result<HashMap<i64, ProductRef>> {
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
        let found: Option<(String, String)> =
            sqlx::query_as("SELECT category_id, code FROM products WHERE id = $1")
                .bind(&product)
                .fetch_optional(&mut *conn)
                .await?;
        if let Some((category_id, code)) = found {
            categories.insert(l.line_no, ProductRef { category_id, code });
        }
    }
    Ok(categories)
}

/// A contract's delivery date (`YYYY-MM-DD`) as a task's due time: the
/// start of that day, UTC.
fn due_ms(date: &str) -> Result<i64> {
    let day = time::Date::parse(date, &time::format_description::well_known::Iso8601::DATE)
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(crate::rows::to_ms(day.midnight().assume_utc()))
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
        let due = due_ms(&l.delivery_date)?;
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
    let status = lock_order(conn, order_id).await?;
    if matches!(status, OrderStatus::Completed | OrderStatus::Cancelled) {
        return Err(StoreError::conflict(
            ErrorCode::DeliveryClosed,
            None,
            format!("the contract's order is {status}: a change needs a new request"),
        ));
    }
    let open = shippables(conn, order_id).await?;
    for l in &c.terms.lines {
        let Some(u) = open.iter().find(|u| u.shippable.line_no == l.line_no) else {
            continue;
        };
        let done = !u.shippable.task_status.is_open();
        if done && l.quantity != u.shippable.quantity {
            return Err(StoreError::conflict(
                ErrorCode::DeliveryClosed,
                Some("quantity"),
                format!(
                    "line {} has shipped in full: its quantity stays; ask for more in a new request",
                    l.line_no
                ),
            ));
        }
        if l.quantity < u.shippable.shipped {
            return Err(StoreError::conflict(
                ErrorCode::BelowShipped,
                Some("quantity"),
                format!(
                    "line {} has shipped {} already",
                    l.line_no, u.shippable.shipped
                ),
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
        if u.shippable.task_status.is_open() {
            sqlx::query(
                "UPDATE tasks SET quantity = $2, updated_at = $3, due_at = $4 WHERE id = $1",
            )
            .bind(&u.task_id)
            .bind(l.quantity)
            .bind(now_ms())
            .bind(due_ms(&l.delivery_date)?)
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
    let held = crate::statistics::Held::Already;
    crate::statistics::restate(conn, &[order_id.to_owned()], held).await?;
    NewEvent::order(order_id, EventKind::OrderEdited)
        .details(json!({ "contract_id": c.id, "version": c.terms.version }))
        .write(conn, actor)
        .await
}

/// The version in force of contract `id` (any of its versions) in
/// `scope`, and the order made from it.
pub(super) async fn contract_order(
    conn: &mut AnyConnection,
    id: &str,
    scope: &Scope,
) -> Result<(Contract, String)> {
    let asked = fetch_contract(conn, id, scope).await?;
    let found: Option<(String, String)> = sqlx::query_as(
        "SELECT o.id, o.contract_id FROM orders o JOIN contracts c ON c.id = o.contract_id \
         WHERE c.bid_id = $1",
    )
    .bind(&asked.bid_id)
    .fetch_optional(&mut *conn)
    .await?;
    let (order, in_force) = found.ok_or_else(|| {
        StoreError::conflict(
            ErrorCode::ContractNotSigned,
            None,
            "the contract is delivered once both parties have signed it",
        )
    })?;
    // any version leads to the delivery, read under the version in force
    let c = match in_force == asked.id {
        true => asked,
        false => fetch_contract(conn, &in_force, scope).await?,
    };
    Ok((c, order))
}

//! A newer delivery of an open marketplace order orderhub already has:
//! what changed upstream is applied, in the delivery's transaction.
//!
//! - The buyer, the ship-to address, the total and the payment state are
//!   taken whatever the order's status: a supplier holding a task needs
//!   the address the buyer fixed.
//! - The lines are taken while the order is `pending` (nothing released,
//!   no task): an Amazon order arrives `Pending` with prices of 0.00 and
//!   gets its prices when paid. After release, each changed line goes as
//!   its task allows ([`crate::amend`]): a removed line's unaccepted task
//!   is cancelled, an accepted one's supplier is asked; a change to a
//!   shipped line flags the order for an operator instead.
//! - A `pending` order of a channel set to release at once is put to the
//!   review gate again: released when it now passes (paid, an address…).
//!
//! What changed is one event with each field's before and after.

use crate::error::{Result, StoreError};
use crate::events::NewEvent;
use crate::group::{LINE_INSERT, line_row, search_text};
use crate::review::{after_change, release_pending};
use crate::rows::{RowExt, new_id, now_ms, run_values, to_json};
use orderhub_channels::{Channel, Outcome};
use orderhub_domain::model::{Actor, Address, EventKind, NewOrder, PaymentStatus};
use orderhub_domain::review::Asked;
use orderhub_domain::{ErrorCode, OrderStatus};
use serde_json::{Map, Value, json};
use sqlx::AnyConnection;

/// Applies `new` (the delivery, normalised) to the stored order.
pub(crate) async fn apply_open(
    conn: &mut AnyConnection,
    actor: &Actor,
    channel: &Channel,
    order_id: &str,
    new: &NewOrder,
    details: Value,
) -> Result<Outcome> {
    let paid = new.payment_status.unwrap_or(PaymentStatus::Unpaid);
    let taken = take_changes(conn, order_id, new).await?;
    let mut details = details;
    details["changed"] = Value::Object(taken.changed);
    NewEvent::order(order_id, EventKind::OrderUpstreamUpdated)
        .details(details.clone())
        .write(conn, actor)
        .await?;
    let status = taken.status;
    let amended = match taken.lines_differ && status != OrderStatus::Pending {
        true => crate::amend::apply_lines(conn, actor, order_id, status, &new.lines).await,
        false => Ok(Value::Null),
    };
    let refused = match amended {
        Err(StoreError::Conflict {
            code: ErrorCode::LineShipped | ErrorCode::OrderShipped,
            detail,
            ..
        }) => Some(detail),
        Err(e) => return Err(e),
        Ok(_) => None,
    };
    if let Some(refused) = refused {
        // a shipped line changed upstream: nothing here can follow it
        NewEvent::order(order_id, EventKind::OrderFlagged)
            .details(json!({
                "reason": "the marketplace changed lines that have shipped",
                "detail": refused,
                "upstream_id": details["upstream_id"],
                "status_here": status.as_str(),
            }))
            .write(conn, actor)
            .await?;
        return Ok(Outcome::Flagged);
    }
    if status == OrderStatus::Pending && channel.default_status == OrderStatus::Purchasing {
        // the channel asks for release: the gate decides (the payment or
        // the address it waited on may have come)
        let reason = format!("{} upstream", paid.as_str());
        release_pending(conn, actor, order_id, Asked::Policy, Some(&reason)).await?;
    } else {
        after_change(conn, actor, order_id).await?;
    }
    Ok(Outcome::Updated)
}

/// What [`take_changes`] found and wrote.
pub(crate) struct Taken {
    /// The order's status (unchanged by taking).
    pub status: OrderStatus,
    /// Each changed field's before and after.
    pub changed: Map<String, Value>,
    /// The lines differ (taken only while the order is pending).
    pub lines_differ: bool,
}

/// Writes `new`'s buyer, address, total and payment state over the
/// stored order's, and its lines while the order is pending; the caller
/// holds the order's lock and writes the event.
pub(crate) async fn take_changes(
    conn: &mut AnyConnection,
    order_id: &str,
    new: &NewOrder,
) -> Result<Taken> {
    let row = sqlx::query(
        "SELECT status, payment_status, customer_name, customer_email, customer_phone, shipping_address, \
         total_amount FROM orders WHERE id = $1",
    )
    .bind(order_id)
    .fetch_one(&mut *conn)
    .await?;
    let status = row.parsed("status", OrderStatus::parse)?;
    let paid = new.payment_status.unwrap_or(PaymentStatus::Unpaid);
    let mut changed = Map::new();
    let mut note = |field: &str, before: Value, after: Value| {
        if before != after {
            changed.insert(
                field.to_owned(),
                json!({ "before": before, "after": after }),
            );
        }
    };
    note(
        "payment_status",
        json!(row.col::<String>("payment_status")?),
        json!(paid.as_str()),
    );
    note(
        "customer_name",
        json!(row.col::<String>("customer_name")?),
        json!(new.customer.name),
    );
    note(
        "customer_email",
        json!(row.col::<Option<String>>("customer_email")?),
        json!(new.customer.email),
    );
    note(
        "customer_phone",
        json!(row.col::<Option<String>>("customer_phone")?),
        json!(new.customer.phone),
    );
    let address = row.opt_json::<Address>("shipping_address")?;
    note(
        "shipping_address",
        json!(address),
        json!(new.shipping_address),
    );
    let total = row.opt_decimal("total_amount")?;
    note(
        "total_amount",
        json!(total.map(|t| t.to_string())),
        json!(new.total_amount.map(|t| t.to_string())),
    );
    let header_changed = !changed.is_empty();
    let (before, after) = (stored_lines(conn, order_id).await?, lines_of(new));
    let lines_differ = before != after;
    if lines_differ {
        changed.insert("lines".into(), json!({ "before": before, "after": after }));
    }
    if header_changed || (lines_differ && status == OrderStatus::Pending) {
        write_header(conn, order_id, new, paid).await?;
    }
    if lines_differ && status == OrderStatus::Pending {
        replace_lines(conn, order_id, new).await?;
    }
    if header_changed || lines_differ {
        let held = crate::statistics::Held::Lock;
        crate::statistics::restate(conn, &[order_id.to_owned()], held).await?;
    }
    Ok(Taken {
        status,
        changed,
        lines_differ,
    })
}

/// A line as compared between deliveries: what a supplier would make
/// (with its personalisation: a new engraving is a change) and what it
/// costs.
fn line_key(
    (title, quantity, customization): (&str, i64, Option<&Value>),
    unit_price: String,
    total: Option<String>,
    sku: Option<&str>,
) -> Value {
    json!({
        "title": title, "quantity": quantity, "customization": customization,
        "unit_price": unit_price, "line_total": total, "platform_sku": sku
    })
}

fn lines_of(new: &NewOrder) -> Vec<Value> {
    new.lines
        .iter()
        .map(|l| {
            line_key(
                (&l.title, l.quantity, l.customization.as_ref()),
                l.unit_price.normalize().to_string(),
                l.line_total.map(|t| t.normalize().to_string()),
                l.platform_sku.as_deref(),
            )
        })
        .collect()
}

async fn stored_lines(conn: &mut AnyConnection, order_id: &str) -> Result<Vec<Value>> {
    let rows = sqlx::query(
        "SELECT title, quantity, customization, unit_price, line_total, platform_sku FROM order_lines \
         WHERE order_id = $1 ORDER BY line_no",
    )
    .bind(order_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let customization = r.opt_json::<Value>("customization")?;
            Ok(line_key(
                (
                    &r.col::<String>("title")?,
                    r.col("quantity")?,
                    customization.as_ref(),
                ),
                r.decimal("unit_price")?.normalize().to_string(),
                r.opt_decimal("line_total")?
                    .map(|t| t.normalize().to_string()),
                r.col::<Option<String>>("platform_sku")?.as_deref(),
            ))
        })
        .collect()
}

async fn write_header(
    conn: &mut AnyConnection,
    order_id: &str,
    new: &NewOrder,
    paid: PaymentStatus,
) -> Result<()> {
    sqlx::query(
        "UPDATE orders SET payment_status = $2, customer_name = $3, customer_email = $4, customer_phone = $5, \
         shipping_address = $6, total_amount = $7, updated_at = $8 WHERE id = $1",
    )
    .bind(order_id)
    .bind(paid.as_str())
    .bind(&new.customer.name)
    .bind(&new.customer.email)
    .bind(&new.customer.phone)
    .bind(new.shipping_address.as_ref().map(to_json))
    .bind(new.total_amount.map(|t| t.to_string()))
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A pending order's lines as the delivery has them (nothing refers to
/// them yet: no task is made before release).
async fn replace_lines(conn: &mut AnyConnection, order_id: &str, new: &NewOrder) -> Result<()> {
    sqlx::query("DELETE FROM order_lines WHERE order_id = $1")
        .bind(order_id)
        .execute(&mut *conn)
        .await?;
    let rows = new
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| line_row((&new_id(), order_id, i as i64 + 1), l, None, None))
        .collect();
    run_values(conn, LINE_INSERT, rows, "").await?;
    sqlx::query("UPDATE orders SET search_text = $2 WHERE id = $1")
        .bind(order_id)
        .bind(search_text(new))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

//! Staff's changes to an order (`PATCH /orders/{id}`): checked against the
//! version the editor read, with the order locked, so of two people
//! editing at once the second is told (409 `version_conflict`) instead of
//! overwriting the first; the buyer, address, note and total while the
//! order is open; the lines before release as given, after release as
//! their tasks allow ([`crate::amend`]). Written through the
//! same code as a marketplace's update ([`crate::upstream::take_changes`]),
//! with one `order.edited` event holding each change.

use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::events::NewEvent;
use crate::records::lock_order;
use crate::rows::{RowExt, now_ms};
use crate::upstream::take_changes;
use orderhub_domain::model::{Actor, EventKind, Line, NewOrder, Order, OrderPatch, Priority};
use orderhub_domain::{ErrorCode, OrderStatus, Scope};
use serde_json::{Value, json};

impl Store {
    /// Applies `patch` to order `id` and returns the order.
    pub async fn edit_order(&self, actor: &Actor, id: &str, patch: OrderPatch) -> Result<Order> {
        let current = self.get_order(id, &Scope::All).await?;
        let mut tx = self.begin().await?;
        let status = lock_order(&mut tx, id).await?;
        let version: i64 = sqlx::query_scalar("SELECT updated_at FROM orders WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        if version != patch.version || version != current.version {
            return Err(StoreError::conflict(
                ErrorCode::VersionConflict,
                Some("version"),
                format!("the order changed since it was read: its version is now {version}"),
            ));
        }
        if matches!(status, OrderStatus::Cancelled | OrderStatus::Completed) {
            return Err(StoreError::conflict(
                ErrorCode::OrderClosed,
                None,
                format!("the order is {status}: nothing on it changes any more"),
            ));
        }
        let lines_given = patch.lines.is_some();
        let new = NewOrder {
            platform: current.platform.clone(),
            external_number: current.external_number.clone(),
            currency: current.currency.clone(),
            // new lines without a new total: the total follows the lines
            total_amount: patch
                .total_amount
                .or(current.total_amount.filter(|_| !lines_given)),
            placed_at: current.placed_at,
            ship_by: None,
            // not written by an edit (and past `purchasing`, not an intake status)
            status: None,
            payment_status: Some(current.payment_status),
            priority: Some(current.priority),
            customer: patch.customer.unwrap_or(current.customer.clone()),
            shipping_address: patch.shipping_address.or(current.shipping_address.clone()),
            lines: patch
                .lines
                .unwrap_or_else(|| current.lines.iter().map(Line::as_new).collect()),
            note: patch.note.or(current.note.clone()),
            tags: current.tags.clone(),
        }
        .normalize()?;
        let taken = take_changes(&mut tx, id, &new).await?;
        let mut changed = taken.changed;
        if lines_given && status != OrderStatus::Pending && taken.lines_differ {
            // released: each line's task decides (orderhub_domain::amend)
            let done = crate::amend::apply_lines(&mut tx, actor, id, status, &new.lines).await?;
            changed.insert("amended".into(), done);
        }
        if let Some(p) = patch.priority.filter(|p| *p != current.priority) {
            set_priority(&mut tx, id, p).await?;
            changed.insert(
                "priority".into(),
                json!({ "before": current.priority, "after": p }),
            );
        }
        if new.note != current.note {
            changed.insert(
                "note".into(),
                json!({ "before": current.note, "after": new.note }),
            );
        }
        // the next version, even within the same millisecond
        sqlx::query("UPDATE orders SET note = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(&new.note)
            .bind(now_ms().max(version + 1))
            .execute(&mut *tx)
            .await?;
        NewEvent::order(id, EventKind::OrderEdited)
            .details(json!({ "changed": Value::Object(changed) }))
            .write(&mut tx, actor)
            .await?;
        // a held order may have waited on the address or the prices fixed here
        crate::review::after_change(&mut tx, actor, id).await?;
        tx.commit().await?;
        self.get_order(id, &Scope::All).await
    }
}

/// Gives the order and its tasks `priority`'s queue keys: they sort with
/// it from now on.
async fn set_priority(conn: &mut sqlx::AnyConnection, id: &str, priority: Priority) -> Result<()> {
    let digit = priority.digit().to_string();
    for sql in [
        "UPDATE orders SET queue_key = $2 || id WHERE id = $1",
        "UPDATE tasks SET queue_key = $2 || id WHERE order_id = $1",
    ] {
        sqlx::query(sql)
            .bind(id)
            .bind(&digit)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

impl Store {
    /// Deletes order `id` when it never reached a supplier: no task ever
    /// made, no money recorded, not a marketplace's order (which its
    /// channel would bring back: cancel those). Anything else: 409 with
    /// the reason (`order_released`, `order_has_payments`,
    /// `channel_order`). An `order.deleted` event keeps the number.
    pub async fn delete_order(&self, actor: &Actor, id: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        lock_order(&mut tx, id).await?;
        let row = sqlx::query(
            "SELECT platform, external_number, channel_key, \
             (SELECT COUNT(*) FROM tasks WHERE order_id = $1) AS tasks, \
             (SELECT COUNT(*) FROM payments WHERE order_id = $1) AS payments, \
             (SELECT COUNT(*) FROM channel_orders WHERE order_id = $1) AS upstream \
             FROM orders WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        let count = |k: &str| row.col::<i64>(k);
        let refusal = if count("tasks")? > 0 {
            Some((
                ErrorCode::OrderReleased,
                "the order reached suppliers: cancel it instead",
            ))
        } else if count("payments")? > 0 {
            Some((
                ErrorCode::OrderHasPayments,
                "money is recorded on the order: cancel it instead",
            ))
        } else if count("upstream")? > 0 || !row.col::<String>("channel_key")?.is_empty() {
            Some((
                ErrorCode::ChannelOrder,
                "its channel would bring it back: cancel it instead",
            ))
        } else {
            None
        };
        if let Some((code, detail)) = refusal {
            return Err(StoreError::conflict(code, None, detail));
        }
        let number: String = row.col("external_number")?;
        let platform: String = row.col("platform")?;
        for table in ["order_lines", "orders"] {
            let column = if table == "orders" { "id" } else { "order_id" };
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DELETE FROM {table} WHERE {column} = $1"
            )))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        NewEvent::order(id, EventKind::OrderDeleted)
            .details(json!({ "platform": platform, "external_number": number }))
            .write(&mut tx, actor)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

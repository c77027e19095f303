//! Staff's changes to an order (`PATCH /orders/{id}`): checked against the
//! version the editor read, with the order locked, so of two people
//! editing at once the second is told (409 `version_conflict`) instead of
//! overwriting the first; the buyer, address, note and total while the
//! order is open, the lines only before release. Written through the
//! same code as a marketplace's update ([`crate::upstream::take_changes`]),
//! with one `order.edited` event holding each change.

use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::events::NewEvent;
use crate::records::lock_order;
use crate::rows::now_ms;
use crate::upstream::take_changes;
use orderhub_domain::model::{Actor, EventKind, Line, NewLine, NewOrder, Order, OrderPatch};
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
        if patch.lines.is_some() && status != OrderStatus::Pending {
            return Err(StoreError::conflict(
                ErrorCode::OrderReleased,
                Some("lines"),
                "the order is released: its lines change only by cancelling or reassigning their tasks",
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
            status: Some(current.status),
            payment_status: Some(current.payment_status),
            customer: patch.customer.unwrap_or(current.customer.clone()),
            shipping_address: patch.shipping_address.or(current.shipping_address.clone()),
            lines: patch
                .lines
                .unwrap_or_else(|| current.lines.iter().map(as_new).collect()),
            note: patch.note.or(current.note.clone()),
        }
        .normalize()?;
        let taken = take_changes(&mut tx, id, &new).await?;
        let mut changed = taken.changed;
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

/// A stored line as it would be sent again.
fn as_new(l: &Line) -> NewLine {
    NewLine {
        title: l.title.clone(),
        category: l.category_id.clone(),
        quantity: l.quantity,
        unit_price: l.unit_price.unwrap_or_default(),
        platform_sku: l.platform_sku.clone(),
        customization: l.customization.clone(),
        no_task: l.no_task,
        line_total: l.line_total,
    }
}

//! Receipt confirmed when nobody did (自动确认收货): shipped orders
//! complete a set time after they shipped, as marketplaces auto-confirm.

use crate::db::Store;
use crate::error::Result;
use crate::orders::move_order;
use crate::records::lock_order;
use orderhub_domain::OrderStatus;
use orderhub_domain::model::{Actor, OrderTransition};

impl Store {
    /// Orders `shipped` since before `cutoff_ms` (the time of their move
    /// to `shipped`), oldest first, at most `limit`.
    pub async fn shipped_before(&self, cutoff_ms: i64, limit: i64) -> Result<Vec<String>> {
        let ids = sqlx::query_scalar(
            "SELECT o.id FROM orders o WHERE o.status = 'shipped' AND NOT EXISTS ( \
             SELECT 1 FROM events e WHERE e.order_id = o.id AND e.kind = 'order.status_changed' \
             AND e.to_status = 'shipped' AND e.created_at >= $1) ORDER BY o.id LIMIT $2",
        )
        .bind(cutoff_ms)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        Ok(ids)
    }

    /// Completes order `id` if it is still `shipped`, checked with it
    /// locked; `false` when it was not.
    pub async fn confirm_shipped(&self, actor: &Actor, id: &str, reason: &str) -> Result<bool> {
        let mut tx = self.begin().await?;
        if lock_order(&mut tx, id).await? != OrderStatus::Shipped {
            return Ok(false);
        }
        let complete = OrderTransition {
            to: OrderStatus::Completed,
            reason: Some(reason.to_owned()),
        };
        move_order(&mut tx, actor, id, &complete).await?;
        tx.commit().await?;
        Ok(true)
    }
}

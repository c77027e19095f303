//! Where shipped parcels are: the tracking worker claims tasks due for a
//! look ([`Store::claim_tracking`], the claim is the time of the look, so
//! instances share the work), and records what the provider said
//! ([`Store::record_tracking`]). A delivered parcel marks its task; when
//! every parcel of a shipped order is delivered, the order completes
//! (receipt confirmed by the carrier).

use crate::db::Store;
use crate::error::Result;
use crate::events::NewEvent;
use crate::orders::move_order;
use crate::records::lock_order;
use crate::rows::{RowExt, from_ms, now_ms, to_ms};
use orderhub_domain::OrderStatus;
use orderhub_domain::carrier::tracking::{TrackingEvent, TrackingStatus, delivered_at};
use orderhub_domain::model::{Actor, EventKind, OrderTransition};
use serde_json::json;
use sqlx::AssertSqlSafe;

/// A parcel due for a look: (task id, carrier, tracking number).
pub type Parcel = (String, String, String);

impl Store {
    /// Claims up to `limit` shipped, undelivered parcels not looked at
    /// for `every_ms`, least recently looked at first.
    pub async fn claim_tracking(&self, limit: i64, every_ms: i64) -> Result<Vec<Parcel>> {
        let now = now_ms();
        let sql = format!(
            "UPDATE tasks SET tracking_checked_at = $1 WHERE id IN (SELECT id FROM tasks \
             WHERE status = 'shipped' AND tracking_number IS NOT NULL AND carrier IS NOT NULL \
             AND delivered_at IS NULL AND (tracking_checked_at IS NULL OR tracking_checked_at < $2) \
             ORDER BY COALESCE(tracking_checked_at, 0) LIMIT {limit}{}) \
             RETURNING id, carrier, tracking_number",
            self.skip_locked()
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(now)
            .bind(now - every_ms)
            .fetch_all(&self.write)
            .await?;
        rows.iter()
            .map(|r| Ok((r.col("id")?, r.col("carrier")?, r.col("tracking_number")?)))
            .collect()
    }

    /// Keeps the provider's events for a task's parcel (each once); a
    /// delivery marks the task, and completes its order when it was the
    /// last parcel of a shipped order. Whether the task is now delivered.
    pub async fn record_tracking(
        &self,
        actor: &Actor,
        task_id: &str,
        events: &[TrackingEvent],
    ) -> Result<bool> {
        let mut tx = self.begin().await?;
        let now = now_ms();
        for e in events {
            sqlx::query(
                "INSERT INTO tracking_events (task_id, at, status, location, description, recorded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
            )
            .bind(task_id)
            .bind(to_ms(e.at))
            .bind(e.status.as_str())
            .bind(&e.location)
            .bind(&e.description)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        let Some(at) = delivered_at(events) else {
            tx.commit().await?;
            return Ok(false);
        };
        let order_id: Option<(String, String)> = sqlx::query_as(
            "UPDATE tasks SET delivered_at = $2 WHERE id = $1 AND delivered_at IS NULL \
             RETURNING order_id, tracking_number",
        )
        .bind(task_id)
        .bind(to_ms(at))
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((order_id, tracking)) = order_id {
            NewEvent::task(&order_id, task_id, EventKind::TaskDelivered)
                .details(json!({"delivered_at": at.unix_timestamp(), "tracking_number": tracking}))
                .write(&mut tx, actor)
                .await?;
            complete_if_all_delivered(&mut tx, actor, &order_id).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// A task's parcel scans, oldest first (the caller may see the task).
    pub async fn tracking_events(&self, task_id: &str) -> Result<Vec<TrackingEvent>> {
        let rows = sqlx::query(
            "SELECT at, status, location, description FROM tracking_events WHERE task_id = $1 \
             ORDER BY at, status",
        )
        .bind(task_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(TrackingEvent {
                    at: from_ms(r.col("at")?)?,
                    status: r.parsed("status", TrackingStatus::parse)?,
                    location: r.col("location")?,
                    description: r.col("description")?,
                })
            })
            .collect()
    }
}

/// Completes `order_id` when it is shipped and every live task's parcel
/// has been delivered.
async fn complete_if_all_delivered(
    conn: &mut sqlx::AnyConnection,
    actor: &Actor,
    order_id: &str,
) -> Result<()> {
    if lock_order(conn, order_id).await? != OrderStatus::Shipped {
        return Ok(());
    }
    let waiting: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM tasks WHERE order_id = $1 AND delivered_at IS NULL \
         AND status NOT IN ('rejected', 'cancelled')",
    )
    .bind(order_id)
    .fetch_one(&mut *conn)
    .await?;
    if waiting > 0 {
        return Ok(());
    }
    let complete = OrderTransition {
        to: OrderStatus::Completed,
        reason: Some("delivered, says the carrier's tracking".into()),
    };
    move_order(conn, actor, order_id, &complete).await
}

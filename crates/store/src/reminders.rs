//! Reminders (催单): a task not accepted a while after it was assigned,
//! and a task past its due date and not shipped, get a `task.overdue`
//! event once each, which notifies the supplier and the seller's staff.
//! The reminder's row and its event are written in one transaction, so
//! two servers (or a retry) never remind twice.

use crate::db::Store;
use crate::error::Result;
use crate::events::NewEvent;
use crate::rows::{RowExt, now_ms};
use orderhub_domain::model::{Actor, EventKind};
use serde_json::json;

/// Tasks reminded per run, at most (the next run takes the rest).
const BATCH: i64 = 200;

impl Store {
    /// Writes the reminders due at [`Store::now_ms`]: tasks assigned more
    /// than `accept_after_ms` ago (or half their category's time to accept,
    /// when that is sooner) and tasks past their due date. How many.
    pub async fn remind_overdue(&self, actor: &Actor, accept_after_ms: i64) -> Result<i64> {
        let now = self.now_ms();
        let accept = sqlx::query(
            "SELECT t.id, t.order_id, t.created_at, t.due_at FROM tasks t JOIN categories c ON c.id = t.category_id \
             WHERE t.status = 'assigned' AND t.created_at + CASE WHEN c.accept_within IS NOT NULL \
             AND c.accept_within * 1800000 < $2 THEN c.accept_within * 1800000 ELSE $2 END <= $1 \
             AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.task_id = t.id AND r.what = 'accept') \
             ORDER BY t.created_at LIMIT $3",
        )
        .bind(now)
        .bind(accept_after_ms)
        .bind(BATCH)
        .fetch_all(&self.read)
        .await?;
        let ship = sqlx::query(
            "SELECT t.id, t.order_id, t.created_at, t.due_at FROM tasks t \
             WHERE t.due_at IS NOT NULL AND t.due_at < $1 \
             AND t.status IN ('assigned', 'accepted', 'in_production', 'produced') \
             AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.task_id = t.id AND r.what = 'ship') \
             ORDER BY t.due_at LIMIT $2",
        )
        .bind(now)
        .bind(BATCH)
        .fetch_all(&self.read)
        .await?;
        let mut done = 0;
        for (what, rows) in [("accept", accept), ("ship", ship)] {
            for row in rows {
                let (task, order): (String, String) = (row.col("id")?, row.col("order_id")?);
                let details = match what {
                    "accept" => {
                        let since: i64 = row.col("created_at")?;
                        json!({"what": what, "hours": (now - since) / 3_600_000})
                    }
                    _ => json!({"what": what, "due_at": row.opt_time("due_at")?.map(|t| {
                        t.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
                    })}),
                };
                done += i64::from(self.remind(actor, &task, &order, what, details).await?);
            }
        }
        Ok(done)
    }

    /// One reminder, unless it was written already; whether it was now.
    async fn remind(
        &self,
        actor: &Actor,
        task: &str,
        order: &str,
        what: &str,
        details: serde_json::Value,
    ) -> Result<bool> {
        let mut tx = self.begin().await?;
        let written = sqlx::query(
            "INSERT INTO reminders (task_id, what, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(task)
        .bind(what)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        if written.rows_affected() == 0 {
            return Ok(false);
        }
        NewEvent::task(order, task, EventKind::TaskOverdue)
            .details(details)
            .write(&mut tx, actor)
            .await?;
        tx.commit().await?;
        Ok(true)
    }
}

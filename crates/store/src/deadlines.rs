//! Tasks not accepted in time (接单时限): `accept_within` hours after a
//! task was assigned, a category's task still unaccepted moves on to the
//! next supplier as if its supplier had rejected it, recorded with why.
//! A contract's task is left alone: the contract names its supplier.

use crate::db::Store;
use crate::error::Result;
use crate::rows::RowExt;
use crate::tasks::{lock_task, move_task};
use orderhub_domain::model::{Actor, TaskTransition};
use orderhub_domain::{Scope, TaskStatus};

const HOUR_MS: i64 = 3_600_000;

impl Store {
    /// Tasks still `assigned` at `now_ms` past their category's time to
    /// accept, oldest first, at most `limit`.
    pub async fn unaccepted(&self, now_ms: i64, limit: i64) -> Result<Vec<String>> {
        let ids = sqlx::query_scalar(
            "SELECT t.id FROM tasks t JOIN categories c ON c.id = t.category_id \
             JOIN orders o ON o.id = t.order_id \
             WHERE t.status = 'assigned' AND c.accept_within IS NOT NULL \
             AND t.created_at + c.accept_within * 3600000 <= $1 AND o.contract_id IS NULL \
             ORDER BY t.created_at LIMIT $2",
        )
        .bind(now_ms)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        Ok(ids)
    }

    /// Moves task `id` on when, with it locked, it is still unaccepted
    /// past its time at `now_ms` (accepted meanwhile, it stays); whether
    /// it moved.
    pub async fn expire_unaccepted(&self, actor: &Actor, id: &str, now_ms: i64) -> Result<bool> {
        let mut tx = self.begin().await?;
        let task = lock_task(&mut tx, id, &Scope::All).await?;
        let row = sqlx::query(
            "SELECT t.created_at, c.accept_within, o.contract_id FROM tasks t \
             JOIN categories c ON c.id = t.category_id JOIN orders o ON o.id = t.order_id \
             WHERE t.id = $1",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        let (created, hours, contract): (i64, Option<i64>, Option<String>) = (
            row.col("created_at")?,
            row.col("accept_within")?,
            row.col("contract_id")?,
        );
        let due = hours.filter(|h| created + h * HOUR_MS <= now_ms);
        let (Some(hours), TaskStatus::Assigned, None) = (due, task.status, contract) else {
            return Ok(false);
        };
        let req = TaskTransition {
            to: TaskStatus::Rejected,
            reason: Some(format!("not accepted within {hours} h")),
            carrier: None,
            tracking_number: None,
        };
        move_task(&mut tx, actor, &Scope::All, id, req).await?;
        tx.commit().await?;
        Ok(true)
    }
}

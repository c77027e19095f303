//! What on an order needs a person ([`orderhub_domain::attention`]),
//! filled in on every order staff read; and settling a refused change by
//! keeping the task as its supplier has it.

use crate::amend::{COLUMNS, amendment_from_row};
use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::events::NewEvent;
use crate::rows::{now_ms, placeholders};
use crate::tasks::lock_task;
use orderhub_domain::amend::{Amendment, AmendmentStatus};
use orderhub_domain::attention::attention;
use orderhub_domain::model::{Actor, EventKind, Order};
use orderhub_domain::{ErrorCode, Scope};
use serde_json::json;
use sqlx::AssertSqlSafe;
use std::collections::HashMap;

impl Store {
    /// Sets each order's `attention` (the orders carry their lines and
    /// tasks).
    pub(crate) async fn fill_attention(&self, orders: &mut [Order]) -> Result<()> {
        let open: Vec<&str> = orders
            .iter()
            .flat_map(|o| o.tasks.iter())
            .filter(|t| t.status.is_open())
            .map(|t| t.id.as_str())
            .collect();
        let mut refused: HashMap<String, Vec<Amendment>> = HashMap::new();
        for a in self.unsettled_refusals(&open).await? {
            refused.entry(a.task_id.clone()).or_default().push(a);
        }
        let now = time::OffsetDateTime::now_utc();
        for o in orders {
            let mine: Vec<Amendment> = o
                .tasks
                .iter()
                .flat_map(|t| refused.remove(&t.id).unwrap_or_default())
                .collect();
            o.attention = attention(o, &mine, now);
        }
        Ok(())
    }

    /// The refused amendments of `task_ids` that are still their task's
    /// latest (no newer change was asked since) and nobody kept.
    async fn unsettled_refusals(&self, task_ids: &[&str]) -> Result<Vec<Amendment>> {
        if task_ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM amendments a WHERE a.status = 'refused' AND a.task_id IN ({}) \
             AND NOT EXISTS (SELECT 1 FROM amendments b WHERE b.task_id = a.task_id AND b.id > a.id)",
            placeholders(1, task_ids.len())
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for id in task_ids {
            q = q.bind(*id);
        }
        q.fetch_all(&self.read)
            .await?
            .iter()
            .map(amendment_from_row)
            .collect()
    }

    /// Keeps task `task_id` as its supplier has it after the supplier
    /// refused amendment `amendment_id`: the order stops asking about it.
    /// Only the task's latest change, and only a refused one (409
    /// `no_amendment` otherwise).
    pub async fn keep_refused(
        &self,
        actor: &Actor,
        task_id: &str,
        amendment_id: &str,
    ) -> Result<Order> {
        let mut tx = self.begin().await?;
        let task = lock_task(&mut tx, task_id, &Scope::All).await?;
        let latest: Option<(String, String)> = sqlx::query_as(
            "SELECT id, status FROM amendments WHERE task_id = $1 ORDER BY id DESC LIMIT 1",
        )
        .bind(task_id)
        .fetch_optional(&mut *tx)
        .await?;
        let refused = AmendmentStatus::Refused.as_str();
        match latest {
            Some((id, status)) if id == amendment_id && status == refused => {}
            _ => {
                return Err(StoreError::conflict(
                    ErrorCode::NoAmendment,
                    Some("amendment_id"),
                    "no refused change of this task is waiting to be settled",
                ));
            }
        }
        sqlx::query("UPDATE amendments SET status = $2 WHERE id = $1")
            .bind(amendment_id)
            .bind(AmendmentStatus::Kept.as_str())
            .execute(&mut *tx)
            .await?;
        // the next version, even within the same millisecond
        sqlx::query(
            "UPDATE orders SET updated_at = CASE WHEN updated_at >= $2 THEN updated_at + 1 ELSE $2 END \
             WHERE id = $1",
        )
            .bind(&task.order_id)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
        NewEvent::task(&task.order_id, task_id, EventKind::TaskAmendmentKept)
            .details(json!({ "amendment_id": amendment_id }))
            .write(&mut tx, actor)
            .await?;
        tx.commit().await?;
        self.get_order(&task.order_id, &Scope::All).await
    }
}

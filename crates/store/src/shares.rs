//! A supplier confirms its share of an order (its child purchase order)
//! as a whole: every line it has not confirmed yet, in one transaction —
//! all of them or, when one cannot be, none.

use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::records::lock_order;
use crate::release;
use crate::tasks::{lock_task, write_move};
use orderhub_domain::model::{Actor, Order, TaskTransition};
use orderhub_domain::release::Cause;
use orderhub_domain::{ErrorCode, Scope, TASK_LIFECYCLE, TaskStatus};

impl Store {
    /// Accepts every `assigned` task of `supplier_id` on order `order_id`
    /// (a supplier only its own: another's share, or none, is not found).
    /// Nothing to confirm: 409 `nothing_to_confirm`. Returns the order.
    pub async fn confirm_share(
        &self,
        actor: &Actor,
        scope: &Scope,
        order_id: &str,
        supplier_id: &str,
    ) -> Result<Order> {
        if scope.supplier().is_some_and(|own| own != supplier_id) {
            return Err(StoreError::not_found("supplier order", supplier_id));
        }
        let mut tx = self.begin().await?;
        lock_order(&mut tx, order_id).await?;
        let share: Vec<(String, String)> = sqlx::query_as(
            "SELECT id, status FROM tasks WHERE order_id = $1 AND supplier_id = $2 ORDER BY id",
        )
        .bind(order_id)
        .bind(supplier_id)
        .fetch_all(&mut *tx)
        .await?;
        // no share at all: as unknown as another's order
        if share.is_empty() {
            return Err(StoreError::not_found("supplier order", supplier_id));
        }
        let assigned = TaskStatus::Assigned.as_str();
        let ids: Vec<String> = share
            .into_iter()
            .filter(|(_, status)| status == assigned)
            .map(|(id, _)| id)
            .collect();
        if ids.is_empty() {
            return Err(StoreError::conflict(
                ErrorCode::NothingToConfirm,
                None,
                "no line of this supplier waits to be confirmed",
            ));
        }
        let accept = TaskTransition {
            to: TaskStatus::Accepted,
            reason: None,
            carrier: None,
            tracking_number: None,
        };
        for id in &ids {
            let task = lock_task(&mut tx, id, scope).await?;
            if let Some(rule) = TASK_LIFECYCLE.forbidden_for(task.status, accept.to, actor.party) {
                return Err(rule.into());
            }
            TASK_LIFECYCLE.check(task.status, accept.to, actor.party)?;
            crate::amend::check_no_amendment(&mut tx, &task, accept.to).await?;
            write_move(&mut tx, actor, &task, &accept).await?;
        }
        release::one(&mut tx, actor, order_id, Cause::TaskMoved).await?;
        tx.commit().await?;
        self.get_order(order_id, scope).await
    }
}

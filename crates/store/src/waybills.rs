//! Shipping many tasks from one file (批量发货): each row's task is moved
//! on to shipped with its carrier and tracking number, exactly as its own
//! ship move would (every check, the marketplace report); a task still
//! accepted or in production is marked in production and produced on the
//! way. All rows or none: a refused row is reported with its reason and
//! nothing is shipped.

use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::tasks::{lock_task, move_task};
use orderhub_channels::spreadsheet::{TaskRef, WaybillRow};
use orderhub_domain::model::{Actor, TaskTransition};
use orderhub_domain::{Scope, TaskStatus};
use sqlx::{Acquire, AnyConnection};

/// The moves that take a task from `status` to shipped.
fn path(status: TaskStatus) -> &'static [TaskStatus] {
    use TaskStatus as T;
    match status {
        T::Accepted => &[T::InProduction, T::Produced, T::Shipped],
        T::InProduction => &[T::Produced, T::Shipped],
        // anything else is the ship move's to refuse (with its reason)
        _ => &[T::Shipped],
    }
}

async fn task_id(conn: &mut AnyConnection, task: &TaskRef) -> Result<String> {
    match task {
        TaskRef::Id(id) => Ok(id.clone()),
        TaskRef::Sku(sku) => sqlx::query_scalar("SELECT id FROM tasks WHERE sku = $1")
            .bind(sku)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(|| StoreError::not_found("task with SKU", sku)),
    }
}

/// Ships one row's task inside `conn`.
async fn ship(
    conn: &mut AnyConnection,
    actor: &Actor,
    scope: &Scope,
    row: &WaybillRow,
) -> Result<()> {
    let id = task_id(conn, &row.task).await?;
    let status = lock_task(conn, &id, scope).await?.status;
    for to in path(status) {
        let shipping = *to == TaskStatus::Shipped;
        let req = TaskTransition {
            to: *to,
            reason: None,
            carrier: shipping.then(|| row.carrier.clone()),
            tracking_number: shipping.then(|| row.tracking_number.clone()),
        }
        .normalize()?;
        move_task(conn, actor, scope, &id, req).await?;
    }
    Ok(())
}

impl Store {
    /// Ships every row's task, or none: the refused rows with why. A dry
    /// run makes every check, then keeps nothing.
    pub async fn ship_waybills(
        &self,
        actor: &Actor,
        scope: &Scope,
        rows: &[WaybillRow],
        dry_run: bool,
    ) -> Result<std::result::Result<usize, Vec<(usize, StoreError)>>> {
        let mut tx = self.begin().await?;
        let mut refused = Vec::new();
        for row in rows {
            // each row in a savepoint: a refused one leaves the others' work
            // (and a PostgreSQL transaction) intact, so every row is checked
            let mut point = tx.begin().await?;
            match ship(&mut point, actor, scope, row).await {
                Ok(()) => point.commit().await?,
                Err(e) if e.is_refusal() => {
                    point.rollback().await?;
                    refused.push((row.row, e));
                }
                Err(e) => return Err(e),
            }
        }
        if !refused.is_empty() {
            return Ok(Err(refused));
        }
        match dry_run {
            true => tx.rollback().await?,
            false => tx.commit().await?,
        }
        Ok(Ok(rows.len()))
    }
}

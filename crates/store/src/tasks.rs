//! Tasks: reading, listing, supplier transitions and edits.

use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::events::NewEvent;
use crate::records::{Subject, TASK_COLUMNS, lock_order, task_from_row, visible, visible_bound};
use crate::release;
use crate::rows::{Count, newest_first};
use crate::rows::{RowExt, by_id_in_scope, lock_row, now_ms, patched, placeholders, to_ms};
use orderhub_domain::ErrorCode;
use orderhub_domain::carrier::checked_field;
use orderhub_domain::labels::Viewer;
use orderhub_domain::lifecycle::Need;
use orderhub_domain::model::{Actor, EventKind, Page, Task, TaskPatch, TaskTransition};
use orderhub_domain::release::Cause;
use orderhub_domain::{Scope, TASK_LIFECYCLE, TaskStatus, ValidationError};
use serde_json::json;
use sqlx::{AnyConnection, AssertSqlSafe};

/// Filters of `GET /tasks`.
#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    pub status: Option<TaskStatus>,
    pub supplier_id: Option<String>,
    pub order_id: Option<String>,
    pub category_id: Option<String>,
    pub limit: i64,
    pub cursor: Option<String>,
}

pub(crate) async fn fetch_task(conn: &mut AnyConnection, id: &str) -> Result<Task> {
    let sql = format!("SELECT {TASK_COLUMNS} FROM tasks WHERE id = $1");
    let row = sqlx::query(AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::not_found("task", id))?;
    task_from_row(&row)
}

/// Locks the task's order, then the task, until the transaction ends, and
/// reads the task. Every transaction takes locks in the order
/// order → task → category, so none can deadlock another.
/// Another supplier's task is not found, exactly like a missing one.
pub(crate) async fn lock_task(conn: &mut AnyConnection, id: &str, scope: &Scope) -> Result<Task> {
    let sql = format!(
        "SELECT order_id FROM tasks WHERE id = $1{}",
        visible(scope, Subject::Own("tasks"), 2)
    );
    let row = by_id_in_scope(sql, id, scope)
        .fetch_optional(&mut *conn)
        .await?;
    let order_id: String = row
        .ok_or_else(|| StoreError::not_found("task", id))?
        .col("order_id")?;
    lock_order(conn, &order_id).await?;
    lock_row(conn, "tasks", "task", id).await?;
    fetch_task(conn, id).await
}

/// What a task's line asks for, as a card shows it: the product and its
/// personalisation (no price, no customer).
#[derive(Debug, Clone)]
pub struct TaskWork {
    pub title: String,
    pub customization: Option<serde_json::Value>,
    /// The line's marketplace SKU, as given.
    pub platform_sku: Option<String>,
    /// The main picture of the product with that SKU as its code in a
    /// supplier's catalogue, by supplier id: `(product id, picture name)`.
    pub pictures: std::collections::HashMap<String, (String, String)>,
    /// The contract its order delivers, if any: such a task ships through
    /// the contract's shipments.
    pub contract_id: Option<String>,
}

/// A task list's filter as conditions (each with its value, if set).
fn task_conditions(filter: &TaskFilter) -> Vec<(&'static str, Option<String>)> {
    vec![
        (
            " AND status = ",
            filter.status.map(|s| s.as_str().to_owned()),
        ),
        (" AND supplier_id = ", filter.supplier_id.clone()),
        (" AND order_id = ", filter.order_id.clone()),
        (" AND category_id = ", filter.category_id.clone()),
    ]
}

impl Store {
    /// What waits on each task besides its status: a change of its line
    /// for its supplier's answer, and its proof's latest round.
    pub(crate) async fn attach_open_work(&self, tasks: &mut [Task]) -> Result<()> {
        self.attach_amendments(tasks).await?;
        self.attach_proofs(tasks).await
    }

    /// One task; another supplier's task is not found.
    pub async fn get_task(&self, id: &str, scope: &Scope) -> Result<Task> {
        let sql = format!(
            "SELECT {TASK_COLUMNS} FROM tasks WHERE id = $1{}",
            visible(scope, Subject::Own("tasks"), 2)
        );
        let row = by_id_in_scope(sql, id, scope)
            .fetch_optional(&self.read)
            .await?
            .ok_or_else(|| StoreError::not_found("task", id))?;
        let mut task = task_from_row(&row)?;
        task.relabel(Viewer::of(scope));
        self.attach_open_work(std::slice::from_mut(&mut task))
            .await?;
        Ok(task)
    }

    /// The work of each of `tasks`, by line id, in one query: what the
    /// board and the task lists show on a card. A supplier gets the lines
    /// of its live tasks only (the one visibility rule).
    pub async fn task_work(
        &self,
        tasks: &[Task],
        scope: &Scope,
    ) -> Result<std::collections::HashMap<String, TaskWork>> {
        let ids: std::collections::BTreeSet<&str> =
            tasks.iter().map(|t| t.line_id.as_str()).collect();
        if ids.is_empty() {
            return Ok(Default::default());
        }
        let (own, supplier) = visible_bound(scope, Subject::Line, ids.len() + 1);
        let sql = format!(
            "SELECT id, title, customization, platform_sku, \
             (SELECT o.contract_id FROM orders o WHERE o.id = order_lines.order_id) AS contract_id \
             FROM order_lines WHERE id IN ({}){own}",
            placeholders(1, ids.len())
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in &ids {
            q = q.bind(*id);
        }
        if let Some(s) = supplier {
            q = q.bind(s);
        }
        let mut work = q
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| {
                let work = TaskWork {
                    title: r.col("title")?,
                    customization: r.opt_json("customization")?,
                    platform_sku: r.col("platform_sku")?,
                    pictures: Default::default(),
                    contract_id: r.col("contract_id")?,
                };
                Ok((r.col("id")?, work))
            })
            .collect::<Result<std::collections::HashMap<String, TaskWork>>>()?;
        self.attach_pictures(&mut work, scope).await?;
        Ok(work)
    }

    /// Each line's product picture from the catalogues: the product whose
    /// code is the line's marketplace SKU (compared without case), per
    /// supplier — the one a card shows is its task's supplier's. One query.
    async fn attach_pictures(
        &self,
        work: &mut std::collections::HashMap<String, TaskWork>,
        scope: &Scope,
    ) -> Result<()> {
        let codes: std::collections::BTreeSet<String> = work
            .values()
            .filter_map(|w| w.platform_sku.as_deref())
            .map(|c| c.trim().to_lowercase())
            .filter(|c| !c.is_empty())
            .collect();
        if codes.is_empty() {
            return Ok(());
        }
        let (own, supplier) = visible_bound(scope, Subject::Own("products"), codes.len() + 1);
        let sql = format!(
            "SELECT id, supplier_id, code_key, main_image FROM products \
             WHERE code_key IN ({}) AND main_image IS NOT NULL{own}",
            placeholders(1, codes.len())
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for c in &codes {
            q = q.bind(c.as_str());
        }
        if let Some(s) = supplier {
            q = q.bind(s);
        }
        for r in q.fetch_all(&self.read).await? {
            let code: String = r.col("code_key")?;
            let found: (String, String) = (r.col("id")?, r.col("main_image")?);
            let supplier: String = r.col("supplier_id")?;
            for w in work.values_mut() {
                if w.platform_sku.as_deref().map(|s| s.trim().to_lowercase()) == Some(code.clone())
                {
                    w.pictures.insert(supplier.clone(), found.clone());
                }
            }
        }
        Ok(())
    }

    /// How many tasks the filter matches (its cursor and limit aside), up
    /// to `cap`.
    pub async fn count_tasks(&self, filter: &TaskFilter, scope: &Scope, cap: i64) -> Result<Count> {
        let (own, bind) = visible_bound(scope, Subject::Own("tasks"), 1);
        let from = format!("FROM tasks WHERE 1 = 1{own}");
        crate::rows::count_capped(
            &self.read,
            (from, bind.into_iter().collect()),
            task_conditions(filter),
            cap,
        )
        .await
    }

    /// Urgent first, then newest first, keyset-paginated by the queue key
    /// ([`orderhub_domain::model::Priority::queue_key`]); a supplier sees
    /// only its own.
    pub async fn list_tasks(&self, filter: &TaskFilter, scope: &Scope) -> Result<Page<Task>> {
        let (own, bind) = visible_bound(scope, Subject::Own("tasks"), 1);
        let select = format!("SELECT {TASK_COLUMNS} FROM tasks WHERE 1 = 1{own}");
        let conditions = task_conditions(filter);
        let cursor = filter.cursor.clone();
        let mut page = newest_first(
            &self.read,
            (select, bind.into_iter().collect()),
            conditions,
            cursor,
            filter.limit,
            |row| {
                let mut task = task_from_row(row)?;
                task.relabel(Viewer::of(scope));
                Ok(task)
            },
            ("queue_key", |t: &Task| t.priority.queue_key(&t.id)),
        )
        .await?;
        self.attach_open_work(&mut page.items).await?;
        Ok(page)
    }

    /// Moves a task along its lifecycle. Rejecting needs a reason and hands
    /// the line to the next supplier; shipping needs a carrier and a
    /// tracking number. The order follows, in the same transaction.
    pub async fn transition_task(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: &str,
        req: TaskTransition,
    ) -> Result<Task> {
        let req = req.normalize()?;
        let mut tx = self.begin().await?;
        let task = move_task(&mut tx, actor, scope, id, req).await?;
        tx.commit().await?;
        Ok(task)
    }

    /// An operator gives a task's line to another supplier: the task is
    /// cancelled (with `reason`, when given) and a new one is routed to
    /// `supplier_id`, which must serve the category, be active and not have
    /// rejected the line. Returns the new task.
    pub async fn reassign_task(
        &self,
        actor: &Actor,
        id: &str,
        supplier_id: &str,
        reason: Option<String>,
    ) -> Result<Task> {
        let reason = orderhub_domain::validate::optional_text(
            "reason",
            reason.as_deref(),
            orderhub_domain::validate::limits::TEXT,
        )?;
        let mut tx = self.begin().await?;
        let task = lock_task(&mut tx, id, &Scope::All).await?;
        if let Some(rule) =
            TASK_LIFECYCLE.forbidden_for(task.status, TaskStatus::Cancelled, actor.party)
        {
            return Err(rule.into());
        }
        TASK_LIFECYCLE.check(task.status, TaskStatus::Cancelled, actor.party)?;
        let cancel = TaskTransition {
            to: TaskStatus::Cancelled,
            reason: Some(reason.unwrap_or_else(|| "reassigned".to_owned())),
            carrier: task.carrier.clone(),
            tracking_number: task.tracking_number.clone(),
        };
        write_move(&mut tx, actor, &task, &cancel).await?;
        let cause = Cause::Reassignment {
            task_id: id.to_owned(),
            supplier_id: supplier_id.to_owned(),
        };
        let plan = release::one(&mut tx, actor, &task.order_id, cause).await?;
        let new_id = plan
            .tasks
            .first()
            .map(|t| t.id.clone())
            .ok_or_else(|| StoreError::not_found("task", id))?;
        let new = fetch_task(&mut tx, &new_id).await?;
        tx.commit().await?;
        Ok(new)
    }

    /// Edits production times, due date, carrier, tracking number and note.
    pub async fn update_task(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: &str,
        patch: TaskPatch,
    ) -> Result<Task> {
        let patch = patch.normalize()?;
        if patch.is_empty() {
            return Err(ValidationError::new(
                "",
                ErrorCode::EmptyPatch,
                "give at least one field to change",
            )
            .into());
        }
        let mut tx = self.begin().await?;
        let task = lock_task(&mut tx, id, scope).await?;
        patch.check_party(actor.party)?;
        if TASK_LIFECYCLE.is_terminal(task.status) && task.status != TaskStatus::Completed {
            return Err(StoreError::conflict(
                ErrorCode::TaskClosed,
                None,
                format!("a {} task can no longer be edited", task.status),
            ));
        }
        let carrier = patched(patch.carrier.clone(), task.carrier.clone());
        let mut tracking = patched(patch.tracking_number.clone(), task.tracking_number.clone());
        if patch.carrier.is_some() || patch.tracking_number.is_some() {
            tracking = checked_field(carrier.as_deref(), tracking)?;
        }
        let time = |new: Option<time::OffsetDateTime>, cur: Option<time::OffsetDateTime>| {
            new.or(cur).map(to_ms)
        };
        sqlx::query(
            "UPDATE tasks SET due_at = $2, production_started_at = $3, produced_at = $4, carrier = $5, \
             tracking_number = $6, note = $7, updated_at = $8 WHERE id = $1",
        )
        .bind(id)
        .bind(time(patch.due_at, task.due_at))
        .bind(time(patch.production_started_at, task.production_started_at))
        .bind(time(patch.produced_at, task.produced_at))
        .bind(carrier)
        .bind(tracking)
        .bind(patched(patch.note.clone(), task.note.clone()))
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        let changed: Vec<&str> = [
            ("due_at", patch.due_at.is_some()),
            (
                "production_started_at",
                patch.production_started_at.is_some(),
            ),
            ("produced_at", patch.produced_at.is_some()),
            ("carrier", patch.carrier.is_some()),
            ("tracking_number", patch.tracking_number.is_some()),
            ("note", patch.note.is_some()),
        ]
        .into_iter()
        .filter_map(|(k, set)| set.then_some(k))
        .collect();
        NewEvent::task(&task.order_id, id, EventKind::TaskUpdated)
            .details(json!({ "fields": changed }))
            .write(&mut tx, actor)
            .await?;
        let task = fetch_task(&mut tx, id).await?;
        tx.commit().await?;
        Ok(task)
    }
}

/// [`Store::transition_task`] inside the caller's transaction (`req`
/// normalised).
pub(crate) async fn move_task(
    tx: &mut AnyConnection,
    actor: &Actor,
    scope: &Scope,
    id: &str,
    req: TaskTransition,
) -> Result<Task> {
    let task = lock_task(tx, id, scope).await?;
    if let Some(rule) = TASK_LIFECYCLE.forbidden_for(task.status, req.to, actor.party) {
        return Err(rule.into());
    }
    TASK_LIFECYCLE.check(task.status, req.to, actor.party)?;
    let carrier = req.carrier.or(task.carrier.clone());
    let tracking = req.tracking_number.or(task.tracking_number.clone());
    TASK_LIFECYCLE.check_needs(task.status, req.to, |need| match need {
        Need::Reason => req.reason.is_some(),
        Need::Carrier => carrier.is_some(),
        Need::TrackingNumber => tracking.is_some(),
    })?;
    let tracking = match req.to {
        TaskStatus::Shipped => checked_field(carrier.as_deref(), tracking)?,
        _ => tracking,
    };
    let req = TaskTransition {
        carrier,
        tracking_number: tracking,
        ..req
    };
    crate::amend::check_no_amendment(tx, &task, req.to).await?;
    crate::proofs::check_proof(&task, req.to)?;
    check_not_contracted(tx, &task, req.to).await?;
    write_move(tx, actor, &task, &req).await?;
    crate::rules::on_task_moved(tx, actor, &task, req.to).await?;
    let task_id = id.to_owned();
    let cause = match req.to {
        TaskStatus::Rejected => Cause::Rejection { task_id },
        TaskStatus::Cancelled => Cause::TaskCancelled { task_id },
        // a step before the last is made: the next step is routed
        TaskStatus::Produced if task.step.is_some_and(|s| s.no < s.of) => {
            Cause::NextStep { task_id }
        }
        _ => Cause::TaskMoved,
    };
    release::one(tx, actor, &task.order_id, cause).await?;
    fetch_task(tx, id).await
}

/// A contract's task ships through its contract's shipments, which say
/// how much left in each (a task ships in parts).
async fn check_not_contracted(conn: &mut AnyConnection, task: &Task, to: TaskStatus) -> Result<()> {
    if to != TaskStatus::Shipped {
        return Ok(());
    }
    let contract: Option<String> =
        sqlx::query_scalar("SELECT contract_id FROM orders WHERE id = $1")
            .bind(&task.order_id)
            .fetch_one(&mut *conn)
            .await?;
    match contract {
        None => Ok(()),
        Some(c) => Err(StoreError::conflict(
            ErrorCode::ShipByContract,
            Some("to"),
            format!(
                "this task is part of a contract: ship it as a shipment of contract {c} (POST /api/v1/contracts/{c}/shipments), which says how much left"
            ),
        )),
    }
}

/// Writes a task's move (already allowed): its status and the fields that
/// come with it, the status event, the supplier's load change, and the
/// report to the marketplace of a shipment.
pub(crate) async fn write_move(
    conn: &mut AnyConnection,
    actor: &Actor,
    task: &Task,
    req: &TaskTransition,
) -> Result<()> {
    let now = now_ms();
    sqlx::query(
            "UPDATE tasks SET status = $2, carrier = $3, tracking_number = $4, \
             reject_reason = COALESCE($5, reject_reason), \
             production_started_at = CASE WHEN $2 = 'in_production' THEN COALESCE(production_started_at, $6) ELSE production_started_at END, \
             produced_at = CASE WHEN $2 = 'produced' THEN COALESCE(produced_at, $6) ELSE produced_at END, \
             updated_at = $6 WHERE id = $1",
        )
        .bind(&task.id)
        .bind(req.to.as_str())
        .bind(&req.carrier)
        .bind(&req.tracking_number)
        .bind(&req.reason)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    let mut details = json!({});
    for (k, v) in [
        ("reason", &req.reason),
        ("carrier", &req.carrier),
        ("tracking_number", &req.tracking_number),
    ] {
        if let Some(v) = v
            .as_ref()
            .filter(|_| k == "reason" || req.to == TaskStatus::Shipped)
        {
            details[k] = json!(v);
        }
    }
    NewEvent::task(&task.order_id, &task.id, EventKind::TaskStatusChanged)
        .change(task.status.as_str(), req.to.as_str())
        .details(details)
        .write(conn, actor)
        .await?;
    crate::load::changed(
        conn,
        &task.supplier_id,
        crate::load::delta(task.status, req.to),
    )
    .await?;
    // only a task filled from stock holds a reservation: no query for the rest
    if task.from_stock.is_some() {
        crate::stock::orders::follow_task(conn, actor, &task.id, req.to).await?;
    }
    // a step before the last ships to the next step's supplier: a
    // hand-over, not the buyer's parcel
    let hand_over = task.step.is_some_and(|s| s.no < s.of);
    if let (TaskStatus::Shipped, Some(carrier), Some(tracking), false) =
        (req.to, &req.carrier, &req.tracking_number, hand_over)
    {
        crate::fulfilments::enqueue(conn, task, carrier, tracking).await?;
        crate::cases::resolve_on_ship(conn, actor, &task.id, carrier, tracking).await?;
    }
    Ok(())
}

//! Changes to a released order's lines, applied ([`orderhub_domain::amend`]
//! decides what each does): lines written, added and routed, removed with
//! their unaccepted task cancelled, or put to the task's supplier as an
//! amendment it accepts or refuses.

use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::events::NewEvent;
use crate::group::{LINE_INSERT, line_row};
use crate::release;
use crate::rows::{RowExt, new_id, now_ms, placeholders, run_values, to_json};
use crate::tasks::{lock_task, write_move};
use orderhub_domain::amend::{
    Action, Amendment, AmendmentAnswer, AmendmentDecision, AmendmentKind, AmendmentStatus, LineNow,
    diff, work_of,
};
use orderhub_domain::model::{Actor, EventKind, NewLine, Task, TaskTransition};
use orderhub_domain::release::Cause;
use orderhub_domain::{ErrorCode, OrderStatus, Scope, TaskStatus};
use serde_json::{Value, json};
use sqlx::{AnyConnection, AssertSqlSafe};
use std::collections::HashMap;

/// The order's lines, each with its live (or shipped) task.
async fn lines_now(conn: &mut AnyConnection, order_id: &str) -> Result<Vec<LineNow>> {
    let tasks = sqlx::query(
        "SELECT id, line_id, status FROM tasks WHERE order_id = $1 \
         AND status NOT IN ('cancelled', 'rejected')",
    )
    .bind(order_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut by_line = HashMap::new();
    for t in &tasks {
        let status = t.parsed("status", TaskStatus::parse)?;
        by_line.insert(
            t.col::<String>("line_id")?,
            (t.col::<String>("id")?, status),
        );
    }
    let rows = sqlx::query(
        "SELECT id, line_no, title, quantity, unit_price, line_total, platform_sku, customization, removed_at \
         FROM order_lines WHERE order_id = $1 ORDER BY line_no",
    )
    .bind(order_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let id: String = r.col("id")?;
            Ok(LineNow {
                task: by_line.remove(&id),
                line_id: id,
                line_no: r.col("line_no")?,
                title: r.col("title")?,
                quantity: r.col("quantity")?,
                unit_price: r.decimal("unit_price")?,
                line_total: r.opt_decimal("line_total")?,
                platform_sku: r.col("platform_sku")?,
                customization: r.opt_json("customization")?,
                removed: r.col::<Option<i64>>("removed_at")?.is_some(),
            })
        })
        .collect()
}

/// Makes released order `order_id`'s lines `wanted` (the caller holds
/// the order's lock); returns what was done, for the event. A change to
/// a shipped line: 409 `line_shipped`, nothing written.
pub(crate) async fn apply_lines(
    conn: &mut AnyConnection,
    actor: &Actor,
    order_id: &str,
    status: OrderStatus,
    wanted: &[NewLine],
) -> Result<Value> {
    let now = lines_now(conn, order_id).await?;
    let actions = diff(&now, wanted)
        .map_err(|e| StoreError::conflict(ErrorCode::LineShipped, Some("lines"), e.to_string()))?;
    let adds = actions.iter().any(|a| matches!(a, Action::Add(_)));
    if adds && matches!(status, OrderStatus::Shipped | OrderStatus::Completed) {
        return Err(StoreError::conflict(
            ErrorCode::OrderShipped,
            Some("lines"),
            "the order has shipped: a new line is a new order",
        ));
    }
    let mut next_no = now.iter().map(|l| l.line_no).max().unwrap_or(0);
    let mut done = json!({ "added": 0, "written": 0, "removed": 0, "proposed": 0 });
    let mut bump = |k: &str| done[k] = json!(done[k].as_i64().unwrap_or(0) + 1);
    let mut follow = false;
    for action in actions {
        match action {
            Action::Add(line) => {
                next_no += 1;
                let row = line_row((&new_id(), order_id, next_no), &line, None, None);
                run_values(conn, LINE_INSERT, vec![row], "").await?;
                bump("added");
            }
            Action::Write {
                line_id,
                line,
                task,
            } => {
                write_line(conn, &line_id, &line).await?;
                if let Some(task_id) = task {
                    retarget_task(conn, actor, order_id, &task_id, &line).await?;
                    let before = now.iter().find(|l| l.line_id == line_id);
                    crate::proofs::prove_again(
                        conn,
                        actor,
                        (order_id, &task_id),
                        before.and_then(|l| l.customization.as_ref()),
                        line.customization.as_ref(),
                    )
                    .await?;
                }
                bump("written");
            }
            Action::Remove { line_id, cancel } => {
                remove_line(conn, &line_id).await?;
                if let Some(task_id) = cancel {
                    cancel_task(conn, actor, &task_id, "the line was removed from the order")
                        .await?;
                    follow = true;
                }
                bump("removed");
            }
            Action::Propose {
                task_id,
                line_id,
                kind,
                line,
            } => {
                let before = now.iter().find(|l| l.line_id == line_id);
                let before = before.map(|l| work_of(&orderhub_domain::amend::as_new(l)));
                propose(
                    conn, actor, order_id, &task_id, &line_id, kind, &line, before,
                )
                .await?;
                bump("proposed");
            }
        }
    }
    sqlx::query("UPDATE orders SET updated_at = $2 WHERE id = $1")
        .bind(order_id)
        .bind(now_ms())
        .execute(&mut *conn)
        .await?;
    let held = crate::statistics::Held::Already;
    crate::statistics::restate(conn, &[order_id.to_owned()], held).await?;
    if adds {
        release::one(conn, actor, order_id, Cause::Release).await?;
    } else if follow {
        release::one(conn, actor, order_id, Cause::TaskMoved).await?;
    }
    Ok(done)
}

async fn write_line(conn: &mut AnyConnection, line_id: &str, line: &NewLine) -> Result<()> {
    sqlx::query(
        "UPDATE order_lines SET title = $2, quantity = $3, unit_price = $4, line_total = $5, \
         customization = $6, platform_sku = $7 WHERE id = $1",
    )
    .bind(line_id)
    .bind(&line.title)
    .bind(line.quantity)
    .bind(line.unit_price.to_string())
    .bind(line.line_total.map(|t| t.to_string()))
    .bind(line.customization.as_ref().map(to_json))
    .bind(&line.platform_sku)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn remove_line(conn: &mut AnyConnection, line_id: &str) -> Result<()> {
    sqlx::query("UPDATE order_lines SET removed_at = $2 WHERE id = $1")
        .bind(line_id)
        .bind(now_ms())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// An unaccepted task follows its line's new quantity; its supplier sees
/// the change on the task's timeline.
async fn retarget_task(
    conn: &mut AnyConnection,
    actor: &Actor,
    order_id: &str,
    task_id: &str,
    line: &NewLine,
) -> Result<()> {
    let before: i64 = sqlx::query_scalar("SELECT quantity FROM tasks WHERE id = $1")
        .bind(task_id)
        .fetch_one(&mut *conn)
        .await?;
    sqlx::query("UPDATE tasks SET quantity = $2, updated_at = $3 WHERE id = $1")
        .bind(task_id)
        .bind(line.quantity)
        .bind(now_ms())
        .execute(&mut *conn)
        .await?;
    NewEvent::task(order_id, task_id, EventKind::TaskUpdated)
        .details(json!({ "line_changed": work_of(line), "quantity": {"before": before, "after": line.quantity} }))
        .write(conn, actor)
        .await
}

async fn cancel_task(
    conn: &mut AnyConnection,
    actor: &Actor,
    task_id: &str,
    why: &str,
) -> Result<()> {
    let task = crate::tasks::fetch_task(conn, task_id).await?;
    let req = TaskTransition {
        to: TaskStatus::Cancelled,
        reason: Some(why.to_owned()),
        carrier: None,
        tracking_number: None,
    };
    write_move(conn, actor, &task, &req).await
}

#[allow(clippy::too_many_arguments)]
async fn propose(
    conn: &mut AnyConnection,
    actor: &Actor,
    order_id: &str,
    task_id: &str,
    line_id: &str,
    kind: AmendmentKind,
    line: &NewLine,
    before: Option<Value>,
) -> Result<()> {
    sqlx::query(
        "UPDATE amendments SET status = 'withdrawn' WHERE task_id = $1 AND status = 'proposed'",
    )
    .bind(task_id)
    .execute(&mut *conn)
    .await?;
    let before = before.unwrap_or(Value::Null);
    sqlx::query(
        "INSERT INTO amendments (id, order_id, task_id, line_id, kind, status, line, before, proposed_by, proposed_at) \
         VALUES ($1, $2, $3, $4, $5, 'proposed', $6, $7, $8, $9)",
    )
    .bind(new_id())
    .bind(order_id)
    .bind(task_id)
    .bind(line_id)
    .bind(kind.as_str())
    .bind(to_json(&line_json(line)))
    .bind(to_json(&before))
    .bind(&actor.label)
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    let after = (kind == AmendmentKind::Change).then(|| work_of(line));
    NewEvent::task(order_id, task_id, EventKind::TaskAmendmentProposed)
        .details(json!({ "kind": kind, "before": before, "after": after }))
        .write(conn, actor)
        .await
}

/// A line as an amendment keeps it, to apply it when accepted.
fn line_json(l: &NewLine) -> Value {
    json!({
        "title": l.title, "quantity": l.quantity, "unit_price": l.unit_price.to_string(),
        "line_total": l.line_total.map(|t| t.to_string()), "platform_sku": l.platform_sku,
        "customization": l.customization,
    })
}

fn line_from_json(v: &Value) -> Result<NewLine> {
    let text = |k: &str| v[k].as_str().map(str::to_owned);
    let decimal = |k: &str| text(k).and_then(|t| t.parse().ok());
    Ok(NewLine {
        title: text("title").ok_or_else(|| StoreError::Corrupt("amendment line".into()))?,
        category: None,
        quantity: v["quantity"].as_i64().unwrap_or(0),
        unit_price: decimal("unit_price").unwrap_or_default(),
        platform_sku: text("platform_sku"),
        customization: Some(v["customization"].clone()).filter(|c| !c.is_null()),
        no_task: None,
        line_total: decimal("line_total"),
    })
}

/// Refuses a task's move past `accepted` while a change waits for its
/// supplier (409 `amendment_pending`).
pub(crate) async fn check_no_amendment(
    conn: &mut AnyConnection,
    task: &Task,
    to: TaskStatus,
) -> Result<()> {
    if !matches!(
        to,
        TaskStatus::InProduction | TaskStatus::Produced | TaskStatus::Shipped
    ) {
        return Ok(());
    }
    let open: Option<String> = sqlx::query_scalar(
        "SELECT id FROM amendments WHERE task_id = $1 AND status = 'proposed' LIMIT 1",
    )
    .bind(&task.id)
    .fetch_optional(&mut *conn)
    .await?;
    match open {
        Some(_) => Err(StoreError::conflict(
            ErrorCode::AmendmentPending,
            Some("to"),
            "the order changed: accept or refuse the change before going on",
        )),
        None => Ok(()),
    }
}

pub(crate) const COLUMNS: &str =
    "id, task_id, kind, status, line, before, reason, proposed_by, proposed_at";

pub(crate) fn amendment_from_row(row: &sqlx::any::AnyRow) -> Result<Amendment> {
    let kind = row.parsed("kind", AmendmentKind::parse)?;
    let line: Value = row.opt_json("line")?.unwrap_or(Value::Null);
    Ok(Amendment {
        id: row.col("id")?,
        task_id: row.col("task_id")?,
        kind,
        status: row.parsed("status", AmendmentStatus::parse)?,
        before: row.opt_json("before")?.unwrap_or(Value::Null),
        after: (kind == AmendmentKind::Change)
            .then(|| json!({"title": line["title"], "quantity": line["quantity"], "customization": line["customization"]})),
        reason: row.col("reason")?,
        proposed_by: row.col("proposed_by")?,
        proposed_at: row.time("proposed_at")?,
    })
}

impl Store {
    /// Each task's amendment waiting for an answer.
    pub(crate) async fn attach_amendments(&self, tasks: &mut [Task]) -> Result<()> {
        if tasks.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM amendments WHERE status = 'proposed' AND task_id IN ({})",
            placeholders(1, tasks.len())
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for t in tasks.iter() {
            q = q.bind(t.id.clone());
        }
        let mut open: HashMap<String, Amendment> = HashMap::new();
        for row in q.fetch_all(&self.read).await? {
            let a = amendment_from_row(&row)?;
            open.insert(a.task_id.clone(), a);
        }
        for t in tasks {
            t.amendment = open.remove(&t.id);
        }
        Ok(())
    }

    /// The task's supplier (or an operator for it) answers the change
    /// waiting on it: accepted, the change applies (a removed line's task
    /// is cancelled); refused, the task stays as it was and the order is
    /// flagged for the operator.
    pub async fn decide_amendment(
        &self,
        actor: &Actor,
        scope: &Scope,
        task_id: &str,
        decision: AmendmentDecision,
    ) -> Result<Task> {
        let decision = decision.normalize()?;
        let mut tx = self.begin().await?;
        let task = lock_task(&mut tx, task_id, scope).await?;
        let sql = format!(
            "SELECT {COLUMNS}, line_id FROM amendments WHERE task_id = $1 AND status = 'proposed'"
        );
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(task_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| {
                StoreError::conflict(ErrorCode::NoAmendment, None, "no change waits on this task")
            })?;
        let amendment = amendment_from_row(&row)?;
        let line_id: String = row.col("line_id")?;
        let line = line_from_json(&row.opt_json::<Value>("line")?.unwrap_or(Value::Null))?;
        let (status, kind) = match decision.answer {
            AmendmentAnswer::Accept => {
                (AmendmentStatus::Accepted, EventKind::TaskAmendmentAccepted)
            }
            AmendmentAnswer::Refuse => (AmendmentStatus::Refused, EventKind::TaskAmendmentRefused),
        };
        sqlx::query(
            "UPDATE amendments SET status = $2, reason = $3, decided_by = $4, decided_at = $5 WHERE id = $1",
        )
        .bind(&amendment.id)
        .bind(status.as_str())
        .bind(&decision.reason)
        .bind(&actor.label)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        NewEvent::task(&task.order_id, task_id, kind)
            .details(json!({ "kind": amendment.kind, "reason": decision.reason }))
            .write(&mut tx, actor)
            .await?;
        match (decision.answer, amendment.kind) {
            (AmendmentAnswer::Accept, AmendmentKind::Change) => {
                write_line(&mut tx, &line_id, &line).await?;
                crate::proofs::prove_again(
                    &mut tx,
                    actor,
                    (&task.order_id, task_id),
                    amendment.before.get("customization"),
                    line.customization.as_ref(),
                )
                .await?;
                sqlx::query("UPDATE tasks SET quantity = $2, updated_at = $3 WHERE id = $1")
                    .bind(task_id)
                    .bind(line.quantity)
                    .bind(now_ms())
                    .execute(&mut *tx)
                    .await?;
            }
            (AmendmentAnswer::Accept, AmendmentKind::Cancel) => {
                remove_line(&mut tx, &line_id).await?;
                cancel_task(
                    &mut tx,
                    actor,
                    task_id,
                    "the line was removed; the supplier agreed",
                )
                .await?;
                release::one(&mut tx, actor, &task.order_id, Cause::TaskMoved).await?;
            }
            (AmendmentAnswer::Refuse, _) => {
                NewEvent::order(&task.order_id, EventKind::OrderFlagged)
                    .details(json!({
                        "reason": "a supplier refused a change",
                        "task_id": task_id,
                        "refusal": decision.reason,
                    }))
                    .write(&mut tx, actor)
                    .await?;
            }
        }
        let held = crate::statistics::Held::Lock;
        crate::statistics::restate(&mut tx, std::slice::from_ref(&task.order_id), held).await?;
        tx.commit().await?;
        self.get_task(task_id, scope).await
    }
}

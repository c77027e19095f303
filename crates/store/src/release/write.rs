//! Writing a release plan: one multi-row statement per table.

use crate::error::{Result, StoreError};
use crate::events::NewEvent;
use crate::rows::{Arg, RowExt, run_values, select_values};
use orderhub_domain::ErrorCode;
use orderhub_domain::TaskStatus;
use orderhub_domain::model::Actor;
use orderhub_domain::proof::ProofStatus;
use orderhub_domain::release::{By, Plan, PlannedEvent};
use sqlx::AnyConnection;
use std::collections::{HashMap, HashSet};

/// The SKUs of the planned tasks that exist already.
pub(super) async fn existing_skus(conn: &mut AnyConnection, plan: &Plan) -> Result<Vec<String>> {
    if plan.tasks.is_empty() {
        return Ok(Vec::new());
    }
    let skus: Vec<Vec<Arg>> = plan
        .tasks
        .iter()
        .map(|t| vec![t.sku.as_str().into()])
        .collect();
    let rows = select_values(conn, "SELECT sku FROM tasks WHERE sku IN (", skus, ")").await?;
    rows.iter().map(|r| r.col("sku")).collect()
}

/// Who caused each order's release.
pub(crate) enum Actors<'a> {
    /// One actor for every order.
    One(&'a Actor),
    /// Each order's own (a group of orders from several clients).
    ByOrder(HashMap<&'a str, &'a Actor>),
}

impl Actors<'_> {
    fn of(&self, order_id: &str) -> Option<&Actor> {
        match self {
            Actors::One(a) => Some(a),
            Actors::ByOrder(m) => m.get(order_id).copied(),
        }
    }
}

/// A planned event as a row of the event log.
fn event_row(e: &PlannedEvent, actors: &Actors<'_>) -> Vec<Arg> {
    let system = Actor::system();
    let by = match e.by {
        By::Actor => actors.of(&e.order_id).unwrap_or(&system),
        By::System => &system,
    };
    let event = NewEvent {
        order_id: Some(&e.order_id),
        task_id: e.task_id.as_deref(),
        rfq_id: None,
        supplier_id: None,
        kind: e.kind,
        from: e.from,
        to: e.to,
        details: e.details.clone(),
    };
    event.row(by)
}

/// Writes `plan`. Orders in `inserted` were written by the caller with
/// their lines' outcomes and status already; `events` (the caller's own,
/// in order) are appended before the plan's; `now` stamps the rows.
pub(crate) async fn write(
    conn: &mut AnyConnection,
    actors: &Actors<'_>,
    plan: &Plan,
    inserted: &HashSet<&str>,
    mut events: Vec<Vec<Arg>>,
    now: i64,
) -> Result<()> {
    insert_tasks(conn, plan, now).await?;
    crate::stock::orders::reserve_for(conn, plan).await?;
    for c in &plan.cancelled {
        let system = Actor::system();
        crate::stock::orders::follow_task(conn, &system, &c.task_id, TaskStatus::Cancelled).await?;
    }
    if !plan.cancelled.is_empty() {
        let rows = plan
            .cancelled
            .iter()
            .map(|c| vec![c.task_id.as_str().into()])
            .collect();
        let head = format!(
            "UPDATE tasks SET status = '{}', updated_at = {now} WHERE id IN (",
            TaskStatus::Cancelled.as_str()
        );
        run_values(conn, &head, rows, ")").await?;
    }
    let lines: Vec<Vec<Arg>> = plan
        .lines
        .iter()
        .filter(|l| !inserted.contains(l.order_id.as_str()))
        .map(|l| {
            vec![
                l.line_id.as_str().into(),
                l.category_id.clone().into(),
                l.unrouted
                    .as_ref()
                    .map(|u| u.code.as_str().to_owned())
                    .into(),
                l.unrouted.as_ref().map(|u| u.detail.clone()).into(),
            ]
        })
        .collect();
    update_from(
        conn,
        "UPDATE order_lines SET category_id = v.column2, unrouted_code = v.column3, unrouted_detail = v.column4 FROM (",
        lines,
        ") AS v WHERE order_lines.id = v.column1",
    )
    .await?;
    let orders: Vec<Vec<Arg>> = plan
        .orders
        .iter()
        .filter(|m| !inserted.contains(m.order_id.as_str()))
        .map(|m| vec![m.order_id.as_str().into(), m.to.as_str().into()])
        .collect();
    let head = format!("UPDATE orders SET status = v.column2, updated_at = {now} FROM (");
    update_from(conn, &head, orders, ") AS v WHERE orders.id = v.column1").await?;
    write_categories(conn, plan).await?;
    events.extend(plan.events.iter().map(|e| event_row(e, actors)));
    crate::events::append(conn, events).await?;
    crate::load::changed_many(conn, plan.load.clone()).await?;
    let mut touched: Vec<String> = inserted.iter().map(|id| (*id).to_owned()).collect();
    touched.extend(plan.orders.iter().map(|m| m.order_id.clone()));
    // every order here was inserted or updated above: it is held
    crate::statistics::restate(conn, &touched, crate::statistics::Held::Already).await
}

async fn insert_tasks(conn: &mut AnyConnection, plan: &Plan, now: i64) -> Result<()> {
    if plan.tasks.is_empty() {
        return Ok(());
    }
    let rows: Vec<Vec<Arg>> = plan
        .tasks
        .iter()
        .map(|t| {
            vec![
                t.id.as_str().into(),
                t.order_id.as_str().into(),
                t.line_id.as_str().into(),
                t.supplier_id.as_str().into(),
                t.category_id.as_str().into(),
                t.sku.as_str().into(),
                TaskStatus::Assigned.as_str().into(),
                t.quantity.into(),
                t.route_seq.into(),
                now.into(),
                now.into(),
                t.proof
                    .then(|| ProofStatus::Required.as_str().to_owned())
                    .into(),
                t.proof.then_some(now).into(),
                t.priority.queue_key(&t.id).into(),
                t.booking.due_at.into(),
                t.from_stock
                    .as_ref()
                    .map(|f| f.location_code.clone())
                    .into(),
                t.step.map(|s| s.no).into(),
                t.step.map(|s| s.of).into(),
            ]
        })
        .collect();
    let inserted = run_values(
        conn,
        "INSERT INTO tasks (id, order_id, line_id, supplier_id, category_id, sku, status, quantity, route_seq, \
         created_at, updated_at, proof, proof_since, queue_key, due_at, from_stock, step, steps)",
        rows,
        "ON CONFLICT (sku) DO NOTHING",
    )
    .await?;
    if inserted != plan.tasks.len() as u64 {
        // another transaction committed one of these SKUs since the check
        return Err(StoreError::conflict(
            ErrorCode::SkuTaken,
            Some("sku_template"),
            "a SKU of the release was taken meanwhile; try again",
        ));
    }
    insert_plans(conn, plan).await
}

/// The days each new task takes of its supplier's capacity.
async fn insert_plans(conn: &mut AnyConnection, plan: &Plan) -> Result<()> {
    let rows: Vec<Vec<Arg>> = plan
        .tasks
        .iter()
        .flat_map(|t| {
            t.booking.days.iter().map(|(day, units)| {
                vec![
                    t.id.as_str().into(),
                    (*day).into(),
                    t.supplier_id.as_str().into(),
                    t.category_id.as_str().into(),
                    (*units).into(),
                ]
            })
        })
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    run_values(
        conn,
        "INSERT INTO task_plan (task_id, day, supplier_id, category_id, units)",
        rows,
        "",
    )
    .await?;
    Ok(())
}

/// Each routed category's new rotation state, and its running weights.
async fn write_categories(conn: &mut AnyConnection, plan: &Plan) -> Result<()> {
    let rows: Vec<Vec<Arg>> = plan
        .categories
        .iter()
        .map(|c| {
            vec![
                c.id.as_str().into(),
                c.cursor.into(),
                c.route_count.into(),
                c.sku_seq.into(),
            ]
        })
        .collect();
    update_from(
        conn,
        "UPDATE categories SET rr_cursor = v.column2, route_count = v.column3, sku_seq = v.column4 FROM (",
        rows,
        ") AS v WHERE categories.id = v.column1",
    )
    .await?;
    let weights: Vec<Vec<Arg>> = plan
        .categories
        .iter()
        .flat_map(|c| {
            c.weights
                .iter()
                .map(|(s, w)| vec![c.id.as_str().into(), s.as_str().into(), (*w).into()])
        })
        .collect();
    update_from(
        conn,
        "UPDATE category_suppliers SET current_weight = v.column3 FROM (",
        weights,
        ") AS v WHERE category_suppliers.category_id = v.column1 AND category_suppliers.supplier_id = v.column2",
    )
    .await
}

/// `UPDATE … FROM (VALUES …) AS v WHERE …`: many rows' changes in one
/// statement. Both backends name a `VALUES` list's columns `column1`,
/// `column2`, …
async fn update_from(
    conn: &mut AnyConnection,
    head: &str,
    rows: Vec<Vec<Arg>>,
    tail: &str,
) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    run_values(conn, head, rows, tail).await?;
    Ok(())
}

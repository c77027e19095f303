//! The one writer of releases: loads what the planner needs, runs
//! [`orderhub_domain::release::plan`], and writes the plan set-wise.
//!
//! Every path that routes or unroutes a line comes through here: intake
//! (a group of new orders, or one order alone), an operator's release or
//! retry, a rejection, a reassignment, a task or order cancelled, and a
//! task moving (the order follows its tasks). All of it runs inside the
//! caller's transaction, so a `purchasing` order is never committed with a
//! line that has neither a task nor a reason.

use orderhub_domain::ErrorCode;
mod route_scripts;
mod scripts;
mod snapshot;
mod write;

pub(crate) use snapshot::{Categories, catalogue, lock_category, orders, step_of};
pub(crate) use write::{Actors, write};

use crate::error::{Result, StoreError};
use crate::rows::{Arg, new_id, now_ms};
use orderhub_domain::ValidationError;
use orderhub_domain::model::Actor;
use orderhub_domain::release::{Catalogue, Cause, Env, Plan, PlanError, Request};
use sqlx::AnyConnection;
use std::collections::{HashMap, HashSet};
use time::OffsetDateTime;

/// How many times a plan is redone around SKUs found to exist. Each round
/// learns every clash of the previous one; a counter running into a long
/// run of another category's SKUs learns one per round.
const ROUNDS: usize = 64;

/// Plans `requests` against `catalogue`, redrawing any SKU that exists
/// already (found with one query per round); SKU scripts write their
/// categories' SKUs ([`scripts`]). Returns the plan and the `order.flagged`
/// events of scripts that failed, for the caller to write.
pub(crate) async fn plan(
    conn: &mut AnyConnection,
    catalogue: &Catalogue,
    requests: &[Request<'_>],
) -> Result<(Plan, Vec<Vec<Arg>>)> {
    let mut taken = HashSet::new();
    let mut reuse = HashMap::new();
    // lines whose script's SKU was taken: they keep the template's
    let mut skip: HashSet<String> = HashSet::new();
    for _ in 0..ROUNDS {
        // the generator is not Send: planned before the next await
        let mut plan = {
            let mut rng = rand::rng();
            let mut ids = new_id;
            let mut env = Env {
                now: OffsetDateTime::now_utc(),
                rng: &mut rng,
                new_id: &mut ids,
                taken: &taken,
                reuse: &reuse,
            };
            orderhub_domain::release::plan(catalogue, requests, &mut env).map_err(refused)?
        };
        let drawn: HashMap<String, String> = plan
            .tasks
            .iter()
            .map(|t| (t.line_id.clone(), t.sku.clone()))
            .collect();
        let flags = scripts::apply(catalogue, requests, &mut plan, &skip).await;
        let clashes = write::existing_skus(conn, &plan).await?;
        if clashes.is_empty() {
            return Ok((plan, flags));
        }
        for t in &plan.tasks {
            if clashes.contains(&t.sku) && drawn.get(&t.line_id) != Some(&t.sku) {
                skip.insert(t.line_id.clone());
            }
        }
        reuse = drawn;
        taken.extend(clashes);
    }
    Err(StoreError::conflict(
        ErrorCode::SkuTaken,
        Some("sku_template"),
        "the release kept drawing SKUs that exist",
    ))
}

/// Releases one stored order for `cause` in the caller's transaction (which
/// holds the order's lock): reads it and the categories the cause needs,
/// plans, writes.
pub(crate) async fn one(
    conn: &mut AnyConnection,
    actor: &Actor,
    order_id: &str,
    cause: Cause,
) -> Result<Plan> {
    let mut order = orders(conn, &[order_id]).await?.remove(0);
    let task_category = |task_id: &str| {
        order
            .tasks
            .iter()
            .find(|t| t.id == task_id)
            .map(|t| t.category_id.clone())
            .ok_or_else(|| StoreError::not_found("task", task_id))
    };
    let one_category;
    let which = match &cause {
        // a next step is routed in another category than its task's
        Cause::Release | Cause::NextStep { .. } => Categories::All,
        Cause::Rejection { task_id }
        | Cause::Reassignment { task_id, .. }
        | Cause::AfterSales { task_id, .. } => {
            one_category = task_category(task_id)?;
            Categories::One(&one_category)
        }
        Cause::TaskCancelled { .. } | Cause::TaskMoved | Cause::OrderCancelled => Categories::None,
    };
    let mut catalogue = catalogue(conn, which).await?;
    if which == Categories::All {
        let skus: Vec<String> = order.lines.iter().filter_map(|l| l.sku.clone()).collect();
        catalogue.stock = crate::stock::orders::picks(conn, &skus).await?;
    }
    let prepared = match cause {
        Cause::Release => prepare(conn, &catalogue, &mut [&mut order], |_| Some(actor)).await?,
        _ => Vec::new(),
    };
    let requests = [Request {
        order: &order,
        cause,
    }];
    let (plan, mut flags) = plan(conn, &catalogue, &requests).await?;
    flags.extend(prepared);
    let none = HashSet::new();
    write(conn, &Actors::One(actor), &plan, &none, flags, now_ms()).await?;
    Ok(plan)
}

/// Before new lines are routed: the classifier files the lines the
/// keywords miss (at the seller's threshold), then route scripts pick
/// suppliers (and may move a line to another category or rewrite its
/// title). Returns the events that record it (`line.categorised`,
/// `line.rewritten`, `order.flagged`), each by its order's actor.
pub(crate) async fn prepare<'a>(
    conn: &mut AnyConnection,
    catalogue: &Catalogue,
    orders: &mut [&mut orderhub_domain::release::OrderSnapshot],
    actor_of: impl Fn(&str) -> Option<&'a Actor>,
) -> Result<Vec<Vec<Arg>>> {
    let filed = crate::classifier::file_missed(conn, catalogue, orders).await?;
    let mut events = Vec::with_capacity(filed.len());
    for f in &filed {
        let actor = actor_of(&f.order_id).ok_or_else(|| {
            StoreError::Corrupt(format!("line filed in no order: {}", f.order_id))
        })?;
        let by = orderhub_domain::classify::FiledBy::Classifier;
        events.push(crate::classifier::filed_event(actor, f, by));
    }
    let picked = route_scripts::pick(catalogue, orders).await;
    events.extend(picked.flags);
    for (order, line, line_no, from, to) in picked.rewritten {
        // a line already stored takes its new title now; a new one is
        // written with it
        sqlx::query("UPDATE order_lines SET title = $2 WHERE id = $1")
            .bind(&line)
            .bind(&to)
            .execute(&mut *conn)
            .await?;
        let actor = actor_of(&order)
            .ok_or_else(|| StoreError::Corrupt(format!("line rewritten in no order: {order}")))?;
        let details = serde_json::json!({
            "line_id": line, "line_no": line_no, "from": from, "to": to, "by": "route_script",
        });
        let event = crate::events::NewEvent::order(
            &order,
            orderhub_domain::model::EventKind::LineRewritten,
        );
        events.push(event.details(details).row(actor));
    }
    Ok(events)
}

/// A plan refused: the operator's choice or the order's state, said as the
/// API says it.
fn refused(e: PlanError) -> StoreError {
    match e {
        PlanError::NotEligible(n) => {
            ValidationError::new("supplier_id", n.code(), n.to_string()).into()
        }
        PlanError::SkuSpaceExhausted(_) => StoreError::conflict(
            ErrorCode::SkuSpaceExhausted,
            Some("sku_template"),
            e.to_string(),
        ),
        PlanError::ShippedTasks => {
            StoreError::conflict(ErrorCode::OrderHasShippedTasks, Some("to"), e.to_string())
        }
        PlanError::Refused(r) => r.into(),
        PlanError::Missing(what, id) => StoreError::not_found(what, &id),
    }
}

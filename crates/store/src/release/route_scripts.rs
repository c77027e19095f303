//! Route scripts before a release: for each line to be routed whose
//! category has one, the script names the supplier among the category's
//! candidates (by code, id or name; `""` leaves it to the rotation). The
//! choice becomes the line's preferred supplier, which the planner takes
//! as it takes a rule's: when that supplier is active and has not rejected
//! the line. Scripts run on a blocking thread. A script that fails, or
//! names somebody who is not a supplier of the category, never stops the
//! order: the rotation decides and the order is flagged for a person.

use crate::events::NewEvent;
use crate::rows::Arg;
use orderhub_domain::model::{Actor, EventKind};
use orderhub_domain::release::{
    Catalogue, CategorySnapshot, LineSnapshot, OrderSnapshot, category_of, resolve_ref,
};
use orderhub_script::{Engine, Limits, Outcome};
use serde_json::{Value, json};
use std::collections::HashMap;

/// One line's script and what it reads.
struct Job {
    order: usize,
    line: usize,
    category: String,
    script: String,
    inputs: Vec<(&'static str, Value)>,
}

/// What a route script reads of a category's suppliers: each candidate in
/// rotation order.
fn candidates(category: &CategorySnapshot) -> Value {
    let all: Vec<Value> = category
        .candidates
        .iter()
        .map(|c| {
            json!({
                "id": c.supplier_id, "code": category.codes.get(&c.supplier_id), "name": c.name,
                "active": c.active, "position": c.position, "weight": c.weight,
                "open_tasks": c.open_tasks, "on_time_30d": c.on_time_30d,
            })
        })
        .collect();
    Value::Array(all)
}

/// The supplier a script's `answer` names among `category`'s candidates
/// ([`orderhub_domain::routing::named`]).
fn named(category: &CategorySnapshot, answer: &str) -> Result<Option<String>, String> {
    let names: Vec<(&str, &str, &str)> = category
        .candidates
        .iter()
        .map(|c| {
            let code = category
                .codes
                .get(&c.supplier_id)
                .map_or("", String::as_str);
            (c.supplier_id.as_str(), code, c.name.as_str())
        })
        .collect();
    orderhub_domain::routing::named(&names, answer)
        .map(|id| id.map(str::to_owned))
        .map_err(|e| format!("{e} ({})", category.name))
}

fn jobs(catalogue: &Catalogue, orders: &[&mut OrderSnapshot]) -> Vec<Job> {
    let mut jobs = Vec::new();
    // intake's usual case: no line is classified a second time for nothing
    if catalogue
        .categories
        .values()
        .all(|c| c.route_script.is_none())
    {
        return jobs;
    }
    for (o, order) in orders.iter().enumerate() {
        if order.bound_to.is_some() {
            continue;
        }
        for (l, line) in order.lines.iter().enumerate() {
            if line.no_task || line.preferred.is_some() {
                continue;
            }
            let found = category_of(
                catalogue,
                line.category_id.as_deref(),
                line.category_ref.as_deref(),
                &line.title,
            );
            let Some(category) = found.ok().and_then(|id| catalogue.categories.get(&id)) else {
                continue;
            };
            // a line made in steps is routed step by step, in their categories
            let Some(script) = category
                .route_script
                .clone()
                .filter(|_| category.steps.is_empty())
            else {
                continue;
            };
            jobs.push(Job {
                order: o,
                line: l,
                category: category.id.clone(),
                script,
                inputs: super::scripts::seen(order, line, category)
                    .into_iter()
                    .chain([("suppliers", candidates(category))])
                    .collect(),
            });
        }
    }
    jobs
}

/// Each job's answer; a category whose script failed is not run again in
/// this release.
fn run(jobs: &[Job]) -> Vec<Result<Outcome, String>> {
    let mut engine = Engine::new(Limits::default());
    let mut broken: HashMap<&str, String> = HashMap::new();
    jobs.iter()
        .map(|job| {
            if let Some(why) = broken.get(job.category.as_str()) {
                return Err(why.clone());
            }
            let inputs: Vec<(&str, &Value)> = job.inputs.iter().map(|(k, v)| (*k, v)).collect();
            let out = engine.run(&job.script, &inputs).map_err(|e| e.to_string());
            if let Err(e) = &out {
                broken.insert(&job.category, e.clone());
            }
            out
        })
        .collect()
}

/// A line's title a script rewrote: (order id, line id, line number,
/// the title before, the title after).
pub(crate) type Rewrite = (String, String, i64, String, String);

/// What the route scripts did: the lines whose titles they rewrote, and
/// the `order.flagged` events of those that failed.
#[derive(Default)]
pub(crate) struct Picked {
    pub rewritten: Vec<Rewrite>,
    pub flags: Vec<Vec<Arg>>,
}

/// Applies one answer to its line: text names the supplier; a map may
/// move the line to another category (`category`, by id or name), rewrite
/// its title (`title`) and name the supplier (`supplier`, among the
/// line's category after the move). Returns the rewrite, if any.
fn apply(
    catalogue: &Catalogue,
    order_id: &str,
    line: &mut LineSnapshot,
    category: &str,
    out: Outcome,
) -> Result<Option<Rewrite>, String> {
    let Some(mut fields) = out.fields else {
        let category = &catalogue.categories[category];
        line.preferred = named(category, &out.result)?;
        return Ok(None);
    };
    if let Some(unknown) = fields
        .keys()
        .find(|k| !["category", "title", "supplier"].contains(&k.as_str()))
    {
        return Err(format!("{unknown:?} is none of category, title, supplier"));
    }
    let mut category = category.to_owned();
    if let Some(c) = fields.remove("category").filter(|c| !c.trim().is_empty()) {
        category = resolve_ref(catalogue, c.trim())
            .ok_or_else(|| format!("{c:?} is no category"))?
            .to_owned();
        line.category_id = Some(category.clone());
    }
    let mut rewrite = None;
    if let Some(t) = fields.remove("title") {
        let t = orderhub_domain::validate::required_text(
            "title",
            &t,
            orderhub_domain::validate::limits::SHORT,
        )
        .map_err(|e| format!("the title: {}", e.detail))?;
        if t != line.title {
            let before = std::mem::replace(&mut line.title, t.clone());
            rewrite = Some((
                order_id.to_owned(),
                line.id.clone(),
                line.line_no,
                before,
                t,
            ));
        }
    }
    if let Some(s) = fields.remove("supplier") {
        line.preferred = named(&catalogue.categories[&category], &s)?;
    }
    Ok(rewrite)
}

/// Runs the route scripts of `orders`' lines: each line's preferred
/// supplier, and a category or title the script gives.
pub(crate) async fn pick(catalogue: &Catalogue, orders: &mut [&mut OrderSnapshot]) -> Picked {
    let jobs = jobs(catalogue, orders);
    if jobs.is_empty() {
        return Picked::default();
    }
    let (jobs, answers) = tokio::task::spawn_blocking(move || {
        let answers = run(&jobs);
        (jobs, answers)
    })
    .await
    .unwrap_or_default();
    let actor = Actor {
        label: "orderhub:script".into(),
        party: orderhub_domain::Party::Operator,
    };
    let mut picked = Picked::default();
    for (job, answer) in jobs.iter().zip(answers) {
        let Some(name) = catalogue
            .categories
            .get(&job.category)
            .map(|c| c.name.clone())
        else {
            continue;
        };
        let order = &mut orders[job.order];
        let line = &mut order.lines[job.line];
        match answer.and_then(|out| apply(catalogue, &order.id, line, &job.category, out)) {
            Ok(rewrite) => picked.rewritten.extend(rewrite),
            Err(why) => picked.flags.push(
                NewEvent::order(&order.id, EventKind::OrderFlagged)
                    .details(json!({
                        "reason": format!("the route script of {name} failed; the rotation chose the supplier"),
                        "script_error": why,
                        "category": name,
                    }))
                    .row(&actor),
            ),
        }
    }
    picked
}

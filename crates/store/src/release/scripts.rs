//! SKU scripts at release: for each new task whose category has a script,
//! the script writes the SKU (`orderhub_script`, sandboxed, limited). It
//! runs on a blocking thread, never on the server's async ones. A script
//! that fails — an error, a loop stopped, a result that is not a SKU, a
//! SKU taken — never stops the order: its task keeps the template's SKU
//! and the order is flagged (`order.flagged`, with why) for a person.

use crate::events::NewEvent;
use crate::rows::Arg;
use orderhub_domain::model::{Actor, EventKind};
use orderhub_domain::release::{
    Catalogue, CategorySnapshot, LineSnapshot, OrderSnapshot, Plan, Request,
};
use orderhub_script::{Engine, Limits};
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};

/// A SKU's length, at most.
const MAX_SKU: usize = 64;

/// One task's script and what it reads.
struct Job {
    task: usize,
    category: String,
    script: String,
    inputs: Vec<(&'static str, Value)>,
}

/// A script's output as a SKU: trimmed, 1–64 characters, no spaces.
fn as_sku(out: &str) -> Result<String, String> {
    let sku = out.trim();
    let ok = !sku.is_empty()
        && sku.chars().count() <= MAX_SKU
        && !sku.chars().any(|c| c.is_whitespace() || c.is_control());
    match ok {
        true => Ok(sku.to_owned()),
        false => Err(format!(
            "{sku:?} is not a SKU (1–{MAX_SKU} characters, no spaces)"
        )),
    }
}

/// The jobs of `plan`: its tasks whose category has a script, except the
/// lines in `skip` (their script's SKU was taken last round).
fn jobs(
    catalogue: &Catalogue,
    requests: &[Request<'_>],
    plan: &Plan,
    skip: &HashSet<String>,
) -> Vec<Job> {
    let orders: HashMap<&str, _> = requests
        .iter()
        .map(|r| (r.order.id.as_str(), r.order))
        .collect();
    plan.tasks
        .iter()
        .enumerate()
        .filter(|(_, t)| !skip.contains(&t.line_id))
        .filter_map(|(i, t)| {
            let category = catalogue.categories.get(&t.category_id)?;
            let script = category.sku_script.clone()?;
            let order = orders.get(t.order_id.as_str())?;
            let line = order.lines.iter().find(|l| l.id == t.line_id)?;
            Some(Job {
                task: i,
                category: category.name.clone(),
                script,
                inputs: seen(order, line, category)
                    .into_iter()
                    .chain([
                        ("supplier", json!({"id": t.supplier_id, "code": category.codes.get(&t.supplier_id)})),
                        ("sku", json!(t.sku)),
                    ])
                    .collect(),
            })
        })
        .collect()
}

/// What every script of a category reads of the order and the line.
pub(super) fn seen(
    order: &OrderSnapshot,
    line: &LineSnapshot,
    category: &CategorySnapshot,
) -> [(&'static str, Value); 3] {
    [
        (
            "order",
            json!({"number": order.number, "platform": order.platform, "customer_name": order.customer}),
        ),
        (
            "line",
            json!({"title": line.title, "quantity": line.quantity, "line_no": line.line_no, "personalised": line.personalised}),
        ),
        (
            "category",
            json!({"name": category.name, "prefix": category.prefix}),
        ),
    ]
}

/// Runs the jobs on a blocking thread: a category whose script failed is
/// not run again in this plan (its other tasks fall back at once).
fn run(jobs: Vec<Job>) -> Vec<(usize, String, Result<String, String>)> {
    let mut engine = Engine::new(Limits::default());
    let mut broken: HashMap<String, String> = HashMap::new();
    let mut drawn: HashSet<String> = HashSet::new();
    jobs.into_iter()
        .map(|job| {
            if let Some(why) = broken.get(&job.category) {
                return (job.task, job.category, Err(why.clone()));
            }
            let inputs: Vec<(&str, &Value)> = job.inputs.iter().map(|(k, v)| (*k, v)).collect();
            // a random SKU drawn twice in one release is drawn again
            let mut result = Err(String::new());
            for _ in 0..3 {
                result = engine
                    .run(&job.script, &inputs)
                    .map_err(|e| e.to_string())
                    .and_then(|o| match o.fields {
                        Some(_) => Err("a SKU script gives text, not a map".to_owned()),
                        None => as_sku(&o.result),
                    });
                match &result {
                    Ok(sku) if drawn.contains(sku) => continue,
                    _ => break,
                }
            }
            if let Ok(sku) = &result
                && !drawn.insert(sku.clone())
            {
                result = Err(format!("the script gave {sku} for two tasks"));
            }
            if let Err(e) = &result {
                broken.insert(job.category.clone(), e.clone());
            }
            (job.task, job.category, result)
        })
        .collect()
}

/// Gives `plan`'s tasks their scripts' SKUs; returns the `order.flagged`
/// events of the scripts that failed.
pub(crate) async fn apply(
    catalogue: &Catalogue,
    requests: &[Request<'_>],
    plan: &mut Plan,
    skip: &HashSet<String>,
) -> Vec<Vec<Arg>> {
    let jobs = jobs(catalogue, requests, plan, skip);
    let mut flags = Vec::new();
    if jobs.is_empty() && skip.is_empty() {
        return flags;
    }
    let results = match jobs.is_empty() {
        true => Vec::new(),
        false => tokio::task::spawn_blocking(move || run(jobs))
            .await
            .unwrap_or_default(),
    };
    let actor = Actor {
        label: "orderhub:script".into(),
        party: orderhub_domain::Party::Operator,
    };
    for (i, category, result) in results {
        let task = &mut plan.tasks[i];
        match result {
            Ok(sku) => {
                for e in plan
                    .events
                    .iter_mut()
                    .filter(|e| e.task_id.as_deref() == Some(task.id.as_str()))
                {
                    if e.details.get("sku").is_some() {
                        e.details["sku"] = json!(sku);
                    }
                }
                task.sku = sku;
            }
            Err(why) => flags.push(flag(&task.order_id, &category, &task.sku, &why, &actor)),
        }
    }
    for t in plan.tasks.iter().filter(|t| skip.contains(&t.line_id)) {
        let why = "the script's SKU was taken";
        let name = catalogue
            .categories
            .get(&t.category_id)
            .map_or("", |c| c.name.as_str());
        flags.push(flag(&t.order_id, name, &t.sku, why, &actor));
    }
    flags
}

fn flag(order: &str, category: &str, fallback: &str, why: &str, actor: &Actor) -> Vec<Arg> {
    NewEvent::order(order, EventKind::OrderFlagged)
        .details(json!({
            "reason": format!("the SKU script of {category} failed; the template's SKU {fallback} was used"),
            "script_error": why,
            "category": category,
        }))
        .row(actor)
}

#[cfg(test)]
mod tests {
    use super::as_sku;

    #[test]
    fn a_sku_is_one_word_of_at_most_64_characters() {
        assert_eq!(as_sku(" MUG-AL-0427 ").unwrap(), "MUG-AL-0427");
        assert!(as_sku("").is_err());
        assert!(as_sku("MUG AL").is_err());
        assert!(as_sku(&"X".repeat(65)).is_err());
    }
}

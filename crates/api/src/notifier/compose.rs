//! What a notice says, in its reader's language and time zone: a title,
//! a few lines a supplier can act on without opening anything (product,
//! quantity, personalisation, due date, where to pick it), and the page
//! to open. The same words serve e-mail, robots and the inbox.
//!
//! A notice carries no buyer's name or address: robots post into group
//! chats, and the card in orderhub has what the work needs.

use crate::web::i18n::{Arg, Lang};
use crate::web::zone::Zone;
use orderhub_domain::Scope;
use orderhub_domain::model::{Event, EventKind, Order, Task};
use orderhub_domain::notify::Topic;
use orderhub_store::Store;
use serde_json::Value;

/// A notice, written.
#[derive(Debug, Clone)]
pub struct Note {
    pub title: String,
    pub lines: Vec<String>,
    /// The page to open, from the site's root (`/tasks/…`).
    pub path: Option<String>,
}

/// The words of a notice about `event` (or, without one, `details`: a
/// digest's figures).
pub async fn compose(
    store: &Store,
    topic: Topic,
    event: Option<&Event>,
    details: Option<&Value>,
    lang: Lang,
    zone: &Zone,
) -> Note {
    let Some(event) = event else {
        return digest(details.unwrap_or(&Value::Null), lang);
    };
    let task = match &event.task_id {
        Some(id) => store.get_task(id, &Scope::All).await.ok(),
        None => None,
    };
    let order = match &event.order_id {
        Some(id) => store.get_order(id, &Scope::All).await.ok(),
        None => None,
    };
    let number = order
        .as_ref()
        .map_or("?".into(), |o| o.external_number.clone());
    let sku = task.as_ref().map_or("?".into(), |t| t.sku.clone());
    let d = &event.details;
    let title = match (topic, event.kind) {
        (Topic::TaskOverdue, _) if d["what"] == "ship" => {
            lang.fill("notify-overdue_ship", &[("sku", Arg::from(sku.as_str()))])
        }
        (Topic::TaskOverdue, _) => lang.fill(
            "notify-overdue_accept",
            &[
                ("sku", Arg::from(sku.as_str())),
                ("hours", Arg::from(d["hours"].as_i64().unwrap_or(0))),
            ],
        ),
        (Topic::Amendment, _) => lang.fill("notify-amendment", &[("sku", Arg::from(sku.as_str()))]),
        (Topic::CaseOpened, _) => lang.fill(
            "notify-case_opened",
            &[
                ("sku", Arg::from(sku.as_str())),
                ("kind", Arg::from(case_kind(lang, d["kind"].as_str()))),
            ],
        ),
        (Topic::ApprovalWaiting, _) => lang.fill(
            "notify-approval_waiting",
            &[("number", Arg::from(number.as_str()))],
        ),
        (_, EventKind::OrderFlagged) => lang.fill(
            "notify-order_flagged",
            &[("number", Arg::from(number.as_str()))],
        ),
        (_, EventKind::RuleFired) => lang.fill(
            "notify-rule",
            &[
                ("rule", Arg::from(d["rule_name"].as_str().unwrap_or(""))),
                ("number", Arg::from(number.as_str())),
            ],
        ),
        (_, EventKind::LineUnrouted) => lang.fill(
            "notify-line_unrouted",
            &[("number", Arg::from(number.as_str()))],
        ),
        (_, EventKind::OrderFulfilmentFailed) => lang.fill(
            "notify-fulfilment_failed",
            &[("number", Arg::from(number.as_str()))],
        ),
        (Topic::OrderAttention, _) => lang.fill(
            "notify-order_held",
            &[("number", Arg::from(number.as_str()))],
        ),
        _ => lang.fill("notify-task_assigned", &[("sku", Arg::from(sku.as_str()))]),
    };
    let mut lines = match (&task, &order) {
        (Some(t), Some(o)) => task_lines(t, o, lang, zone),
        (None, Some(o)) => vec![lang.fill(
            "notify-line-order",
            &[
                ("platform", Arg::from(o.platform.as_str())),
                ("number", Arg::from(o.external_number.as_str())),
            ],
        )],
        _ => Vec::new(),
    };
    if let Some(message) = d["notify"].as_str() {
        lines.insert(0, message.to_owned());
    }
    for key in ["reason", "error", "detail", "script_error"] {
        if let Some(text) = d[key].as_str().filter(|t| !t.is_empty()) {
            lines.push(lang.fill("notify-line-reason", &[("reason", Arg::from(text))]));
        }
    }
    // which checks hold it, in the reader's words (the event's problems
    // are sentences for the log)
    for check in d["checks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        lines.push(lang.t(&format!("review-check-{check}")).to_owned());
    }

    let path = match (&event.task_id, &event.order_id) {
        (Some(t), _) if topic != Topic::OrderAttention => Some(format!("/tasks/{t}")),
        (_, Some(o)) => Some(format!("/orders/{o}")),
        _ => None,
    };
    Note { title, lines, path }
}

/// An after-sales case's kind in the reader's words.
fn case_kind(lang: Lang, kind: Option<&str>) -> &'static str {
    match kind {
        Some(k) => lang.lookup(&format!("case-kind-{k}")).unwrap_or("?"),
        None => "?",
    }
}

/// What a supplier needs to do the work.
fn task_lines(t: &Task, o: &Order, lang: Lang, zone: &Zone) -> Vec<String> {
    let line = o.lines.iter().find(|l| l.id == t.line_id);
    let mut out = Vec::new();
    if let Some(l) = line {
        out.push(lang.fill(
            "notify-line-product",
            &[("title", Arg::from(l.title.as_str()))],
        ));
    }
    out.push(lang.fill(
        "notify-line-quantity",
        &[("quantity", Arg::from(t.quantity))],
    ));
    for (field, value) in line
        .map(|l| crate::web::pages::customization(l.customization.as_ref()))
        .unwrap_or_default()
    {
        let text = match field.is_empty() || field.chars().all(|c| c.is_ascii_digit()) {
            true => value,
            false => format!("{field}: {value}"),
        };
        out.push(lang.fill("notify-line-personalization", &[("text", Arg::from(text))]));
    }
    if let Some(due) = t.due_at {
        out.push(lang.fill("notify-line-due", &[("due", Arg::from(zone.show(due)))]));
    }
    if let Some(location) = &t.from_stock {
        out.push(lang.fill(
            "notify-line-stock",
            &[("location", Arg::from(location.as_str()))],
        ));
    }
    if let Some(step) = &t.step {
        out.push(lang.fill(
            "notify-line-step",
            &[("step", Arg::from(step.no)), ("steps", Arg::from(step.of))],
        ));
    }
    out.push(lang.fill(
        "notify-line-order",
        &[
            ("platform", Arg::from(o.platform.as_str())),
            ("number", Arg::from(o.external_number.as_str())),
        ],
    ));
    out
}

/// A digest: the figures the job counted.
fn digest(d: &Value, lang: Lang) -> Note {
    let n = |k: &str| Arg::from(d[k].as_i64().unwrap_or(0));
    let mut lines = vec![
        lang.fill("notify-digest-to_accept", &[("count", n("to_accept"))]),
        lang.fill("notify-digest-in_work", &[("count", n("in_work"))]),
        lang.fill("notify-digest-late", &[("count", n("late"))]),
    ];
    if d.get("held").is_some() {
        lines.push(lang.fill("notify-digest-held", &[("count", n("held"))]));
    }
    Note {
        title: lang.fill(
            "notify-digest",
            &[("day", Arg::from(d["day"].as_str().unwrap_or("")))],
        ),
        lines,
        path: Some(d["path"].as_str().unwrap_or("/").to_owned()),
    }
}

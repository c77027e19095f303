//! Automation history: every routing decision, newest first — which
//! supplier got the line, by which strategy, and why each other candidate
//! was passed over — read from the events the routing wrote.

use super::catalog::unless_staff;
use super::i18n::Lang;
use super::{Layout, Session};
use crate::AppState;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use orderhub_domain::model::Event;
use serde_json::Value;

struct Decision {
    when: String,
    order_id: String,
    line_no: String,
    outcome: String,
    strategy: &'static str,
    cause: &'static str,
    candidates: Vec<(String, bool, String)>,
    /// Why the category's minimum on-time rate was not applied, if so.
    waived: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "history.html")]
struct HistoryPage {
    layout: Layout,
    rows: Vec<Decision>,
    next: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct HistoryQuery {
    #[serde(default)]
    cursor: String,
}

pub async fn history(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Query(query): Query<HistoryQuery>,
) -> Result<Response, ApiError> {
    if let Some(redirect) = unless_staff(&p) {
        return Ok(redirect);
    }
    let cursor = Some(query.cursor.as_str()).filter(|c| !c.is_empty());
    let page = s.store.routing_history(50, cursor).await?;
    let lang = layout.lang;
    Ok(HistoryPage {
        rows: page
            .items
            .iter()
            .map(|e| decision(lang, &layout.zone, e))
            .collect(),
        next: page.next_cursor.map(|c| format!("/automation?cursor={c}")),
        layout,
    }
    .into_response())
}

fn text(v: &Value, key: &str) -> String {
    match &v[key] {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A rule that fired: which, at which version, and each condition with
/// what it found.
fn firing(lang: Lang, zone: &super::zone::Zone, e: &Event) -> Decision {
    let d = &e.details;
    let rule = lang.fill(
        "history-rule",
        &[
            ("rule", text(d, "rule_name").into()),
            ("version", d["version"].as_i64().unwrap_or(1).into()),
        ],
    );
    let actions: Vec<String> = d["actions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| lang.t(&format!("action-{}", text(a, "do"))).to_owned())
        .collect();
    Decision {
        when: zone.show_seconds(e.created_at),
        order_id: e.order_id.clone().unwrap_or_default(),
        line_no: String::new(),
        outcome: format!("{rule}: {}", actions.join(", ")),
        strategy: "",
        cause: lang.t("history-rule_cause"),
        candidates: d["why"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|w| w.as_str())
            .map(|w| (w.to_owned(), true, String::new()))
            .collect(),
        waived: "",
    }
}

/// A line filed under a category: by whom, and how sure the classifier was.
fn filing(lang: Lang, zone: &super::zone::Zone, e: &Event) -> Decision {
    let d = &e.details;
    let outcome = lang.fill(
        "history-filed",
        &[
            ("title", text(d, "title").into()),
            ("category", text(d, "category_name").into()),
        ],
    );
    let how = lang.t(&format!("filed_by-{}", text(d, "by")));
    let sure = d["confidence"]
        .as_f64()
        .map(|c| format!(" ({} %)", (c * 100.0).floor()))
        .unwrap_or_default();
    Decision {
        when: zone.show_seconds(e.created_at),
        order_id: e.order_id.clone().unwrap_or_default(),
        line_no: text(d, "line_no"),
        outcome: format!("{outcome} — {how}{sure}"),
        strategy: "",
        cause: lang.t("history-filed_cause"),
        candidates: Vec::new(),
        waived: "",
    }
}

fn decision(lang: Lang, zone: &super::zone::Zone, e: &Event) -> Decision {
    match e.kind {
        orderhub_domain::model::EventKind::RuleFired => return firing(lang, zone, e),
        orderhub_domain::model::EventKind::LineCategorised => return filing(lang, zone, e),
        _ => {}
    }
    let d = &e.details;
    let chosen = text(d, "supplier_id");
    let candidates: Vec<(String, bool, String)> = d["candidates"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            let skipped = match c["skipped"].as_str() {
                Some("below_on_time") => lang.fill(
                    "skipped-below_on_time",
                    &[
                        ("rate", text(c, "on_time_30d").into()),
                        ("min", text(d, "min_on_time").into()),
                    ],
                ),
                Some("too_late") if c["ready_on"].is_string() => {
                    lang.fill("skipped-too_late", &[("ready", text(c, "ready_on").into())])
                }
                Some("too_late") => lang.t("skipped-too_late_year").to_owned(),
                Some(s) => lang.t(&format!("skipped-{s}")).to_owned(),
                None if c["ready_on"].is_string() => {
                    lang.fill("history-ready_on", &[("ready", text(c, "ready_on").into())])
                }
                None => String::new(),
            };
            (text(c, "name"), text(c, "supplier_id") == chosen, skipped)
        })
        .collect();
    let outcome = if e.kind == orderhub_domain::model::EventKind::LineUnrouted {
        format!("{}: {}", lang.t("order-unrouted"), text(d, "detail"))
    } else {
        let name = candidates
            .iter()
            .find(|c| c.1)
            .map(|c| c.0.clone())
            .unwrap_or_default();
        format!("{name} · {}", text(d, "sku"))
    };
    let strategy = match text(d, "strategy").as_str() {
        "" => "",
        s => lang.t(&format!("strategy-{s}")),
    };
    let cause = match text(d, "cause").as_str() {
        "rejection" => lang.t("history-after_rejection"),
        "release" => lang.t("history-release"),
        _ => "",
    };
    Decision {
        when: zone.show_seconds(e.created_at),
        order_id: e.order_id.clone().unwrap_or_default(),
        line_no: text(d, "line_no"),
        outcome,
        strategy,
        cause,
        candidates,
        waived: match d["min_on_time_waived"].as_bool() {
            Some(true) => lang.t("history-min_waived"),
            _ => "",
        },
    }
}

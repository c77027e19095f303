//! Automation rules in the web app (`/rules`): the list, a form to write
//! one (trigger, up to five conditions, the actions), and each rule's page
//! to change it, with its versions. What fired is on `/automation`.

use super::flash::{self, Flash, back_to};
use super::posted::{Posted, checked, field, text};
use super::{Layout, Session};
use crate::AppState;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use orderhub_domain::Capability;
use orderhub_domain::model::Priority;
use orderhub_domain::rules::{
    Condition, NewRule, Rule, RuleAction, RuleField, RuleOp, RuleTrigger, RuleVersion,
};
use std::collections::HashMap;

/// Condition rows the form offers.
const ROWS: usize = 5;

#[derive(Template, WebTemplate)]
#[template(path = "rules.html")]
struct RulesPage {
    layout: Layout,
    rules: Vec<Rule>,
    /// The rule being changed (its page), else a new one.
    editing: Option<Rule>,
    versions: Vec<RuleVersion>,
    /// Every supplier (id, name), for "route to supplier".
    suppliers: Vec<(String, String)>,
}

impl RulesPage {
    fn action_name(&self, a: &RuleAction) -> String {
        let t = |k: &str| self.layout.t(k);
        match a {
            RuleAction::SetPriority { priority } => format!(
                "{} ({})",
                t("action-set_priority"),
                t(&format!("priority-{priority}"))
            ),
            RuleAction::Hold { reason } => format!("{}: {reason}", t("action-hold")),
            RuleAction::RouteToCategory { category } => {
                format!("{}: {category}", t("action-route_to_category"))
            }
            RuleAction::RouteToSupplier { supplier } => {
                let name = self
                    .suppliers
                    .iter()
                    .find(|(id, _)| id == supplier)
                    .map_or(supplier.as_str(), |(_, n)| n.as_str());
                format!("{}: {name}", t("action-route_to_supplier"))
            }
            RuleAction::AddTag { tag } => format!("{}: {tag}", t("action-add_tag")),
            RuleAction::Notify { message } => format!("{}: {message}", t("action-notify")),
            RuleAction::Webhook => t("action-webhook").to_owned(),
        }
    }

    fn condition_text(&self, c: &Condition) -> String {
        format!(
            "{} {} {}",
            self.layout.t(&format!("rule-field-{}", c.field)),
            self.layout.t(&format!("rule-op-{}", c.op)),
            c.value
        )
    }

    /// The value of `name` in the form: typed before a refusal, else the
    /// rule's own, else empty.
    fn value(&self, name: &str) -> String {
        let stored = self
            .editing
            .as_ref()
            .map(|r| stored(r, name))
            .unwrap_or_default();
        self.layout.typed_or("rule", name, &stored).to_owned()
    }

    fn rows(&self) -> std::ops::Range<usize> {
        0..ROWS
    }

    fn fields(&self) -> &'static [RuleField] {
        RuleField::ALL
    }

    fn ops(&self) -> &'static [RuleOp] {
        RuleOp::ALL
    }

    fn triggers(&self) -> &'static [RuleTrigger] {
        RuleTrigger::ALL
    }

    fn refusal(&self) -> &str {
        self.layout.flash.as_ref().map_or("", |f| f.text.as_str())
    }

    fn refused(&self, name: &str) -> bool {
        self.layout
            .flash
            .as_ref()
            .is_some_and(|f| f.field == name || f.field.starts_with(&format!("{name}[")))
    }
}

/// A rule's value for form field `name`.
fn stored(r: &Rule, name: &str) -> String {
    let action = |pick: fn(&RuleAction) -> Option<String>| {
        r.actions.iter().find_map(pick).unwrap_or_default()
    };
    let row = |prefix: &str| {
        name.strip_prefix(prefix)
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|i| r.conditions.get(i))
    };
    match name {
        "name" => r.name.clone(),
        "trigger" => r.trigger.to_string(),
        "position" => r.position.to_string(),
        "active" => {
            if r.active {
                "1".into()
            } else {
                String::new()
            }
        }
        "priority" => action(|a| match a {
            RuleAction::SetPriority { priority } => Some(priority.to_string()),
            _ => None,
        }),
        "hold" => action(|a| match a {
            RuleAction::Hold { reason } => Some(reason.clone()),
            _ => None,
        }),
        "category" => action(|a| match a {
            RuleAction::RouteToCategory { category } => Some(category.clone()),
            _ => None,
        }),
        "tag" => action(|a| match a {
            RuleAction::AddTag { tag } => Some(tag.clone()),
            _ => None,
        }),
        "supplier" => action(|a| match a {
            RuleAction::RouteToSupplier { supplier } => Some(supplier.clone()),
            _ => None,
        }),
        "notify" => action(|a| match a {
            RuleAction::Notify { message } => Some(message.clone()),
            _ => None,
        }),
        "webhook" => action(|a| matches!(a, RuleAction::Webhook).then(|| "1".to_owned())),
        _ if name.starts_with("cf") => row("cf").map(|c| c.field.to_string()).unwrap_or_default(),
        _ if name.starts_with("co") => row("co").map(|c| c.op.to_string()).unwrap_or_default(),
        _ if name.starts_with("cv") => row("cv").map(|c| c.value.clone()).unwrap_or_default(),
        _ => String::new(),
    }
}

/// The form's names, for keeping what was typed.
fn names() -> Vec<String> {
    let mut n: Vec<String> = [
        "name", "trigger", "position", "active", "priority", "hold", "category", "supplier", "tag",
        "notify", "webhook",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for i in 0..ROWS {
        n.extend([format!("cf{i}"), format!("co{i}"), format!("cv{i}")]);
    }
    n
}

/// The rule the form describes; a field that is none of its choices is
/// refused on that field.
fn rule_of(form: &HashMap<String, String>) -> Result<NewRule, ApiError> {
    let bad = |name: &str| {
        ApiError::new(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            orderhub_domain::ErrorCode::InvalidValue,
            "not one of the choices",
        )
        .field(name)
    };
    let trigger = RuleTrigger::parse(field(form, "trigger")).ok_or_else(|| bad("trigger"))?;
    let mut conditions = Vec::new();
    for i in 0..ROWS {
        let (f, o, v) = (
            field(form, &format!("cf{i}")),
            field(form, &format!("co{i}")),
            field(form, &format!("cv{i}")),
        );
        if f.is_empty() && v.is_empty() {
            continue;
        }
        conditions.push(Condition {
            field: RuleField::parse(f)
                .ok_or_else(|| bad(&format!("conditions[{}]", conditions.len())))?,
            op: RuleOp::parse(o)
                .ok_or_else(|| bad(&format!("conditions[{}]", conditions.len())))?,
            value: v.to_owned(),
        });
    }
    let mut actions = Vec::new();
    if let Some(p) = text(form, "priority") {
        actions.push(RuleAction::SetPriority {
            priority: Priority::parse(&p).ok_or_else(|| bad("priority"))?,
        });
    }
    if let Some(reason) = text(form, "hold") {
        actions.push(RuleAction::Hold { reason });
    }
    if let Some(category) = text(form, "category") {
        actions.push(RuleAction::RouteToCategory { category });
    }
    if let Some(tag) = text(form, "tag") {
        actions.push(RuleAction::AddTag { tag });
    }
    if let Some(supplier) = text(form, "supplier") {
        actions.push(RuleAction::RouteToSupplier { supplier });
    }
    if let Some(message) = text(form, "notify") {
        actions.push(RuleAction::Notify { message });
    }
    if text(form, "webhook").is_some() {
        actions.push(RuleAction::Webhook);
    }
    Ok(NewRule {
        name: field(form, "name").to_owned(),
        trigger,
        conditions,
        actions,
        active: Some(text(form, "active").is_some()),
        position: Some(field(form, "position").parse().unwrap_or(0)),
    })
}

async fn suppliers(s: &AppState) -> Result<Vec<(String, String)>, ApiError> {
    let mut all: Vec<(String, String)> = s
        .store
        .list_suppliers()
        .await?
        .into_iter()
        .map(|x| (x.id, x.name))
        .collect();
    all.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(all)
}

fn staff(p: &crate::auth::Principal) -> bool {
    p.require(Capability::ManageRules).is_ok()
}

pub async fn rules(
    State(s): State<AppState>,
    Session(p, layout): Session,
) -> Result<Response, ApiError> {
    if !staff(&p) {
        return Ok(Redirect::to("/").into_response());
    }
    let rules = s.store.list_rules().await?;
    Ok(RulesPage {
        layout,
        rules,
        editing: None,
        versions: Vec::new(),
        suppliers: suppliers(&s).await?,
    }
    .into_response())
}

pub async fn rule(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    if !staff(&p) {
        return Ok(Redirect::to("/").into_response());
    }
    let Some(rule) = super::found(s.store.get_rule(&id).await)? else {
        return Ok(super::not_found(layout));
    };
    let versions = s.store.rule_versions(&id).await?;
    Ok(RulesPage {
        layout,
        rules: Vec::new(),
        editing: Some(rule),
        versions,
        suppliers: suppliers(&s).await?,
    }
    .into_response())
}

/// Saves a new rule, or (with `id`) the rule's next version; pauses,
/// resumes or removes it (`action`).
async fn save(
    s: &AppState,
    headers: &HeaderMap,
    p: &crate::auth::Principal,
    layout: &Layout,
    id: Option<&str>,
    posted: Posted,
) -> Result<Response, ApiError> {
    let form = checked(s, headers, layout, posted)?;
    let back = id.map_or("/rules".to_owned(), |i| format!("/rules/{i}"));
    if let (Some(id), "delete") = (id, field(&form, "action")) {
        if field(&form, "confirm").is_empty() {
            let ask = Flash::warning(layout.t("automation-confirm_delete"));
            return Ok(flash::redirect(s, layout, &back, ask));
        }
        s.store.delete_rule(&p.actor, id).await?;
        return Ok(flash::redirect(
            s,
            layout,
            "/rules",
            Flash::done(layout.t("automation-deleted")),
        ));
    }
    let result = match rule_of(&form).and_then(|r| r.validate().map_err(ApiError::from)) {
        Err(e) => Err(e),
        Ok(rule) => match id {
            Some(id) => s
                .store
                .update_rule(&p.actor, id, rule)
                .await
                .map_err(ApiError::from),
            None => s
                .store
                .create_rule(&p.actor, rule)
                .await
                .map_err(ApiError::from),
        },
    };
    let names = names();
    let kept: Vec<(&str, &str)> = names
        .iter()
        .map(|n| (n.as_str(), field(&form, n)))
        .collect();
    let done = |r: &Rule| {
        Flash::done(format!(
            "{} ({} {})",
            r.name,
            layout.t("automation-saved"),
            r.version
        ))
    };
    back_to(s, layout, &back, result, done, |f| f.keeping("rule", kept))
}

pub async fn create(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    if !staff(&p) {
        return Ok(Redirect::to("/").into_response());
    }
    save(&s, &headers, &p, &layout, None, posted).await
}

pub async fn update(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    if !staff(&p) {
        return Ok(Redirect::to("/").into_response());
    }
    save(&s, &headers, &p, &layout, Some(&id), posted).await
}

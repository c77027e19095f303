//! `/review/rules`: the approval rules, which admins add and switch on
//! and off (`orderhub_domain::review::ApprovalRule` holds what a rule is).

use super::flash::{Flash, back_to};
use super::review::{approver, rule_sentence};
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use orderhub_domain::review::{ApprovalRule, NewApprovalRule};
use orderhub_domain::{Capability, Role};
use rust_decimal::Decimal;
use std::str::FromStr;

#[derive(Template, WebTemplate)]
#[template(path = "approval_rules.html")]
struct RulesPage {
    layout: Layout,
    /// (id, sentence, active, the form's values) of each rule.
    rules: Vec<(String, String, bool)>,
    admin: bool,
    roles: Vec<(&'static str, &'static str)>,
}

/// `/review/rules`: the approval rules; admins add and switch them.
pub async fn rules(
    State(s): State<AppState>,
    Session(p, layout): Session,
) -> Result<Response, ApiError> {
    p.require(Capability::ManageOrders)?;
    let lang = layout.lang;
    let rules = s
        .store
        .approval_rules()
        .await?
        .iter()
        .map(|r| (r.id.clone(), rule_sentence(lang, r), r.active))
        .collect();
    Ok(RulesPage {
        admin: p.require(Capability::ManageApprovals).is_ok(),
        roles: [Role::Admin, Role::Operator]
            .iter()
            .map(|r| (r.as_str(), approver(lang, *r)))
            .collect(),
        rules,
        layout,
    }
    .into_response())
}

/// The add-a-rule form.
#[derive(serde::Deserialize)]
pub struct RuleForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    min_amount: String,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    platform: String,
    #[serde(default)]
    customer_email: String,
    #[serde(default)]
    approver: String,
}

const RULE_FORM: &str = "rule";

/// Adds a rule (admins).
pub async fn add_rule(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    axum::Form(form): axum::Form<RuleForm>,
) -> Result<Response, ApiError> {
    check_post(&s, &headers, &layout, &form.csrf)?;
    p.require(Capability::ManageApprovals)?;
    let text = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
    let amount = text(&form.min_amount).map(|a| {
        Decimal::from_str(&a).map_err(|_| {
            ApiError::from(orderhub_domain::ValidationError::new(
                "min_amount",
                orderhub_domain::ErrorCode::InvalidNumber,
                "not a number",
            ))
        })
    });
    let result = match amount.transpose() {
        Ok(min_amount) => s
            .store
            .save_approval_rule(
                None,
                NewApprovalRule {
                    name: form.name.clone(),
                    min_amount,
                    currency: text(&form.currency),
                    platform: text(&form.platform),
                    customer_email: text(&form.customer_email),
                    approver: Role::parse(&form.approver),
                    active: None,
                },
            )
            .await
            .map_err(ApiError::from),
        Err(e) => Err(e),
    };
    let typed = [
        ("name", form.name.as_str()),
        ("min_amount", form.min_amount.as_str()),
        ("currency", form.currency.as_str()),
        ("platform", form.platform.as_str()),
        ("customer_email", form.customer_email.as_str()),
        ("approver", form.approver.as_str()),
    ];
    rule_saved(&s, &layout, result, |f| f.keeping(RULE_FORM, typed))
}

/// Back to the rules, saying the rule was saved or why not.
fn rule_saved(
    s: &AppState,
    layout: &Layout,
    result: Result<ApprovalRule, impl Into<ApiError>>,
    typed: impl FnOnce(Flash) -> Flash,
) -> Result<Response, ApiError> {
    let lang = layout.lang;
    back_to(
        s,
        layout,
        "/review/rules",
        result,
        |r: &ApprovalRule| {
            Flash::done(lang.fill("flash-rule_saved", &[("name", r.name.as_str().into())]))
        },
        typed,
    )
}

/// Switches a rule on or off (admins).
#[derive(serde::Deserialize)]
pub struct SwitchForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    active: String,
}

pub async fn switch_rule(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<SwitchForm>,
) -> Result<Response, ApiError> {
    check_post(&s, &headers, &layout, &form.csrf)?;
    p.require(Capability::ManageApprovals)?;
    let rules = s.store.approval_rules().await?;
    let rule = rules
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| ApiError::not_found("no such approval rule"))?;
    let new = NewApprovalRule {
        name: rule.name,
        min_amount: rule.min_amount,
        currency: rule.currency,
        platform: rule.platform,
        customer_email: rule.customer_email,
        approver: Some(rule.approver),
        active: Some(form.active == "true"),
    };
    let result = s.store.save_approval_rule(Some(&id), new).await;
    rule_saved(&s, &layout, result, |f| f)
}

//! The review gate in the web app: the order page's review card (each
//! check with what it found, the approval and the approver's buttons) and
//! the review queue (held orders, orders waiting for an approver, every
//! pending order); the rules' page is [`super::approval_rules`]. The rules
//! themselves are the domain's (`orderhub_domain::review`).

use super::flash::{Flash, back_to};
use super::i18n::{Arg, Lang};
use super::numbers::money;
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use orderhub_domain::model::Order;
use orderhub_domain::review::{
    ApprovalDecision, ApprovalRule, Awaiting, Check, Decision, Problem, Review,
};
use orderhub_domain::{Capability, OrderStatus, Role};
use orderhub_store::OrderFilter;

/// One check as the card shows it.
pub(super) struct CheckRow {
    pub label: &'static str,
    pub passed: bool,
    pub problems: Vec<String>,
}

/// The order page's review card (staff, pending orders).
pub(super) struct ReviewCard {
    pub checks: Vec<CheckRow>,
    /// The rule that applies, said as a sentence, when one does.
    pub rule: Option<String>,
    pub approved: bool,
    /// The viewer may approve or refuse now.
    pub may_decide: bool,
    /// Some check failed: an operator's release goes past them.
    pub failed: bool,
    /// Waiting for an approver: release is not offered.
    pub awaits_approval: bool,
    /// The order waits to be released by itself once the checks pass.
    pub held: bool,
}

/// The card for `order`, or `None` when the viewer is not staff or the
/// order is no longer pending.
pub(super) async fn card(
    s: &AppState,
    lang: Lang,
    role: Role,
    order: &Order,
) -> Result<Option<ReviewCard>, ApiError> {
    if !role.is_staff() || order.status != OrderStatus::Pending {
        return Ok(None);
    }
    let review = s.store.order_review(&order.id).await?;
    Ok(Some(card_of(lang, role, order, &review)))
}

fn card_of(lang: Lang, role: Role, order: &Order, r: &Review) -> ReviewCard {
    let awaits = r.awaits_approval();
    ReviewCard {
        checks: r
            .findings
            .iter()
            .filter(|f| f.check != Check::Approval)
            .map(|f| CheckRow {
                label: check_label(lang, f.check),
                passed: f.passed,
                problems: f
                    .problems
                    .iter()
                    .map(|p| problem(lang, p, &order.currency))
                    .collect(),
            })
            .collect(),
        rule: r
            .approval_rule
            .as_ref()
            .map(|rule| rule_sentence(lang, rule)),
        approved: r.approved,
        may_decide: awaits
            && r.approval_rule
                .as_ref()
                .is_some_and(|x| x.may_approve(role)),
        failed: r
            .findings
            .iter()
            .any(|f| !f.passed && f.check != Check::Approval),
        awaits_approval: awaits,
        held: !order.hold.is_empty(),
    }
}

/// A check's name in `lang`.
pub(super) fn check_label(lang: Lang, c: Check) -> &'static str {
    lang.t(&format!("review-check-{}", c.as_str()))
}

pub(super) fn approver(lang: Lang, role: Role) -> &'static str {
    lang.t(&format!("role-{}", role.as_str()))
}

/// What a check found, as a sentence in `lang`.
pub(super) fn problem(lang: Lang, p: &Problem, currency: &str) -> String {
    let fill = |key: &str, args: &[(&str, Arg)]| lang.fill(&format!("review-problem-{key}"), args);
    match p {
        Problem::Unpaid { payment_status } => fill(
            "unpaid",
            &[(
                "status",
                lang.t(&format!("payment-{}", payment_status.as_str()))
                    .into(),
            )],
        ),
        Problem::NoAddress => fill("no_address", &[]),
        Problem::AddressIncomplete { missing } => {
            let parts: Vec<&str> = missing
                .iter()
                .map(|m| lang.t(&format!("review-address-{m}")))
                .collect();
            fill(
                "address_incomplete",
                &[("missing", parts.join(", ").into())],
            )
        }
        Problem::NoPrices => fill("no_prices", &[]),
        Problem::BelowSupplyPrice {
            line_no,
            unit_price,
            supply_price,
            product_code,
        } => fill(
            "below_supply_price",
            &[
                ("line", (*line_no).into()),
                ("price", money(lang, *unit_price, currency).into()),
                ("supply", money(lang, *supply_price, currency).into()),
                ("code", product_code.as_str().into()),
            ],
        ),
        Problem::NeedsApproval {
            rule_name,
            approver: role,
            ..
        } => fill(
            "needs_approval",
            &[
                ("rule", rule_name.as_str().into()),
                ("approver", approver(lang, *role).into()),
            ],
        ),
        Problem::ShortStock {
            line_no,
            sku,
            quantity,
            available,
        } => fill(
            "short_stock",
            &[
                ("line", (*line_no).into()),
                ("sku", sku.as_str().into()),
                ("quantity", (*quantity).into()),
                ("available", (*available).into()),
            ],
        ),
        Problem::ShortMaterial {
            sku,
            needed,
            available,
        } => fill(
            "short_material",
            &[
                ("sku", sku.as_str().into()),
                ("needed", (*needed).into()),
                ("available", (*available).into()),
            ],
        ),
        Problem::RuleHold {
            rule_name, reason, ..
        } => fill(
            "rule_hold",
            &[
                ("rule", rule_name.as_str().into()),
                ("reason", reason.as_str().into()),
            ],
        ),
    }
}

/// "Orders of at least ¥10,000.00 · from Shopify · need an admin's approval."
pub(super) fn rule_sentence(lang: Lang, r: &ApprovalRule) -> String {
    let mut when = Vec::new();
    if let (Some(min), Some(c)) = (r.min_amount, r.currency.as_deref()) {
        when.push(lang.fill(
            "rules-when_amount",
            &[("amount", money(lang, min, c).into())],
        ));
    }
    if let Some(p) = &r.platform {
        let platform = super::pages::platform_label(lang, p);
        when.push(lang.fill("rules-when_platform", &[("platform", platform.into())]));
    }
    if let Some(e) = &r.customer_email {
        when.push(lang.fill("rules-when_customer", &[("email", e.as_str().into())]));
    }
    lang.fill(
        "rules-sentence",
        &[
            ("name", r.name.as_str().into()),
            ("when", when.join(" · ").into()),
            ("approver", approver(lang, r.approver).into()),
        ],
    )
}

/// The approver's form.
#[derive(serde::Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    comment: String,
}

/// Approves or refuses an order from its page.
pub async fn decide(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<DecisionForm>,
) -> Result<Response, ApiError> {
    check_post(&s, &headers, &layout, &form.csrf)?;
    p.require(Capability::ManageOrders)?;
    let back = format!("/orders/{id}");
    let Some(decision) = Decision::parse(&form.decision) else {
        let code = orderhub_domain::ErrorCode::InvalidValue;
        return Ok(super::flash::refuse_value(
            &s, &layout, &back, "decision", code,
        ));
    };
    let result = s
        .store
        .decide_approval(
            &p.actor,
            p.role,
            &id,
            ApprovalDecision {
                decision,
                comment: Some(form.comment.clone()),
            },
        )
        .await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &back,
        result,
        |o: &Order| {
            let key = match decision {
                Decision::Approve => "flash-approved",
                Decision::Reject => "flash-approval_refused",
            };
            Flash::done(lang.fill(key, &[("order", o.external_number.as_str().into())]))
        },
        |f| f.keeping("approval", [("comment", form.comment.as_str())]),
    )
}

/// The review queue's filter.
#[derive(serde::Deserialize, Default)]
pub struct QueueQuery {
    #[serde(default)]
    awaiting: String,
}

/// One pending order in the queue.
struct QueueRow {
    id: String,
    number: String,
    customer: String,
    total: String,
    received: String,
    /// The failed checks' names and what each found.
    failed: Vec<(&'static str, Vec<String>)>,
    held: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "review.html")]
struct QueuePage {
    layout: Layout,
    /// (value, label, chosen) of each tab.
    tabs: Vec<(&'static str, &'static str, bool)>,
    rows: Vec<QueueRow>,
    more: bool,
}

/// `/review`: pending orders with what each waits on, the held ones or the
/// ones waiting for an approver first when a tab asks.
pub async fn queue(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Query(q): Query<QueueQuery>,
) -> Result<Response, ApiError> {
    p.require(Capability::ManageOrders)?;
    let lang = layout.lang;
    let awaiting = Awaiting::parse(&q.awaiting);
    let filter = OrderFilter {
        status: Some(OrderStatus::Pending),
        awaiting,
        sort: orderhub_domain::model::Sort::Oldest,
        limit: 50,
        ..OrderFilter::default()
    };
    let page = s.store.list_orders(&filter, &p.scope).await?;
    let mut rows = Vec::with_capacity(page.items.len());
    for o in &page.items {
        let r = s.store.order_review(&o.id).await?;
        rows.push(QueueRow {
            id: o.id.clone(),
            number: o.external_number.clone(),
            customer: o.customer.name.clone(),
            total: o
                .total_amount
                .map(|t| money(lang, t, &o.currency))
                .unwrap_or_default(),
            received: layout.zone.day(o.created_at),
            failed: r
                .findings
                .iter()
                .filter(|f| !f.passed)
                .map(|f| {
                    let found = f.problems.iter().map(|x| problem(lang, x, &o.currency));
                    (check_label(lang, f.check), found.collect())
                })
                .collect(),
            held: !o.hold.is_empty(),
        });
    }
    let tabs = [
        ("", "review-tab-all"),
        ("held", "review-tab-held"),
        ("approval", "review-tab-approval"),
    ]
    .into_iter()
    .map(|(v, key)| (v, lang.t(key), awaiting.map_or("", |a| a.as_str()) == v))
    .collect();
    Ok(QueuePage {
        layout,
        tabs,
        rows,
        more: page.next_cursor.is_some(),
    }
    .into_response())
}

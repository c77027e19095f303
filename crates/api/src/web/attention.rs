//! The order page's "needs attention" card: each reason
//! ([`orderhub_domain::attention`]) as a sentence, with its fixes as
//! links or buttons; and keeping a task as its supplier has it after a
//! refused change.

use super::flash::{Flash, back_to};
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::problem::ApiError;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use orderhub_domain::attention::{Attention, AttentionReason, Fix};
use orderhub_domain::model::Order;
use orderhub_domain::{Capability, ORDER_LIFECYCLE, OrderStatus, Party};

/// A fix as the card offers it.
pub(super) enum FixAction {
    /// A link: (label, href).
    Link(&'static str, String),
    /// A button posting to `action`, with `to` for an order move.
    Post {
        label: &'static str,
        action: String,
        to: Option<&'static str>,
    },
}

/// One reason as the card shows it.
pub(super) struct AttentionRow {
    pub text: String,
    pub fixes: Vec<FixAction>,
}

/// The card's rows for `order` (staff only: a supplier's orders carry no
/// attention).
pub(super) fn rows(layout: &Layout, order: &Order) -> Vec<AttentionRow> {
    order
        .attention
        .iter()
        .map(|a| AttentionRow {
            text: sentence(layout, order, a),
            fixes: a
                .fixes
                .iter()
                .filter_map(|f| fix(layout, order, a, *f))
                .collect(),
        })
        .collect()
}

fn sentence(layout: &Layout, order: &Order, a: &Attention) -> String {
    let lang = layout.lang;
    let sku = a
        .task_id
        .as_ref()
        .and_then(|id| order.tasks.iter().find(|t| &t.id == id))
        .map_or(String::new(), |t| t.sku.clone());
    let since = layout.when(a.since);
    let detail = a.detail.clone().unwrap_or_default();
    let key = format!("attention-{}", a.reason.as_str());
    let detail = match a.reason {
        AttentionReason::NotPaid => lang.t(&format!("payment-{detail}")).to_owned(),
        AttentionReason::Unrouted => order
            .lines
            .iter()
            .find(|l| Some(l.line_no) == a.line_no)
            .and_then(|l| l.unrouted.as_ref())
            .map_or(detail, |u| super::order_page::unrouted_why(lang, u)),
        _ => detail,
    };
    lang.fill(
        &key,
        &[
            ("line", a.line_no.unwrap_or_default().into()),
            ("sku", sku.into()),
            ("since", since.into()),
            ("detail", detail.into()),
        ],
    )
}

fn fix(layout: &Layout, order: &Order, a: &Attention, f: Fix) -> Option<FixAction> {
    let lang = layout.lang;
    let label = lang.t(&format!("fix-{}", f.as_str()));
    let id = &order.id;
    let task = a.task_id.as_deref().unwrap_or_default();
    Some(match f {
        Fix::RouteAgain => {
            let to = OrderStatus::Purchasing;
            ORDER_LIFECYCLE
                .check(order.status, to, Party::Operator)
                .ok()?;
            FixAction::Post {
                label,
                action: format!("/orders/{id}/move"),
                to: Some(to.as_str()),
            }
        }
        Fix::EditOrder => FixAction::Link(label, format!("/orders/{id}/edit")),
        Fix::RecordPayment => FixAction::Link(label, "#payments".into()),
        Fix::CancelOrder => FixAction::Link(label, "#order-actions".into()),
        Fix::OpenTask => FixAction::Link(label, format!("/tasks/{task}")),
        Fix::KeepAsIs => FixAction::Post {
            label,
            action: format!(
                "/tasks/{task}/amendments/{}/keep",
                a.amendment_id.as_deref().unwrap_or_default()
            ),
            to: None,
        },
    })
}

/// The form as posted.
#[derive(serde::Deserialize)]
pub struct KeepForm {
    #[serde(default)]
    csrf: String,
}

/// Keeps a task as its supplier has it after it refused a change.
pub async fn keep(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path((task, amendment)): Path<(String, String)>,
    axum::Form(form): axum::Form<KeepForm>,
) -> Result<Response, ApiError> {
    check_post(&s, &headers, &layout, &form.csrf)?;
    p.require(Capability::ManageOrders)?;
    let result = s.store.keep_refused(&p.actor, &task, &amendment).await;
    let back = match &result {
        Ok(o) => format!("/orders/{}", o.id),
        Err(_) => format!("/tasks/{task}"),
    };
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &back,
        result,
        |_: &Order| Flash::done(lang.t("flash-amend_kept")),
        |f| f,
    )
}

//! The order page's supplier orders (子订单): each supplier's share of the
//! order with its own status and how much of it shipped, shown when the
//! order went to more than one supplier or waits on a supplier's
//! confirmation; and a supplier confirming its share as a whole.

use super::flash::{Flash, back_to};
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::problem::ApiError;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use orderhub_domain::model::Order;
use orderhub_domain::{Capability, Role};
use std::collections::HashMap;

/// One child order as the card lists it.
pub(super) struct ShareRow {
    pub number: String,
    pub supplier: String,
    pub status: &'static str,
    /// "2 of 3 lines shipped".
    pub progress: String,
    /// The button confirming its unconfirmed lines at once: (action, label).
    pub confirm: Option<(String, String)>,
}

/// The card's rows, or none when there is one supplier with nothing to
/// confirm (the tasks table says it all then).
pub(super) fn rows(
    layout: &Layout,
    order: &Order,
    role: Role,
    names: &HashMap<String, String>,
) -> Vec<ShareRow> {
    let lang = layout.lang;
    let waiting = order.supplier_orders.iter().any(|c| c.to_confirm > 1);
    if order.supplier_orders.len() < 2 && !waiting {
        return Vec::new();
    }
    order
        .supplier_orders
        .iter()
        .map(|c| ShareRow {
            number: c.number.clone(),
            supplier: names.get(&c.supplier_id).cloned().unwrap_or_default(),
            status: lang.t(&format!("share-{}", c.status.as_str())),
            progress: lang.fill(
                "share-progress",
                &[
                    ("shipped", c.shipped.into()),
                    ("lines", c.task_ids.len().into()),
                ],
            ),
            confirm: (c.to_confirm > 0 && role != Role::Purchaser).then(|| {
                (
                    format!("/orders/{}/suppliers/{}/confirm", order.id, c.supplier_id),
                    lang.fill("share-confirm", &[("n", c.to_confirm.into())]),
                )
            }),
        })
        .collect()
}

/// The form as posted.
#[derive(serde::Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    csrf: String,
    /// Where to come back to (the board); the order's page when absent.
    #[serde(default)]
    back: String,
}

/// Confirms every unconfirmed line of a supplier's share.
pub async fn confirm(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path((order, supplier)): Path<(String, String)>,
    axum::Form(form): axum::Form<ConfirmForm>,
) -> Result<Response, ApiError> {
    check_post(&s, &headers, &layout, &form.csrf)?;
    p.require(Capability::WorkTasks)?;
    let result = s
        .store
        .confirm_share(&p.actor, &p.scope, &order, &supplier)
        .await;
    let lang = layout.lang;
    let back = match form.back.as_str() {
        "" => format!("/orders/{order}"),
        given => super::tasks::local_path(given),
    };
    back_to(
        &s,
        &layout,
        &back,
        result,
        |o: &Order| {
            Flash::done(lang.fill(
                "flash-share_confirmed",
                &[("order", o.external_number.as_str().into())],
            ))
        },
        |f| f,
    )
}

//! Shipments reported to the marketplaces, in the web app: the order
//! page's card (staff who manage orders) — each shipment sent, waiting
//! for a retry (with why the last try failed), or failed, and "Try
//! again" — and the channel page's form that turns reporting on.

use super::account::CsrfOnly;
use super::flash::{Flash, back_to};
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::problem::ApiError;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use orderhub_channels::fulfil::PushSettings;
use orderhub_domain::Capability;
use orderhub_domain::carrier::tracking_url;
use orderhub_domain::model::{Fulfilment, FulfilmentStatus};

/// One shipment's report as the card shows it.
pub(super) struct FulfilmentRow {
    pub id: String,
    pub platform: String,
    pub carrier: String,
    pub tracking: String,
    pub tracking_url: String,
    pub status: &'static str,
    /// `done`, `waiting` or `problem`: the chip's colour family.
    pub family: &'static str,
    /// Why the last try failed, and when the next is (waiting).
    pub note: String,
    pub retry: bool,
}

/// The card's rows for `order_id` (none for who may not manage orders).
pub(super) async fn rows(
    s: &AppState,
    layout: &Layout,
    can: bool,
    order_id: &str,
) -> Result<Vec<FulfilmentRow>, ApiError> {
    if !can {
        return Ok(Vec::new());
    }
    let lang = layout.lang;
    let list = s.store.order_fulfilments(order_id).await?;
    Ok(list
        .iter()
        .map(|f: &Fulfilment| {
            let (family, retry) = (
                f.status.family().as_str(),
                f.status != FulfilmentStatus::Sent,
            );
            let mut note = f.last_error.clone().unwrap_or_default();
            if let Some(next) = f.next_at.filter(|_| f.attempts > 0) {
                note = lang.fill(
                    "fulfilment-next_try",
                    &[
                        ("error", note.into()),
                        ("when", layout.when(Some(next)).into()),
                    ],
                );
            }
            FulfilmentRow {
                id: f.id.clone(),
                platform: lang.t(&format!("platform-{}", f.platform)).to_owned(),
                tracking_url: tracking_url(&f.carrier, &f.tracking_number).unwrap_or_default(),
                carrier: f.carrier.clone(),
                tracking: f.tracking_number.clone(),
                status: lang.t(&format!("fulfilment-{}", f.status.as_str())),
                family,
                note,
                retry,
            }
        })
        .collect())
}

/// "Try again": the fulfilment is due now.
pub async fn retry(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path((order, id)): Path<(String, String)>,
    axum::Form(form): axum::Form<CsrfOnly>,
) -> Result<Response, ApiError> {
    check_post(&s, &headers, &layout, &form.csrf)?;
    p.require(Capability::ManageOrders)?;
    let result = s.store.retry_fulfilment(&p.actor, &id).await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &format!("/orders/{order}"),
        result,
        |_| Flash::done(lang.t("flash-fulfilment_retried").to_owned()),
        |f| f,
    )
}

#[derive(serde::Deserialize)]
pub struct PushForm {
    csrf: String,
    #[serde(default)]
    api_base: String,
    #[serde(default)]
    access_token: String,
    #[serde(default)]
    consumer_key: String,
    #[serde(default)]
    consumer_secret: String,
    #[serde(default)]
    active: String,
    #[serde(default)]
    notify_buyer: String,
}

/// Saves how the channel reports shipments; blank secrets keep the
/// stored ones.
pub async fn set_push(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<PushForm>,
) -> Result<Response, ApiError> {
    check_post(&s, &headers, &layout, &form.csrf)?;
    p.require(Capability::ManageCatalog)?;
    let text = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
    let settings = PushSettings {
        active: Some(!form.active.is_empty()),
        api_base: text(&form.api_base),
        access_token: text(&form.access_token),
        consumer_key: text(&form.consumer_key),
        consumer_secret: text(&form.consumer_secret),
        notify_buyer: Some(!form.notify_buyer.is_empty()),
    };
    let result = async {
        let channel = s.store.get_channel(&id).await?;
        crate::egress::check_all(
            [("api_base", settings.api_base.as_deref())],
            s.config.allow_private_targets,
        )
        .await?;
        Ok::<_, ApiError>((s.store.set_push(&channel, settings).await?, channel.name))
    }
    .await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &format!("/channels/{id}/edit"),
        result,
        |(_, name)| Flash::done(lang.fill("flash-saved", &[("name", name.into())])),
        |f| f.keeping("push", [("api_base", form.api_base.as_str())]),
    )
}

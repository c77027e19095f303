//! Outbound webhooks in the web app: the caller's endpoints (a supplier's
//! own), a form to add one (its secret shown once), and each endpoint's
//! delivery log with a redeliver button.

use super::flash::back_to;
use super::flash::{self, Flash};
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::auth::Principal;
use crate::egress;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use orderhub_channels::outbound::{
    Endpoint, EndpointPatch, Message, NewEndpoint, event_types, is_task_event, secret_from,
};
use orderhub_domain::Capability;

/// Staff manage any endpoint; a supplier its own (task events only).
fn allowed(p: &Principal) -> bool {
    match p.scope.supplier() {
        Some(_) => p.require(Capability::WorkTasks).is_ok(),
        None => p.require(Capability::ManageCatalog).is_ok(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "webhooks.html")]
struct WebhooksPage {
    layout: Layout,
    endpoints: Vec<Endpoint>,
    /// (event type, ticked)
    types: Vec<(&'static str, bool)>,
    url: String,
    error: Option<(String, String)>,
}

impl WebhooksPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        super::message_for(&self.error, field)
    }
}

async fn page(s: &AppState, p: &Principal, layout: Layout) -> Result<WebhooksPage, ApiError> {
    let supplier = p.scope.supplier().is_some();
    Ok(WebhooksPage {
        endpoints: s.store.list_endpoints(&p.scope).await?,
        types: event_types()
            .filter(|t| !supplier || is_task_event(t))
            .map(|t| (t, false))
            .collect(),
        url: String::new(),
        error: None,
        layout,
    })
}

pub async fn webhooks(
    State(s): State<AppState>,
    Session(p, layout): Session,
) -> Result<Response, ApiError> {
    if !allowed(&p) {
        return Ok(Redirect::to("/").into_response());
    }
    Ok(page(&s, &p, layout).await?.into_response())
}

pub async fn create_webhook(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    if !allowed(&p) {
        return Ok(Redirect::to("/").into_response());
    }
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    check_post(&s, &headers, &layout, &get("csrf"))?;
    let events: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "event")
        .map(|(_, v)| v.clone())
        .collect();
    let new = NewEndpoint {
        url: get("url"),
        events: events.clone(),
    };
    let lang = layout.lang;
    let mut view = page(&s, &p, layout).await?;
    view.url = get("url");
    for (t, ticked) in &mut view.types {
        *ticked = events.iter().any(|e| e == t);
    }
    let allow = s.config.allow_private_targets;
    let created = match egress::check_all([("url", Some(new.url.as_str()))], allow).await {
        Err(e) => Err(e.into()),
        Ok(()) => {
            s.store
                .create_endpoint(&p.actor, &p.scope, new, secret_from(rand::random()))
                .await
        }
    };
    match created {
        Ok(endpoint) => {
            // its log page, with the secret shown this once
            let done = format!(
                "{} {} {}",
                lang.t("webhooks-created"),
                endpoint.url,
                lang.t("webhooks-secret_once")
            );
            let done = Flash::done(done).once(endpoint.secret.clone().unwrap_or_default());
            let to = format!("/webhooks/{}", endpoint.id);
            Ok(flash::redirect(&s, &view.layout, &to, done))
        }
        Err(e) => {
            let (status, error) = super::catalog::refusal(lang, e)?;
            view.error = Some(error);
            Ok((status, view).into_response())
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "webhook.html")]
struct WebhookPage {
    layout: Layout,
    endpoint: Endpoint,
    messages: Vec<Message>,
    message: String,
}

pub async fn webhook(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    if !allowed(&p) {
        return Ok(Redirect::to("/").into_response());
    }
    let Some(endpoint) = super::found(s.store.get_endpoint(&id, &p.scope).await)? else {
        return Ok(super::not_found(layout));
    };
    let messages = s.store.endpoint_messages(&id, &p.scope).await?;
    Ok(WebhookPage {
        layout,
        endpoint,
        messages,
        message: String::new(),
    }
    .into_response())
}

#[derive(serde::Deserialize)]
pub struct ManageForm {
    csrf: String,
    /// `pause`, `resume`, `secret` or `delete`.
    action: String,
    /// Ticked to confirm a removal.
    #[serde(default)]
    confirm: String,
}

/// Pauses, resumes, re-keys or removes an endpoint; a removal asks for a
/// confirmation first.
pub async fn manage(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<ManageForm>,
) -> Result<Response, ApiError> {
    check_post(&s, &headers, &layout, &form.csrf)?;
    if !allowed(&p) {
        return Ok(Redirect::to("/").into_response());
    }
    let Some(endpoint) = super::found(s.store.get_endpoint(&id, &p.scope).await)? else {
        return Ok(super::not_found(layout));
    };
    let back = format!("/webhooks/{id}");
    let active = |on: bool| EndpointPatch {
        active: Some(on),
        ..Default::default()
    };
    let lang = layout.lang;
    let said = |key: &str| Flash::done(format!("{}: {}", endpoint.url, lang.t(key)));
    match form.action.as_str() {
        "pause" | "resume" => {
            let resume = form.action == "resume";
            let done = s.store.update_endpoint(&id, &p.scope, active(resume)).await;
            let key = if resume {
                "webhooks-active"
            } else {
                "webhooks-paused"
            };
            back_to(&s, &layout, &back, done, |_| said(key), |f| f)
        }
        "secret" => {
            let rotated = s
                .store
                .rotate_secret(&id, &p.scope, secret_from(rand::random()))
                .await?;
            let done = said("webhooks-secret_once").once(rotated.secret.unwrap_or_default());
            Ok(flash::redirect(&s, &layout, &back, done))
        }
        "delete" if !form.confirm.is_empty() => {
            s.store.delete_endpoint(&id, &p.scope).await?;
            let done = said("webhooks-deleted");
            Ok(flash::redirect(&s, &layout, "/webhooks", done))
        }
        _ => {
            let messages = s.store.endpoint_messages(&id, &p.scope).await?;
            let message = layout.t("webhooks-confirm_delete").to_owned();
            let page = WebhookPage {
                layout,
                endpoint,
                messages,
                message,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

impl WebhookPage {
    fn status_key(&self, m: &Message) -> &'static str {
        match m.status.as_str() {
            "delivered" => "webhooks-delivered",
            "failed" => "webhooks-failed",
            _ => "webhooks-pending",
        }
    }
}

#[derive(serde::Deserialize)]
pub struct RedeliverForm {
    csrf: String,
}

pub async fn redeliver(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path((id, message)): Path<(String, String)>,
    axum::Form(form): axum::Form<RedeliverForm>,
) -> Result<Response, ApiError> {
    check_post(&s, &headers, &layout, &form.csrf)?;
    if !allowed(&p) {
        return Ok(Redirect::to("/").into_response());
    }
    let back = format!("/webhooks/{id}");
    let done = Flash::done(layout.t("webhooks-queued_again"));
    let result = s.store.redeliver(&id, &message, &p.scope).await;
    back_to(&s, &layout, &back, result, |_| done, |f| f)
}

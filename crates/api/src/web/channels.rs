//! Sales channels: the list with each store's webhook address, and the form
//! that adds one (kind, name, webhook secret, status orders arrive in).

use super::catalog::{refusal, unless_staff};
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use orderhub_channels::{Channel, ChannelKind, NewChannel};
use orderhub_domain::OrderStatus;

#[derive(Template, WebTemplate)]
#[template(path = "channels.html")]
struct ChannelsPage {
    layout: Layout,
    channels: Vec<Channel>,
    /// Polled channels: id → how polling stands, in words.
    polls: std::collections::HashMap<String, String>,
    kinds: Vec<(&'static str, bool)>,
    form: ChannelForm,
    error: Option<(String, String)>,
}

impl ChannelsPage {
    fn status_key(&self, c: &Channel) -> &'static str {
        match c.default_status {
            OrderStatus::Purchasing => "channels-released",
            _ => "channels-pending",
        }
    }

    fn error_for(&self, field: &str) -> Option<&str> {
        super::message_for(&self.error, field)
    }

    /// How polling stands for `c`: `None` when it is not polled.
    fn poll(&self, c: &Channel) -> Option<&str> {
        self.polls.get(&c.id).map(String::as_str)
    }
}

/// A poll state in words: interval, last pass, orders, the last problem.
fn poll_summary(layout: &Layout, p: &orderhub_store::PollState) -> String {
    let (lang, t) = (layout.lang, |k| layout.t(k).to_owned());
    let seconds = p.settings.interval_seconds.unwrap_or_default();
    let mut parts = vec![lang.fill(
        "channels-poll_every_seconds",
        &[("seconds", seconds.into())],
    )];
    if !p.settings.active.unwrap_or(true) {
        parts.push(t("channels-poll_paused"));
    }
    parts.push(match p.last_run_at {
        Some(ms) => lang.fill(
            "channels-poll_last_at",
            &[("when", layout.when_ms(ms).into())],
        ),
        None => t("channels-poll_never"),
    });
    parts.push(lang.fill(
        "channels-poll_orders_seen",
        &[("count", p.orders_seen.into())],
    ));
    if let Some(e) = &p.last_error {
        parts.push(lang.fill("channels-poll_problem_is", &[("error", e.as_str().into())]));
    }
    parts.join(" · ")
}

/// The add form as typed.
#[derive(serde::Deserialize, Default)]
pub struct ChannelForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    secret: String,
    /// Present when "release orders at once" is ticked.
    #[serde(default)]
    release: String,
}

async fn page(
    s: &AppState,
    headers: &HeaderMap,
    layout: Layout,
    form: ChannelForm,
    error: Option<(String, String)>,
) -> Result<ChannelsPage, ApiError> {
    let channels = s
        .store
        .list_channels()
        .await?
        .into_iter()
        .map(|c| crate::actions::channels::with_url(s, headers, c))
        .collect();
    let polls = s
        .store
        .list_polls()
        .await?
        .iter()
        .map(|p| (p.channel_id.clone(), poll_summary(&layout, p)))
        .collect();
    let kinds = ChannelKind::ALL
        .iter()
        .map(|k| (k.as_str(), k.as_str() == form.kind))
        .collect();
    Ok(ChannelsPage {
        layout,
        channels,
        polls,
        kinds,
        form,
        error,
    })
}

pub async fn channels(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
) -> Result<Response, ApiError> {
    if let Some(redirect) = unless_staff(&p) {
        return Ok(redirect);
    }
    let form = ChannelForm {
        kind: "shopify".into(),
        ..ChannelForm::default()
    };
    Ok(page(&s, &headers, layout, form, None)
        .await?
        .into_response())
}

pub async fn create_channel(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    axum::Form(form): axum::Form<ChannelForm>,
) -> Result<Response, ApiError> {
    if let Some(redirect) = unless_staff(&p) {
        return Ok(redirect);
    }
    check_post(&s, &headers, &layout, &form.csrf)?;
    let Some(kind) = ChannelKind::parse(&form.kind) else {
        let error = ("kind".to_owned(), layout.error_text("invalid_value"));
        let page = page(&s, &headers, layout, form, Some(error)).await?;
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let new = NewChannel {
        kind,
        name: form.name.clone(),
        secret: Some(form.secret.trim().to_owned()).filter(|v| !v.is_empty()),
        default_status: Some(match form.release.is_empty() {
            true => OrderStatus::Pending,
            false => OrderStatus::Purchasing,
        }),
        category_map: Default::default(),
        store_url: None,
    };
    match s.store.create_channel(&p.actor, new).await {
        Ok(c) => {
            let done = layout
                .lang
                .fill("flash-created", &[("name", (&c.name).into())]);
            Ok(super::flash::redirect(
                &s,
                &layout,
                "/channels",
                super::flash::Flash::done(done),
            ))
        }
        Err(e) => {
            let (status, error) = refusal(layout.lang, e)?;
            let page = page(&s, &headers, layout, form, Some(error)).await?;
            Ok((status, page).into_response())
        }
    }
}

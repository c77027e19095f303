//! One sales channel: rename it, change its webhook secret, the status its
//! orders arrive in and its category map; for Etsy and Amazon, set how it
//! is polled (secrets left blank are kept) and start a pass now.

use super::catalog::{refusal, unless_staff};
use super::flash::Flash;
use super::{Layout, Session, check_post, found, message_for, not_found};
use crate::AppState;
use crate::auth::Principal;
use crate::egress;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use orderhub_channels::poll::{PollSettings, PollStatus};
use orderhub_channels::{Channel, ChannelKind, ChannelPatch};
use orderhub_domain::OrderStatus;
use std::collections::BTreeMap;

#[derive(Template, WebTemplate)]
#[template(path = "channel_edit.html")]
struct EditPage {
    layout: Layout,
    channel: Channel,
    form: ChannelForm,
    /// Etsy and Amazon: polling's settings and where it stands.
    pollable: bool,
    poll: Option<PollStatus>,
    poll_form: PollForm,
    /// How shipments are reported to the marketplace, once set.
    push: Option<orderhub_channels::fulfil::PushSettingsView>,
    error: Option<(String, String)>,
}

impl EditPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        message_for(&self.error, field)
    }

    /// Reporting is on (or, not set yet, offered on).
    fn push_on(&self) -> bool {
        self.push.as_ref().is_none_or(|p| p.active)
    }

    fn push_notifies(&self) -> bool {
        self.push.as_ref().is_none_or(|p| p.notify_buyer)
    }

    fn is_amazon(&self) -> bool {
        self.channel.kind == ChannelKind::Amazon
    }

    /// A moment (ms since the epoch) as the reader reads it.
    fn when(&self, ms: &i64) -> String {
        self.layout.when_ms(*ms)
    }

    /// Where an interrupted poll goes on: from when, at which page.
    fn resumes(&self, ms: &i64, page: &str) -> String {
        let when = self.when(ms);
        self.layout.lang.fill(
            "channels-poll_page",
            &[("when", when.into()), ("page", page.into())],
        )
    }
}

/// The channel form as typed.
#[derive(serde::Deserialize, Default)]
pub struct ChannelForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    /// A new secret; blank keeps the current one.
    #[serde(default)]
    secret: String,
    #[serde(default)]
    remove_secret: String,
    #[serde(default)]
    release: String,
    /// `platform SKU or title = category`, one per line.
    #[serde(default)]
    category_map: String,
    /// The store's address (links to the marketplace's admin).
    #[serde(default)]
    store_url: String,
}

/// The poll form as typed; secrets are never shown back.
#[derive(serde::Deserialize, Default)]
pub struct PollForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    api_base: String,
    #[serde(default)]
    shop_id: String,
    #[serde(default)]
    marketplace_ids: String,
    /// Amazon: `v0` or `2026-01-01`.
    #[serde(default)]
    orders_api: String,
    #[serde(default)]
    api_key: String,
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    client_secret: String,
    #[serde(default)]
    access_token: String,
    #[serde(default)]
    refresh_token: String,
    #[serde(default)]
    interval_seconds: String,
    #[serde(default)]
    active: String,
}

fn map_text(map: &BTreeMap<String, String>) -> String {
    map.iter()
        .map(|(k, v)| format!("{k} = {v}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn some(v: &str) -> Option<String> {
    Some(v.trim().to_owned()).filter(|v| !v.is_empty())
}

async fn edit_page(
    s: &AppState,
    layout: Layout,
    channel: Channel,
    form: Option<ChannelForm>,
    poll_form: Option<PollForm>,
    error: Option<(String, String)>,
) -> Result<EditPage, ApiError> {
    let state = found(s.store.get_poll(&channel.id).await)?;
    let push = found(s.store.get_push(&channel.id).await)?.map(|p| p.view());
    let poll_form = poll_form.unwrap_or_else(|| match &state {
        Some(st) => PollForm {
            api_base: st.settings.api_base.clone().unwrap_or_default(),
            shop_id: st.settings.shop_id.clone().unwrap_or_default(),
            marketplace_ids: st.settings.marketplace_ids.join(", "),
            orders_api: st.settings.orders_api.clone().unwrap_or_default(),
            client_id: st.settings.client_id.clone().unwrap_or_default(),
            interval_seconds: st.settings.interval_seconds.unwrap_or_default().to_string(),
            active: if st.settings.active.unwrap_or(true) {
                "on".into()
            } else {
                String::new()
            },
            ..Default::default()
        },
        None => PollForm {
            interval_seconds: orderhub_channels::poll::DEFAULT_INTERVAL_SECONDS.to_string(),
            active: "on".into(),
            ..Default::default()
        },
    });
    let form = form.unwrap_or_else(|| ChannelForm {
        name: channel.name.clone(),
        release: match channel.default_status {
            OrderStatus::Purchasing => "on".into(),
            _ => String::new(),
        },
        category_map: map_text(&channel.category_map),
        store_url: channel.store_url.clone().unwrap_or_default(),
        ..Default::default()
    });
    Ok(EditPage {
        layout,
        pollable: matches!(channel.kind, ChannelKind::Etsy | ChannelKind::Amazon),
        channel,
        form,
        poll: state.map(|st| st.status()),
        poll_form,
        push,
        error,
    })
}

async fn channel_of(s: &AppState, p: &Principal, id: &str) -> Result<Option<Channel>, ApiError> {
    if p.scope.supplier().is_some() {
        return Ok(None);
    }
    found(s.store.get_channel(id).await)
}

pub async fn edit_channel(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    if let Some(redirect) = unless_staff(&p) {
        return Ok(redirect);
    }
    let Some(channel) = channel_of(&s, &p, &id).await? else {
        return Ok(not_found(layout));
    };
    Ok(edit_page(&s, layout, channel, None, None, None)
        .await?
        .into_response())
}

/// Saves the channel form; a refusal comes back beside its field.
pub async fn update_channel(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<ChannelForm>,
) -> Result<Response, ApiError> {
    if let Some(redirect) = unless_staff(&p) {
        return Ok(redirect);
    }
    check_post(&s, &headers, &layout, &form.csrf)?;
    let Some(channel) = channel_of(&s, &p, &id).await? else {
        return Ok(not_found(layout));
    };
    let mut map = BTreeMap::new();
    for line in form.category_map.lines().filter(|l| !l.trim().is_empty()) {
        let Some((key, category)) = line.split_once('=') else {
            let error = (
                "category_map".to_owned(),
                layout.t("channels-map_line").to_owned(),
            );
            return refused(&s, layout, channel, (Some(form), None), error).await;
        };
        map.insert(key.trim().to_owned(), category.trim().to_owned());
    }
    let patch = ChannelPatch {
        name: Some(form.name.clone()),
        secret: match (form.remove_secret.is_empty(), some(&form.secret)) {
            (false, _) => Some(String::new()),
            (true, secret) => secret,
        },
        default_status: Some(match form.release.is_empty() {
            true => OrderStatus::Pending,
            false => OrderStatus::Purchasing,
        }),
        category_map: Some(map),
        store_url: Some(form.store_url.trim().to_owned()),
    };
    match s.store.update_channel(&p.actor, &id, patch).await {
        Ok(c) => {
            let done = layout
                .lang
                .fill("flash-saved", &[("name", (&c.name).into())]);
            Ok(super::flash::redirect(
                &s,
                &layout,
                "/channels",
                Flash::done(done),
            ))
        }
        Err(e) => {
            let (_, error) = refusal(layout.lang, e)?;
            refused(&s, layout, channel, (Some(form), None), error).await
        }
    }
}

/// The page again, the form as typed, `error` beside its field.
async fn refused(
    s: &AppState,
    layout: Layout,
    channel: Channel,
    forms: (Option<ChannelForm>, Option<PollForm>),
    error: (String, String),
) -> Result<Response, ApiError> {
    let page = edit_page(s, layout, channel, forms.0, forms.1, Some(error)).await?;
    Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// Saves how the channel is polled; blank secrets keep the stored ones.
pub async fn set_poll(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<PollForm>,
) -> Result<Response, ApiError> {
    if let Some(redirect) = unless_staff(&p) {
        return Ok(redirect);
    }
    check_post(&s, &headers, &layout, &form.csrf)?;
    let Some(channel) = channel_of(&s, &p, &id).await? else {
        return Ok(not_found(layout));
    };
    let kept = found(s.store.get_poll(&id).await)?
        .map(|st| st.settings)
        .unwrap_or_default();
    let interval = match form.interval_seconds.trim() {
        "" => None,
        t => match t.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                let error = (
                    "interval_seconds".to_owned(),
                    layout.t("error-invalid_number").to_owned(),
                );
                return refused(&s, layout, channel, (None, Some(form)), error).await;
            }
        },
    };
    let settings = PollSettings {
        api_base: some(&form.api_base),
        shop_id: some(&form.shop_id),
        marketplace_ids: form
            .marketplace_ids
            .split([',', ' ', '\n'])
            .filter(|m| !m.trim().is_empty())
            .map(|m| m.trim().to_owned())
            .collect(),
        api_key: some(&form.api_key),
        client_id: some(&form.client_id),
        client_secret: some(&form.client_secret),
        access_token: some(&form.access_token),
        refresh_token: some(&form.refresh_token),
        token_url: kept.token_url.clone(),
        interval_seconds: interval,
        since_days: None,
        active: Some(!form.active.is_empty()),
        orders_api: some(&form.orders_api),
    }
    .with_kept_secrets(&kept, channel.kind);
    let targets = [
        ("api_base", settings.api_base.as_deref()),
        ("token_url", settings.token_url.as_deref()),
    ];
    let allow = s.config.allow_private_targets;
    let saved = match egress::check_all(targets, allow).await {
        Err(e) => Err(e.into()),
        Ok(()) => s.store.set_poll(&channel, settings).await,
    };
    match saved {
        Ok(_) => {
            let done = layout
                .lang
                .fill("flash-saved", &[("name", (&channel.name).into())]);
            let back = format!("/channels/{id}/edit");
            Ok(super::flash::redirect(
                &s,
                &layout,
                &back,
                Flash::done(done),
            ))
        }
        Err(e) => {
            let (_, error) = refusal(layout.lang, e)?;
            refused(&s, layout, channel, (None, Some(form)), error).await
        }
    }
}

#[derive(serde::Deserialize)]
pub struct RunForm {
    csrf: String,
}

/// Starts a pass now.
pub async fn poll_now(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<RunForm>,
) -> Result<Response, ApiError> {
    if let Some(redirect) = unless_staff(&p) {
        return Ok(redirect);
    }
    check_post(&s, &headers, &layout, &form.csrf)?;
    let back = format!("/channels/{id}/edit");
    let name = found(s.store.get_channel(&id).await)?
        .map(|c| c.name)
        .unwrap_or_default();
    let done = Flash::done(
        layout
            .lang
            .fill("flash-poll_queued", &[("name", (&name).into())]),
    );
    let result = s.store.poll_now(&id).await;
    super::flash::back_to(&s, &layout, &back, result, |_| done, |f| f)
}

//! `/channels`: marketplace stores that send orders in — configured by an
//! operator, fed by signed webhooks (Shopify, WooCommerce) or by importing
//! one order as the platform's API returns it (any kind).

use crate::AppState;
use crate::actions::channels::with_url;
use crate::auth::Principal;
use crate::egress;
use crate::extract::ApiJson;
use crate::metrics::Intake;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use orderhub_channels::poll::{PollSettings, PollStatus};
use orderhub_channels::{
    Channel, ChannelKind, ChannelPatch, NewChannel, Outcome, Settings, signature,
};
use orderhub_domain::Capability;
use orderhub_domain::ErrorCode;
use orderhub_domain::lifecycle::Party;
use orderhub_domain::model::{Actor, Order};
use orderhub_domain::{OrderStatus, Scope};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_channels, create_channel))
        .routes(routes!(get_channel, update_channel))
        .routes(routes!(webhook))
        .routes(routes!(import))
        .routes(routes!(get_poll, set_poll))
        .routes(routes!(poll_now))
}

/// How an Etsy or Amazon channel is polled, and where it stands (never
/// its secrets).
#[utoipa::path(get, path = "/channels/{id}/poll", tag = "channels", params(("id" = String, Path)),
    responses((status = 200, body = PollStatus), (status = 404, body = Problem, description = "no such channel, or not polled")))]
async fn get_poll(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<PollStatus>, ApiError> {
    p.require(Capability::ManageCatalog)?;
    Ok(Json(s.store.get_poll(&id).await?.status()))
}

/// Polls an Etsy or Amazon channel: its API address and credentials. A
/// first setting starts `since_days` back with a pass due now; changing
/// them keeps where polling stands. Calls keep to the platform's
/// published rates (Etsy 10/s; Amazon getOrders one a minute after a
/// burst of 20, getOrderItems 0.5/s) and to any 429's wait.
#[utoipa::path(put, path = "/channels/{id}/poll", tag = "channels", params(("id" = String, Path)), request_body = PollSettings,
    responses((status = 200, body = PollStatus), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn set_poll(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(settings): ApiJson<PollSettings>,
) -> Result<Json<PollStatus>, ApiError> {
    p.require(Capability::ManageCatalog)?;
    let channel = s.store.get_channel(&id).await?;
    let targets = [
        ("api_base", settings.api_base.as_deref()),
        ("token_url", settings.token_url.as_deref()),
    ];
    egress::check_all(targets, s.config.allow_private_targets).await?;
    Ok(Json(s.store.set_poll(&channel, settings).await?.status()))
}

/// Makes the next pass due now (it starts within a second).
#[utoipa::path(post, path = "/channels/{id}/poll/run", tag = "channels", params(("id" = String, Path)),
    responses((status = 200, body = PollStatus), (status = 404, body = Problem)))]
async fn poll_now(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<PollStatus>, ApiError> {
    p.require(Capability::ManageCatalog)?;
    s.store.get_poll(&id).await?;
    Ok(Json(s.store.poll_now(&id).await?.status()))
}

/// What a delivery or an import did, and the order it concerns.
#[derive(Debug, Serialize, ToSchema)]
pub struct Delivery {
    pub outcome: Outcome,
    pub order: Option<Order>,
}

/// All channels, by name.
#[utoipa::path(get, path = "/channels", tag = "channels",
    responses((status = 200, body = Vec<Channel>), (status = 401, body = Problem), (status = 403, body = Problem)))]
async fn list_channels(
    State(s): State<AppState>,
    p: Principal,
    headers: HeaderMap,
) -> Result<Json<Vec<Channel>>, ApiError> {
    p.require(Capability::ManageCatalog)?;
    let channels = s.store.list_channels().await?;
    Ok(Json(
        channels
            .into_iter()
            .map(|c| with_url(&s, &headers, c))
            .collect(),
    ))
}

/// Adds a channel: a store on Shopify, WooCommerce, Etsy or Amazon. Set
/// the platform's webhook signing secret to take its webhooks at
/// `webhook_url`; orders arrive `pending` unless `default_status` is
/// `purchasing`; `category_map` sends lines by platform SKU or title to a
/// category.
#[utoipa::path(post, path = "/channels", tag = "channels", request_body = NewChannel,
    responses((status = 201, body = Channel), (status = 409, body = Problem, description = "name taken"),
              (status = 422, body = Problem)))]
async fn create_channel(
    State(s): State<AppState>,
    p: Principal,
    headers: HeaderMap,
    ApiJson(new): ApiJson<NewChannel>,
) -> Result<(StatusCode, Json<Channel>), ApiError> {
    p.require(Capability::ManageCatalog)?;
    let c = s.store.create_channel(&p.actor, new).await?;
    Ok((StatusCode::CREATED, Json(with_url(&s, &headers, c))))
}

#[utoipa::path(get, path = "/channels/{id}", tag = "channels",
    responses((status = 200, body = Channel), (status = 404, body = Problem)))]
async fn get_channel(
    State(s): State<AppState>,
    p: Principal,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Channel>, ApiError> {
    p.require(Capability::ManageCatalog)?;
    let c = s.store.get_channel(&id).await?;
    Ok(Json(with_url(&s, &headers, c)))
}

/// Renames a channel or changes its webhook secret (empty removes it),
/// the status its orders arrive in, or its category map (replaced whole).
#[utoipa::path(patch, path = "/channels/{id}", tag = "channels", request_body = ChannelPatch,
    responses((status = 200, body = Channel), (status = 404, body = Problem), (status = 409, body = Problem),
              (status = 422, body = Problem)))]
async fn update_channel(
    State(s): State<AppState>,
    p: Principal,
    headers: HeaderMap,
    Path(id): Path<String>,
    ApiJson(patch): ApiJson<ChannelPatch>,
) -> Result<Json<Channel>, ApiError> {
    p.require(Capability::ManageCatalog)?;
    let c = s.store.update_channel(&p.actor, &id, patch).await?;
    Ok(Json(with_url(&s, &headers, c)))
}

/// A platform's signed webhook (Shopify `orders/*`, WooCommerce `order.*`),
/// authenticated by its signature over the raw body — no bearer token. A
/// bad or missing signature answers 401 and stores nothing; a delivery id
/// seen before answers `replayed`; an update older than the last one
/// applied answers `stale`; a cancellation or refund cancels the order
/// here, or flags it once a task has shipped.
#[utoipa::path(post, path = "/channels/{id}/webhook", tag = "channels", security(()),
    request_body(content = Object, content_type = "application/json", description = "the platform's order JSON, exactly as sent; authenticated by its signature header, not a token"),
    params(("X-Shopify-Hmac-Sha256" = Option<String>, Header, description = "Shopify: base64 HMAC-SHA256 of the body"),
           ("X-WC-Webhook-Signature" = Option<String>, Header, description = "WooCommerce: base64 HMAC-SHA256 of the body")),
    responses((status = 200, body = Delivery, description = "taken (see `outcome`)"),
              (status = 400, body = Problem, description = "this kind of channel takes no webhooks"),
              (status = 401, body = Problem, description = "signature missing or wrong; nothing stored"),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn webhook(
    State(s): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Delivery>, ApiError> {
    let (channel, secret) = s.store.channel_with_secret(&id).await?;
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let (signature_header, delivery_header, topic_header) = match channel.kind {
        ChannelKind::Shopify => (
            "x-shopify-hmac-sha256",
            "x-shopify-webhook-id",
            "x-shopify-topic",
        ),
        ChannelKind::Woocommerce => (
            "x-wc-webhook-signature",
            "x-wc-webhook-delivery-id",
            "x-wc-webhook-topic",
        ),
        kind => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::NoWebhooks,
                format!(
                    "{} sends no order webhooks: import orders at /channels/{id}/import",
                    kind.as_str()
                ),
            ));
        }
    };
    let signed = match (&secret, header(signature_header)) {
        (Some(secret), Some(given)) => signature::verify(secret.as_bytes(), &body, &given),
        _ => false,
    };
    // WooCommerce checks a new webhook's URL with an unsigned form post
    // (`webhook_id=N`); it carries no order
    let ping = channel.kind == ChannelKind::Woocommerce && body.starts_with(b"webhook_id=");
    if ping {
        return Ok(Json(Delivery {
            outcome: Outcome::Ignored,
            order: None,
        }));
    }
    if !signed {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::InvalidSignature,
            format!(
                "{signature_header} is missing or does not sign this body with the channel's secret"
            ),
        ));
    }
    if channel.store_url.is_none()
        && let Some(url) = channel.kind.store_url_from(header)
    {
        s.store.learn_store_url(&channel.id, &url).await?;
    }
    let topic = header(topic_header).unwrap_or_default();
    let about_an_order = match channel.kind {
        ChannelKind::Shopify => topic.starts_with("orders/") && topic != "orders/delete",
        _ => topic.starts_with("order.") && topic != "order.deleted",
    };
    if !about_an_order {
        return Ok(Json(Delivery {
            outcome: Outcome::Ignored,
            order: None,
        }));
    }
    let payload: Value = serde_json::from_slice(&body).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::MalformedJson,
            format!("the body is not JSON: {e}"),
        )
    })?;
    // Shopify names the event too: the same event delivered again (another
    // subscription, a resend) is a duplicate even under a new webhook id
    let event = match channel.kind {
        ChannelKind::Shopify => header("x-shopify-event-id").map(|e| format!("event:{e}")),
        _ => None,
    };
    let deliveries: Vec<String> = header(delivery_header).into_iter().chain(event).collect();
    take(&s, &channel, &payload, &deliveries, Intake::Webhook)
        .await
        .map(Json)
}

/// Takes one order exactly as the platform's API returns it: a Shopify or
/// WooCommerce order, an Etsy receipt (`getShopReceipt`), or for Amazon
/// `{"order": <getOrder>, "items": <getOrderItems>}`. The same rules as
/// webhooks: an order already taken is updated, never duplicated.
#[utoipa::path(post, path = "/channels/{id}/import", tag = "channels",
    request_body(content = Object, description = "the platform's order JSON"),
    responses((status = 200, body = Delivery), (status = 404, body = Problem),
              (status = 422, body = Problem, description = "the payload lacks a field the order needs (`field` names it)")))]
async fn import(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(payload): ApiJson<Value>,
) -> Result<Json<Delivery>, ApiError> {
    p.require(Capability::ManageOrders)?;
    let channel = s.store.get_channel(&id).await?;
    take(&s, &channel, &payload, &[], Intake::ChannelImport)
        .await
        .map(Json)
}

/// How a channel shapes the orders it brings.
pub(crate) fn settings_of(channel: &Channel) -> Settings {
    Settings {
        default_status: Some(channel.default_status).filter(|st| *st != OrderStatus::Pending),
        category_map: channel.category_map.clone(),
    }
}

/// Who the events of a channel's orders name.
pub(crate) fn actor_of(channel: &Channel) -> Actor {
    Actor {
        label: format!("channel:{}", channel.name),
        party: Party::Operator,
    }
}

/// Maps and applies one upstream order for `channel`.
async fn take(
    s: &AppState,
    channel: &Channel,
    payload: &Value,
    deliveries: &[String],
    source: Intake,
) -> Result<Delivery, ApiError> {
    let upstream = channel.kind.map(payload, &settings_of(channel))?;
    upstream.check(channel.kind)?;
    let received = s
        .store
        .receive(&actor_of(channel), channel, upstream, deliveries)
        .await?;
    if received.outcome == Outcome::Created {
        crate::metrics::orders_created(channel.kind.as_str(), source, 1);
    }
    let order = match received.order_id {
        Some(id) => Some(s.store.get_order(&id, &Scope::All).await?),
        None => None,
    };
    Ok(Delivery {
        outcome: received.outcome,
        order,
    })
}

//! How a channel is polled: its API's address, credentials and pace.

use super::{Call, DEFAULT_INTERVAL_SECONDS, MIN_INTERVAL_SECONDS};
use crate::ChannelKind;
use orderhub_domain::ErrorCode;
use orderhub_domain::validate::{ValidationError, http_url, limits, optional_text, required_text};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `PUT /channels/{id}/poll`: how to reach the store's API. Secrets are
/// kept to make the calls and never shown again.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PollSettings {
    /// The API's root; default the platform's (`https://openapi.etsy.com`,
    /// `https://sellingpartnerapi-na.amazon.com`).
    pub api_base: Option<String>,
    /// Etsy: the shop's numeric id.
    pub shop_id: Option<String>,
    /// Amazon: marketplace ids, e.g. `ATVPDKIKX0DER` (US).
    #[serde(default)]
    pub marketplace_ids: Vec<String>,
    /// Etsy: the `x-api-key` header (the app's keystring, or
    /// `keystring:shared_secret` as Etsy now asks).
    pub api_key: Option<String>,
    /// OAuth client id for refreshing the access token (Etsy: the
    /// keystring; Amazon: the LWA client id).
    pub client_id: Option<String>,
    /// Amazon: the LWA client secret.
    pub client_secret: Option<String>,
    pub access_token: Option<String>,
    /// Used to get a new access token when the old one is refused.
    pub refresh_token: Option<String>,
    /// Where tokens are refreshed; default the platform's.
    pub token_url: Option<String>,
    /// Seconds between passes (at least 60; default 300).
    pub interval_seconds: Option<i64>,
    /// The first pass lists orders changed since this many days ago
    /// (default 7).
    pub since_days: Option<i64>,
    /// Pause polling without forgetting where it stands.
    pub active: Option<bool>,
    /// Amazon: which Orders API to call, `v0` (default; Amazon removes it
    /// on 27 March 2027) or `2026-01-01` (its replacement).
    #[serde(default)]
    pub orders_api: Option<String>,
}

/// Amazon's Orders API versions orderhub speaks.
pub const AMAZON_ORDERS_APIS: &[&str] = &["v0", "2026-01-01"];

/// Where the platform's API and token service are by default.
fn defaults(kind: ChannelKind) -> (&'static str, &'static str) {
    match kind {
        ChannelKind::Amazon => (
            "https://sellingpartnerapi-na.amazon.com",
            "https://api.amazon.com/auth/o2/token",
        ),
        _ => (
            "https://openapi.etsy.com",
            "https://api.etsy.com/v3/public/oauth/token",
        ),
    }
}

impl PollSettings {
    /// Fills the secrets left blank (a form never shows them back) from
    /// `kept`, the settings stored before — unless the API or token
    /// address changed: credentials never follow an address to a new host.
    pub fn with_kept_secrets(mut self, kept: &PollSettings, kind: ChannelKind) -> Self {
        let (api, token) = defaults(kind);
        let base = |s: &PollSettings| {
            let a = s.api_base.as_deref().unwrap_or(api).trim_end_matches('/');
            let t = s
                .token_url
                .as_deref()
                .unwrap_or(token)
                .trim_end_matches('/');
            (a.to_owned(), t.to_owned())
        };
        if base(&self) != base(kept) {
            return self;
        }
        let keep = |mine: &mut Option<String>, old: &Option<String>| {
            if mine.is_none() {
                mine.clone_from(old);
            }
        };
        keep(&mut self.api_key, &kept.api_key);
        keep(&mut self.client_secret, &kept.client_secret);
        keep(&mut self.access_token, &kept.access_token);
        keep(&mut self.refresh_token, &kept.refresh_token);
        self
    }

    /// Checks what `kind` needs and fills in the platform's defaults.
    pub fn normalize(self, kind: ChannelKind) -> Result<Self, ValidationError> {
        if !matches!(kind, ChannelKind::Etsy | ChannelKind::Amazon) {
            return Err(ValidationError::new(
                "kind",
                ErrorCode::NoPolling,
                "only Etsy and Amazon channels are polled (Shopify and WooCommerce send webhooks)",
            ));
        }
        let (api, token) = defaults(kind);
        let text = |f: &str, v: &Option<String>| optional_text(f, v.as_deref(), limits::TEXT);
        let s = Self {
            api_base: Some(http_url(
                "api_base",
                self.api_base.as_deref().unwrap_or(api),
            )?),
            token_url: Some(http_url(
                "token_url",
                self.token_url.as_deref().unwrap_or(token),
            )?),
            shop_id: text("shop_id", &self.shop_id)?,
            marketplace_ids: self
                .marketplace_ids
                .iter()
                .enumerate()
                .map(|(i, m)| required_text(&format!("marketplace_ids[{i}]"), m, limits::SHORT))
                .collect::<Result<_, _>>()?,
            api_key: text("api_key", &self.api_key)?,
            client_id: text("client_id", &self.client_id)?,
            client_secret: text("client_secret", &self.client_secret)?,
            access_token: text("access_token", &self.access_token)?,
            refresh_token: text("refresh_token", &self.refresh_token)?,
            interval_seconds: Some(self.interval_seconds.unwrap_or(DEFAULT_INTERVAL_SECONDS)),
            since_days: Some(self.since_days.unwrap_or(7)),
            active: Some(self.active.unwrap_or(true)),
            orders_api: match (kind, self.orders_api.as_deref().map(str::trim)) {
                (ChannelKind::Amazon, None | Some("")) => Some("v0".to_owned()),
                (ChannelKind::Amazon, Some(v)) if AMAZON_ORDERS_APIS.contains(&v) => {
                    Some(v.to_owned())
                }
                (ChannelKind::Amazon, Some(v)) => {
                    return Err(ValidationError::new(
                        "orders_api",
                        ErrorCode::InvalidValue,
                        format!("{v:?}: v0 or 2026-01-01"),
                    ));
                }
                _ => None,
            },
        };
        let need = |ok: bool, field: &str, what: &str| match ok {
            true => Ok(()),
            false => Err(ValidationError::new(
                field,
                ErrorCode::Required,
                what.to_owned(),
            )),
        };
        match kind {
            ChannelKind::Etsy => {
                need(s.shop_id.is_some(), "shop_id", "Etsy needs the shop id")?;
                need(
                    s.api_key.is_some(),
                    "api_key",
                    "Etsy needs the app's x-api-key",
                )?;
            }
            _ => need(
                !s.marketplace_ids.is_empty(),
                "marketplace_ids",
                "Amazon needs a marketplace id",
            )?,
        }
        need(
            s.access_token.is_some() || (s.refresh_token.is_some() && s.client_id.is_some()),
            "access_token",
            "an access token, or a refresh token with its client id",
        )?;
        let interval = s.interval_seconds.unwrap_or_default();
        if interval < MIN_INTERVAL_SECONDS {
            return Err(ValidationError::new(
                "interval_seconds",
                ErrorCode::OutOfRange,
                format!("at least {MIN_INTERVAL_SECONDS} seconds"),
            ));
        }
        orderhub_domain::validate::in_range("since_days", s.since_days.unwrap_or(7), 0, 365)?;
        Ok(s)
    }

    /// The settings as the API shows them: no secret, only whether it is set.
    pub fn view(&self) -> PollSettingsView {
        PollSettingsView {
            api_base: self.api_base.clone().unwrap_or_default(),
            shop_id: self.shop_id.clone(),
            marketplace_ids: self.marketplace_ids.clone(),
            has_api_key: self.api_key.is_some(),
            has_access_token: self.access_token.is_some(),
            has_refresh_token: self.refresh_token.is_some(),
            interval_seconds: self.interval_seconds.unwrap_or(DEFAULT_INTERVAL_SECONDS),
            active: self.active.unwrap_or(true),
            orders_api: self.orders_api.clone(),
        }
    }
}

/// Poll settings without their secrets.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PollSettingsView {
    pub api_base: String,
    pub shop_id: Option<String>,
    pub marketplace_ids: Vec<String>,
    pub has_api_key: bool,
    pub has_access_token: bool,
    pub has_refresh_token: bool,
    pub interval_seconds: i64,
    pub active: bool,
    /// Amazon: the Orders API version called.
    pub orders_api: Option<String>,
}

impl PollSettings {
    /// Amazon on Orders v2026-01-01.
    pub fn amazon_2026(&self) -> bool {
        self.orders_api.as_deref() == Some("2026-01-01")
    }

    /// The call that lists orders.
    pub fn list_call(&self, kind: ChannelKind) -> Call {
        match (kind, self.amazon_2026()) {
            (ChannelKind::Amazon, true) => Call::SearchOrders,
            _ => Call::ListOrders,
        }
    }
}

//! A channel: one store on a marketplace, configured by an operator.

use crate::ChannelKind;
use orderhub_domain::ErrorCode;
use orderhub_domain::OrderStatus;
use orderhub_domain::validate::{ValidationError, limits, optional_text, required_text};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::OffsetDateTime;
use utoipa::ToSchema;

/// A sales channel as the API shows it (never its secret).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Channel {
    pub id: String,
    pub kind: ChannelKind,
    pub name: String,
    /// Whether a webhook signing secret is set (webhooks need one).
    pub has_secret: bool,
    /// `pending` or `purchasing`: the status orders from it arrive in.
    pub default_status: OrderStatus,
    /// Platform SKU or product title → category id or name.
    pub category_map: BTreeMap<String, String>,
    /// Where the platform sends signed webhooks (Shopify, WooCommerce).
    pub webhook_url: Option<String>,
    /// The store's address (Shopify: `shop.myshopify.com`; WooCommerce:
    /// the site's URL), for links to its orders in the marketplace's
    /// admin; learnt from its webhooks when not set.
    pub store_url: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// `POST /channels`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewChannel {
    pub kind: ChannelKind,
    pub name: String,
    /// The webhook signing secret the platform shows (Shopify: the app's
    /// client secret; WooCommerce: the webhook's secret).
    pub secret: Option<String>,
    pub default_status: Option<OrderStatus>,
    #[serde(default)]
    pub category_map: BTreeMap<String, String>,
    /// See [`Channel::store_url`].
    #[serde(default)]
    pub store_url: Option<String>,
}

impl NewChannel {
    pub fn normalize(self) -> Result<Self, ValidationError> {
        let status = self.default_status.unwrap_or(OrderStatus::Pending);
        if !matches!(status, OrderStatus::Pending | OrderStatus::Purchasing) {
            return Err(ValidationError::new(
                "default_status",
                ErrorCode::InvalidInitialStatus,
                "orders arrive pending or purchasing",
            ));
        }
        let mut map = BTreeMap::new();
        for (key, category) in self.category_map {
            let field = format!("category_map.{key}");
            let key = required_text(&field, &key, limits::NAME)?;
            map.insert(key, required_text(&field, &category, limits::SHORT)?);
        }
        Ok(Self {
            kind: self.kind,
            name: required_text("name", &self.name, limits::NAME)?,
            secret: optional_text("secret", self.secret.as_deref(), limits::NAME)?,
            default_status: Some(status),
            category_map: map,
            store_url: store_url(self.store_url.as_deref())?,
        })
    }
}

/// `PATCH /channels/{id}`: only the fields given change; an empty `secret`
/// removes it (webhooks are then refused).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChannelPatch {
    pub name: Option<String>,
    pub secret: Option<String>,
    pub default_status: Option<OrderStatus>,
    /// Replaces the whole map.
    pub category_map: Option<BTreeMap<String, String>>,
    /// An empty one removes it.
    pub store_url: Option<String>,
}

/// A store's address as typed: `shop.myshopify.com` or a site's URL,
/// kept as `https://…` without a trailing `/`.
fn store_url(typed: Option<&str>) -> Result<Option<String>, ValidationError> {
    let Some(t) = optional_text("store_url", typed, limits::TEXT)? else {
        return Ok(None);
    };
    let url = match t.contains("://") {
        true => t,
        false => format!("https://{t}"),
    };
    orderhub_domain::validate::http_url("store_url", &url).map(Some)
}

impl ChannelPatch {
    /// The channel as it will be, checked as a new one is: `current` with
    /// the patch applied (`secret` is the current one).
    pub fn apply(
        self,
        current: &Channel,
        secret: Option<String>,
    ) -> Result<NewChannel, ValidationError> {
        let secret = match self.secret {
            Some(s) if s.trim().is_empty() => None,
            Some(s) => Some(s),
            None => secret,
        };
        NewChannel {
            kind: current.kind,
            name: self.name.unwrap_or_else(|| current.name.clone()),
            secret,
            default_status: Some(self.default_status.unwrap_or(current.default_status)),
            category_map: self
                .category_map
                .unwrap_or_else(|| current.category_map.clone()),
            store_url: match self.store_url {
                Some(s) if s.trim().is_empty() => None,
                Some(s) => Some(s),
                None => current.store_url.clone(),
            },
        }
        .normalize()
    }
}

//! How a channel reports fulfilments back: on or off, and for Shopify
//! and WooCommerce the API credentials (Etsy and Amazon use those the
//! channel is polled with).

use crate::ChannelKind;
use orderhub_domain::ErrorCode;
use orderhub_domain::validate::{ValidationError, http_url, limits, optional_text};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `PUT /channels/{id}/fulfilment`. Secrets are kept to make the calls
/// and never shown again; a field left out keeps its stored value.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PushSettings {
    /// Report each shipment to the marketplace (default true).
    pub active: Option<bool>,
    /// Shopify: the shop (`https://example.myshopify.com`); WooCommerce:
    /// the site. Default: the channel's store address.
    pub api_base: Option<String>,
    /// Shopify: the Admin API access token (`shpat_…`) of an app with the
    /// `write_merchant_managed_fulfillment_orders` scope.
    pub access_token: Option<String>,
    /// WooCommerce: a REST API key with read/write access.
    pub consumer_key: Option<String>,
    pub consumer_secret: Option<String>,
    /// Shopify and Etsy: the marketplace e-mails the buyer the tracking
    /// (default true).
    pub notify_buyer: Option<bool>,
}

impl PushSettings {
    /// Fills what was left out from `kept`, the settings stored before —
    /// unless the address changed: credentials never follow an address
    /// to a new host.
    pub fn with_kept(mut self, kept: &PushSettings) -> Self {
        if self.api_base.is_some() && self.api_base != kept.api_base {
            return self;
        }
        let keep = |mine: &mut Option<String>, old: &Option<String>| {
            if mine.is_none() {
                mine.clone_from(old);
            }
        };
        keep(&mut self.api_base, &kept.api_base);
        keep(&mut self.access_token, &kept.access_token);
        keep(&mut self.consumer_key, &kept.consumer_key);
        keep(&mut self.consumer_secret, &kept.consumer_secret);
        self.active = self.active.or(kept.active);
        self.notify_buyer = self.notify_buyer.or(kept.notify_buyer);
        self
    }

    /// Checks what `kind` needs; `store_url` is the channel's address.
    pub fn normalize(
        self,
        kind: ChannelKind,
        store_url: Option<&str>,
    ) -> Result<Self, ValidationError> {
        let text = |f: &str, v: &Option<String>| optional_text(f, v.as_deref(), limits::TEXT);
        let api_base = match (kind, self.api_base.as_deref().or(store_url)) {
            (ChannelKind::Etsy | ChannelKind::Amazon, _) => None,
            // a Shopify store's address is often its bare domain
            (_, Some(url)) if !url.contains("://") => {
                Some(http_url("api_base", &format!("https://{}", url.trim()))?)
            }
            (_, Some(url)) => Some(http_url("api_base", url)?),
            (_, None) => return Err(required("api_base", "the store's address")),
        };
        let s = Self {
            active: Some(self.active.unwrap_or(true)),
            api_base,
            access_token: text("access_token", &self.access_token)?,
            consumer_key: text("consumer_key", &self.consumer_key)?,
            consumer_secret: text("consumer_secret", &self.consumer_secret)?,
            notify_buyer: Some(self.notify_buyer.unwrap_or(true)),
        };
        match kind {
            ChannelKind::Shopify if s.access_token.is_none() => Err(required(
                "access_token",
                "Shopify needs the Admin API access token",
            )),
            ChannelKind::Woocommerce if s.consumer_key.is_none() => Err(required(
                "consumer_key",
                "WooCommerce needs a REST API consumer key",
            )),
            ChannelKind::Woocommerce if s.consumer_secret.is_none() => Err(required(
                "consumer_secret",
                "WooCommerce needs the key's consumer secret",
            )),
            _ => Ok(s),
        }
    }

    /// As the API shows them: no secret, only whether one is set.
    pub fn view(&self) -> PushSettingsView {
        PushSettingsView {
            active: self.active.unwrap_or(true),
            api_base: self.api_base.clone(),
            has_access_token: self.access_token.is_some(),
            has_consumer_key: self.consumer_key.is_some() && self.consumer_secret.is_some(),
            notify_buyer: self.notify_buyer.unwrap_or(true),
        }
    }
}

fn required(field: &str, what: &str) -> ValidationError {
    ValidationError::new(field, ErrorCode::Required, what.to_owned())
}

/// Push settings without their secrets.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PushSettingsView {
    pub active: bool,
    pub api_base: Option<String>,
    pub has_access_token: bool,
    pub has_consumer_key: bool,
    pub notify_buyer: bool,
}

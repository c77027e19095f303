//! Telling the marketplace an order's parcel has left: the calls that
//! create a fulfilment with its carrier and tracking number on Shopify,
//! Etsy, Amazon and WooCommerce. Pure: a [`Flow`] says which request to
//! make next from the answers so far; the server's worker makes them.
//!
//! Every flow looks before it writes, so a push repeated after a crash
//! (the fulfilment created upstream, the answer lost) never creates a
//! second one:
//! - Shopify: the order's fulfilments are read first; one with this
//!   tracking number for these line items is the one we made.
//! - Etsy: the receipt's shipments are read first, by tracking code.
//! - Amazon: `confirmShipment` names the package (`packageReferenceId`,
//!   one number per fulfilment); Amazon updates a package it has rather
//!   than adding one.
//! - WooCommerce: the order note carries a marker and the tracking item
//!   the fulfilment's id, both looked for before they are written.

mod amazon;
mod etsy;
mod settings;
mod shopify;
mod woocommerce;

pub use settings::{PushSettings, PushSettingsView};

#[cfg(test)]
mod tests;

use crate::ChannelKind;
use serde_json::Value;
use time::OffsetDateTime;

/// What is pushed: one shipment of one order.
#[derive(Debug, Clone)]
pub struct Push {
    /// orderhub's id of the fulfilment: the idempotency key upstream.
    pub key: String,
    /// The platform's id of the order (Shopify's numeric id, Etsy's
    /// receipt id, Amazon's order id, WooCommerce's order id).
    pub upstream_order_id: String,
    pub lines: Vec<PushLine>,
    pub carrier: String,
    pub tracking_number: String,
    pub tracking_url: Option<String>,
    /// Amazon's `packageReferenceId`: 1, 2, … within the order.
    pub package_no: i64,
    pub shipped_at: OffsetDateTime,
    /// After this shipment every live task of the order has shipped
    /// (WooCommerce then marks the order completed).
    pub completes_order: bool,
}

/// One order line in the parcel.
#[derive(Debug, Clone)]
pub struct PushLine {
    /// The platform's id of the line (Shopify line item, Amazon
    /// OrderItemId, Etsy transaction, WooCommerce line item).
    pub upstream_line_id: Option<String>,
    pub sku: Option<String>,
    pub quantity: i64,
}

/// How to reach the store's API.
#[derive(Debug, Clone, Default)]
pub struct Access {
    /// The API's root (Shopify's `https://{shop}.myshopify.com`,
    /// WooCommerce's site, Etsy's and Amazon's API hosts).
    pub api_base: String,
    /// Headers every call carries (tokens).
    pub headers: Vec<(&'static str, String)>,
    /// WooCommerce: HTTP Basic with the consumer key and secret.
    pub basic: Option<(String, String)>,
    /// Etsy: the shop's id.
    pub shop_id: Option<String>,
    /// Amazon: the marketplace the order was placed in.
    pub marketplace_id: Option<String>,
    /// Shopify and Etsy: whether the marketplace e-mails the buyer.
    pub notify_buyer: bool,
}

/// An HTTP method the flows use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Json(Value),
    Form(Vec<(&'static str, String)>),
}

/// A call to make.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub method: Method,
    pub url: String,
    pub body: Option<Body>,
}

/// What to do next.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Send(Request),
    /// The fulfilment exists upstream: its id there.
    Done(String),
    /// It cannot be made, whatever the retries (said for people).
    Refused(String),
}

/// A push in progress: feed it each successful answer's body.
#[derive(Debug, Clone)]
pub struct Flow {
    kind: ChannelKind,
    push: Push,
    access: Access,
    stage: u8,
}

impl Flow {
    pub fn new(kind: ChannelKind, push: Push, access: Access) -> Self {
        Self {
            kind,
            push,
            access,
            stage: 0,
        }
    }

    /// The next step, given the body of the last request's 2xx answer
    /// (`Value::Null` for an empty one; ignored for the first step).
    pub fn next(&mut self, answer: &Value) -> Step {
        let stage = self.stage;
        // a flow may skip a step it does not need
        let mut next = stage + 1;
        let (push, access) = (&self.push, &self.access);
        let step = match self.kind {
            ChannelKind::Shopify => shopify::step(stage, push, access, answer),
            ChannelKind::Etsy => etsy::step(stage, push, access, answer),
            ChannelKind::Amazon => amazon::step(stage, push, access, answer),
            ChannelKind::Woocommerce => woocommerce::step(stage, &mut next, push, access, answer),
        };
        self.stage = next;
        step
    }
}

/// Seconds before each retry of a failed push: quick at first (a late
/// shipment confirmation counts against the seller), then spread over a
/// day; after the last the fulfilment is failed and shown for a person.
pub const RETRY_SECONDS: &[i64] = &[5, 30, 120, 600, 1_800, 7_200, 21_600, 43_200];

/// What an answer outside 2xx means for the push.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Try again later: the platform is down, busy, or the token is
    /// being refreshed.
    Retry,
    /// The platform refuses this push: retrying cannot help.
    Refused,
}

/// An answer's status read: 5xx, 429, 408 and refused tokens are
/// retried; any other 4xx is the platform refusing the request.
pub fn verdict(status: u16) -> Verdict {
    match status {
        401 | 403 | 408 | 409 | 423 | 425 | 429 => Verdict::Retry,
        400..=499 => Verdict::Refused,
        _ => Verdict::Retry,
    }
}

/// What a refusal's body says, briefly (the platforms put it in
/// `errors`, `error`, `message` or `error_description`).
pub fn refusal_text(status: u16, body: &Value) -> String {
    let said = ["errors", "error", "message", "error_description"]
        .iter()
        .find_map(|k| body.get(k))
        .map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .unwrap_or_default();
    let said: String = said.chars().take(300).collect();
    match said.is_empty() {
        true => format!("the platform answered {status}"),
        false => format!("the platform answered {status}: {said}"),
    }
}

/// A JSON value's text, whether the platform sent a number or a string.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An id sent back as a number when it is one (Shopify's and
/// WooCommerce's ids are numbers).
fn as_number(id: &str) -> Value {
    id.parse::<u64>()
        .map_or_else(|_| Value::String(id.to_owned()), Value::from)
}

fn base(access: &Access) -> &str {
    access.api_base.trim_end_matches('/')
}

/// `kind`'s API root when none is set.
pub fn default_base(kind: ChannelKind) -> Option<&'static str> {
    match kind {
        ChannelKind::Etsy => Some("https://openapi.etsy.com"),
        ChannelKind::Amazon => Some("https://sellingpartnerapi-na.amazon.com"),
        _ => None,
    }
}

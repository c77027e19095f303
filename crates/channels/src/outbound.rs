//! Outbound webhooks, as the Standard Webhooks specification lays them out
//! (standardwebhooks.com): which orderhub events each webhook event type
//! carries, and the `webhook-signature` of a delivery.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use orderhub_domain::ErrorCode;
use sha2::Sha256;

/// (webhook event type, orderhub event kind, only when it enters this
/// status). The one place that says what a subscriber receives.
pub const EVENT_TYPES: &[(&str, &str, Option<&str>)] = &[
    ("order.created", "order.created", None),
    ("order.status_changed", "order.status_changed", None),
    ("order.payment_recorded", "order.payment_recorded", None),
    ("order.held", "order.held", None),
    ("order.approved", "order.approved", None),
    ("order.fulfilment_sent", "order.fulfilment_sent", None),
    ("order.fulfilment_failed", "order.fulfilment_failed", None),
    ("task.assigned", "task.routed", None),
    ("task.status_changed", "task.status_changed", None),
    ("task.shipped", "task.status_changed", Some("shipped")),
    ("task.updated", "task.updated", None),
    ("task.delivered", "task.delivered", None),
    ("task.overdue", "task.overdue", None),
    ("rule.fired", "rule.fired", None),
    ("rule.webhook", "rule.webhook", None),
    ("case.opened", "case.opened", None),
    ("stock.low", "stock.low", None),
    ("case.step", "case.step", None),
    ("task.amendment_proposed", "task.amendment_proposed", None),
    ("task.amendment_accepted", "task.amendment_accepted", None),
    ("task.amendment_refused", "task.amendment_refused", None),
    ("task.proof_submitted", "task.proof_submitted", None),
    ("task.proof_sent", "task.proof_sent", None),
    ("task.proof_approved", "task.proof_approved", None),
    (
        "task.proof_changes_requested",
        "task.proof_changes_requested",
        None,
    ),
    ("rfq.submitted", "rfq.submitted", None),
    ("rfq.approved", "rfq.approved", None),
    ("rfq.sent", "rfq.sent", None),
    ("rfq.cancelled", "rfq.cancelled", None),
    ("bid.quoted", "bid.quoted", None),
    ("bid.rejected", "bid.rejected", None),
    ("bid.countered", "bid.countered", None),
    ("bid.accepted", "bid.accepted", None),
    ("bid.declined", "bid.declined", None),
    ("bid.withdrawn", "bid.withdrawn", None),
    ("bid.message", "bid.message", None),
    ("contract.drawn_up", "contract.drawn_up", None),
    ("contract.signature_added", "contract.signature_added", None),
    ("contract.signed", "contract.signed", None),
    ("shipment.sent", "shipment.sent", None),
    ("shipment.received", "shipment.received", None),
    ("return.requested", "return.requested", None),
    ("return.answered", "return.answered", None),
    ("return.resolved", "return.resolved", None),
    ("invoice.issued", "invoice.issued", None),
    ("invoice.cancelled", "invoice.cancelled", None),
    ("payment.reported", "payment.reported", None),
    ("payment.confirmed", "payment.confirmed", None),
    ("payment.rejected", "payment.rejected", None),
    ("contract.settled", "contract.settled", None),
];

/// The webhook event types, for validating subscriptions.
pub fn event_types() -> impl Iterator<Item = &'static str> {
    EVENT_TYPES.iter().map(|(t, ..)| *t)
}

/// Whether a type concerns a supplier's own work: its tasks, the requests
/// sent to it and its bids (the only ones a supplier may subscribe to).
pub fn is_task_event(event_type: &str) -> bool {
    event_type.starts_with("task.")
        || event_type.starts_with("bid.")
        || event_type.starts_with("contract.")
        || event_type.starts_with("shipment.")
        || event_type.starts_with("return.")
        || event_type.starts_with("invoice.")
        || event_type.starts_with("payment.")
        || event_type == "rfq.sent"
}

/// Retry schedule after a failed attempt (Standard Webhooks' suggestion,
/// as Svix runs it): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h — about 28 h
/// in all, then the message is given up.
pub const RETRY_SECONDS: &[i64] = &[5, 300, 1_800, 7_200, 18_000, 36_000, 36_000];

/// `v1,<base64 HMAC-SHA256>` of `{id}.{timestamp}.{body}` under the
/// endpoint's secret (`whsec_` + base64 key).
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> Option<String> {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap_or(secret))
        .ok()?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    Some(format!(
        "v1,{}",
        STANDARD.encode(mac.finalize().into_bytes())
    ))
}

/// A new endpoint secret from 24 random bytes.
pub fn secret_from(bytes: [u8; 24]) -> String {
    format!("whsec_{}", STANDARD.encode(bytes))
}

/// `POST /webhooks`: a URL to send events to.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEndpoint {
    /// `http://` or `https://`.
    pub url: String,
    /// Event types: `order.created`, `order.status_changed`,
    /// `task.assigned`, `task.status_changed`, `task.shipped`,
    /// `task.updated` (suppliers: `task.*` only, for their own tasks).
    pub events: Vec<String>,
}

/// An endpoint as the API shows it; its secret only once, when created.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Endpoint {
    pub id: String,
    pub url: String,
    pub events: Vec<String>,
    /// Set for a supplier's endpoint: only its own tasks' events.
    pub supplier_id: Option<String>,
    pub active: bool,
    /// `whsec_…`: verify `webhook-signature` with it. Shown once.
    pub secret: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: time::OffsetDateTime,
}

/// One message in an endpoint's delivery log.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Message {
    /// The `webhook-id` it is sent with (the same on every retry).
    pub id: String,
    pub event_type: String,
    pub event_id: String,
    /// `pending`, `delivered` or `failed` (retries used up).
    pub status: String,
    pub attempts: i64,
    #[serde(with = "time::serde::rfc3339::option")]
    pub next_attempt_at: Option<time::OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub delivered_at: Option<time::OffsetDateTime>,
    /// The receiver's last answer (HTTP status), or why there was none.
    pub last_status_code: Option<i64>,
    pub last_error: Option<String>,
}

/// `PATCH /webhooks/{id}`: only the fields given change.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndpointPatch {
    pub url: Option<String>,
    /// Replaces the subscribed event types.
    pub events: Option<Vec<String>>,
    /// `false` pauses deliveries (they wait, and go once it is `true` again).
    pub active: Option<bool>,
}

impl NewEndpoint {
    /// Checks the URL and the event types; `supplier` limits them to tasks.
    pub fn normalize(self, supplier: bool) -> Result<Self, orderhub_domain::ValidationError> {
        use orderhub_domain::ValidationError;
        // kept as typed (a trailing `/` may matter to the receiver)
        orderhub_domain::validate::http_url("url", &self.url)?;
        let url = self.url.trim().to_owned();
        if self.events.is_empty() {
            return Err(ValidationError::new(
                "events",
                ErrorCode::Required,
                "subscribe to at least one event type",
            ));
        }
        let mut events = Vec::new();
        for (i, e) in self.events.into_iter().enumerate() {
            let field = format!("events[{i}]");
            if !event_types().any(|t| t == e) {
                return Err(ValidationError::new(
                    field,
                    ErrorCode::UnknownEventType,
                    format!("one of {}", event_types().collect::<Vec<_>>().join(", ")),
                ));
            }
            if supplier && !is_task_event(&e) {
                return Err(ValidationError::new(
                    field,
                    ErrorCode::NotAllowed,
                    "a supplier subscribes to task events only",
                ));
            }
            if !events.contains(&e) {
                events.push(e);
            }
        }
        Ok(Self { url, events })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_specifications_example_signs_alike() {
        // the Standard Webhooks reference libraries' test vector
        let sig = super::sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            br#"{"test": 2432232314}"#,
        );
        assert_eq!(
            sig.as_deref(),
            Some("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        );
        assert_eq!(super::sign("whsec_not base64!", "m", 1, b"{}"), None);
    }
}

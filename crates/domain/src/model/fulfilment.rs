//! A shipment reported back to the marketplace its order came from.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

vocabulary!(
    /// Where reporting a shipment to the marketplace stands.
    FulfilmentStatus {
        /// Waiting to be sent, or to be tried again (`next_at`).
        Pending => "pending",
        /// The marketplace has it.
        Sent => "sent",
        /// The marketplace refused it, or every retry failed; an operator
        /// may try again.
        Failed => "failed",
    }
);

impl FulfilmentStatus {
    /// Its colour family, as every status chip has one.
    pub fn family(self) -> crate::lifecycle::StatusFamily {
        use crate::lifecycle::StatusFamily as F;
        match self {
            FulfilmentStatus::Pending => F::Waiting,
            FulfilmentStatus::Sent => F::Done,
            FulfilmentStatus::Failed => F::Problem,
        }
    }
}

/// One shipped task's report to the marketplace (`GET /orders/{id}/fulfilments`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Fulfilment {
    pub id: String,
    pub order_id: String,
    pub task_id: String,
    pub channel_id: String,
    /// `shopify`, `etsy`, `amazon`, `woocommerce`.
    pub platform: String,
    pub carrier: String,
    pub tracking_number: String,
    /// Amazon's package number within the order.
    pub package_no: i64,
    pub status: FulfilmentStatus,
    pub attempts: i64,
    /// Why the last try failed.
    pub last_error: Option<String>,
    /// The platform's id of the fulfilment (Shopify fulfillment, Etsy
    /// receipt shipment, Amazon package, WooCommerce order).
    pub upstream_ref: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub next_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub sent_at: Option<OffsetDateTime>,
}

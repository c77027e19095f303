//! A parcel's journey as its carrier reports it: the events a tracking
//! provider gives, and when the parcel counts as delivered.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

/// The most events kept for one parcel (a long journey has a few dozen).
pub const MAX_EVENTS: usize = 200;

vocabulary!(
    /// Where a parcel is, in the words tracking services share.
    TrackingStatus {
        /// The carrier has the label, not the parcel yet.
        InfoReceived => "info_received",
        InTransit => "in_transit",
        OutForDelivery => "out_for_delivery",
        /// The buyer has it (签收).
        Delivered => "delivered",
        /// Held, damaged, a failed attempt: someone should look.
        Exception => "exception",
        /// On its way back to the sender.
        Returned => "returned",
    }
);

/// One scan of the parcel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TrackingEvent {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub status: TrackingStatus,
    pub location: Option<String>,
    pub description: String,
}

/// When the events say the parcel was delivered: the first delivery scan.
pub fn delivered_at(events: &[TrackingEvent]) -> Option<OffsetDateTime> {
    events
        .iter()
        .filter(|e| e.status == TrackingStatus::Delivered)
        .map(|e| e.at)
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_first_delivery_scan_counts() {
        let scan = |at, status| TrackingEvent {
            at,
            status,
            location: None,
            description: String::new(),
        };
        let events = [
            scan(datetime!(2026-12-01 8:00 UTC), TrackingStatus::InTransit),
            scan(datetime!(2026-12-03 9:00 UTC), TrackingStatus::Delivered),
            scan(datetime!(2026-12-02 9:00 UTC), TrackingStatus::Delivered),
        ];
        assert_eq!(delivered_at(&events), Some(datetime!(2026-12-02 9:00 UTC)));
        assert_eq!(delivered_at(&events[..1]), None);
    }
}

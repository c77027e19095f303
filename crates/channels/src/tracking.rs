//! Asking a tracking provider where parcels are. orderhub speaks one
//! small protocol, so any service (17TRACK, AfterShip, Kuaidi100 …) can
//! be put behind a thin adapter, and tests use a local fake:
//!
//! `POST <url>` with `authorization: Bearer <key>` and
//! `{"carrier": "sf_express", "carrier_name": "顺丰速运", "tracking_number": "SF1234567890123"}`
//! (`carrier` is orderhub's code when it knows the carrier, else empty),
//! answered `200 {"events": [{"at": RFC 3339, "status": one of
//! `TrackingStatus`, "location": …, "description": …}]}`; a 404 means
//! the provider does not know the number (yet).

use orderhub_domain::carrier::Carrier;
use orderhub_domain::carrier::tracking::{MAX_EVENTS, TrackingEvent, TrackingStatus};
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The longest description or location kept.
const MAX_TEXT: usize = 500;

/// The request body for one parcel.
pub fn request(carrier: &str, number: &str) -> Value {
    json!({
        "carrier": Carrier::find(carrier).map_or("", |c| c.as_str()),
        "carrier_name": carrier,
        "tracking_number": number,
    })
}

/// The events of an answer, oldest first; unreadable events are
/// refused with what is wrong, beyond [`MAX_EVENTS`] the newest kept.
pub fn events(body: &Value) -> Result<Vec<TrackingEvent>, String> {
    let list = body
        .get("events")
        .and_then(Value::as_array)
        .ok_or("the answer has no events list")?;
    let mut out = Vec::new();
    for (i, e) in list.iter().enumerate() {
        let text = |k: &str| {
            e.get(k)
                .and_then(Value::as_str)
                .map(|t| t.trim().chars().take(MAX_TEXT).collect::<String>())
                .filter(|t| !t.is_empty())
        };
        let at = text("at")
            .and_then(|t| OffsetDateTime::parse(&t, &Rfc3339).ok())
            .ok_or(format!("events[{i}].at: not an RFC 3339 time"))?;
        let status = text("status")
            .and_then(|s| TrackingStatus::parse(&s))
            .ok_or(format!("events[{i}].status: not a known status"))?;
        out.push(TrackingEvent {
            at,
            status,
            location: text("location"),
            description: text("description").unwrap_or_default(),
        });
    }
    out.sort_by_key(|e| e.at);
    let extra = out.len().saturating_sub(MAX_EVENTS);
    Ok(out.split_off(extra))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_read_sorted_and_capped() {
        assert_eq!(request("顺丰", "SF1")["carrier"], "sf_express");
        assert_eq!(request("Bob's Van", "1")["carrier"], "");
        let body = json!({"events": [
            {"at": "2026-12-03T09:00:00Z", "status": "delivered", "location": "Leeds", "description": "Signed for by J. Smith"},
            {"at": "2026-12-01T08:00:00+08:00", "status": "in_transit", "description": "已揽收"}
        ]});
        let e = events(&body).unwrap();
        assert_eq!(e[0].status, TrackingStatus::InTransit);
        assert_eq!(e[1].location.as_deref(), Some("Leeds"));
        assert!(events(&json!({"events": [{"at": "yesterday", "status": "delivered"}]})).is_err());
        assert!(
            events(&json!({"events": [{"at": "2026-12-01T08:00:00Z", "status": "lost"}]})).is_err()
        );
        let many: Vec<Value> = (0..300)
            .map(|i| json!({"at": format!("2026-12-01T08:{:02}:{:02}Z", i / 60, i % 60), "status": "in_transit"}))
            .collect();
        let kept = events(&json!({ "events": many })).unwrap();
        assert_eq!(kept.len(), MAX_EVENTS);
        assert_eq!(kept[0].at.minute(), 1, "the newest are kept");
    }
}

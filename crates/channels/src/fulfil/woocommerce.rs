//! WooCommerce (REST API v3): a note to the buyer with the carrier and
//! tracking number, the tracking item the Shipment Tracking extension
//! (and the plugins that read its meta) shows, and the order completed
//! once everything in it has shipped.
//! <https://woocommerce.github.io/woocommerce-rest-api-docs/#order-notes>

use super::{Access, Body, Method, Push, Request, Step, as_number, base, text};
use orderhub_domain::carrier::platforms::{Marketplace, Named, name_for};
use serde_json::{Value, json};

/// The order meta the Shipment Tracking extension keeps its items in.
pub const TRACKING_META: &str = "_wc_shipment_tracking_items";

fn order_url(push: &Push, access: &Access) -> String {
    format!(
        "{}/wp-json/wc/v3/orders/{}",
        base(access),
        push.upstream_order_id
    )
}

fn marker(push: &Push) -> String {
    format!("[orderhub {}]", push.key)
}

fn get(url: String) -> Step {
    Step::Send(Request {
        method: Method::Get,
        url,
        body: None,
    })
}

pub(super) fn step(stage: u8, next: &mut u8, push: &Push, access: &Access, answer: &Value) -> Step {
    match stage {
        0 => get(format!("{}/notes", order_url(push, access))),
        1 if noted(push, answer) => {
            // the note is there (an earlier try): on to the order
            *next = 3;
            get(order_url(push, access))
        }
        1 => Step::Send(Request {
            method: Method::Post,
            url: format!("{}/notes", order_url(push, access)),
            body: Some(Body::Json(
                json!({"note": note(push), "customer_note": true}),
            )),
        }),
        2 => get(order_url(push, access)),
        3 => update(push, access, answer),
        _ => Step::Done(push.upstream_order_id.clone()),
    }
}

fn noted(push: &Push, notes: &Value) -> bool {
    let marker = marker(push);
    notes.as_array().is_some_and(|a| {
        a.iter()
            .any(|n| n["note"].as_str().is_some_and(|t| t.contains(&marker)))
    })
}

fn note(push: &Push) -> String {
    let carrier = name_for(Marketplace::WooCommerce, &push.carrier);
    let mut note = format!(
        "Shipped with {}, tracking number {}.",
        carrier.text(),
        push.tracking_number
    );
    if let Some(url) = &push.tracking_url {
        note.push_str(&format!(" Track it at {url}"));
    }
    format!("{note} {}", marker(push))
}

/// Adds our tracking item to the order's (and completes it when this
/// was its last parcel), unless it is there already.
fn update(push: &Push, access: &Access, order: &Value) -> Step {
    let meta = order["meta_data"]
        .as_array()
        .and_then(|m| m.iter().find(|m| m["key"] == TRACKING_META));
    let mut items = meta
        .and_then(|m| m["value"].as_array().cloned())
        .unwrap_or_default();
    let has_item = items.iter().any(|i| i["tracking_id"] == push.key.as_str());
    let completed = order["status"] == "completed";
    if has_item && (completed || !push.completes_order) {
        return Step::Done(push.upstream_order_id.clone());
    }
    if !has_item {
        let (provider, custom) = match name_for(Marketplace::WooCommerce, &push.carrier) {
            Named::Listed(p) => (p.to_owned(), String::new()),
            Named::Other(name) => (String::new(), name),
        };
        items.push(json!({
            "tracking_provider": provider,
            "custom_tracking_provider": custom,
            "custom_tracking_link": if provider.is_empty() { push.tracking_url.clone().unwrap_or_default() } else { String::new() },
            "tracking_number": push.tracking_number,
            "date_shipped": push.shipped_at.unix_timestamp().to_string(),
            "tracking_id": push.key,
        }));
    }
    let mut entry = json!({"key": TRACKING_META, "value": items});
    if let Some(id) = meta.and_then(|m| text(&m["id"])) {
        // with its id the meta is replaced, not added a second time
        entry["id"] = as_number(&id);
    }
    let mut body = json!({"meta_data": [entry]});
    if push.completes_order && !completed {
        body["status"] = json!("completed");
    }
    Step::Send(Request {
        method: Method::Put,
        url: order_url(push, access),
        body: Some(Body::Json(body)),
    })
}

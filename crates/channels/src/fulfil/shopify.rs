//! Shopify (REST Admin API): fulfilment orders → a fulfilment with
//! tracking info. <https://shopify.dev/docs/api/admin-rest/latest/resources/fulfillment>

use super::{Access, Body, Method, Push, Request, Step, as_number, base, text};
use orderhub_domain::carrier::platforms::{Marketplace, name_for};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The Admin API version called.
pub const API_VERSION: &str = "2025-07";

fn url(access: &Access, path: &str) -> String {
    format!("{}/admin/api/{API_VERSION}/{path}", base(access))
}

fn get(access: &Access, path: &str) -> Step {
    Step::Send(Request {
        method: Method::Get,
        url: url(access, path),
        body: None,
    })
}

pub(super) fn step(stage: u8, push: &Push, access: &Access, answer: &Value) -> Step {
    let order = &push.upstream_order_id;
    match stage {
        0 => get(access, &format!("orders/{order}/fulfillments.json")),
        1 => match made_already(push, answer) {
            Some(id) => Step::Done(id),
            None => get(access, &format!("orders/{order}/fulfillment_orders.json")),
        },
        2 => create(push, access, answer),
        _ => answer
            .pointer("/fulfillment/id")
            .and_then(text)
            .map_or_else(
                || Step::Refused("Shopify's answer has no fulfillment id".into()),
                Step::Done,
            ),
    }
}

fn line_ids(push: &Push) -> Vec<&str> {
    push.lines
        .iter()
        .filter_map(|l| l.upstream_line_id.as_deref())
        .collect()
}

/// A live fulfilment with our tracking number over one of our lines.
fn made_already(push: &Push, answer: &Value) -> Option<String> {
    let ours = line_ids(push);
    answer
        .get("fulfillments")?
        .as_array()?
        .iter()
        .filter(|f| {
            !matches!(
                f["status"].as_str(),
                Some("cancelled" | "error" | "failure")
            )
        })
        .filter(|f| {
            f["tracking_number"].as_str() == Some(&push.tracking_number)
                || f["tracking_numbers"]
                    .as_array()
                    .is_some_and(|a| a.iter().any(|n| n.as_str() == Some(&push.tracking_number)))
        })
        .find(|f| {
            f["line_items"].as_array().is_some_and(|items| {
                items
                    .iter()
                    .any(|i| text(&i["id"]).is_some_and(|id| ours.contains(&id.as_str())))
            })
        })
        .and_then(|f| text(&f["id"]))
}

/// The fulfilment of our lines' open fulfilment-order items.
fn create(push: &Push, access: &Access, answer: &Value) -> Step {
    let mut by_order: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let orders = answer["fulfillment_orders"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for line in &push.lines {
        let Some(id) = line.upstream_line_id.as_deref() else {
            continue;
        };
        let mut wanted = line.quantity;
        for fo in orders
            .iter()
            .filter(|fo| matches!(fo["status"].as_str(), Some("open" | "in_progress")))
        {
            for item in fo["line_items"].as_array().into_iter().flatten() {
                let left = item["fulfillable_quantity"].as_i64().unwrap_or(0);
                if wanted == 0 || left == 0 || text(&item["line_item_id"]).as_deref() != Some(id) {
                    continue;
                }
                let (Some(fo_id), Some(item_id)) = (text(&fo["id"]), text(&item["id"])) else {
                    continue;
                };
                let take = wanted.min(left);
                wanted -= take;
                by_order
                    .entry(fo_id)
                    .or_default()
                    .push(json!({"id": as_number(&item_id), "quantity": take}));
            }
        }
    }
    if by_order.is_empty() {
        return Step::Refused(match line_ids(push).is_empty() {
            true => "the order's Shopify line item ids are unknown (it came before orderhub kept them)".into(),
            false => "Shopify has nothing left to fulfil for these lines: fulfilled already, removed, or on hold".into(),
        });
    }
    let company = name_for(Marketplace::Shopify, &push.carrier);
    let mut tracking = json!({"number": push.tracking_number, "company": company.text()});
    if let Some(url) = &push.tracking_url {
        tracking["url"] = json!(url);
    }
    let groups: Vec<Value> = by_order
        .into_iter()
        .map(|(fo, items)| json!({"fulfillment_order_id": as_number(&fo), "fulfillment_order_line_items": items}))
        .collect();
    Step::Send(Request {
        method: Method::Post,
        url: url(access, "fulfillments.json"),
        body: Some(Body::Json(json!({"fulfillment": {
            "line_items_by_fulfillment_order": groups,
            "tracking_info": tracking,
            "notify_customer": access.notify_buyer,
        }}))),
    })
}

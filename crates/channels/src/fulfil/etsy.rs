//! Etsy (Open API v3): `createReceiptShipment` on the receipt.
//! <https://developers.etsy.com/documentation/tutorials/fulfillment/>

use super::{Access, Body, Method, Push, Request, Step, base, text};
use orderhub_domain::carrier::platforms::{Marketplace, name_for};
use serde_json::Value;

fn receipt_url(push: &Push, access: &Access) -> String {
    format!(
        "{}/v3/application/shops/{}/receipts/{}",
        base(access),
        access.shop_id.as_deref().unwrap_or_default(),
        push.upstream_order_id
    )
}

pub(super) fn step(stage: u8, push: &Push, access: &Access, answer: &Value) -> Step {
    if access.shop_id.is_none() {
        return Step::Refused("the Etsy channel has no shop id (set its API access)".into());
    }
    match stage {
        0 => Step::Send(Request {
            method: Method::Get,
            url: receipt_url(push, access),
            body: None,
        }),
        1 => match shipment_of(push, answer) {
            Some(id) => Step::Done(id),
            None => Step::Send(Request {
                method: Method::Post,
                url: format!("{}/tracking", receipt_url(push, access)),
                body: Some(Body::Form(vec![
                    ("tracking_code", push.tracking_number.clone()),
                    (
                        "carrier_name",
                        name_for(Marketplace::Etsy, &push.carrier).text().to_owned(),
                    ),
                    ("send_bcc", access.notify_buyer.to_string()),
                ])),
            }),
        },
        // the answer is the receipt, now with our shipment
        _ => {
            Step::Done(shipment_of(push, answer).unwrap_or_else(|| push.upstream_order_id.clone()))
        }
    }
}

/// The receipt's shipment with our tracking code.
fn shipment_of(push: &Push, receipt: &Value) -> Option<String> {
    receipt["shipments"]
        .as_array()?
        .iter()
        .find(|s| {
            s["tracking_code"]
                .as_str()
                .is_some_and(|c| c.eq_ignore_ascii_case(&push.tracking_number))
        })
        .map(|s| text(&s["receipt_shipping_id"]).unwrap_or_else(|| push.upstream_order_id.clone()))
}

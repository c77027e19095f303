//! Amazon (Orders API v0): `confirmShipment`, one package per shipment.
//! <https://developer-docs.amazon.com/sp-api/docs/orders-api-v0-reference#confirmshipment>

use super::{Access, Body, Method, Push, Request, Step, base};
use orderhub_domain::carrier::platforms::{Marketplace, Named, name_for};
use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;

pub(super) fn step(stage: u8, push: &Push, access: &Access, _answer: &Value) -> Step {
    if stage > 0 {
        // 204: Amazon has the package (a repeat of its number updates it)
        return Step::Done(format!("package {}", push.package_no));
    }
    let Some(marketplace) = access.marketplace_id.as_deref() else {
        return Step::Refused("the Amazon channel has no marketplace id".into());
    };
    let items: Option<Vec<Value>> = push
        .lines
        .iter()
        .map(|l| {
            let id = l.upstream_line_id.as_deref()?;
            Some(json!({"orderItemId": id, "quantity": l.quantity}))
        })
        .collect();
    let Some(items) = items.filter(|i| !i.is_empty()) else {
        return Step::Refused(
            "the order's Amazon item ids are unknown (it came before orderhub kept them)".into(),
        );
    };
    let mut package = json!({
        "packageReferenceId": push.package_no.to_string(),
        "trackingNumber": push.tracking_number,
        "shipDate": push.shipped_at.format(&Rfc3339).unwrap_or_default(),
        "orderItems": items,
    });
    match name_for(Marketplace::Amazon, &push.carrier) {
        Named::Listed(code) => package["carrierCode"] = json!(code),
        Named::Other(name) => {
            package["carrierCode"] = json!("Other");
            package["carrierName"] = json!(name);
        }
    }
    Step::Send(Request {
        method: Method::Post,
        url: format!(
            "{}/orders/v0/orders/{}/shipmentConfirmation",
            base(access),
            push.upstream_order_id
        ),
        body: Some(Body::Json(
            json!({"marketplaceId": marketplace, "packageDetail": package}),
        )),
    })
}

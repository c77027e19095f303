use super::*;
use serde_json::json;

fn push(kind_lines: &[(&str, i64)]) -> Push {
    Push {
        key: "f-1".into(),
        upstream_order_id: "450789469".into(),
        lines: kind_lines
            .iter()
            .map(|(id, q)| PushLine {
                upstream_line_id: Some((*id).into()),
                sku: None,
                quantity: *q,
            })
            .collect(),
        carrier: "顺丰".into(),
        tracking_number: "SF1234567890123".into(),
        tracking_url: Some(
            "https://www.kuaidi100.com/chaxun?com=shunfeng&nu=SF1234567890123".into(),
        ),
        package_no: 2,
        shipped_at: time::macros::datetime!(2026-12-04 10:00 UTC),
        completes_order: true,
    }
}

fn access() -> Access {
    Access {
        api_base: "https://shop.example/".into(),
        shop_id: Some("5551234".into()),
        marketplace_id: Some("ATVPDKIKX0DER".into()),
        ..Default::default()
    }
}

fn sent(step: Step) -> Request {
    match step {
        Step::Send(r) => r,
        other => panic!("expected a request, got {other:?}"),
    }
}

fn json_body(r: &Request) -> &Value {
    match &r.body {
        Some(Body::Json(v)) => v,
        other => panic!("expected JSON, got {other:?}"),
    }
}

#[test]
fn shopify_fulfils_open_items_of_our_lines_once() {
    let mut flow = Flow::new(ChannelKind::Shopify, push(&[("1001", 2)]), access());
    let first = sent(flow.next(&Value::Null));
    assert_eq!(
        first.url,
        "https://shop.example/admin/api/2025-07/orders/450789469/fulfillments.json"
    );
    // another parcel's fulfilment is not ours
    let other = json!({"fulfillments": [{"id": 9, "status": "success", "tracking_number": "X1", "line_items": [{"id": 1001}]}]});
    let fos = sent(flow.next(&other));
    assert!(
        fos.url
            .ends_with("/orders/450789469/fulfillment_orders.json")
    );
    let open = json!({"fulfillment_orders": [
        {"id": 77, "status": "closed", "line_items": [{"id": 5, "line_item_id": 1001, "fulfillable_quantity": 2}]},
        {"id": 78, "status": "open", "line_items": [
            {"id": 6, "line_item_id": 1001, "fulfillable_quantity": 1},
            {"id": 7, "line_item_id": 1002, "fulfillable_quantity": 3}]}]});
    let create = sent(flow.next(&open));
    assert_eq!(create.method, Method::Post);
    let body = json_body(&create);
    assert_eq!(
        body["fulfillment"]["line_items_by_fulfillment_order"],
        json!([{"fulfillment_order_id": 78, "fulfillment_order_line_items": [{"id": 6, "quantity": 1}]}]),
        "only what is still fulfillable, of our line only"
    );
    assert_eq!(
        body["fulfillment"]["tracking_info"]["company"],
        "SF Express"
    );
    assert_eq!(
        flow.next(&json!({"fulfillment": {"id": 255858046}})),
        Step::Done("255858046".into())
    );

    // a repeat after a crash finds it and creates nothing
    let mut again = Flow::new(ChannelKind::Shopify, push(&[("1001", 2)]), access());
    again.next(&Value::Null);
    let ours = json!({"fulfillments": [{"id": 255858046, "status": "success",
        "tracking_numbers": ["SF1234567890123"], "line_items": [{"id": 1001}]}]});
    assert_eq!(again.next(&ours), Step::Done("255858046".into()));
}

#[test]
fn shopify_refuses_when_nothing_is_left() {
    let mut flow = Flow::new(ChannelKind::Shopify, push(&[("1001", 1)]), access());
    flow.next(&Value::Null);
    flow.next(&json!({"fulfillments": []}));
    let done = json!({"fulfillment_orders": [{"id": 78, "status": "closed", "line_items": []}]});
    assert!(matches!(flow.next(&done), Step::Refused(_)));
}

#[test]
fn etsy_looks_at_the_receipts_shipments_first() {
    let mut flow = Flow::new(ChannelKind::Etsy, push(&[("t1", 1)]), access());
    let get = sent(flow.next(&Value::Null));
    assert_eq!(
        get.url,
        "https://shop.example/v3/application/shops/5551234/receipts/450789469"
    );
    let post = sent(flow.next(&json!({"shipments": []})));
    assert!(post.url.ends_with("/receipts/450789469/tracking"));
    let Some(Body::Form(form)) = &post.body else {
        panic!()
    };
    assert!(form.contains(&("carrier_name", "sf-express".into())));
    assert!(form.contains(&("tracking_code", "SF1234567890123".into())));
    let receipt =
        json!({"shipments": [{"receipt_shipping_id": 42, "tracking_code": "SF1234567890123"}]});
    assert_eq!(flow.next(&receipt), Step::Done("42".into()));
    let mut again = Flow::new(ChannelKind::Etsy, push(&[("t1", 1)]), access());
    again.next(&Value::Null);
    assert_eq!(
        again.next(&receipt),
        Step::Done("42".into()),
        "no second shipment"
    );
}

#[test]
fn amazon_names_the_package_and_an_unlisted_carrier() {
    let mut p = push(&[("12345678901234", 2)]);
    p.carrier = "中通".into();
    let mut flow = Flow::new(ChannelKind::Amazon, p, access());
    let r = sent(flow.next(&Value::Null));
    assert!(
        r.url
            .ends_with("/orders/v0/orders/450789469/shipmentConfirmation")
    );
    let body = json_body(&r);
    assert_eq!(body["marketplaceId"], "ATVPDKIKX0DER");
    assert_eq!(body["packageDetail"]["packageReferenceId"], "2");
    assert_eq!(body["packageDetail"]["carrierCode"], "Other");
    assert_eq!(body["packageDetail"]["carrierName"], "ZTO Express");
    assert_eq!(body["packageDetail"]["shipDate"], "2026-12-04T10:00:00Z");
    assert_eq!(
        body["packageDetail"]["orderItems"],
        json!([{"orderItemId": "12345678901234", "quantity": 2}])
    );
    assert_eq!(flow.next(&Value::Null), Step::Done("package 2".into()));
    let mut p = push(&[]);
    p.lines.push(PushLine {
        upstream_line_id: None,
        sku: None,
        quantity: 1,
    });
    let mut unknown = Flow::new(ChannelKind::Amazon, p, access());
    assert!(matches!(unknown.next(&Value::Null), Step::Refused(_)));
}

#[test]
fn woocommerce_notes_once_and_adds_its_tracking_item() {
    let mut flow = Flow::new(ChannelKind::Woocommerce, push(&[("9", 1)]), access());
    let notes = sent(flow.next(&Value::Null));
    assert_eq!(
        notes.url,
        "https://shop.example/wp-json/wc/v3/orders/450789469/notes"
    );
    let post = sent(flow.next(&json!([{"note": "Order status changed"}])));
    assert_eq!(post.method, Method::Post);
    assert!(
        json_body(&post)["note"]
            .as_str()
            .unwrap()
            .contains("[orderhub f-1]")
    );
    let get = sent(flow.next(&json!({"id": 1})));
    assert_eq!(get.method, Method::Get);
    let order = json!({"status": "processing", "meta_data": [{"id": 31, "key": "_wc_shipment_tracking_items", "value": []}]});
    let put = sent(flow.next(&order));
    let body = json_body(&put);
    assert_eq!(body["status"], "completed");
    assert_eq!(
        body["meta_data"][0]["id"], 31,
        "the meta is replaced, not added"
    );
    assert_eq!(body["meta_data"][0]["value"][0]["tracking_id"], "f-1");
    assert_eq!(
        body["meta_data"][0]["value"][0]["custom_tracking_provider"],
        "SF Express"
    );
    assert!(matches!(flow.next(&json!({})), Step::Done(_)));

    // after a crash: the note and the item are there; nothing is written
    let mut again = Flow::new(ChannelKind::Woocommerce, push(&[("9", 1)]), access());
    again.next(&Value::Null);
    let get = sent(again.next(&json!([{"note": "Shipped … [orderhub f-1]"}])));
    assert_eq!(get.method, Method::Get, "no second note");
    let done = json!({"status": "completed", "meta_data": [{"id": 31, "key": "_wc_shipment_tracking_items", "value": [{"tracking_id": "f-1"}]}]});
    assert!(matches!(again.next(&done), Step::Done(_)));
}

#[test]
fn failures_are_retried_and_refusals_are_not() {
    assert_eq!(verdict(503), Verdict::Retry);
    assert_eq!(verdict(429), Verdict::Retry);
    assert_eq!(verdict(401), Verdict::Retry);
    assert_eq!(verdict(422), Verdict::Refused);
    assert_eq!(
        refusal_text(
            422,
            &json!({"errors": {"base": ["Line items are already fulfilled"]}})
        ),
        "the platform answered 422: {\"base\":[\"Line items are already fulfilled\"]}"
    );
}

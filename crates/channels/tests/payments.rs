//! Each marketplace's way of saying "paid", read into one payment state.
//! (A channel that releases at once still holds what is not paid: the
//! review gate's `paid` check, `orderhub_domain::review`.)

mod common;

use common::fixture;
use orderhub_channels::{ChannelKind, Settings};
use orderhub_domain::OrderStatus;
use orderhub_domain::model::PaymentStatus;
use serde_json::{Value, json};

fn paid(kind: ChannelKind, payload: &Value) -> PaymentStatus {
    let release = Settings {
        default_status: Some(OrderStatus::Purchasing),
        ..Settings::default()
    };
    let up = kind.map(payload, &release).unwrap();
    assert_eq!(
        up.order.status,
        Some(OrderStatus::Purchasing),
        "asks for release"
    );
    up.order.payment_status.unwrap()
}

fn json(path: &str) -> Value {
    fixture(path)
}

fn with(path: &str, edit: impl FnOnce(&mut Value)) -> Value {
    let mut v = json(path);
    edit(&mut v);
    v
}

#[test]
fn shopify_financial_status() {
    use PaymentStatus::*;
    let shopify = |status: &str| {
        paid(
            ChannelKind::Shopify,
            &with("shopify/order_create.json", |v| {
                v["financial_status"] = json!(status)
            }),
        )
    };
    assert_eq!(shopify("pending"), Unpaid, "waits");
    assert_eq!(shopify("paid"), Paid);
    assert_eq!(shopify("authorized"), Authorized);
    assert_eq!(shopify("partially_paid"), Unpaid);
    assert_eq!(shopify("partially_refunded"), PartiallyRefunded);
    assert_eq!(shopify("voided"), Unpaid);
}

#[test]
fn woocommerce_status_and_date_paid() {
    use PaymentStatus::*;
    let woo = |edit: &dyn Fn(&mut Value)| {
        paid(
            ChannelKind::Woocommerce,
            &with("woocommerce/order_created.json", edit),
        )
    };
    assert_eq!(woo(&|_| {}), Paid, "processing");
    assert_eq!(
        woo(&|v| {
            v["status"] = json!("on-hold");
            v["date_paid"] = Value::Null;
            v["date_paid_gmt"] = Value::Null;
        }),
        Unpaid,
        "a bank transfer not yet received"
    );
    assert_eq!(
        woo(&|v| v["refunds"] = json!([{"id": 9, "total": "-5.00"}])),
        PartiallyRefunded
    );
    assert_eq!(
        paid(
            ChannelKind::Woocommerce,
            &json("woocommerce/order_refunded.json")
        ),
        Refunded
    );
}

#[test]
fn etsy_is_paid_and_amazon_pending() {
    let etsy = |is_paid: bool| {
        paid(
            ChannelKind::Etsy,
            &with("etsy/receipt_paid.json", |v| v["is_paid"] = json!(is_paid)),
        )
    };
    assert_eq!(etsy(true), PaymentStatus::Paid);
    assert_eq!(etsy(false), PaymentStatus::Unpaid);
    let amazon = |order: &str, items: &str| {
        paid(
            ChannelKind::Amazon,
            &json!({ "order": json(order), "items": json(items) }),
        )
    };
    assert_eq!(
        amazon(
            "amazon/order_no_address.json",
            "amazon/order_no_address_items.json"
        ),
        PaymentStatus::Unpaid,
        "Pending: no address, no prices, not released"
    );
    assert_eq!(
        amazon("amazon/order.json", "amazon/order_items.json"),
        PaymentStatus::Paid
    );
}

/// "Delivered" read from each platform that says it: Shopify when every
/// fulfillment not cancelled is delivered, WooCommerce by the status the
/// delivery plugins add; anything short of that stays open.
#[test]
fn delivered_is_read_where_the_platform_says_it() {
    use orderhub_channels::UpstreamState;
    let state = |kind: ChannelKind, v: &Value| kind.map(v, &Settings::default()).unwrap().state;
    let shopify = |shipments: Value| {
        with("shopify/order_create.json", |v| {
            v["financial_status"] = json!("paid");
            v["fulfillment_status"] = json!("fulfilled");
            v["fulfillments"] = shipments;
        })
    };
    let done = json!([
        {"status": "success", "shipment_status": "delivered"},
        {"status": "cancelled", "shipment_status": null}
    ]);
    let on_the_way = json!([
        {"status": "success", "shipment_status": "delivered"},
        {"status": "success", "shipment_status": "in_transit"}
    ]);
    assert_eq!(
        state(ChannelKind::Shopify, &shopify(done)),
        UpstreamState::Delivered
    );
    assert_eq!(
        state(ChannelKind::Shopify, &shopify(on_the_way)),
        UpstreamState::Open
    );
    assert_eq!(
        state(ChannelKind::Shopify, &shopify(json!([]))),
        UpstreamState::Open
    );
    let woo = |status: &str| {
        with("woocommerce/order_created.json", |v| {
            v["status"] = json!(status)
        })
    };
    assert_eq!(
        state(ChannelKind::Woocommerce, &woo("delivered")),
        UpstreamState::Delivered
    );
    assert_eq!(
        state(ChannelKind::Woocommerce, &woo("completed")),
        UpstreamState::Open
    );
}

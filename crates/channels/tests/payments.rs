//! Each marketplace's way of saying "paid", read into one payment state,
//! and a channel that releases at once holding back what is not paid.

mod common;

use common::fixture;
use orderhub_channels::{ChannelKind, Settings};
use orderhub_domain::OrderStatus;
use orderhub_domain::model::PaymentStatus;
use serde_json::{Value, json};

fn paid(kind: ChannelKind, payload: &Value) -> (PaymentStatus, OrderStatus) {
    let release = Settings {
        default_status: Some(OrderStatus::Purchasing),
        ..Settings::default()
    };
    let up = kind.map(payload, &release).unwrap();
    (up.order.payment_status.unwrap(), up.order.status.unwrap())
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
    assert_eq!(shopify("pending"), (Unpaid, OrderStatus::Pending), "waits");
    assert_eq!(shopify("paid"), (Paid, OrderStatus::Purchasing));
    assert_eq!(shopify("authorized"), (Authorized, OrderStatus::Purchasing));
    assert_eq!(shopify("partially_paid").0, Unpaid);
    assert_eq!(shopify("partially_refunded").0, PartiallyRefunded);
    assert_eq!(shopify("voided").0, Unpaid);
}

#[test]
fn woocommerce_status_and_date_paid() {
    use PaymentStatus::*;
    let woo = |edit: &dyn Fn(&mut Value)| {
        paid(
            ChannelKind::Woocommerce,
            &with("woocommerce/order_created.json", edit),
        )
        .0
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
        )
        .0,
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
    assert_eq!(etsy(true), (PaymentStatus::Paid, OrderStatus::Purchasing));
    assert_eq!(etsy(false), (PaymentStatus::Unpaid, OrderStatus::Pending));
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
        (PaymentStatus::Unpaid, OrderStatus::Pending),
        "Pending: no address, no prices, not released"
    );
    assert_eq!(
        amazon("amazon/order.json", "amazon/order_items.json"),
        (PaymentStatus::Paid, OrderStatus::Purchasing)
    );
}

#[test]
fn a_channel_that_holds_everything_holds_paid_orders_too() {
    let hold = Settings::default();
    assert_eq!(
        hold.status_for(Some(PaymentStatus::Paid)),
        OrderStatus::Pending
    );
    let release = Settings {
        default_status: Some(OrderStatus::Purchasing),
        ..Settings::default()
    };
    assert_eq!(release.status_for(None), OrderStatus::Pending);
    assert_eq!(
        release.status_for(Some(PaymentStatus::Refunded)),
        OrderStatus::Pending
    );
}

//! Shopify and WooCommerce orders, from payloads shaped like their
//! webhooks' (tests/fixtures; FORMATS-shopify-woocommerce.md cites the docs).

mod common;

use common::fixture;
use orderhub_channels::{ChannelKind, Settings, UpstreamState};
use serde_json::Value;

fn map(kind: ChannelKind, path: &str) -> orderhub_channels::Upstream {
    kind.map(&fixture(path), &Settings::default())
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn a_shopify_order_keeps_its_name_money_and_line_properties() {
    let up = map(ChannelKind::Shopify, "shopify/order_create.json");
    let o = up.order.clone().normalize().unwrap();
    assert_eq!(
        (up.id.as_str(), up.state),
        ("6234591847261", UpstreamState::Open)
    );
    assert_eq!(
        (o.platform.as_str(), o.external_number.as_str()),
        ("shopify", "#1001")
    );
    assert_eq!(
        (
            o.currency.as_str(),
            o.total_amount.unwrap().to_string().as_str()
        ),
        ("USD", "226.43")
    );
    assert_eq!(o.lines.len(), 3);
    assert_eq!(
        o.lines[0].title,
        "Personalised Oak Cutting Board — Large / Walnut oil"
    );
    // the order's tags, then the customer's, each once
    assert_eq!(o.tags, ["engraving", "gift", "VIP"]);
    assert_eq!(o.lines[1].quantity, 2);
    assert_eq!(o.lines[1].unit_price.to_string(), "55.00");
    assert_eq!(o.lines[1].platform_sku.as_deref(), Some("MQ-BRC-SS-7"));
    assert!(o.lines[2].platform_sku.is_none(), "sku null");
    let engraving = o.lines[1].customization.as_ref().unwrap().to_string();
    assert!(engraving.contains("永远爱你"), "{engraving}");
    assert!(
        !engraving.contains("_preview_id"),
        "private properties stay out: {engraving}"
    );
    assert!(o.shipping_address.is_some());
}

#[test]
fn shopify_updates_are_ordered_by_updated_at_and_a_cancellation_keeps_its_lines() {
    let created = map(ChannelKind::Shopify, "shopify/order_create.json");
    let paid = map(ChannelKind::Shopify, "shopify/order_updated_paid.json");
    let cancelled = map(ChannelKind::Shopify, "shopify/order_cancelled.json");
    assert!(created.updated_at < paid.updated_at && paid.updated_at < cancelled.updated_at);
    assert_eq!(paid.state, UpstreamState::Open);
    assert_eq!(cancelled.state, UpstreamState::Cancelled);
    // every current_quantity is 0 once cancelled: the ordered quantities stay
    assert_eq!(cancelled.order.lines.len(), 3);
    cancelled.order.normalize().unwrap();
}

#[test]
fn shopify_other_currencies_and_orders_without_an_address() {
    let eur = map(ChannelKind::Shopify, "shopify/order_multicurrency.json");
    let o = eur.order.normalize().unwrap();
    assert_eq!(
        (o.currency.as_str(), o.external_number.as_str()),
        ("EUR", "#1002")
    );
    assert!(
        o.lines[1]
            .customization
            .as_ref()
            .unwrap()
            .to_string()
            .contains("Zoë")
    );
    let digital = map(ChannelKind::Shopify, "shopify/order_minimal.json");
    let o = digital.order.normalize().unwrap();
    assert!(o.shipping_address.is_none());
    assert!(o.lines[0].customization.is_none(), "no properties");
    // the API's {"order": …} wrapper is taken too
    let wrapped = serde_json::json!({ "order": fixture("shopify/order_minimal.json") });
    let again = ChannelKind::Shopify
        .map(&wrapped, &Settings::default())
        .unwrap();
    assert_eq!(again.id, digital.id);
}

#[test]
fn a_woocommerce_order_with_float_prices_and_hidden_meta() {
    let up = map(ChannelKind::Woocommerce, "woocommerce/order_created.json");
    let o = up.order.clone().normalize().unwrap();
    assert_eq!(
        (up.id.as_str(), o.external_number.as_str()),
        ("4821", "4821")
    );
    assert_eq!(
        (
            o.currency.as_str(),
            o.total_amount.unwrap().to_string().as_str()
        ),
        ("USD", "73.35")
    );
    assert_eq!(o.customer.name, "Grace Lee");
    assert_eq!(o.customer.email.as_deref(), Some("hannah.lee@example.com"));
    // price 10.799999999999999 is total 32.40 / 3
    assert_eq!(
        (
            o.lines[1].quantity,
            o.lines[1].unit_price.to_string().as_str()
        ),
        (3, "10.80")
    );
    assert!(o.lines[1].platform_sku.is_none(), "sku \"\"");
    let meta = o.lines[0].customization.as_ref().unwrap().to_string();
    assert!(
        meta.contains("Olivia") && !meta.contains("_reduced_stock"),
        "{meta}"
    );
    assert!(
        o.lines[1]
            .customization
            .as_ref()
            .unwrap()
            .to_string()
            .contains("刻字：李明 2025")
    );
}

#[test]
fn woocommerce_states_and_a_billing_address_when_nothing_ships() {
    let states: Vec<_> = [
        "order_created",
        "order_updated",
        "order_cancelled",
        "order_refunded",
    ]
    .iter()
    .map(|f| map(ChannelKind::Woocommerce, &format!("woocommerce/{f}.json")).state)
    .collect();
    use UpstreamState::*;
    assert_eq!(states, [Open, Open, Cancelled, Refunded]);
    let cancelled = map(ChannelKind::Woocommerce, "woocommerce/order_cancelled.json");
    let o = cancelled.order.normalize().unwrap();
    assert!(o.shipping_address.is_some(), "falls back to billing");
    let created = map(ChannelKind::Woocommerce, "woocommerce/order_created.json");
    let updated = map(ChannelKind::Woocommerce, "woocommerce/order_updated.json");
    assert!(created.updated_at < updated.updated_at);
}

#[test]
fn a_payload_without_what_an_order_needs_names_the_field() {
    let mut o = fixture("shopify/order_create.json");
    o["line_items"][1]["price"] = Value::Null;
    let e = ChannelKind::Shopify
        .map(&o, &Settings::default())
        .unwrap_err();
    assert_eq!(e.field, "line_items[1].price");
    let mut w = fixture("woocommerce/order_created.json");
    w["currency"] = Value::String(String::new());
    let e = ChannelKind::Woocommerce
        .map(&w, &Settings::default())
        .unwrap_err();
    assert_eq!(e.field, "currency");
}

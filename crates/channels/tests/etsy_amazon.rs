//! Etsy receipts and Amazon orders, from payloads shaped like the
//! platforms' (tests/fixtures; FORMATS-etsy-amazon.md cites the docs).

mod common;

use common::fixture;
use orderhub_channels::{ChannelKind, Settings, UpstreamState};
use serde_json::{Value, json};

fn amazon(order: &str, items: &str) -> Value {
    json!({ "order": fixture(order), "items": fixture(items) })
}

#[test]
fn an_etsy_receipt_becomes_an_order_with_money_from_amount_and_divisor() {
    let up = ChannelKind::Etsy
        .map(&fixture("etsy/receipt_paid.json"), &Settings::default())
        .unwrap();
    let o = up.order.clone().normalize().unwrap();
    assert_eq!(
        (up.id.as_str(), up.state),
        ("3561829407", UpstreamState::Open)
    );
    assert_eq!(
        (o.platform.as_str(), o.external_number.as_str()),
        ("etsy", "3561829407")
    );
    assert_eq!(
        (
            o.currency.as_str(),
            o.total_amount.unwrap().to_string().as_str()
        ),
        ("USD", "73.82")
    );
    assert_eq!(o.customer.name, "Mei-Hua Lin");
    assert_eq!(
        o.shipping_address.as_ref().unwrap().postal_code.as_deref(),
        Some("94610")
    );
    assert_eq!(o.lines.len(), 2);
    assert_eq!(o.lines[0].unit_price.to_string(), "24.50");
    assert_eq!(o.lines[1].quantity, 2);
    assert_eq!(o.lines[1].platform_sku.as_deref(), Some("APRON-LIN-SAGE-M"));
    // the personalisation, verbatim, Chinese included
    let custom = o.lines[0].customization.as_ref().unwrap().to_string();
    assert!(custom.contains("林美華 · Mei"), "{custom}");
    assert_eq!(up.updated_at.unix_timestamp(), 1741944422);
}

#[test]
fn etsy_cancellations_and_yen_without_decimals() {
    let cancelled = ChannelKind::Etsy
        .map(&fixture("etsy/receipt_canceled.json"), &Settings::default())
        .unwrap();
    assert_eq!(cancelled.state, UpstreamState::Cancelled);
    assert_eq!(cancelled.id, "3561829407");
    // its refund, of the whole receipt, in minor units over the divisor
    assert_eq!(cancelled.refunds.len(), 1);
    let r = &cancelled.refunds[0];
    assert_eq!(
        (r.line_id.as_deref(), r.amount.map(|a| a.to_string())),
        (None, Some("73.82".into()))
    );
    assert!(
        r.reason.starts_with("Buyer requested a cancellation: "),
        "{}",
        r.reason
    );
    assert!(r.id.starts_with("etsy-1742140101"));
    let yen = ChannelKind::Etsy
        .map(&fixture("etsy/receipt_jpy.json"), &Settings::default())
        .unwrap();
    let o = yen.order.normalize().unwrap();
    assert_eq!(
        (
            o.currency.as_str(),
            o.total_amount.unwrap().to_string().as_str()
        ),
        ("JPY", "8200")
    );
    assert!(o.customer.email.is_none());
    // a list page's receipts map one by one
    let page = fixture("etsy/receipts_page.json");
    for r in page["results"].as_array().unwrap() {
        ChannelKind::Etsy
            .map(r, &Settings::default())
            .unwrap()
            .order
            .normalize()
            .unwrap();
    }
}

#[test]
fn an_amazon_order_with_its_items_and_a_custom_item() {
    let up = ChannelKind::Amazon
        .map(
            &amazon("amazon/order.json", "amazon/order_items.json"),
            &Settings::default(),
        )
        .unwrap();
    let o = up.order.clone().normalize().unwrap();
    assert_eq!(o.external_number, "114-3941689-8772232");
    assert_eq!(
        (
            o.currency.as_str(),
            o.total_amount.unwrap().to_string().as_str()
        ),
        ("USD", "77.91")
    );
    assert_eq!(o.customer.name, "Jordan Ellis");
    assert_eq!(o.lines.len(), 2);
    // ItemPrice is for both units
    assert_eq!(
        (
            o.lines[0].quantity,
            o.lines[0].unit_price.to_string().as_str()
        ),
        (2, "29.99")
    );
    assert_eq!(o.lines[0].platform_sku.as_deref(), Some("CUST-BOARD-WAL-L"));
    let custom = o.lines[0].customization.as_ref().unwrap();
    assert!(
        custom["BuyerCustomizedInfo"]["CustomizedURL"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    assert!(o.lines[1].customization.is_none());
}

#[test]
fn amazon_pending_and_cancelled_orders() {
    let pending = ChannelKind::Amazon
        .map(
            &amazon(
                "amazon/order_no_address.json",
                "amazon/order_no_address_items.json",
            ),
            &Settings::default(),
        )
        .unwrap();
    let o = pending.order.normalize().unwrap();
    assert!(o.shipping_address.is_none() && o.total_amount.is_none());
    assert!(o.lines[0].unit_price.is_zero(), "no price before payment");
    let cancelled = ChannelKind::Amazon
        .map(
            &amazon("amazon/order_canceled.json", "amazon/order_items.json"),
            &Settings::default(),
        )
        .unwrap();
    assert_eq!(cancelled.state, UpstreamState::Cancelled);
    // only {"order", "items"} is taken, and the refusal names the field
    let e = ChannelKind::Amazon
        .map(&fixture("amazon/order.json"), &Settings::default())
        .unwrap_err();
    assert_eq!(e.field, "order");
}

#[test]
fn settings_choose_the_status_and_categories() {
    let settings = Settings {
        default_status: Some(orderhub_domain::OrderStatus::Purchasing),
        category_map: [("APRON-LIN-SAGE-M".to_owned(), "Textiles".to_owned())].into(),
    };
    let up = ChannelKind::Etsy
        .map(&fixture("etsy/receipt_paid.json"), &settings)
        .unwrap();
    assert_eq!(
        up.order.status,
        Some(orderhub_domain::OrderStatus::Purchasing)
    );
    assert_eq!(up.order.lines[1].category.as_deref(), Some("Textiles"));
    assert_eq!(
        up.order.lines[0].category, None,
        "left to the title's keywords"
    );
}

/// Orders API v2026-01-01 (v0's replacement): unit prices per unit, the
/// item's exact total from its proceeds, camelCase fields, items inline.
#[test]
fn an_amazon_2026_order_maps_with_unit_prices_as_given() {
    let bare = fixture("amazon/order_2026.json");
    for payload in [bare.clone(), json!({ "order": bare })] {
        let up = ChannelKind::Amazon
            .map(&payload, &Settings::default())
            .unwrap();
        up.check(ChannelKind::Amazon).unwrap();
        let o = up.order.normalize().unwrap();
        assert_eq!(
            (up.id.as_str(), up.state),
            ("702-3035602-4225066", UpstreamState::Open)
        );
        assert_eq!(
            (
                o.currency.as_str(),
                o.total_amount.unwrap().to_string().as_str()
            ),
            ("JPY", "19940")
        );
        assert_eq!(o.customer.name, "山田 太郎");
        assert_eq!(
            o.shipping_address.as_ref().unwrap().postal_code.as_deref(),
            Some("100-0001")
        );
        let l = &o.lines[0];
        assert_eq!(
            (l.quantity, l.unit_price.to_string().as_str(), l.line_total),
            (2, "5980", None)
        );
        assert_eq!(
            o.lines[1].line_total.unwrap().to_string(),
            "7979",
            "a yen off 3 × 2660: kept exact"
        );
        assert_eq!(
            l.customization.as_ref().unwrap()["customizedUrl"],
            "https://zme-caps.amazon.com/t/abc/DEF/1"
        );
    }
    let mut cancelled = fixture("amazon/order_2026.json");
    cancelled["fulfillment"]["fulfillmentStatus"] = json!("CANCELLED");
    let up = ChannelKind::Amazon
        .map(&cancelled, &Settings::default())
        .unwrap();
    assert_eq!(up.state, UpstreamState::Cancelled);
}

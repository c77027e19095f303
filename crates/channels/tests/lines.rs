//! Lines as sellers' real orders have them: currencies without cents,
//! lines that are money but no product (tips, shipping protection, gift
//! cards, fees, downloads), quantities that are not quantities, HTML
//! entities in names — and refusals that name the payload's own field.

mod common;

use common::fixture;
use orderhub_channels::{ChannelKind, Settings};
use orderhub_domain::model::NoTask;
use serde_json::{Value, json};

fn map(kind: ChannelKind, payload: &Value) -> orderhub_channels::Upstream {
    kind.map(payload, &Settings::default()).unwrap()
}

/// A WooCommerce order of ¥2,900 for three items after a coupon: the line
/// keeps ¥2,900 exactly and each item costs ¥966.67.
#[test]
fn yen_without_cents_keeps_the_line_total_exact() {
    let mut woo = fixture("woocommerce/order_created.json");
    woo["currency"] = json!("JPY");
    woo["total"] = json!("5900");
    woo["line_items"][0]["total"] = json!("3000");
    woo["line_items"][0]["price"] = json!(3000);
    woo["line_items"][1]["total"] = json!("2900");
    woo["line_items"][1]["price"] = json!(966.6666666666666);
    let up = map(ChannelKind::Woocommerce, &woo);
    up.check(ChannelKind::Woocommerce).unwrap();
    let o = up.order.normalize().unwrap();
    let l = &o.lines[1];
    assert_eq!(l.unit_price.to_string(), "966.67");
    assert_eq!(l.line_total.map(|t| t.to_string()).as_deref(), Some("2900"));
    assert_eq!(
        o.lines[0].line_total, None,
        "3000 = 1 × 3000: nothing extra to keep"
    );
}

#[test]
fn woocommerce_names_lose_their_entities_and_fees_are_kept_without_tasks() {
    let mut woo = fixture("woocommerce/order_created.json");
    woo["line_items"][0]["name"] = json!("Boots &ndash; Brown &amp; Tan");
    woo["fee_lines"] = json!([
        {"id": 9, "name": "Gift wrap", "total": "4.50", "total_tax": "0.00"},
        {"id": 10, "name": "Loyalty discount", "total": "-2.00", "total_tax": "0.00"}
    ]);
    let up = map(ChannelKind::Woocommerce, &woo);
    let o = up.order.normalize().unwrap();
    assert_eq!(o.lines[0].title, "Boots – Brown & Tan");
    let fee = o.lines.last().unwrap();
    assert_eq!(
        (
            fee.title.as_str(),
            fee.no_task,
            fee.unit_price.to_string().as_str()
        ),
        ("Gift wrap", Some(NoTask::Fee), "4.50")
    );
    assert_eq!(
        o.lines.len(),
        3,
        "a negative fee is a discount, in the order's total"
    );
    assert_eq!(
        up.line_paths.last().map(String::as_str),
        Some("fee_lines[0]")
    );
}

#[test]
fn shopify_tips_gift_cards_and_unshipped_lines_make_no_task() {
    let mut order = fixture("shopify/order_create.json");
    let mut tip = order["line_items"][0].clone();
    tip["title"] = json!("Tip");
    tip["tip_payment_gateway"] = Value::Null;
    tip["requires_shipping"] = json!(false);
    let mut protection = order["line_items"][0].clone();
    protection["title"] = json!("Route Shipping Protection");
    protection["requires_shipping"] = json!(false);
    let mut card = order["line_items"][0].clone();
    card["title"] = json!("Gift card");
    card["gift_card"] = json!(true);
    card["requires_shipping"] = json!(false);
    for l in [tip, protection, card] {
        order["line_items"].as_array_mut().unwrap().push(l);
    }
    let o = map(ChannelKind::Shopify, &order).order;
    let kinds: Vec<Option<NoTask>> = o.lines.iter().map(|l| l.no_task).collect();
    assert_eq!(
        kinds,
        [
            None,
            None,
            None,
            Some(NoTask::Tip),
            Some(NoTask::NotShipped),
            Some(NoTask::GiftCard)
        ]
    );
}

#[test]
fn a_quantity_below_one_refuses_the_order_and_names_the_field() {
    let mut order = fixture("shopify/order_create.json");
    order["line_items"][1]["quantity"] = json!(-2);
    order["line_items"][1]["current_quantity"] = json!(-2);
    let e = ChannelKind::Shopify
        .map(&order, &Settings::default())
        .unwrap_err();
    assert_eq!(e.field, "line_items[1].quantity");
    // an edit that removed a line (current_quantity 0) is no refusal
    let mut edited = fixture("shopify/order_create.json");
    edited["line_items"][1]["current_quantity"] = json!(0);
    assert_eq!(map(ChannelKind::Shopify, &edited).order.lines.len(), 2);
    let mut woo = fixture("woocommerce/order_created.json");
    woo["line_items"][0]["quantity"] = json!(0);
    let e = ChannelKind::Woocommerce
        .map(&woo, &Settings::default())
        .unwrap_err();
    assert_eq!(e.field, "line_items[0].quantity");
}

#[test]
fn refusals_name_the_payloads_field() {
    let mut woo = fixture("woocommerce/order_created.json");
    woo["line_items"][1]["total"] = json!("32.401234");
    woo["line_items"][1]["quantity"] = json!(1);
    let up = map(ChannelKind::Woocommerce, &woo);
    let e = up.check(ChannelKind::Woocommerce).unwrap_err();
    assert_eq!(
        (e.field.as_str(), e.code.as_str()),
        ("line_items[1].total", "too_precise")
    );
    let mut shop = fixture("shopify/order_create.json");
    shop["currency"] = json!("XXX");
    let e = map(ChannelKind::Shopify, &shop)
        .check(ChannelKind::Shopify)
        .unwrap_err();
    assert_eq!(e.field, "currency");
}

#[test]
fn etsy_downloads_make_no_task() {
    let mut r = fixture("etsy/receipt_paid.json");
    r["transactions"][0]["is_digital"] = json!(true);
    let o = map(ChannelKind::Etsy, &r).order;
    assert_eq!(o.lines[0].no_task, Some(NoTask::Digital));
    assert_eq!(o.lines[1].no_task, None);
}

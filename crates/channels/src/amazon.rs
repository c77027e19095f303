//! Amazon Selling Partner API, Orders v0: `{"order": <getOrder response>,
//! "items": <getOrderItems response>}` (each with or without its
//! `"payload"` wrapper). Money is `{"CurrencyCode", "Amount"}` with the
//! amount as text, and an item's `ItemPrice` is for all its units.

use crate::read::{At, Result, root, split};
use crate::{Upstream, UpstreamState};
use orderhub_domain::model::{Address, Customer, NewLine, NewOrder, PaymentStatus};
use rust_decimal::Decimal;
use serde_json::Value;

pub(crate) fn order(payload: &Value) -> Result<Upstream> {
    let both = root(payload);
    let o = both
        .object("order")
        .ok_or_else(|| both.error("order", "missing: send {\"order\": …, \"items\": …}"))?;
    let o = o.object("payload").unwrap_or(o);
    let items = both
        .object("items")
        .ok_or_else(|| both.error("items", "missing: send {\"order\": …, \"items\": …}"))?;
    let items = items.object("payload").unwrap_or(items);
    let id = o.required_text("AmazonOrderId")?;
    let address = o.object("ShippingAddress");
    let buyer = o.object("BuyerInfo");
    let total = o.object("OrderTotal");
    let (lines, line_paths, line_ids) =
        split(items.order_lines("OrderItems", "OrderItemId", line)?);
    // a pending order has no total and no prices yet: its items' currency,
    // else its marketplace's
    let currency = total
        .as_ref()
        .and_then(|t| t.text("CurrencyCode"))
        .or_else(|| {
            items
                .items("OrderItems")
                .iter()
                .find_map(|i| i.object("ItemPrice").and_then(|p| p.text("CurrencyCode")))
        })
        .or_else(|| marketplace_currency(&o.text("MarketplaceId")?).map(str::to_owned))
        .ok_or_else(|| {
            o.error(
                "OrderTotal.CurrencyCode",
                "missing, and no price or known marketplace tells it",
            )
        })?;
    let state = match o.text("OrderStatus").as_deref() {
        Some("Canceled") => UpstreamState::Cancelled,
        _ => UpstreamState::Open,
    };
    // Orders API v0 `OrderStatus`: Pending and PendingAvailability are not
    // paid yet (no address, no prices); Unshipped onwards are
    let payment_status = match o.text("OrderStatus").as_deref() {
        Some("Pending" | "PendingAvailability" | "Canceled") | None => PaymentStatus::Unpaid,
        Some(_) => PaymentStatus::Paid,
    };
    let updated_at = o
        .time("LastUpdateDate")?
        .or(o.time("PurchaseDate")?)
        .ok_or_else(|| o.error("LastUpdateDate", "missing"))?;
    let (mut customer, shipping_address) = ship_to(address.as_ref(), buyer.as_ref(), false);
    customer.email = customer.email.or_else(|| o.text("BuyerEmail"));
    Ok(Upstream {
        order: NewOrder {
            tags: Vec::new(),
            note: None,
            platform: "amazon".into(),
            external_number: id.clone(),
            currency,
            total_amount: match &total {
                Some(t) => t.decimal("Amount")?,
                None => None,
            },
            placed_at: o.time("PurchaseDate")?,
            // the end of the window Amazon holds the seller to
            ship_by: o.time("LatestShipDate")?,
            status: None,
            payment_status: Some(payment_status),
            priority: None,
            customer,
            shipping_address,
            lines,
        },
        id,
        updated_at,
        state,
        line_paths,
        line_ids,
        // Amazon's returns and refunds are not in the Orders API
        refunds: Vec::new(),
    })
}

/// The customer and the ship-to address from an order's address and buyer
/// objects: v0 names their fields in PascalCase (`CountryCode`),
/// v2026-01-01 in camelCase (`countryCode`).
pub(crate) fn ship_to(
    address: Option<&At<'_>>,
    buyer: Option<&At<'_>>,
    camel: bool,
) -> (Customer, Option<Address>) {
    let key = |pascal: &str| match camel {
        true => pascal[..1].to_lowercase() + &pascal[1..],
        false => pascal.to_owned(),
    };
    let at = |o: Option<&At<'_>>, k: &str| o.and_then(|o| o.text(&key(k)));
    let customer = Customer {
        name: at(address, "Name")
            .or_else(|| at(buyer, "BuyerName"))
            .unwrap_or_else(|| "Amazon buyer".to_owned()),
        email: at(buyer, "BuyerEmail"),
        phone: at(address, "Phone"),
        // the anonymised e-mail is Amazon's stable name for a buyer
        id: None,
    };
    let shipping = at(address, "CountryCode").map(|country| Address {
        country,
        region: at(address, "StateOrRegion"),
        city: at(address, "City"),
        line1: at(address, "AddressLine1"),
        line2: at(address, "AddressLine2"),
        postal_code: at(address, "PostalCode"),
    });
    (customer, shipping)
}

/// An order item; `None` for one with nothing ordered (Amazon sets
/// `QuantityOrdered` to 0 for a cancelled item); a negative one refuses
/// the order.
fn line(i: &At<'_>) -> Result<Option<NewLine>> {
    let quantity = match i.integer("QuantityOrdered")? {
        Some(0) | None => return Ok(None),
        Some(_) => i.quantity("QuantityOrdered")?,
    };
    // ItemPrice covers every unit (kept exact as the line's total); pending
    // orders have none yet
    let (unit_price, line_total) = match i.object("ItemPrice") {
        Some(p) => match p.decimal("Amount")? {
            Some(total) => {
                let currency = p.text("CurrencyCode").unwrap_or_default();
                let unit = orderhub_domain::money::unit_price(total, quantity, &currency);
                (
                    unit,
                    (unit * Decimal::from(quantity) != total).then_some(total),
                )
            }
            None => (Decimal::ZERO, None),
        },
        None => (Decimal::ZERO, None),
    };
    // Amazon Custom: the buyer's customisation is a file behind this URL
    let customized = i
        .object("BuyerInfo")
        .and_then(|b| b.get("BuyerCustomizedInfo").cloned())
        .or_else(|| i.get("BuyerCustomizedInfo").cloned());
    Ok(Some(NewLine {
        no_task: None,
        line_total,
        title: i.required_text("Title")?,
        category: None,
        quantity,
        unit_price,
        platform_sku: i.text("SellerSKU"),
        customization: customized.map(|c| serde_json::json!({ "BuyerCustomizedInfo": c })),
    }))
}

/// The currency of an Amazon marketplace (Amazon's marketplace ids).
pub(crate) fn marketplace_currency(id: &str) -> Option<&'static str> {
    Some(match id {
        "ATVPDKIKX0DER" => "USD",  // United States
        "A2EUQ1WTGCTBG2" => "CAD", // Canada
        "A1AM78C64UM0Y8" => "MXN", // Mexico
        "A2Q3Y263D00KWC" => "BRL", // Brazil
        "A1F83G8C2ARO7P" => "GBP", // United Kingdom
        "A1PA6795UKMFR9" | "A13V1IB3VIYZZH" | "APJ6JRA9NG5V4" | "A1RKKUPIHCS9HS"
        | "A1805IZSGTT6HS" | "AMEN7PMS3EDWL" => "EUR", // DE, FR, IT, ES, NL, BE
        "A2NODRKZP88ZB9" => "SEK", // Sweden
        "A1C3SOZRARQ6R3" => "PLN", // Poland
        "A33AVAJ2PDY3EV" => "TRY", // Turkey
        "A1VC38T7YXB528" => "JPY", // Japan
        "A39IBJ37TRP1C6" => "AUD", // Australia
        "A21TJRUUN4KGV" => "INR",  // India
        "A19VAU5U5O7RUS" => "SGD", // Singapore
        "A2VIGQ35RCS4UG" => "AED", // United Arab Emirates
        "A17E79C6D8DWNP" => "SAR", // Saudi Arabia
        _ => return None,
    })
}

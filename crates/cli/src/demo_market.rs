//! The bulk of a large demo (`orderhub demo --orders 1000000`): orders as
//! a real shop sees them over two years, so the statistics mean something
//! — more orders each month than the last, a peak before Christmas and at
//! weekends, buyers in many countries who mostly stay on one platform and
//! often come back, popular products and slow ones, a few refunds and
//! unpaid orders. Order `i` is the same on every run (seeded by `i`), so
//! loading twice adds nothing.

use orderhub_domain::OrderStatus;
use orderhub_domain::model::{Address, Customer, NewLine, NewOrder, PaymentStatus, Priority};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rust_decimal::Decimal;
use time::OffsetDateTime;

/// Days back the orders are spread over.
pub const SPAN_DAYS: i64 = 730;

/// A listing: title, the seller's SKU (a supplier's catalogue code, so
/// the cost is known; none for a listing without one), price in US
/// dollars, and how often it sells relative to the others.
const LISTINGS: &[(&str, Option<&str>, i64, u32)] = &[
    ("Personalised ceramic mug 11oz", Some("JDZ-101"), 1990, 30),
    ("Enamel camping mug with a name", Some("MUGW-102"), 2400, 12),
    ("Insulated travel tumbler with name", None, 2700, 9),
    ("定制马克杯 情侣款", Some("YIWU-101"), 1290, 8),
    ("Custom photo t-shirt, unisex", Some("GZCP-101"), 2450, 22),
    (
        "Organic cotton tee, embroidered",
        Some("HZTF-102"),
        3200,
        10,
    ),
    ("纯棉T恤 定制印花", Some("GZCP-102"), 1590, 6),
    ("Custom name sneakers", Some("PTFW-101"), 8900, 7),
    (
        "Leather loafer shoes with initials",
        Some("WZSC-102"),
        13900,
        3,
    ),
    ("Engraved iPhone case", Some("DGCM-101"), 1800, 25),
    ("Leather folio phone case", Some("SZCT-102"), 3400, 8),
    ("手机壳 定制照片", None, 890, 5),
];

/// Country, currency, share of buyers, and regions with their shares.
type Country = (
    &'static str,
    &'static str,
    u32,
    &'static [(&'static str, u32)],
);

const COUNTRIES: &[Country] = &[
    (
        "US",
        "USD",
        44,
        &[
            ("CA", 12),
            ("TX", 9),
            ("NY", 7),
            ("FL", 7),
            ("WA", 3),
            ("IL", 4),
            ("PA", 4),
            ("OH", 3),
            ("GA", 3),
            ("NC", 3),
        ],
    ),
    (
        "GB",
        "GBP",
        12,
        &[
            ("England", 84),
            ("Scotland", 8),
            ("Wales", 5),
            ("Northern Ireland", 3),
        ],
    ),
    (
        "DE",
        "EUR",
        9,
        &[("BY", 16), ("NW", 22), ("BW", 13), ("BE", 5), ("HE", 8)],
    ),
    (
        "CA",
        "CAD",
        7,
        &[("ON", 39), ("QC", 22), ("BC", 14), ("AB", 12)],
    ),
    (
        "FR",
        "EUR",
        5,
        &[("IDF", 19), ("ARA", 12), ("PACA", 8), ("OCC", 9)],
    ),
    (
        "AU",
        "AUD",
        5,
        &[("NSW", 32), ("VIC", 26), ("QLD", 20), ("WA", 11)],
    ),
    (
        "JP",
        "JPY",
        5,
        &[("Tokyo", 14), ("Osaka", 7), ("Kanagawa", 7), ("Aichi", 6)],
    ),
    (
        "CN",
        "CNY",
        4,
        &[
            ("广东", 9),
            ("浙江", 7),
            ("上海", 5),
            ("北京", 4),
            ("江苏", 6),
        ],
    ),
    ("NL", "EUR", 3, &[("NH", 17), ("ZH", 21), ("NB", 15)]),
    (
        "IT",
        "EUR",
        3,
        &[("Lombardia", 17), ("Lazio", 10), ("Campania", 10)],
    ),
    (
        "ES",
        "EUR",
        3,
        &[("Madrid", 14), ("Cataluña", 16), ("Andalucía", 18)],
    ),
];

/// What one US dollar is in each currency, and the step prices end on.
pub fn local(currency: &str, cents: i64) -> Decimal {
    let (rate, step): (f64, i64) = match currency {
        "GBP" => (0.79, 10),
        "EUR" => (0.92, 10),
        "CAD" => (1.36, 10),
        "AUD" => (1.52, 10),
        "JPY" => (150.0, 1000),
        "CNY" => (7.2, 100),
        _ => (1.0, 1),
    };
    let minor = (cents as f64 * rate / step as f64).round() as i64 * step;
    Decimal::new(minor, 2).normalize()
}

fn pick<T: Copy>(rng: &mut StdRng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut n = rng.random_range(0..total.max(1));
    for (item, w) in items {
        if n < *w {
            return *item;
        }
        n -= w;
    }
    items[0].0
}

/// How busy day `back` days ago was: growing over the two years, a
/// peak in November and December, quieter after, busier at weekends.
fn busy(today: time::Date, back: i64) -> f64 {
    let date = today - time::Duration::days(back);
    let growth = 1.0 + 1.5 * (SPAN_DAYS - back) as f64 / SPAN_DAYS as f64;
    let season = match date.month() {
        time::Month::November => 1.6,
        time::Month::December => 1.9,
        time::Month::January | time::Month::February => 0.8,
        _ => 1.0,
    };
    let weekend = match date.weekday() {
        time::Weekday::Saturday | time::Weekday::Sunday => 1.25,
        _ => 1.0,
    };
    growth * season * weekend
}

/// The `c`-th buyer: where they live, the platform they buy on, their
/// name and address.
fn buyer(c: usize) -> (&'static Country, &'static str, &'static str, String) {
    let mut rng = StdRng::seed_from_u64(0xB0B0_0000 + c as u64);
    let countries: Vec<(&Country, u32)> = COUNTRIES.iter().map(|k| (k, k.2)).collect();
    let country = pick(&mut rng, &countries);
    let platforms: &[(&str, u32)] = match country.0 {
        "CN" => &[("manual", 1)],
        "JP" => &[("amazon", 3), ("shopify", 1)],
        _ => &[
            ("amazon", 40),
            ("etsy", 25),
            ("shopify", 25),
            ("woocommerce", 10),
        ],
    };
    let platform = pick(&mut rng, platforms);
    let region = pick(&mut rng, country.3);
    const FIRST: &[&str] = &[
        "Ada", "Grace", "Li", "Sofia", "Yuki", "Lucas", "Emma", "Noah", "Mia", "Wei", "Hannah",
        "Omar",
    ];
    const LAST: &[&str] = &[
        "Lovelace", "Hopper", "Wang", "Rossi", "Tanaka", "Martin", "Smith", "Müller", "Dubois",
        "Chen", "Kim", "Haddad",
    ];
    let name = format!(
        "{} {}",
        FIRST[c % FIRST.len()],
        LAST[(c / FIRST.len()) % LAST.len()]
    );
    (country, platform, region, name)
}

/// Sets demo exchange rates into US dollars, unless rates are set.
pub async fn rates(store: &orderhub_store::Store) -> anyhow::Result<()> {
    if store.rates().await?.reporting.is_some() {
        return Ok(());
    }
    let rates = [
        ("EUR", "1.08"),
        ("GBP", "1.27"),
        ("CAD", "0.73"),
        ("AUD", "0.66"),
        ("JPY", "0.0067"),
        ("CNY", "0.139"),
    ]
    .iter()
    .map(|(c, r)| Ok(((*c).to_owned(), r.parse()?)))
    .collect::<Result<_, rust_decimal::Error>>()?;
    let rates = orderhub_domain::stats::Rates::check("USD", rates)?;
    store.set_rates(&rates).await?;
    Ok(())
}

/// Demo order `i` placed within [`SPAN_DAYS`] before `now`.
pub fn order(i: usize, now: OffsetDateTime) -> NewOrder {
    let mut rng = StdRng::seed_from_u64(0x5EED_0000 + i as u64);
    // three in ten orders come from a buyer seen before
    let c = match rng.random_bool(0.3) && i > 10 {
        true => rng.random_range(0..i / 3),
        false => i,
    };
    let (country, platform, region, name) = buyer(c);
    let currency = country.1;
    let today = now.date();
    let peak = busy(today, 0) * 1.9;
    let back = loop {
        let back = rng.random_range(0..SPAN_DAYS);
        if rng.random_range(0.0..peak) < busy(today, back) {
            break back;
        }
    };
    let minute = rng.random_range(0..24 * 60);
    let placed = (now - time::Duration::days(back)).replace_time(time::Time::MIDNIGHT)
        + time::Duration::minutes(minute);
    let listings: Vec<(usize, u32)> = LISTINGS.iter().enumerate().map(|(k, l)| (k, l.3)).collect();
    let count = pick(&mut rng, &[(1, 70), (2, 22), (3, 8)]);
    let mut lines: Vec<NewLine> = (0..count)
        .map(|_| {
            let (title, sku, cents, _) = LISTINGS[pick(&mut rng, &listings)];
            NewLine {
                title: title.into(),
                category: None,
                quantity: pick(&mut rng, &[(1, 80), (2, 14), (3, 4), (10, 2)]),
                unit_price: local(currency, cents),
                platform_sku: sku.map(str::to_owned),
                customization: Some(serde_json::json!({ "engraving": format!("For {name}") })),
                no_task: None,
                line_total: None,
            }
        })
        .collect();
    if rng.random_bool(0.05) {
        lines.push(NewLine {
            title: "Gift wrap".into(),
            category: None,
            quantity: 1,
            unit_price: local(currency, 400),
            platform_sku: None,
            customization: None,
            no_task: Some(orderhub_domain::model::NoTask::Fee),
            line_total: None,
        });
    }
    let total: Decimal = lines
        .iter()
        .map(|l| l.unit_price * Decimal::from(l.quantity))
        .sum();
    let payment = pick(
        &mut rng,
        &[
            (PaymentStatus::Paid, 930),
            (PaymentStatus::Unpaid, 40),
            (PaymentStatus::Refunded, 20),
            (PaymentStatus::PartiallyRefunded, 10),
        ],
    );
    NewOrder {
        tags: Vec::new(),
        platform: platform.into(),
        external_number: format!("DEMO-{}", 1000 + i),
        currency: currency.into(),
        total_amount: Some(total),
        placed_at: Some(placed),
        ship_by: None,
        status: Some(match payment {
            PaymentStatus::Unpaid => OrderStatus::Pending,
            _ => OrderStatus::Purchasing,
        }),
        payment_status: Some(payment),
        priority: Some(Priority::Normal),
        customer: Customer {
            name: name.clone(),
            email: Some(format!("buyer{c}@example.com")),
            phone: None,
            // the platform's own id of the buyer, as a marketplace sends it
            id: (platform != "manual").then(|| format!("{platform}-{c}")),
        },
        shipping_address: Some(Address {
            country: country.0.into(),
            region: Some(region.into()),
            city: None,
            line1: Some(format!("{} Market Street", 1 + c % 400)),
            line2: None,
            postal_code: Some(format!("{:05}", 10_000 + c % 80_000)),
        }),
        lines,
        note: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_are_the_same_each_run_and_spread_like_a_shop() {
        let now = OffsetDateTime::now_utc();
        assert_eq!(
            order(77, now).external_number,
            order(77, now).external_number
        );
        assert_eq!(order(77, now).placed_at, order(77, now).placed_at);
        let orders: Vec<NewOrder> = (0..3000).map(|i| order(i, now)).collect();
        let recent = orders
            .iter()
            .filter(|o| now - o.placed_at.unwrap() < time::Duration::days(365))
            .count();
        assert!(
            recent > 1700,
            "the shop grows: {recent} of 3000 in the last year"
        );
        let us = orders
            .iter()
            .filter(|o| o.shipping_address.as_ref().unwrap().country == "US")
            .count();
        assert!((1100..1600).contains(&us), "{us}");
        let emails: std::collections::HashSet<_> =
            orders.iter().map(|o| o.customer.email.clone()).collect();
        assert!(
            emails.len() < 2400,
            "buyers come back: {} buyers",
            emails.len()
        );
        assert!(orders.iter().all(|o| o.clone().normalize().is_ok()));
    }
}

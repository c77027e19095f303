//! Statistics: the kept sums agree with the orders counted the slow way
//! after random intake, payments, refunds and cancellations; the report
//! gives the figures a seller expects; tables export; rates are checked.

use crate::helpers::TestApp;
use orderhub_domain::stats::{DAY_MS, Range, day_of};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde_json::{Value, json};

crate::on_both_backends!(
    kept_sums_match_the_orders_after_random_changes,
    the_report_counts_what_a_seller_expects
);

fn rfc3339(ms: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).unwrap();
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

async fn products(app: &TestApp, mugs: &str, boards: &str) {
    for (supplier, code, title, category, price, currency) in [
        (mugs, "MUG-RED", "Red mug", "Mugs", "3.30", "CNY"),
        (mugs, "MUG-BLUE", "Blue mug", "Mugs", "0.45", "USD"),
        (boards, "BOARD-9", "Oak board", "Boards", "12.00", "CNY"),
    ] {
        let p = json!({"supplier_id": supplier, "code": code, "title": title, "category": category,
                       "supplier_price": price, "currency": currency});
        app.post("/api/v1/products", p).await.ok(201);
    }
}

/// A random order placed up to `days` days ago.
fn random_order(rng: &mut StdRng, i: usize, days: i64) -> Value {
    let platform = ["etsy", "shopify", "amazon", "manual"][rng.random_range(0..4)];
    let jpy = rng.random_bool(0.25);
    let (currency, price) = match jpy {
        true => ("JPY", json!(rng.random_range(900..9000).to_string())),
        false => (
            "USD",
            json!(format!(
                "{}.{:02}",
                rng.random_range(5..150),
                rng.random_range(0..100)
            )),
        ),
    };
    let mut lines = vec![];
    for _ in 0..rng.random_range(1..4) {
        let (title, sku) = [
            ("Red mug", json!("mug-red ")),
            ("Blue mug", json!("MUG-BLUE")),
            ("Oak board", json!("BOARD-9")),
            ("Mug with a name", Value::Null),
            ("Serving board", json!("SB-1")),
        ][rng.random_range(0..5)]
        .clone();
        lines.push(json!({"title": title, "platform_sku": sku, "quantity": rng.random_range(1..4), "unit_price": price}));
    }
    if rng.random_bool(0.2) {
        lines.push(json!({"title": "Tip", "quantity": 1, "unit_price": price, "no_task": "tip"}));
    }
    let email = match rng.random_range(0..10) {
        0 => Value::Null,
        n => json!(format!("Buyer{}@Example.com", n % 7)),
    };
    let address = match rng.random_range(0..5) {
        0 => Value::Null,
        1 => json!({"country": "US", "region": "CA"}),
        2 => json!({"country": "us", "region": "ny "}),
        3 => json!({"country": "JP", "region": "Tokyo"}),
        _ => json!({"country": "GB"}),
    };
    let placed = now_ms() - rng.random_range(0..days * DAY_MS);
    let mut order = json!({
        "platform": platform, "external_number": format!("S-{i}"), "currency": currency,
        "placed_at": rfc3339(placed),
        "status": if rng.random_bool(0.5) { "purchasing" } else { "pending" },
        "payment_status": if rng.random_bool(0.6) { "paid" } else { "unpaid" },
        "customer": {"name": format!("Buyer {}", rng.random_range(0..3)), "email": email},
        "shipping_address": address, "lines": lines
    });
    if jpy || rng.random_bool(0.5) {
        // a total for orders to be paid by hand later
        order["total_amount"] = json!(match jpy {
            true => "20000",
            false => "300.00",
        });
    }
    order
}

async fn kept_sums_match_the_orders_after_random_changes(app: TestApp) {
    let (_, mugs) = app.category_with_suppliers("Mugs", &["mug"], 2).await;
    let (_, boards) = app.category_with_suppliers("Boards", &["board"], 1).await;
    products(&app, &mugs[0], &boards[0]).await;
    let mut rng = StdRng::seed_from_u64(18);
    let mut orders = Vec::new();
    for i in 0..70 {
        let res = app
            .post("/api/v1/orders", random_order(&mut rng, i, 75))
            .await;
        orders.push(res.ok(201).clone());
    }
    // thirty at once: the intake writer commits them in groups, several
    // orders of one buyer in one transaction
    let burst: Vec<Value> = (70..100).map(|i| random_order(&mut rng, i, 75)).collect();
    let posts = burst.iter().map(|o| app.post("/api/v1/orders", o.clone()));
    for res in futures::future::join_all(posts).await {
        orders.push(res.ok(201).clone());
    }
    let mut paid_by_hand: Vec<usize> = Vec::new();
    for _ in 0..60 {
        let op = rng.random_range(0..3);
        let k = match (op, paid_by_hand.is_empty()) {
            // refunds go back on what was paid by hand
            (1, false) => paid_by_hand[rng.random_range(0..paid_by_hand.len())],
            _ => rng.random_range(0..orders.len()),
        };
        let o = &orders[k];
        let id = o["id"].as_str().unwrap();
        let path = format!("/api/v1/orders/{id}/payments");
        let jpy = o["currency"] == "JPY";
        let res = match op {
            0 => {
                let amount = o["total_amount"].as_str().unwrap_or("1");
                let body = json!({"kind": "payment", "method": "bank_transfer", "amount": amount});
                app.post(&path, body).await
            }
            1 => {
                let amount = if jpy { "500" } else { "7.25" };
                let body = json!({"kind": "refund", "method": "bank_transfer", "amount": amount});
                app.post(&path, body).await
            }
            _ => {
                let body = json!({"to": "cancelled", "reason": "buyer asked"});
                app.post(&format!("/api/v1/orders/{id}/transitions"), body)
                    .await
            }
        };
        if op == 0 && res.status.as_u16() == 201 {
            paid_by_hand.push(k);
        }
        // refusals (over the total, nothing paid, a shipped order) change nothing
        assert!(res.status.as_u16() < 500, "{:?} {}", res.status, res.body);
    }
    let store = orderhub_store::Store::connect(&app.db.url).await.unwrap();
    let today = day_of(now_ms());
    for range in [
        Range {
            from: today,
            to: today,
        },
        Range {
            from: today - 6,
            to: today,
        },
        Range {
            from: today - 29,
            to: today,
        },
        Range {
            from: today - 80,
            to: today,
        },
        Range {
            from: today - 45,
            to: today - 20,
        },
        Range {
            from: today - 400,
            to: today + 1,
        },
    ] {
        let differences = store.check_statistics(range).await.unwrap();
        assert!(differences.is_empty(), "{range:?}: {differences:#?}");
    }
    // nothing vacuous: the sums hold orders, payers and goods
    let all = Range {
        from: today - 400,
        to: today + 1,
    };
    let customers = store.customers_in(all).await.unwrap();
    assert!(
        customers.paying > 3 && customers.ordering > customers.paying,
        "{customers:?}"
    );
    let sales = store.sales_by_currency(all).await.unwrap();
    assert_eq!(sales.values().map(|s| s.orders).sum::<i64>(), 100);
    assert!(
        sales.values().all(|s| s.paid > 0 && s.refunded > 0),
        "{sales:?}"
    );
    store.close().await;
}

async fn the_report_counts_what_a_seller_expects(app: TestApp) {
    let (_, mugs) = app.category_with_suppliers("Mugs", &["mug"], 1).await;
    let (_, boards) = app.category_with_suppliers("Boards", &["board"], 1).await;
    products(&app, &mugs[0], &boards[0]).await;
    let today = day_of(now_ms());
    let at = |days_ago: i64| rfc3339((today - days_ago) * DAY_MS + 3_600_000);
    let order = |n: &str, days_ago: i64, email: &str, paid: bool, lines: Value| {
        json!({"platform": "shopify", "external_number": n, "currency": "USD", "placed_at": at(days_ago),
               "status": "pending", "payment_status": if paid { "paid" } else { "unpaid" },
               "customer": {"name": "A buyer", "email": email},
               "shipping_address": {"country": "US", "region": "CA"}, "lines": lines})
    };
    let mug = |q: i64, p: &str| json!({"title": "Red mug", "platform_sku": "MUG-RED", "quantity": q, "unit_price": p});
    let board = json!({"title": "Oak board", "platform_sku": "BOARD-9", "quantity": 1, "unit_price": "120.00"});
    // ann paid 40 days ago (before the period) and again now: returning;
    // bob pays for the first time now; cy orders but does not pay
    for body in [
        order("R-1", 40, "ann@example.com", true, json!([mug(1, "20.00")])),
        order(
            "R-2",
            3,
            "ANN@example.com ",
            true,
            json!([mug(2, "20.00"), board.clone()]),
        ),
        order("R-3", 2, "bob@example.com", true, json!([mug(1, "25.00")])),
        order("R-4", 1, "cy@example.com", false, json!([board.clone()])),
    ] {
        app.post("/api/v1/orders", body).await.ok(201);
    }
    let r = app
        .get("/api/v1/stats/sales?period=7d&bands=50,100,150")
        .await
        .ok(200)
        .clone();
    let cur = &r["current"];
    assert_eq!(
        (cur["orders"].as_i64(), cur["paid_orders"].as_i64()),
        (Some(3), Some(2)),
        "{cur}"
    );
    assert_eq!(cur["money"][0]["sales"], "185", "160 + 25: {cur}");
    assert_eq!(cur["money"][0]["average_order"], "92.50");
    assert_eq!(
        cur["customers"],
        json!({"ordering": 3, "paying": 2, "new_payers": 1, "returning_payers": 1})
    );
    assert_eq!(
        r["previous"]["orders"], 0,
        "R-1 is 40 days ago: {}",
        r["previous"]
    );
    let bands: Vec<(String, i64)> = r["distribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["from"].as_str().unwrap().to_owned(),
                b["orders"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        bands,
        [
            ("0".into(), 1),
            ("50".into(), 0),
            ("100".into(), 0),
            ("150".into(), 1)
        ]
    );
    let top = &r["products_by_quantity"][0];
    assert_eq!(
        (top["label"].as_str(), top["quantity"].as_i64()),
        (Some("Red mug"), Some(3)),
        "{top}"
    );
    // 3 red mugs cost 3 × 3.30 CNY: no margin in USD without a CNY rate
    assert_eq!(top["cost"], Value::Null);
    let rates = json!({"reporting": "usd", "rates": {"CNY": "0.14"}});
    let set = app
        .put("/api/v1/stats/exchange-rates", rates)
        .await
        .ok(200)
        .clone();
    assert_eq!(set["reporting"], "USD");
    let r = app
        .get("/api/v1/stats/sales?period=7d")
        .await
        .ok(200)
        .clone();
    let top = r["products_by_quantity"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["label"] == "Red mug")
        .unwrap()
        .clone();
    assert_eq!(
        (
            top["sales"].as_str(),
            top["cost"].as_str(),
            top["gross_margin"].as_str()
        ),
        (Some("65"), Some("1.39"), Some("63.61")),
        "{top}"
    );
    assert_eq!(r["current"]["reported"]["sales"], "185");
    assert_eq!(r["regions"][0]["key"], json!(["US", "CA"]));
    let month = app
        .get("/api/v1/stats/sales?period=90d")
        .await
        .ok(200)
        .clone();
    assert_eq!(
        month["current"]["customers"]["new_payers"], 2,
        "ann and bob first paid in 90 days"
    );
    assert_eq!(
        month["series"].as_array().unwrap().len(),
        90,
        "a point a day"
    );

    // every table exports; bad input is refused with its field
    let csv = app
        .raw(
            reqwest::Method::GET,
            "/api/v1/stats/sales/export?period=7d&table=products&format=csv",
            None,
            "",
        )
        .await;
    assert_eq!(csv.status, 200);
    for (query, code, field) in [
        ("period=7d&bands=125", "stat_bands", "bands"),
        ("period=custom&from=2026-01-05", "required", "to"),
        (
            "period=custom&from=2026-01-05&to=2026-01-01",
            "out_of_range",
            "to",
        ),
        (
            "period=custom&from=5.1.2026&to=2026-01-01",
            "invalid_date",
            "from",
        ),
    ] {
        let res = app.get(&format!("/api/v1/stats/sales?{query}")).await;
        assert_eq!(res.problem(422, code)["field"], field, "{query}");
    }
    let bad = app
        .put(
            "/api/v1/stats/exchange-rates",
            json!({"reporting": "USD", "rates": {"CNY": "0"}}),
        )
        .await;
    assert_eq!(bad.problem(422, "out_of_range")["field"], "rates.CNY");
    let bad = app
        .put(
            "/api/v1/stats/exchange-rates",
            json!({"reporting": "XYZ", "rates": {}}),
        )
        .await;
    bad.problem(422, "unknown_currency");
}

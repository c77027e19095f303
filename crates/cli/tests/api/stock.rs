//! Inventory: receipts, issues, transfers, stocktakes and reservations
//! keep on hand, reserved and available exact; nothing oversells however
//! many ask at once; every movement is on record.

use crate::helpers::TestApp;
use crate::web::{follow, page, post_form, sign_in};
use futures::future::join_all;
use reqwest::header::COOKIE;
use serde_json::{Value, json};

crate::on_both_backends!(
    stock_moves_and_a_stocktake_adjusts_and_records,
    a_thousand_concurrent_reservations_never_oversell,
    the_stock_pages_receive_count_and_show_history
);

async fn movements(app: &TestApp, query: &str) -> Vec<Value> {
    let page = app.get(&format!("/api/v1/stock/movements?{query}")).await;
    page.ok(200)["items"].as_array().unwrap().clone()
}

fn figures(item: &Value) -> (i64, i64, i64) {
    let n = |k: &str| item[k].as_i64().unwrap();
    (n("on_hand"), n("reserved"), n("available"))
}

async fn stock_moves_and_a_stocktake_adjusts_and_records(app: TestApp) {
    // locations: codes unique in any case, no spaces, a real supplier
    let sup = app
        .post("/api/v1/suppliers", json!({"name": "Warehouse team"}))
        .await
        .ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let loc = json!({"code": "SZ-1", "name": "Shenzhen warehouse", "supplier_id": sup});
    app.post("/api/v1/stock/locations", loc).await.ok(201);
    app.post(
        "/api/v1/stock/locations",
        json!({"code": "sz-1", "name": "again"}),
    )
    .await
    .problem(409, "duplicate_code");
    app.post(
        "/api/v1/stock/locations",
        json!({"code": "SZ 2", "name": "x"}),
    )
    .await
    .problem(422, "invalid_code");
    app.post(
        "/api/v1/stock/locations",
        json!({"code": "X", "name": "x", "supplier_id": "nobody"}),
    )
    .await
    .problem(422, "unknown_supplier");
    app.post(
        "/api/v1/stock/locations",
        json!({"code": "WH-2", "name": "Yiwu"}),
    )
    .await
    .ok(201);

    // 入库, 出库, a transfer
    let receipt = json!({"sku": "MUG-11", "location": "sz-1", "quantity": 20, "title": "Mug 11oz", "reference": "DN-7"});
    let item = app
        .post("/api/v1/stock/receipts", receipt)
        .await
        .ok(201)
        .clone();
    assert_eq!(figures(&item), (20, 0, 20));
    assert_eq!(item["title"], "Mug 11oz");
    let item_id = item["id"].as_str().unwrap().to_owned();
    let issue =
        |q: i64| json!({"sku": "mug-11", "location": "SZ-1", "quantity": q, "reason": "samples"});
    let item = app
        .post("/api/v1/stock/issues", issue(5))
        .await
        .ok(201)
        .clone();
    assert_eq!(figures(&item), (15, 0, 15));
    let short = app.post("/api/v1/stock/issues", issue(16)).await;
    let p = short.problem(409, "short_stock");
    assert_eq!(p["field"], "quantity");
    assert!(
        p["detail"].as_str().unwrap().contains("15 available"),
        "{p}"
    );
    app.post(
        "/api/v1/stock/issues",
        json!({"sku": "MUG-99", "location": "SZ-1", "quantity": 1, "reason": "x"}),
    )
    .await
    .problem(422, "unknown_sku");
    app.post(
        "/api/v1/stock/issues",
        json!({"sku": "MUG-11", "location": "SZ-1", "quantity": 1, "reason": " "}),
    )
    .await
    .problem(422, "required");
    app.post(
        "/api/v1/stock/receipts",
        json!({"sku": "MUG-11", "location": "LA-9", "quantity": 1}),
    )
    .await
    .problem(422, "unknown_location");
    let moved = app
        .post(
            "/api/v1/stock/transfers",
            json!({"sku": "MUG-11", "from": "SZ-1", "to": "WH-2", "quantity": 5}),
        )
        .await
        .ok(201)
        .clone();
    assert_eq!(figures(&moved["from"]), (10, 0, 10));
    assert_eq!(figures(&moved["to"]), (5, 0, 5));

    // a reservation holds units a count may not take away
    let held = app
        .post(
            "/api/v1/stock/reservations",
            json!({"sku": "MUG-11", "location": "SZ-1", "quantity": 8, "note": "order by phone"}),
        )
        .await
        .ok(201)
        .clone();
    assert_eq!(held["status"], "held");
    let item = app.get(&format!("/api/v1/stock/items/{item_id}")).await;
    assert_eq!(figures(&item.ok(200)["item"]), (10, 8, 2));
    assert_eq!(item.body["reservations"].as_array().unwrap().len(), 1);
    let before = movements(&app, "limit=200").await.len();
    let count = |n: i64| {
        json!({"location": "SZ-1", "reason": "monthly count", "counts": [
            {"sku": "NEW-1", "counted": 3}, {"sku": "mug-11", "counted": n}]})
    };
    let refused = app.post("/api/v1/stock/stocktakes", count(7)).await;
    let p = refused.problem(409, "below_reserved");
    assert!(
        p["detail"].as_str().unwrap().contains("8 are reserved"),
        "{p}"
    );
    assert_eq!(
        movements(&app, "limit=200").await.len(),
        before,
        "a refused stocktake records nothing, NEW-1 included"
    );

    // 盘点: one short, one found; both on record with the reason
    let st = app
        .post("/api/v1/stock/stocktakes", count(9))
        .await
        .ok(201)
        .clone();
    let lines = st["lines"].as_array().unwrap();
    let line = |sku: &str| lines.iter().find(|l| l["sku"] == sku).unwrap().clone();
    assert_eq!(
        (
            line("MUG-11")["before"].as_i64(),
            line("MUG-11")["difference"].as_i64()
        ),
        (Some(10), Some(-1))
    );
    assert_eq!(line("NEW-1")["difference"], 3);
    let adjustments = movements(&app, "kind=adjustment&location=SZ-1").await;
    assert_eq!(adjustments.len(), 2);
    for a in &adjustments {
        assert_eq!(a["reason"], "monthly count");
        assert_eq!(a["reference"], st["id"]);
    }
    let mug = adjustments.iter().find(|a| a["sku"] == "MUG-11").unwrap();
    assert_eq!(
        (mug["quantity"].as_i64(), mug["on_hand_after"].as_i64()),
        (Some(1), Some(9))
    );

    // shipping the reservation takes both figures down, once
    let rid = held["id"].as_str().unwrap();
    app.post(&format!("/api/v1/stock/reservations/{rid}/ship"), json!({}))
        .await
        .ok(200);
    app.post(
        &format!("/api/v1/stock/reservations/{rid}/release"),
        json!({}),
    )
    .await
    .problem(409, "invalid_transition");
    let item = app.get(&format!("/api/v1/stock/items/{item_id}")).await;
    assert_eq!(figures(&item.ok(200)["item"]), (1, 0, 1));

    // the history replays to the figures: every movement, newest first
    let history = movements(&app, &format!("item_id={item_id}")).await;
    let kinds: Vec<&str> = history
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "shipment",
            "adjustment",
            "reservation",
            "transfer_out",
            "issue",
            "receipt"
        ]
    );
    assert_eq!(history[0]["on_hand_after"], 1);

    // low stock: a threshold, then the movement that crosses it alerts
    let wh = app.get("/api/v1/stock?location=WH-2").await.ok(200)["items"][0].clone();
    let wh_id = wh["id"].as_str().unwrap();
    let hook = app
        .post(
            "/api/v1/webhooks",
            json!({"url": "http://127.0.0.1:9/hook", "events": ["stock.low"]}),
        )
        .await
        .ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let set = app
        .put(
            &format!("/api/v1/stock/items/{wh_id}/threshold"),
            json!({"low_at": 2}),
        )
        .await
        .ok(200)
        .clone();
    assert_eq!(set["low"], false);
    app.put(
        &format!("/api/v1/stock/items/{wh_id}/threshold"),
        json!({"low_at": -1}),
    )
    .await
    .problem(422, "out_of_range");
    let issue = json!({"sku": "MUG-11", "location": "WH-2", "quantity": 3, "reason": "damaged"});
    let after = app
        .post("/api/v1/stock/issues", issue)
        .await
        .ok(201)
        .clone();
    assert_eq!(
        (after["available"].as_i64(), after["low"].as_bool()),
        (Some(2), Some(true))
    );
    let low = app.get("/api/v1/stock?low=true").await.ok(200)["items"].clone();
    assert_eq!(low.as_array().unwrap().len(), 1);
    let issue = json!({"sku": "MUG-11", "location": "WH-2", "quantity": 1, "reason": "damaged"});
    app.post("/api/v1/stock/issues", issue).await.ok(201);
    let sent = app.get(&format!("/api/v1/webhooks/{hook}/messages")).await;
    let sent = sent.ok(200).as_array().unwrap().clone();
    assert_eq!(
        sent.len(),
        1,
        "one alert when it crosses, not one per movement: {sent:?}"
    );
}

async fn a_thousand_concurrent_reservations_never_oversell(app: TestApp) {
    app.post("/api/v1/stock/locations", json!({"code": "A", "name": "A"}))
        .await
        .ok(201);
    app.post("/api/v1/stock/locations", json!({"code": "B", "name": "B"}))
        .await
        .ok(201);
    for loc in ["A", "B"] {
        let r = json!({"sku": "RING-7", "location": loc, "quantity": 50});
        app.post("/api/v1/stock/receipts", r).await.ok(201);
    }
    // 1,000 at once for one unit each, half naming no location: exactly
    // 100 get one, the rest are told there is no stock
    let asks = (0..1000).map(|i| {
        let client = app.client.clone();
        let url = format!("{}/api/v1/stock/reservations", app.base);
        let location = if i % 2 == 0 {
            json!(null)
        } else {
            json!(["A", "B"][i % 4 / 2])
        };
        async move {
            let res = client
                .post(url)
                .bearer_auth(crate::helpers::TOKEN)
                .json(&json!({"sku": "ring-7", "quantity": 1, "location": location}))
                .send()
                .await
                .unwrap();
            crate::helpers::read(res).await
        }
    });
    let answers = join_all(asks).await;
    let granted = answers.iter().filter(|r| r.status.as_u16() == 201).count();
    for r in answers.iter().filter(|r| r.status.as_u16() != 201) {
        r.problem(409, "short_stock");
    }
    assert_eq!(granted, 100);
    let items = app.get("/api/v1/stock?q=ring").await.ok(200)["items"].clone();
    for item in items.as_array().unwrap() {
        assert_eq!(figures(item), (50, 50, 0), "{item}");
    }
    let held = app
        .get("/api/v1/stock/movements?kind=reservation&limit=200")
        .await;
    assert_eq!(held.ok(200)["items"].as_array().unwrap().len(), 100);
}

async fn the_stock_pages_receive_count_and_show_history(app: TestApp) {
    app.user(
        "stock-ops@web.example",
        "operator",
        None,
        "shelves-and-bins-9",
    )
    .await;
    let (cookie, csrf) = sign_in(&app, "stock-ops@web.example", "shelves-and-bins-9").await;
    let c = [(COOKIE.as_str(), cookie.as_str())];
    let (status, body) = page(&app, "/stock", &c).await;
    assert_eq!(status, 200);
    assert!(body.contains("No stock locations yet"), "{body}");
    let added = post_form(
        &app,
        &cookie,
        &csrf,
        "/stock/locations",
        vec![("code", "SZ-1"), ("name", "Shenzhen")],
    );
    let (to, body) = follow(&app, added.await.unwrap(), &c).await;
    assert_eq!(to, "/stock");
    assert!(body.contains("Location added: SZ-1"), "{body}");
    // its team is named afterwards: SZ-1 then ships orders
    let team = app
        .post("/api/v1/suppliers", json!({"name": "Warehouse team"}))
        .await
        .ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let loc = app.get("/api/v1/stock/locations").await.ok(200)[0].clone();
    let keep = format!("/stock/locations/{}", loc["id"].as_str().unwrap());
    let kept = post_form(
        &app,
        &cookie,
        &csrf,
        &keep,
        vec![("supplier_id", team.as_str())],
    );
    let (_, body) = follow(&app, kept.await.unwrap(), &c).await;
    assert!(body.contains("Saved: SZ-1"), "{body}");
    let loc = app.get("/api/v1/stock/locations").await.ok(200)[0].clone();
    assert_eq!(loc["supplier_id"], team.as_str());
    let receipt = vec![
        ("sku", "MUG-11"),
        ("location", "SZ-1"),
        ("quantity", "12"),
        ("title", "Mug 11oz"),
    ];
    let done = post_form(&app, &cookie, &csrf, "/stock/receipts", receipt);
    let (_, body) = follow(&app, done.await.unwrap(), &c).await;
    assert!(body.contains("Received: MUG-11 · 12"), "{body}");
    assert!(body.contains("Mug 11oz"), "listed: {body}");

    // a stocktake typed one SKU per line; a bad line is refused and kept
    let bad = vec![
        ("location", "SZ-1"),
        ("counts", "MUG-11 ten"),
        ("reason", "monthly count"),
    ];
    let zh = format!("{cookie}; lang=zh-CN");
    let refused = post_form(&app, &zh, &csrf, "/stock/stocktakes", bad);
    let (_, body) = follow(
        &app,
        refused.await.unwrap(),
        &[(COOKIE.as_str(), zh.as_str())],
    )
    .await;
    assert!(body.contains(r#"class="flash refused""#), "{body}");
    assert!(body.contains("MUG-11 ten"), "kept: {body}");
    assert!(
        body.contains("<details open>\n  <summary>盘点"),
        "the refused form stays open: {body}"
    );
    let good = vec![
        ("location", "SZ-1"),
        ("counts", "MUG-11 10\nMUG-15, 4"),
        ("reason", "monthly count"),
    ];
    let done = post_form(&app, &cookie, &csrf, "/stock/stocktakes", good);
    let (_, body) = follow(&app, done.await.unwrap(), &c).await;
    assert!(
        body.contains("Stocktake recorded (changed/counted): SZ-1 · 2/2"),
        "{body}"
    );
    let short = vec![
        ("sku", "MUG-11"),
        ("location", "SZ-1"),
        ("quantity", "11"),
        ("reason", "samples"),
    ];
    let refused = post_form(&app, &cookie, &csrf, "/stock/issues", short);
    let (_, body) = follow(&app, refused.await.unwrap(), &c).await;
    assert!(body.contains("Not enough stock"), "{body}");

    // the item's page: figures, a threshold, its history with the reason
    let item = app.get("/api/v1/stock?q=mug-11").await.ok(200)["items"][0].clone();
    let path = format!("/stock/items/{}", item["id"].as_str().unwrap());
    let threshold = format!("{path}/threshold");
    let set = post_form(&app, &cookie, &csrf, &threshold, vec![("low_at", "10")]);
    let (to, body) = follow(&app, set.await.unwrap(), &c).await;
    assert_eq!(to, path);
    assert!(body.contains("Threshold saved."), "{body}");
    assert!(
        body.contains("Stocktake adjustment") && body.contains("monthly count"),
        "{body}"
    );
    assert!(
        body.contains(">Low<"),
        "10 available at a threshold of 10 is low: {body}"
    );
    let (_, list) = page(&app, "/stock?low=on", &c).await;
    assert!(
        list.contains(">MUG-11<") && !list.contains(">MUG-15<"),
        "{list}"
    );

    // a supplier has no stock pages
    let (_, sup) = app.category_with_suppliers("Cups", &["cup"], 1).await;
    app.user(
        "maker@web.example",
        "supplier",
        Some(&sup[0]),
        "kiln-fired-42-pots",
    )
    .await;
    let (theirs, _) = sign_in(&app, "maker@web.example", "kiln-fired-42-pots").await;
    let (status, _) = page(&app, "/stock", &[(COOKIE.as_str(), theirs.as_str())]).await;
    assert_eq!(status, 403);
}

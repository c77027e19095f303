//! Capacity and lead times: suppliers' calendars and units per day, due
//! dates worked out from them, the `soonest` strategy, and categories
//! that never route above capacity.

use crate::helpers::{Auth, TestApp};
use crate::web::{follow, page, post_form, sign_in};
use reqwest::Method;
use reqwest::header::COOKIE;
use serde_json::{Value, json};

crate::on_both_backends!(
    routing_books_capacity_and_skips_who_cannot_make_the_date,
    capacity_is_checked_and_scoped,
    a_supplier_keeps_its_calendar_in_the_web_app
);

const DAY_MS: i64 = 86_400_000;

pub(crate) fn today() -> i64 {
    let ms = time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000;
    (ms as i64).div_euclid(DAY_MS)
}

pub(crate) fn iso(day: i64) -> String {
    orderhub_domain::stats::iso(day)
}

/// The end of `day` (UTC) as RFC 3339.
fn end_of(day: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(((day + 1) * DAY_MS - 1000) / 1000).unwrap();
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

/// Every day a working day, on UTC, so the test reads the same any day.
fn capacity(category: &str, units: i64) -> Value {
    json!({
        "calendar": {"work_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "utc_offset": "+00:00"},
        "categories": [{"category_id": category, "units_per_day": units, "lead_days": 0}],
    })
}

fn mugs(n: i64) -> Value {
    json!([{ "title": "Custom mug", "quantity": n, "unit_price": "10.00" }])
}

async fn order(app: &TestApp, number: &str, quantity: i64, ship_by: Option<String>) -> Value {
    let mut body = crate::helpers::order_body(number, "purchasing", mugs(quantity));
    if let Some(at) = ship_by {
        body["ship_by"] = json!(at);
    }
    app.post("/api/v1/orders", body).await.ok(201).clone()
}

/// The routing decision of an order's first task.
async fn decision(app: &TestApp, order: &Value) -> Value {
    let events = app.order_events(order).await;
    let routed = events.iter().rev().find(|e| e["kind"] == "task.routed");
    routed.expect("routed")["details"].clone()
}

fn candidate<'a>(d: &'a Value, supplier: &str) -> &'a Value {
    d["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["supplier_id"] == supplier)
        .unwrap()
}

async fn routing_books_capacity_and_skips_who_cannot_make_the_date(app: TestApp) {
    let (category, sup) = app.category_with_suppliers("Mugs", &["mug"], 2).await;
    let (a, b) = (sup[0].as_str(), sup[1].as_str());
    for (s, units) in [(a, 10), (b, 5)] {
        let path = format!("/api/v1/suppliers/{s}/capacity");
        let set = app.put(&path, capacity(&category, units)).await;
        assert_eq!(set.ok(200)["categories"][0]["units_per_day"], units);
    }
    let patch = json!({"strategy": "soonest", "capacity_cap": true});
    let c = app
        .patch(&format!("/api/v1/categories/{category}"), patch)
        .await;
    assert_eq!(c.ok(200)["capacity_cap"], true);
    let t = today();

    // 8 units: A has them today, B only tomorrow
    let o1 = order(&app, "CAP-1", 8, None).await;
    assert_eq!(o1["tasks"][0]["supplier_id"], a);
    assert_eq!(o1["tasks"][0]["due_at"], end_of(t).as_str());
    let d = decision(&app, &o1).await;
    assert_eq!(d["strategy"], "soonest");
    assert_eq!(candidate(&d, a)["ready_on"], iso(t).as_str());
    assert_eq!(candidate(&d, b)["ready_on"], iso(t + 1).as_str());

    // 8 more: both ready tomorrow; the tie goes on in rotation, to B
    let o2 = order(&app, "CAP-2", 8, None).await;
    assert_eq!(o2["tasks"][0]["supplier_id"], b);
    let d = decision(&app, &o2).await;
    assert_eq!(candidate(&d, a)["ready_on"], iso(t + 1).as_str());

    // promised for today: nobody has 5 units left today
    let o3 = order(&app, "CAP-3", 5, Some(end_of(t))).await;
    assert_eq!(o3["status"], "needs_attention");
    assert_eq!(o3["lines"][0]["unrouted"]["code"], "no_capacity");
    assert_eq!(o3["ship_by"], end_of(t).as_str());
    let events = app.order_events(&o3).await;
    let unrouted = events
        .iter()
        .find(|e| e["kind"] == "line.unrouted")
        .unwrap();
    assert_eq!(unrouted["details"]["code"], "no_capacity", "{unrouted}");

    // without the cap, the retry goes to the soonest anyway, due as promised
    let off = json!({"capacity_cap": false});
    app.patch(&format!("/api/v1/categories/{category}"), off)
        .await
        .ok(200);
    let id = o3["id"].as_str().unwrap();
    let retry = app
        .post(
            &format!("/api/v1/orders/{id}/transitions"),
            json!({"to": "purchasing"}),
        )
        .await;
    let retry = retry.ok(200).clone();
    assert_eq!(retry["tasks"][0]["supplier_id"], a);
    assert_eq!(retry["tasks"][0]["due_at"], end_of(t).as_str());
    let d = decision(&app, &retry).await;
    assert_eq!(candidate(&d, a)["late"], true, "{d}");

    // round robin, capped: B is next in turn but cannot make it; A can
    let rr = json!({"strategy": "round_robin", "capacity_cap": true});
    app.patch(&format!("/api/v1/categories/{category}"), rr)
        .await
        .ok(200);
    let o4 = order(&app, "CAP-4", 10, Some(end_of(t + 2))).await;
    assert_eq!(o4["tasks"][0]["supplier_id"], a, "{o4}");
    let d = decision(&app, &o4).await;
    assert_eq!(candidate(&d, b)["skipped"], "too_late", "{d}");
    assert_eq!(candidate(&d, b)["ready_on"], iso(t + 3).as_str());
    assert_eq!(d["capped"], true);

    // a rejection keeps the cap: B cannot make it either, so the line waits
    let task = o4["tasks"][0]["id"].as_str().unwrap();
    let (_, token) = app.token("maker a", "supplier", Some(a)).await;
    let rejected = app
        .send_as(
            &Auth::Bearer(token),
            Method::POST,
            &format!("/api/v1/tasks/{task}/transitions"),
            Some(&json!({"to": "rejected", "reason": "kiln is full"})),
        )
        .await;
    rejected.ok(200);
    let id = o4["id"].as_str().unwrap();
    let after = app
        .get(&format!("/api/v1/orders/{id}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(after["status"], "needs_attention");
    assert_eq!(after["lines"][0]["unrouted"]["code"], "no_capacity");

    // the rejected task gave its days back: 10 units fit A by the day after
    let o5 = order(&app, "CAP-5", 10, Some(end_of(t + 2))).await;
    assert_eq!(o5["tasks"][0]["supplier_id"], a, "{o5}");
}

async fn capacity_is_checked_and_scoped(app: TestApp) {
    let (category, sup) = app.category_with_suppliers("Hats", &["hat"], 2).await;
    let (other, _) = app.category_with_suppliers("Lamps", &["lamp"], 1).await;
    let path = format!("/api/v1/suppliers/{}/capacity", sup[0]);
    let fresh = app.get(&path).await.ok(200).clone();
    assert_eq!(
        fresh["calendar"]["work_days"],
        json!(["mon", "tue", "wed", "thu", "fri"])
    );
    assert_eq!(fresh["categories"][0]["units_per_day"], Value::Null);

    let full = json!({
        "calendar": {"work_days": ["mon", "tue", "wed", "thu", "fri", "sat"], "holidays": ["2027-02-06", "2027-02-07"], "utc_offset": "+08:00"},
        "categories": [{"category_id": category, "units_per_day": 40, "lead_days": 3, "cut_off": "16:00"}],
    });
    let saved = app.put(&path, full.clone()).await.ok(200).clone();
    assert_eq!(saved, full);

    for (body, code, field) in [
        (
            json!({"calendar": {"work_days": [], "utc_offset": "+08:00"}}),
            "no_work_days",
            "calendar.work_days",
        ),
        (
            json!({"calendar": {"work_days": ["mon"], "utc_offset": "UTC+8"}}),
            "invalid_offset",
            "calendar.utc_offset",
        ),
        (
            json!({"calendar": {"work_days": ["mon"], "holidays": ["2027-02-30"], "utc_offset": "Z"}}),
            "invalid_date",
            "calendar.holidays[0]",
        ),
        (
            json!({"calendar": {"work_days": ["mon"], "utc_offset": "Z"},
                   "categories": [{"category_id": category, "units_per_day": 0}]}),
            "out_of_range",
            "categories[0].units_per_day",
        ),
        (
            json!({"calendar": {"work_days": ["mon"], "utc_offset": "Z"},
                   "categories": [{"category_id": category, "units_per_day": 5, "cut_off": "25:00"}]}),
            "invalid_time",
            "categories[0].cut_off",
        ),
        (
            json!({"calendar": {"work_days": ["mon"], "utc_offset": "Z"},
                   "categories": [{"category_id": other, "units_per_day": 5}]}),
            "supplier_not_in_category",
            "categories[0].category_id",
        ),
    ] {
        let refused = app.put(&path, body).await;
        assert_eq!(refused.problem(422, code)["field"], field);
    }
    let many: Vec<Value> = (0..501)
        .map(|_| json!({"category_id": category, "units_per_day": 5}))
        .collect();
    let body = json!({"calendar": {"work_days": ["mon"], "utc_offset": "Z"}, "categories": many});
    let refused = app.put(&path, body).await;
    assert_eq!(refused.problem(422, "too_many")["field"], "categories");
    // nothing of a refused change was kept
    assert_eq!(app.get(&path).await.ok(200), &full);

    // a supplier reads and sets its own, and sees nothing of another's
    let (_, token) = app.token("hat maker", "supplier", Some(&sup[0])).await;
    let auth = Auth::Bearer(token);
    let own = app.send_as(&auth, Method::GET, &path, None).await;
    assert_eq!(own.ok(200), &full);
    let theirs = format!("/api/v1/suppliers/{}/capacity", sup[1]);
    let hidden = app.send_as(&auth, Method::GET, &theirs, None).await;
    hidden.problem(404, "not_found");
    let changed = json!({"calendar": {"work_days": ["mon", "tue"], "utc_offset": "+08:00"}});
    let mine = app.send_as(&auth, Method::PUT, &path, Some(&changed)).await;
    assert_eq!(mine.ok(200)["calendar"]["work_days"], json!(["mon", "tue"]));
    assert_eq!(
        mine.ok(200)["categories"][0]["units_per_day"],
        40,
        "a category left out keeps its capacity"
    );
}

/// The supplier's own page: its menu leads there, the form saves days,
/// holidays, clock and per-category figures, a refusal says why and keeps
/// what was typed, and another supplier's page is not found.
async fn a_supplier_keeps_its_calendar_in_the_web_app(app: TestApp) {
    let (category, sup) = app.category_with_suppliers("Cups", &["cup"], 2).await;
    app.user(
        "cups-maker@web.example",
        "supplier",
        Some(&sup[0]),
        "kiln-fired-42-pots",
    )
    .await;
    let (cookie, csrf) = sign_in(&app, "cups-maker@web.example", "kiln-fired-42-pots").await;
    let c = [(COOKIE.as_str(), cookie.as_str())];
    let (_, home) = page(&app, "/tasks", &c).await;
    assert!(
        home.contains(r#"href="/plan?view=day""#),
        "the menu links the plan"
    );
    let (_, plan) = page(&app, "/plan?view=day", &c).await;
    let own = format!(r#"href="/suppliers/{}/capacity""#, sup[0]);
    assert!(plan.contains(&own), "the plan links the calendar: {plan}");
    let res = crate::web::browser()
        .get(format!("{}/capacity", app.base))
        .header(COOKIE, cookie.as_str())
        .send()
        .await
        .unwrap();
    let path = format!("/suppliers/{}/capacity", sup[0]);
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], path.as_str());
    let (status, body) = page(&app, &path, &c).await;
    assert_eq!(status, 200);
    assert!(body.contains("Calendar and capacity"), "{body}");

    let form = vec![
        ("day_mon", "on"),
        ("day_tue", "on"),
        ("day_sat", "on"),
        ("holidays", "2027-02-06\n2027-02-07"),
        ("utc_offset", "+08:00"),
        ("category_0", category.as_str()),
        ("units_0", "120"),
        ("lead_0", "3"),
        ("cut_off_0", "16:00"),
    ];
    let saved = post_form(&app, &cookie, &csrf, &path, form.clone());
    let (to, body) = follow(&app, saved.await.unwrap(), &c).await;
    assert_eq!(to, path);
    assert!(body.contains("Calendar and capacity saved."), "{body}");
    let api = app.get(&format!("/api/v1{path}")).await.ok(200).clone();
    assert_eq!(api["calendar"]["work_days"], json!(["mon", "tue", "sat"]));
    assert_eq!(
        api["calendar"]["holidays"],
        json!(["2027-02-06", "2027-02-07"])
    );
    assert_eq!(api["categories"][0]["units_per_day"], 120);
    assert_eq!(api["categories"][0]["cut_off"], "16:00");

    // refused: says why, in the user's language, and keeps what was typed
    let mut bad = form.clone();
    bad.retain(|(k, _)| *k != "units_0");
    bad.push(("units_0", "lots"));
    let zh = format!("{cookie}; lang=zh-CN");
    let refused = post_form(&app, &zh, &csrf, &path, bad);
    let (_, body) = follow(
        &app,
        refused.await.unwrap(),
        &[(COOKIE.as_str(), zh.as_str())],
    )
    .await;
    assert!(body.contains(r#"class="flash refused""#), "{body}");
    assert!(body.contains(r#"value="lots""#), "kept: {body}");
    let api = app.get(&format!("/api/v1{path}")).await.ok(200).clone();
    assert_eq!(
        api["categories"][0]["units_per_day"], 120,
        "nothing changed"
    );

    let theirs = format!("/suppliers/{}/capacity", sup[1]);
    let (status, _) = page(&app, &theirs, &c).await;
    assert_eq!(status, 404);
}

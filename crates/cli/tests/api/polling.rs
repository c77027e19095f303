//! Polling Etsy and Amazon, against local fakes of their APIs (never the
//! real ones): the poller keeps to the rates, refreshes a refused token,
//! resumes a pass at the page where it stopped, and never duplicates.

use crate::helpers::TestApp;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

crate::on_both_backends!(
    etsy_is_polled_within_its_rate_and_resumes_where_it_stopped,
    amazon_is_polled_with_items_and_waits_when_throttled,
    amazon_is_polled_on_the_2026_orders_api,
    a_channel_and_its_polling_are_set_up_in_the_web_app,
    two_servers_never_poll_one_channel_at_once
);

/// What the fake platform holds and saw.
#[derive(Default)]
struct Fake {
    orders: Vec<Value>,
    items: HashMap<String, Value>,
    /// (when, path and query) of every list or items call.
    calls: Vec<(Instant, String)>,
    /// Answer 500 to the list call at this offset, once.
    fail_at: Option<usize>,
    /// Answer 429 (Retry-After: 1) to the first items call.
    throttle_items: bool,
    access_token: String,
    refresh_token: String,
    refreshes: usize,
    too_fast: usize,
}

type Shared = Arc<Mutex<Fake>>;

/// Orders per page the fakes answer (small, to make many pages).
const FAKE_PAGE: usize = 2;

async fn start(fake: Shared) -> String {
    let app = axum::Router::new()
        .route(
            "/v3/application/shops/{shop}/receipts",
            axum::routing::get(etsy_receipts),
        )
        .route("/orders/v0/orders", axum::routing::get(amazon_orders))
        .route(
            "/orders/2026-01-01/orders",
            axum::routing::get(amazon_search_2026),
        )
        .route(
            "/orders/v0/orders/{id}/orderItems",
            axum::routing::get(amazon_items),
        )
        .route("/token", axum::routing::post(token))
        .with_state(fake);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

/// Records a call; more than 10 in the last second counts as too fast.
fn record(f: &mut Fake, what: String) {
    let now = Instant::now();
    let recent = f
        .calls
        .iter()
        .filter(|(t, _)| now.duration_since(*t) < Duration::from_secs(1))
        .count();
    if recent >= 10 {
        f.too_fast += 1;
    }
    f.calls.push((now, what));
}

async fn etsy_receipts(
    State(fake): State<Shared>,
    Path(shop): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let mut f = fake.lock().unwrap();
    let bearer = format!("Bearer {}", f.access_token);
    if headers.get("x-api-key").is_none_or(|k| k != "etsy-key")
        || headers.get("authorization").is_none_or(|a| *a != *bearer)
    {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "invalid_token"})),
        )
            .into_response();
    }
    assert_eq!(shop, "5551234");
    let offset: usize = q["offset"].parse().unwrap();
    record(&mut f, format!("offset={offset}"));
    if f.fail_at == Some(offset) {
        f.fail_at = None;
        return (StatusCode::INTERNAL_SERVER_ERROR, "upstream trouble").into_response();
    }
    let since: i64 = q["min_last_modified"].parse().unwrap();
    assert_eq!(
        (q["sort_on"].as_str(), q["sort_order"].as_str()),
        ("updated", "asc")
    );
    let mut matching: Vec<&Value> = f
        .orders
        .iter()
        .filter(|r| r["update_timestamp"].as_i64().unwrap() >= since)
        .collect();
    matching.sort_by_key(|r| r["update_timestamp"].as_i64());
    let page: Vec<&Value> = matching
        .iter()
        .skip(offset)
        .take(FAKE_PAGE)
        .copied()
        .collect();
    Json(json!({"count": matching.len(), "results": page})).into_response()
}

async fn amazon_orders(
    State(fake): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let mut f = fake.lock().unwrap();
    if headers
        .get("x-amz-access-token")
        .is_none_or(|t| *t != *f.access_token)
    {
        return (
            StatusCode::FORBIDDEN,
            Json(json!({"errors": [{"code": "Unauthorized"}]})),
        )
            .into_response();
    }
    assert_eq!(q["MarketplaceIds"], "ATVPDKIKX0DER");
    let from = time::OffsetDateTime::parse(
        &q["LastUpdatedAfter"],
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let start: usize = q
        .get("NextToken")
        .map_or(0, |t| t.trim_start_matches("page-").parse().unwrap());
    record(&mut f, format!("orders from {start}"));
    let matching: Vec<&Value> = f
        .orders
        .iter()
        .filter(|o| {
            time::OffsetDateTime::parse(
                o["LastUpdateDate"].as_str().unwrap(),
                &time::format_description::well_known::Rfc3339,
            )
            .unwrap()
                > from
        })
        .collect();
    let page: Vec<&Value> = matching
        .iter()
        .skip(start)
        .take(FAKE_PAGE)
        .copied()
        .collect();
    let mut payload = json!({"Orders": page, "LastUpdatedBefore": "2030-01-01T00:00:00Z"});
    if start + FAKE_PAGE < matching.len() {
        payload["NextToken"] = json!(format!("page-{}", start + FAKE_PAGE));
    }
    Json(json!({ "payload": payload })).into_response()
}

/// Orders v2026-01-01 `searchOrders`: camelCase, items inline, the next
/// page as `pagination.nextToken` sent back as `paginationToken`.
async fn amazon_search_2026(
    State(fake): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let mut f = fake.lock().unwrap();
    if headers
        .get("x-amz-access-token")
        .is_none_or(|t| *t != *f.access_token)
    {
        return StatusCode::FORBIDDEN.into_response();
    }
    assert_eq!(q["marketplaceIds"], "A1VC38T7YXB528");
    assert_eq!(q["includedData"], "BUYER,RECIPIENT,FULFILLMENT,PROCEEDS");
    assert!(q.contains_key("lastUpdatedAfter"));
    let start: usize = q
        .get("paginationToken")
        .map_or(0, |t| t.trim_start_matches("p").parse().unwrap());
    record(&mut f, format!("search from {start}"));
    let page: Vec<Value> = f
        .orders
        .iter()
        .skip(start)
        .take(FAKE_PAGE)
        .cloned()
        .collect();
    let mut body = json!({"orders": page});
    if start + FAKE_PAGE < f.orders.len() {
        body["pagination"] = json!({"nextToken": format!("p{}", start + FAKE_PAGE)});
    }
    Json(body).into_response()
}

async fn amazon_items(State(fake): State<Shared>, Path(id): Path<String>) -> Response {
    let mut f = fake.lock().unwrap();
    record(&mut f, format!("items {id}"));
    if f.throttle_items {
        f.throttle_items = false;
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [("retry-after", "1")],
            Json(json!({"errors": [{"code": "QuotaExceeded"}]})),
        )
            .into_response();
    }
    Json(f.items[&id].clone()).into_response()
}

async fn token(
    State(fake): State<Shared>,
    axum::Form(form): axum::Form<HashMap<String, String>>,
) -> Response {
    let mut f = fake.lock().unwrap();
    if form.get("grant_type").map(String::as_str) != Some("refresh_token")
        || form.get("refresh_token") != Some(&f.refresh_token)
    {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "invalid_grant"})),
        )
            .into_response();
    }
    f.refreshes += 1;
    f.access_token = format!("access-{}", f.refreshes);
    f.refresh_token = format!("refresh-{}", f.refreshes);
    Json(json!({"access_token": f.access_token, "token_type": "Bearer", "expires_in": 3600, "refresh_token": f.refresh_token})).into_response()
}

use axum::Json;

/// A new channel of `kind`; its id.
async fn channel(app: &TestApp, kind: &str, name: &str) -> String {
    let c = app
        .post("/api/v1/channels", json!({ "kind": kind, "name": name }))
        .await;
    c.ok(201)["id"].as_str().unwrap().to_owned()
}

/// Polls the status until `done` holds (at most 30 s).
async fn wait_until(app: &TestApp, channel: &str, done: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..300 {
        let status = app
            .get(&format!("/api/v1/channels/{channel}/poll"))
            .await
            .ok(200)
            .clone();
        if done(&status) {
            return status;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the poll never got there")
}

async fn count_platform(app: &TestApp, platform: &str) -> usize {
    let page = app
        .get(&format!("/api/v1/orders?platform={platform}&limit=200"))
        .await
        .ok(200)
        .clone();
    page["items"].as_array().unwrap().len()
}

fn receipt(i: i64, updated: i64) -> Value {
    let mut r: Value = serde_json::from_str(include_str!(
        "../../../channels/tests/fixtures/etsy/receipt_paid.json"
    ))
    .unwrap();
    r["receipt_id"] = json!(4_000_000_000i64 + i);
    for k in ["update_timestamp", "updated_timestamp"] {
        r[k] = json!(updated);
    }
    r
}

async fn etsy_is_polled_within_its_rate_and_resumes_where_it_stopped(app: TestApp) {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let fake: Shared = Arc::new(Mutex::new(Fake {
        orders: (0..30).map(|i| receipt(i, now - 3600 + i)).collect(),
        fail_at: Some(20),
        access_token: "access-0".into(),
        refresh_token: "refresh-0".into(),
        ..Default::default()
    }));
    let base = start(fake.clone()).await;
    let channel = channel(&app, "etsy", "Etsy shop").await;
    let settings = json!({
        "api_base": base, "token_url": format!("{base}/token"), "shop_id": "5551234", "api_key": "etsy-key",
        "client_id": "etsy-key", "access_token": "expired", "refresh_token": "refresh-0", "since_days": 1
    });
    let set = app
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/channels/{channel}/poll"),
            Some(&settings),
            &[],
        )
        .await;
    let status = set.ok(200).clone();
    assert!(
        !status.to_string().contains("refresh-0") && !status.to_string().contains("expired"),
        "no secret shown: {status}"
    );

    // the first pass refreshes the refused token, takes 10 pages, then the
    // platform fails: it stops there, the cursor saved at that page
    let status = wait_until(&app, &channel, |s| s["failures"] == 1).await;
    assert_eq!(status["cursor"]["page"], "20", "{status}");
    let last_error = status["last_error"].as_str().unwrap();
    assert!(last_error.contains("500"), "{status}");
    // the status only: what the platform answered is never echoed
    assert!(!last_error.contains("upstream trouble"), "{status}");
    assert_eq!(count_platform(&app, "etsy").await, 20);
    assert_eq!(fake.lock().unwrap().refreshes, 1);

    // run again: it resumes at offset 20 (not 0) and finishes
    let calls_before = fake.lock().unwrap().calls.len();
    app.post(&format!("/api/v1/channels/{channel}/poll/run"), json!({}))
        .await
        .ok(200);
    let status = wait_until(&app, &channel, |s| {
        s["failures"] == 0 && s["cursor"]["page"].is_null() && s["last_run_at"].is_number()
    })
    .await;
    assert_eq!(count_platform(&app, "etsy").await, 30);
    {
        let f = fake.lock().unwrap();
        assert_eq!(
            f.calls[calls_before].1, "offset=20",
            "resumed where it stopped"
        );
        assert_eq!(f.too_fast, 0, "never more than 10 calls a second");
        assert_eq!(f.calls.len(), 11 + 5, "11 calls, then 5 from offset 20");
    }
    assert_eq!(
        status["cursor"]["query_from"].as_i64().unwrap(),
        (now - 3600 + 29) * 1000,
        "the watermark moved to the newest change"
    );
    assert_eq!(status["orders_seen"], 30);

    // a cancellation upstream arrives with the next pass; nothing is duplicated
    {
        let mut f = fake.lock().unwrap();
        let mut cancelled = receipt(3, now);
        cancelled["status"] = json!("Canceled");
        f.orders[3] = cancelled;
    }
    app.post(&format!("/api/v1/channels/{channel}/poll/run"), json!({}))
        .await
        .ok(200);
    wait_until(&app, &channel, |s| s["orders_seen"] == 32).await;
    assert_eq!(count_platform(&app, "etsy").await, 30);
    let cancelled = app
        .get("/api/v1/orders?platform=etsy&status=cancelled")
        .await
        .ok(200)
        .clone();
    assert_eq!(
        cancelled["items"][0]["external_number"], "4000000003",
        "{cancelled}"
    );
}

/// Amazon on Orders v2026-01-01, chosen on the channel: one search call a
/// page, no items calls (they come inline).
async fn amazon_is_polled_on_the_2026_orders_api(app: TestApp) {
    let order: Value = serde_json::from_str(include_str!(
        "../../../channels/tests/fixtures/amazon/order_2026.json"
    ))
    .unwrap();
    let mut fake = Fake {
        access_token: "Atza|new".into(),
        ..Default::default()
    };
    for i in 0..5 {
        let mut o = order.clone();
        o["orderId"] = json!(format!("702-0000000-000000{i}"));
        fake.orders.push(o);
    }
    let fake: Shared = Arc::new(Mutex::new(fake));
    let base = start(fake.clone()).await;
    let channel = channel(&app, "amazon", "Amazon JP").await;
    let settings = json!({"api_base": base, "marketplace_ids": ["A1VC38T7YXB528"],
                          "access_token": "Atza|new", "orders_api": "2026-01-01"});
    let set = app
        .put(&format!("/api/v1/channels/{channel}/poll"), settings)
        .await;
    assert_eq!(set.ok(200)["settings"]["orders_api"], "2026-01-01");
    let status = wait_until(&app, &channel, |s| {
        s["orders_seen"] == 5 && s["cursor"]["page"].is_null()
    })
    .await;
    assert_eq!(status["failures"], 0, "{status}");
    assert_eq!(count_platform(&app, "amazon").await, 5);
    let f = fake.lock().unwrap();
    let calls: Vec<&String> = f.calls.iter().map(|(_, c)| c).collect();
    assert_eq!(calls.len(), 3, "3 pages of 2, no items calls: {calls:?}");
    assert!(calls.iter().all(|c| c.starts_with("search")), "{calls:?}");
}

async fn amazon_is_polled_with_items_and_waits_when_throttled(app: TestApp) {
    let order: Value = serde_json::from_str(include_str!(
        "../../../channels/tests/fixtures/amazon/order.json"
    ))
    .unwrap();
    let items: Value = serde_json::from_str(include_str!(
        "../../../channels/tests/fixtures/amazon/order_items.json"
    ))
    .unwrap();
    let recent = (time::OffsetDateTime::now_utc() - time::Duration::hours(1))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let mut fake = Fake {
        throttle_items: true,
        access_token: "Atza|live".into(),
        ..Default::default()
    };
    for i in 0..5 {
        let id = format!("114-0000000-000000{i}");
        let mut o = order["payload"].clone();
        o["AmazonOrderId"] = json!(id);
        o["LastUpdateDate"] = json!(recent);
        let mut it = items.clone();
        it["payload"]["AmazonOrderId"] = json!(id);
        fake.orders.push(o);
        fake.items.insert(id, it);
    }
    let fake: Shared = Arc::new(Mutex::new(fake));
    let base = start(fake.clone()).await;
    let channel = channel(&app, "amazon", "Amazon US").await;
    let settings = json!({"api_base": base, "marketplace_ids": ["ATVPDKIKX0DER"], "access_token": "Atza|live"});
    app.send(
        reqwest::Method::PUT,
        &format!("/api/v1/channels/{channel}/poll"),
        Some(&settings),
        &[],
    )
    .await
    .ok(200);
    let status = wait_until(&app, &channel, |s| {
        s["orders_seen"] == 5 && s["cursor"]["page"].is_null()
    })
    .await;
    assert_eq!(status["failures"], 0, "{status}");
    assert_eq!(count_platform(&app, "amazon").await, 5);
    {
        let f = fake.lock().unwrap();
        let items_calls: Vec<&(Instant, String)> = f
            .calls
            .iter()
            .filter(|(_, c)| c.starts_with("items"))
            .collect();
        assert_eq!(
            items_calls.len(),
            6,
            "5 orders' items and one throttled retry"
        );
        let gap = items_calls[1].0.duration_since(items_calls[0].0);
        assert!(
            gap >= Duration::from_millis(950),
            "waited for Retry-After: {gap:?}"
        );
        assert_eq!(
            f.calls
                .iter()
                .filter(|(_, c)| c.starts_with("orders"))
                .count(),
            3,
            "3 pages of 2"
        );
    }
    // each order has its lines, with the platform SKU
    let orders = app
        .get("/api/v1/orders?platform=amazon")
        .await
        .ok(200)
        .clone();
    let lines = orders["items"][0]["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2);
    assert!(
        lines
            .iter()
            .any(|l| l["platform_sku"] == "CUST-BOARD-WAL-L")
    );
}

async fn a_channel_and_its_polling_are_set_up_in_the_web_app(app: TestApp) {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let fake: Shared = Arc::new(Mutex::new(Fake {
        orders: (0..3).map(|i| receipt(i, now - 60 + i)).collect(),
        access_token: "web-token".into(),
        ..Default::default()
    }));
    let base = start(fake.clone()).await;
    let channel = channel(&app, "etsy", "Etsy web").await;
    let (cookie, csrf) = crate::web::sign_in_operator(&app).await;
    let post = |path: String, fields: Vec<(&'static str, String)>| {
        let (app, cookie, csrf) = (&app, cookie.clone(), csrf.clone());
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let res = crate::web::post_form(app, &cookie, &csrf, &path, fields)
                .await
                .unwrap();
            let status = res.status().as_u16();
            let location = res
                .headers()
                .get("location")
                .map(|l| l.to_str().unwrap().to_owned());
            (status, location, res.text().await.unwrap())
        }
    };
    // the channel: renamed, released at once, a category map; a bad map line refused
    let edit = format!("/channels/{channel}");
    let (status, _, page) = post(
        edit.clone(),
        vec![
            ("name", "Etsy EU".into()),
            ("category_map", "no equals sign".into()),
        ],
    )
    .await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("SKU or title = category"), "{page}");
    let fields = vec![
        ("name", "Etsy EU".into()),
        ("release", "on".into()),
        ("category_map", "Walnut board = Gifts".into()),
    ];
    let (status, location, _) = post(edit, fields).await;
    assert_eq!((status, location.as_deref()), (303, Some("/channels")));
    let stored = app
        .get(&format!("/api/v1/channels/{channel}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(
        (stored["name"].as_str(), stored["default_status"].as_str()),
        (Some("Etsy EU"), Some("purchasing"))
    );
    assert_eq!(stored["category_map"]["Walnut board"], "Gifts");

    // polling: refused without a shop id, then set; the pass runs; secrets never shown
    let poll = format!("/channels/{channel}/poll");
    let (status, _, page) = post(
        poll.clone(),
        vec![
            ("api_key", "etsy-key".into()),
            ("access_token", "web-token".into()),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("This field is required."), "{page}");
    let fields = vec![
        ("api_base", base.clone()),
        ("shop_id", "5551234".into()),
        ("api_key", "etsy-key".into()),
        ("access_token", "web-token".into()),
        ("interval_seconds", "600".into()),
        ("active", "on".into()),
    ];
    let (status, location, _) = post(poll, fields).await;
    assert_eq!(
        (status, location),
        (303, Some(format!("/channels/{channel}/edit")))
    );
    wait_until(&app, &channel, |s| s["orders_seen"] == 3).await;
    let (status, _, page) = post(format!("/channels/{channel}/poll/run"), vec![]).await;
    assert_eq!(status, 303, "{page}");
    let page = crate::web::browser()
        .get(format!("{}/channels/{channel}/edit", app.base))
        .header("cookie", cookie.clone())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("5551234") && !page.contains("web-token") && !page.contains("etsy-key"),
        "{page}"
    );
    let list = crate::web::browser()
        .get(format!("{}/channels", app.base))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        list.contains("every 600 s") && list.contains("orders seen"),
        "{list}"
    );
}

async fn two_servers_never_poll_one_channel_at_once(app: TestApp) {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let fake: Shared = Arc::new(Mutex::new(Fake {
        orders: (0..30).map(|i| receipt(i, now - 600 + i)).collect(),
        access_token: "shared".into(),
        ..Default::default()
    }));
    let base = start(fake.clone()).await;
    // a second server on the same database: its own poller
    let _second = app.another_server(|s| s).await;
    let channel = channel(&app, "etsy", "Shared shop").await;
    let settings = json!({"api_base": base, "shop_id": "5551234", "api_key": "etsy-key", "access_token": "shared"});
    app.send(
        reqwest::Method::PUT,
        &format!("/api/v1/channels/{channel}/poll"),
        Some(&settings),
        &[],
    )
    .await
    .ok(200);
    wait_until(&app, &channel, |s| {
        s["orders_seen"] == 30 && s["cursor"]["page"].is_null()
    })
    .await;
    // both tick every second; give the other one time to try
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let f = fake.lock().unwrap();
    let offsets: Vec<&str> = f.calls.iter().map(|(_, c)| c.as_str()).collect();
    assert_eq!(
        offsets.len(),
        15,
        "one pass of 15 pages, not two: {offsets:?}"
    );
    assert_eq!(f.too_fast, 0);
}

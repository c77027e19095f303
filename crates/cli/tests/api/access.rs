//! The authorization matrix: every endpoint × every kind of caller, on
//! both backends. Each cell states the status; every answer is checked for
//! data of another party. An endpoint in the OpenAPI document that is not
//! in the matrix fails the test. B2B endpoints have their own matrix, with
//! purchasers of two organisations (`access_b2b`).

use crate::helpers::{Auth, TOKEN, TestApp, line, order_body};
use crate::on_both_backends;
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::BTreeSet;

on_both_backends!(every_endpoint_for_every_caller);

/// The callers, in the order of the status columns below.
/// The last, supplier A signed in with a session rather than a token, has
/// no column of its own: it answers like `supplier_a` except where
/// [`session_status`] says otherwise.
const WHO: [&str; 9] = [
    "anonymous",
    "admin",
    "operator",
    "supplier_a",
    "supplier_b",
    "purchaser",
    "revoked_token",
    "expired_session",
    "supplier_a_session",
];

/// Where supplier A with a session differs from supplier A with a token.
fn session_status(method: &Method, template: &str, token_status: u16) -> u16 {
    match (method.as_str(), template) {
        ("POST", "/tokens") => 201,
        ("POST", "/auth/password") => 422,
        // the inbox is a signed-in person's
        ("GET", "/notifications?unread=true")
        | ("POST", "/notifications/read-all")
        | ("GET" | "PUT", "/notifications/settings") => 200,
        ("POST", "/notifications/{unknown_notice}/read") => 404,
        _ => token_status,
    }
}

/// What the fixture made; ids are put into paths and bodies.
struct Fixture {
    ids: std::collections::HashMap<&'static str, String>,
    /// Strings only staff may see: supplier B's task, order, SKU; prices.
    secret_of_b: Vec<String>,
    secret_of_a: Vec<String>,
    prices: Vec<String>,
}

async fn fixture(app: &TestApp) -> (Fixture, Vec<Auth>) {
    let (cat, sup) = app.category_with_suppliers("Cups", &["mug"], 2).await;
    let price = |n: &str| json!([{ "title": "Mug", "quantity": 2, "unit_price": n }]);
    let mut order_a = order_body("M-A", "purchasing", price("987.65"));
    order_a["total_amount"] = json!("1975.30");
    let oa = app.post("/api/v1/orders", order_a).await.ok(201).clone();
    let mut order_b = order_body("M-B", "purchasing", price("876.54"));
    order_b["customer"] =
        json!({"name": "Zed Quinn", "email": "zed@example.org", "phone": "+354 555 0101"});
    order_b["shipping_address"] =
        json!({"country": "IS", "city": "Reykjavik", "line1": "Laugavegur 7"});
    let ob = app.post("/api/v1/orders", order_b).await.ok(201).clone();
    assert_eq!(oa["tasks"][0]["supplier_id"], sup[0].as_str());
    assert_eq!(ob["tasks"][0]["supplier_id"], sup[1].as_str());
    app.user("ops@test.example", "operator", None, "operator-secret-pw")
        .await;
    app.user(
        "buyer@test.example",
        "purchaser",
        None,
        "purchaser-secret-pw",
    )
    .await;
    let target = app
        .user(
            "target@test.example",
            "operator",
            None,
            "tgt-secret-password",
        )
        .await;
    let (_, a) = app.token("supplier A", "supplier", Some(&sup[0])).await;
    let (_, b) = app.token("supplier B", "supplier", Some(&sup[1])).await;
    let (revoked_id, revoked) = app.token("gone", "operator", None).await;
    app.send(
        Method::DELETE,
        &format!("/api/v1/tokens/{revoked_id}"),
        None,
        &[],
    )
    .await
    .ok(200);
    let (a_token_id, _) = app.token("A's spare", "supplier", Some(&sup[0])).await;
    app.user(
        "maker-a@test.example",
        "supplier",
        Some(&sup[0]),
        "kiln-fired-42-pots",
    )
    .await;
    let supplier_session = app
        .login("maker-a@test.example", "kiln-fired-42-pots")
        .await;
    let operator = app.login("ops@test.example", "operator-secret-pw").await;
    let purchaser = app.login("buyer@test.example", "purchaser-secret-pw").await;
    let expired = app
        .login("target@test.example", "tgt-secret-password")
        .await;
    app.sql("UPDATE sessions SET last_seen_at = 0 WHERE user_id IN (SELECT id FROM users WHERE email_key = 'target@test.example')").await;
    let channel = app
        .post(
            "/api/v1/channels",
            json!({"kind": "shopify", "name": "Matrix shop", "secret": "shpss_matrix"}),
        )
        .await
        .ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let webhook = app
        .post(
            "/api/v1/webhooks",
            json!({"url": "http://127.0.0.1:9/hook", "events": ["order.created"]}),
        )
        .await
        .ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let product = app
        .post(
            "/api/v1/products",
            json!({"supplier_id": sup[0], "code": "P-A-SECRET", "title": "Cup of A", "category": "Cups", "supplier_price": "3.33"}),
        )
        .await
        .ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let jpeg = crate::products::jpeg(600, 600, false);
    let with_image = app
        .client
        .put(format!(
            "{}/api/v1/products/{product}/images/main",
            app.base
        ))
        .bearer_auth(TOKEN)
        .body(jpeg)
        .send()
        .await
        .unwrap();
    let with_image = crate::helpers::read(with_image).await;
    let image = with_image.ok(200)["main_image"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut stock_location = String::new();
    for code in ["FX", "FX2"] {
        let loc = app
            .post(
                "/api/v1/stock/locations",
                json!({"code": code, "name": code}),
            )
            .await;
        stock_location = loc.ok(201)["id"].as_str().unwrap().to_owned();
    }
    let stock_item = app
        .post(
            "/api/v1/stock/receipts",
            json!({"sku": "FX-1", "location": "FX", "quantity": 1000}),
        )
        .await
        .ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let robot = json!({"kind": "feishu", "name": "Staff group", "url": "http://127.0.0.1:9/hook", "secret": "s"});
    let robot = app
        .post("/api/v1/notifications/robots", robot)
        .await
        .ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let rule = json!({"name": "Fixture rule", "trigger": "order_received", "active": false, "actions": [{"do": "webhook"}]});
    let rule = app.post("/api/v1/rules", rule).await.ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let task_b = &ob["tasks"][0];
    let fixture = Fixture {
        ids: [
            ("channel", channel),
            ("product", product),
            ("image", image),
            ("unknown_image", format!("{}.jpg", "0".repeat(64))),
            ("unknown_webhook", "wh_unknown".to_owned()),
            ("webhook", webhook),
            ("message", "msg_unknown".to_owned()),
            ("format", "xlsx".to_owned()),
            ("cat", cat),
            ("sup_a", sup[0].clone()),
            ("order_a", oa["id"].as_str().unwrap().to_owned()),
            ("task_a", oa["tasks"][0]["id"].as_str().unwrap().to_owned()),
            ("line_a", oa["lines"][0]["id"].as_str().unwrap().to_owned()),
            ("user", target["id"].as_str().unwrap().to_owned()),
            ("token_a", a_token_id),
            ("unknown_rule", "rule_unknown".to_owned()),
            ("stock_item", stock_item),
            ("stock_location", stock_location),
            ("unknown_reservation", "res_unknown".to_owned()),
            ("robot", robot),
            ("unknown_robot", "robot_unknown".to_owned()),
            ("unknown_notice", "ntf_unknown".to_owned()),
            ("job", "digest".to_owned()),
            ("rule", rule),
            ("unknown_rule_id", "rule_nope".to_owned()),
        ]
        .into_iter()
        .collect(),
        secret_of_b: vec![
            task_b["id"].as_str().unwrap().to_owned(),
            task_b["sku"].as_str().unwrap().to_owned(),
            ob["id"].as_str().unwrap().to_owned(),
            sup[1].clone(),
            "M-B".into(),
            "Zed Quinn".into(),
            "zed@example.org".into(),
            "Reykjavik".into(),
            "Laugavegur".into(),
            "supplier B".into(),
        ],
        secret_of_a: vec![
            oa["tasks"][0]["id"].as_str().unwrap().to_owned(),
            oa["tasks"][0]["sku"].as_str().unwrap().to_owned(),
            oa["id"].as_str().unwrap().to_owned(),
            "M-A".into(),
            "P-A-SECRET".into(),
            "London".into(),
            "ada@example.com".into(),
            "A's spare".into(),
        ],
        prices: vec!["987.65".into(), "1975.30".into(), "876.54".into()],
    };
    let callers = vec![
        Auth::Anonymous,
        Auth::Bearer(TOKEN.into()),
        operator,
        Auth::Bearer(a),
        Auth::Bearer(b),
        purchaser,
        Auth::Bearer(revoked),
        expired,
        supplier_session,
    ];
    (fixture, callers)
}

/// One row: method, path, body (given the caller's name), and the status
/// for each caller in `WHO` order. Logout comes last: it ends sessions.
pub(crate) type Row = (Method, &'static str, fn(&str) -> Option<Value>, [u16; 8]);

pub(crate) fn none(_: &str) -> Option<Value> {
    None
}

fn rows() -> Vec<Row> {
    use Method as M;
    //                                                  anon adm  op   A    B    purch rev  exp
    vec![
        (
            M::GET,
            "/categories",
            none,
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/categories",
            |w| Some(json!({"name": format!("Cat {w}")})),
            [401, 201, 201, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/categories/{cat}",
            none,
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::PATCH,
            "/categories/{cat}",
            |_| Some(json!({"keywords": ["mug"]})),
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/categories/{cat}/sku-preview",
            |_| Some(json!({})),
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/suppliers",
            none,
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/suppliers",
            |w| Some(json!({"name": format!("Sup {w}")})),
            [401, 201, 201, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/suppliers/{sup_a}",
            none,
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::PATCH,
            "/suppliers/{sup_a}",
            |_| Some(json!({"contact": "Mr Li"})),
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/suppliers/{sup_a}/capacity",
            none,
            [401, 200, 200, 200, 404, 403, 401, 401],
        ),
        (
            M::GET,
            "/plan?view=quarter",
            none,
            [401, 200, 200, 200, 200, 403, 401, 401],
        ),
        (
            M::GET,
            "/plan/tasks?view=day&supplier={sup_a}",
            none,
            [401, 200, 200, 200, 404, 403, 401, 401],
        ),
        (
            M::PUT,
            "/tasks/{task_a}/plan",
            |_| Some(json!({"start": "2027-03-01"})),
            [401, 200, 200, 200, 404, 403, 401, 401],
        ),
        (
            M::PUT,
            "/suppliers/{sup_a}/capacity",
            |_| Some(json!({"calendar": {"work_days": ["mon", "sat"], "utc_offset": "+08:00"}})),
            [401, 200, 200, 200, 404, 403, 401, 401],
        ),
        (
            M::GET,
            "/stock/locations",
            none,
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/stock/locations",
            |w| Some(json!({"code": format!("L-{w}"), "name": "Shelf"})),
            [401, 201, 201, 403, 403, 403, 401, 401],
        ),
        (
            M::PATCH,
            "/stock/locations/{stock_location}",
            |_| Some(json!({"name": "Fixture shelf"})),
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/stock?low=false",
            none,
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/stock/items/{stock_item}",
            none,
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::PUT,
            "/stock/items/{stock_item}/threshold",
            |_| Some(json!({"low_at": 3})),
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/stock/movements?kind=receipt",
            none,
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/stock/receipts",
            |_| Some(json!({"sku": "FX-1", "location": "FX", "quantity": 1})),
            [401, 201, 201, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/stock/issues",
            |_| Some(json!({"sku": "FX-1", "location": "FX", "quantity": 1, "reason": "sample"})),
            [401, 201, 201, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/stock/transfers",
            |_| Some(json!({"sku": "FX-1", "from": "FX", "to": "FX2", "quantity": 1})),
            [401, 201, 201, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/stock/stocktakes",
            |_| {
                Some(
                    json!({"location": "FX2", "counts": [{"sku": "FX-1", "counted": 5}], "reason": "count"}),
                )
            },
            [401, 201, 201, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/stock/reservations?all=true",
            none,
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/stock/reservations",
            |_| Some(json!({"sku": "FX-1", "quantity": 1})),
            [401, 201, 201, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/notifications?unread=true",
            none,
            [401, 403, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/notifications/read-all",
            |_| Some(json!({})),
            [401, 403, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/notifications/{unknown_notice}/read",
            |_| Some(json!({})),
            [401, 403, 404, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/notifications/settings",
            none,
            [401, 403, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::PUT,
            "/notifications/settings",
            |_| Some(json!({"email_topics": ["digest"], "quiet_hours": "22:00-07:00"})),
            [401, 403, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/notifications/robots",
            none,
            [401, 200, 200, 200, 200, 403, 401, 401],
        ),
        (
            M::POST,
            "/notifications/robots",
            |w| {
                Some(
                    json!({"kind": "wecom", "name": format!("{w} group"), "url": "http://127.0.0.1:9/wecom?key=k"}),
                )
            },
            [401, 201, 201, 201, 201, 403, 401, 401],
        ),
        (
            M::GET,
            "/notifications/robots/{robot}",
            none,
            [401, 200, 200, 404, 404, 403, 401, 401],
        ),
        (
            M::PATCH,
            "/notifications/robots/{robot}",
            |_| Some(json!({"name": "Staff group"})),
            [401, 200, 200, 404, 404, 403, 401, 401],
        ),
        (
            M::POST,
            "/notifications/robots/{robot}/test",
            |_| Some(json!({})),
            [401, 200, 200, 404, 404, 403, 401, 401],
        ),
        (
            M::DELETE,
            "/notifications/robots/{unknown_robot}",
            none,
            [401, 404, 404, 404, 404, 403, 401, 401],
        ),
        (
            M::PUT,
            "/categories/{cat}/script",
            |_| Some(json!({"sku_script": null})),
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::PUT,
            "/categories/{cat}/route-script",
            |_| Some(json!({"route_script": null})),
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/categories/{cat}/route-script/test",
            |_| Some(json!({"script": "\"\""})),
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/categories/{cat}/script/test",
            |_| Some(json!({"script": "\"A-\" + random_digits(2)"})),
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/rules",
            none,
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/rules",
            |w| {
                Some(
                    json!({"name": format!("{w} rule"), "trigger": "order_received", "active": false, "actions": [{"do": "webhook"}]}),
                )
            },
            [401, 201, 201, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/rules/{rule}",
            none,
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::PUT,
            "/rules/{rule}",
            |_| {
                Some(
                    json!({"name": "Fixture rule", "trigger": "order_received", "active": false, "actions": [{"do": "webhook"}]}),
                )
            },
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/rules/{rule}/versions",
            none,
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::DELETE,
            "/rules/{unknown_rule_id}",
            none,
            [401, 404, 404, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/classifier",
            none,
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::PUT,
            "/classifier",
            |_| Some(json!({"auto_accept": null})),
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/classifier/check",
            |_| Some(json!({"title": "Blue tumbler"})),
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/classifier/examples",
            |_| Some(json!({"examples": [{"title": "Fixture tumbler", "category": "Cups"}]})),
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/orders/{order_a}/suggestions",
            none,
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::PUT,
            "/orders/{order_a}/lines/{line_a}/category",
            |_| Some(json!({"category": "Cups"})),
            [401, 409, 409, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/jobs",
            none,
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/jobs/deliveries",
            none,
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/jobs/{job}/run",
            |_| Some(json!({})),
            [401, 202, 403, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/stock/reservations/{unknown_reservation}/release",
            |_| Some(json!({})),
            [401, 404, 404, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/stock/reservations/{unknown_reservation}/ship",
            |_| Some(json!({})),
            [401, 404, 404, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/orders",
            none,
            [401, 200, 200, 200, 200, 403, 401, 401],
        ),
        (
            M::POST,
            "/orders",
            |w| {
                Some(order_body(
                    &format!("N-{w}"),
                    "pending",
                    json!([line("Mug")]),
                ))
            },
            [401, 201, 201, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/orders/{order_a}",
            none,
            [401, 200, 200, 200, 404, 403, 401, 401],
        ),
        (
            M::PATCH,
            "/orders/{order_a}",
            |_| Some(json!({"version": 0, "note": "x"})),
            [401, 409, 409, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/orders/{order_a}/transitions",
            |_| Some(json!({"to": "purchasing"})),
            [401, 409, 409, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/orders/{order_a}/events",
            none,
            [401, 200, 200, 200, 404, 403, 401, 401],
        ),
        (
            M::POST,
            "/orders/{order_a}/payments",
            |_| Some(json!({"kind": "payment", "method": "bank_transfer", "amount": "0.01"})),
            [401, 201, 201, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/orders/{order_a}/payments",
            none,
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::DELETE,
            "/orders/{order_a}",
            none,
            [401, 409, 409, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/tasks/{task_a}/amendment",
            |_| Some(json!({"answer": "accept"})),
            [401, 409, 409, 409, 404, 403, 401, 401],
        ),
        (
            M::POST,
            "/tasks/{task_a}/amendments/{unknown_image}/keep",
            none,
            [401, 409, 409, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/orders/{order_a}/suppliers/{unknown_webhook}/confirm",
            none,
            [401, 404, 404, 404, 404, 403, 401, 401],
        ),
        (
            M::GET,
            "/tasks/{task_a}/proofs",
            none,
            [401, 200, 200, 200, 404, 403, 401, 401],
        ),
        (
            M::POST,
            "/tasks/{task_a}/proofs",
            none,
            [401, 415, 415, 415, 404, 403, 401, 401],
        ),
        (
            M::GET,
            "/tasks/{task_a}/proofs/files/{unknown_image}",
            none,
            [401, 404, 404, 404, 404, 403, 401, 401],
        ),
        (
            M::POST,
            "/tasks/{task_a}/proof/answer",
            |_| Some(json!({"decision": "approve"})),
            [401, 409, 409, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/tasks/{task_a}/proof/buyer-link",
            |_| Some(json!({})),
            [401, 409, 409, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/orders/{order_a}/review",
            none,
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/orders/{order_a}/approval",
            |_| Some(json!({"decision": "approve"})),
            [401, 409, 409, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/approval-rules",
            none,
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/approval-rules",
            |w| Some(json!({"name": format!("Rule of {w}"), "platform": "nowhere"})),
            [401, 201, 403, 403, 403, 403, 401, 401],
        ),
        (
            M::PUT,
            "/approval-rules/{unknown_rule}",
            |_| Some(json!({"name": "Renamed", "platform": "nowhere"})),
            [401, 404, 403, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/tasks",
            none,
            [401, 200, 200, 200, 200, 403, 401, 401],
        ),
        (
            M::GET,
            "/tasks/export/{format}",
            none,
            [401, 200, 200, 200, 200, 403, 401, 401],
        ),
        (
            M::GET,
            "/orders/export/{format}",
            none,
            [401, 200, 200, 200, 200, 403, 401, 401],
        ),
        (
            M::GET,
            "/tasks/{task_a}",
            none,
            [401, 200, 200, 200, 404, 403, 401, 401],
        ),
        (
            M::PATCH,
            "/tasks/{task_a}",
            |w| Some(json!({"note": format!("note by {w}")})),
            [401, 200, 200, 200, 404, 403, 401, 401],
        ),
        (
            M::POST,
            "/tasks/{task_a}/transitions",
            |_| Some(json!({"to": "shipped"})),
            [401, 409, 409, 409, 404, 403, 401, 401],
        ),
        (
            M::POST,
            "/tasks/{task_a}/reassign",
            |_| Some(json!({"supplier_id": "nobody"})),
            [401, 422, 422, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/channels",
            none,
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/channels",
            |w| Some(json!({"kind": "etsy", "name": format!("Etsy shop of {w}")})),
            [401, 201, 201, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/channels/{channel}",
            none,
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::PATCH,
            "/channels/{channel}",
            |_| Some(json!({"default_status": "pending"})),
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/channels/{channel}/webhook",
            |_| Some(json!({"id": 1})),
            [401, 401, 401, 401, 401, 401, 401, 401],
        ),
        (
            M::POST,
            "/channels/{channel}/import",
            |_| Some(json!({"id": 1})),
            [401, 422, 422, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/channels/{channel}/poll",
            none,
            [401, 404, 404, 403, 403, 403, 401, 401],
        ),
        (
            M::PUT,
            "/channels/{channel}/poll",
            |_| Some(json!({})),
            [401, 422, 422, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/channels/{channel}/poll/run",
            none,
            [401, 404, 404, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/channels/{channel}/fulfilment",
            none,
            [401, 404, 404, 403, 403, 403, 401, 401],
        ),
        (
            M::PUT,
            "/channels/{channel}/fulfilment",
            |_| Some(json!({})),
            [401, 422, 422, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/orders/{order_a}/fulfilments",
            none,
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/imports/shipments",
            |_| Some(json!("task,carrier,tracking\n")),
            [401, 422, 422, 422, 422, 403, 401, 401],
        ),
        (
            M::POST,
            "/orders/{order_a}/cases",
            |_| Some(json!({"line_no": 1, "kind": "refund", "reason": "broken"})),
            [401, 409, 409, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/orders/{order_a}/cases",
            none,
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/cases",
            none,
            [401, 200, 200, 200, 200, 403, 401, 401],
        ),
        (
            M::GET,
            "/cases/{unknown_rule}",
            none,
            [401, 404, 404, 404, 404, 403, 401, 401],
        ),
        (
            M::POST,
            "/cases/{unknown_rule}/steps",
            |_| Some(json!({"step": "accept"})),
            [401, 404, 404, 404, 404, 403, 401, 401],
        ),
        (
            M::POST,
            "/cases/{unknown_rule}/files",
            none,
            [401, 404, 404, 404, 404, 403, 401, 401],
        ),
        (
            M::GET,
            "/cases/{unknown_rule}/files/{unknown_image}",
            none,
            [401, 404, 404, 404, 404, 403, 401, 401],
        ),
        (
            M::POST,
            "/documents/sheets",
            |_| Some(json!({"sheet": "pick_list", "task_ids": ["no-such-task"]})),
            [401, 404, 404, 404, 404, 403, 401, 401],
        ),
        (
            M::GET,
            "/tasks/{task_a}/tracking",
            none,
            [401, 200, 200, 200, 404, 403, 401, 401],
        ),
        (
            M::POST,
            "/fulfilments/{unknown_webhook}/retry",
            none,
            [401, 404, 404, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/imports/orders",
            none,
            [401, 422, 422, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/imports/suppliers",
            none,
            [401, 422, 422, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/webhooks",
            none,
            [401, 200, 200, 200, 200, 403, 401, 401],
        ),
        (
            M::POST,
            "/webhooks",
            |_| Some(json!({"url": "http://127.0.0.1:9/hook", "events": ["task.assigned"]})),
            [401, 201, 201, 201, 201, 403, 401, 401],
        ),
        (
            M::GET,
            "/webhooks/{webhook}",
            none,
            [401, 200, 200, 404, 404, 403, 401, 401],
        ),
        (
            M::PATCH,
            "/webhooks/{webhook}",
            |_| Some(json!({"active": true})),
            [401, 200, 200, 404, 404, 403, 401, 401],
        ),
        (
            M::POST,
            "/webhooks/{webhook}/secret",
            none,
            [401, 200, 200, 404, 404, 403, 401, 401],
        ),
        (
            M::DELETE,
            "/webhooks/{unknown_webhook}",
            none,
            [401, 404, 404, 404, 404, 403, 401, 401],
        ),
        (
            M::GET,
            "/webhooks/{webhook}/messages",
            none,
            [401, 200, 200, 404, 404, 403, 401, 401],
        ),
        (
            M::POST,
            "/webhooks/{webhook}/messages/{message}/redeliver",
            none,
            [401, 404, 404, 404, 404, 403, 401, 401],
        ),
        (
            M::GET,
            "/products",
            none,
            [401, 200, 200, 200, 200, 403, 401, 401],
        ),
        (
            M::POST,
            "/products",
            |w| {
                Some(
                    json!({"code": format!("P-{w}"), "title": "Cup", "category": "Cups", "supplier_price": "1"}),
                )
            },
            [401, 422, 422, 201, 201, 403, 401, 401],
        ),
        (
            M::GET,
            "/products/{product}",
            none,
            [401, 200, 200, 200, 404, 403, 401, 401],
        ),
        (
            M::PATCH,
            "/products/{product}",
            |_| Some(json!({"title": "Cup of A"})),
            [401, 200, 200, 200, 404, 403, 401, 401],
        ),
        (
            M::GET,
            "/products/{product}/materials",
            none,
            [401, 200, 200, 200, 404, 403, 401, 401],
        ),
        (
            M::PUT,
            "/products/{product}/materials",
            |_| Some(json!({"materials": [{"sku": "CLAY-1", "per_unit": "0.4"}]})),
            [401, 200, 200, 200, 404, 403, 401, 401],
        ),
        (
            M::PUT,
            "/products/{product}/images/main",
            none,
            [401, 422, 422, 422, 404, 403, 401, 401],
        ),
        (
            M::POST,
            "/products/{product}/images",
            none,
            [401, 422, 422, 422, 404, 403, 401, 401],
        ),
        (
            M::GET,
            "/products/{product}/images/{image}",
            none,
            [401, 200, 200, 200, 404, 403, 401, 401],
        ),
        (
            M::DELETE,
            "/products/{product}/images/{unknown_image}",
            none,
            [401, 404, 404, 404, 404, 403, 401, 401],
        ),
        (
            M::GET,
            "/products/upload/template.csv",
            none,
            [401, 200, 200, 200, 200, 403, 401, 401],
        ),
        (
            M::POST,
            "/products/upload",
            none,
            [401, 422, 422, 422, 422, 403, 401, 401],
        ),
        (
            M::GET,
            "/lifecycles",
            none,
            [401, 200, 200, 200, 200, 200, 401, 401],
        ),
        (
            M::POST,
            "/auth/login",
            |w| {
                Some(
                    json!({"email": format!("{w}@nowhere.example"), "password": "wrong-password-1"}),
                )
            },
            [401, 401, 401, 401, 401, 401, 401, 401],
        ),
        (
            M::GET,
            "/auth/me",
            none,
            [401, 200, 200, 200, 200, 200, 401, 401],
        ),
        (
            M::POST,
            "/auth/password",
            |_| {
                Some(
                    json!({"current_password": "not-it-at-all", "new_password": "another-long-pass"}),
                )
            },
            [401, 403, 422, 403, 403, 422, 401, 401],
        ),
        (
            M::GET,
            "/users",
            none,
            [401, 200, 403, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/users",
            |w| {
                Some(
                    json!({"email": format!("new-{w}@test.example"), "role": "operator", "password": "a-fine-long-password"}),
                )
            },
            [401, 201, 403, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/users/{user}",
            none,
            [401, 200, 403, 403, 403, 403, 401, 401],
        ),
        (
            M::PATCH,
            "/users/{user}",
            |_| Some(json!({"display_name": "Target"})),
            [401, 200, 403, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/users/{user}/password",
            |_| Some(json!({"password": "a-new-long-password"})),
            [401, 204, 403, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/tokens",
            none,
            [401, 200, 403, 200, 200, 403, 401, 401],
        ),
        (
            M::POST,
            "/tokens",
            |w| {
                Some(if w == "admin" {
                    json!({"name": "by admin", "role": "operator"})
                } else {
                    json!({"name": format!("by {w}")})
                })
            },
            [401, 201, 403, 403, 403, 403, 401, 401],
        ),
        (
            M::DELETE,
            "/tokens/{token_a}",
            none,
            [401, 200, 403, 200, 404, 403, 401, 401],
        ),
        (
            M::GET,
            "/audit",
            none,
            [401, 200, 403, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/stats/sales",
            none,
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/stats/sales/export?table=channels&format=csv",
            none,
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::GET,
            "/stats/suppliers",
            none,
            [401, 200, 200, 200, 200, 403, 401, 401],
        ),
        (
            M::GET,
            "/stats/suppliers/export?table=categories&format=xlsx",
            none,
            [401, 200, 200, 200, 200, 403, 401, 401],
        ),
        (
            M::GET,
            "/stats/exchange-rates",
            none,
            [401, 200, 200, 403, 403, 403, 401, 401],
        ),
        (
            M::PUT,
            "/stats/exchange-rates",
            |_| Some(json!({"reporting": "USD", "rates": {"CNY": "0.14"}})),
            [401, 200, 403, 403, 403, 403, 401, 401],
        ),
        (
            M::POST,
            "/auth/logout",
            none,
            [401, 204, 204, 204, 204, 204, 401, 401],
        ),
    ]
}

async fn every_endpoint_for_every_caller(app: TestApp) {
    let (fx, callers) = fixture(&app).await;
    let rows = rows();
    let every: Vec<Row> = rows
        .iter()
        .cloned()
        .chain(crate::access_b2b::rows())
        .collect();
    assert_matrix_covers_the_api(&app, &every).await;
    for (who, (name, auth)) in WHO.iter().zip(&callers).enumerate() {
        for (method, template, body, statuses) in &rows {
            let mut path = template.to_string();
            for (key, id) in &fx.ids {
                path = path.replace(&format!("{{{key}}}"), id);
            }
            let res = app
                .send_as(
                    auth,
                    method.clone(),
                    &format!("/api/v1{path}"),
                    body(name).as_ref(),
                )
                .await;
            let want = match statuses.get(who) {
                Some(s) => *s,
                None => session_status(method, template, statuses[3]),
            };
            assert_eq!(
                res.status.as_u16(),
                want,
                "{name} {method} {template}: {}",
                res.body
            );
            if want >= 400 {
                res.problem(want, res.body["code"].as_str().unwrap_or("?"));
            }
            let text = res.body.to_string();
            let foreign: &[String] = match *name {
                "supplier_a" | "supplier_a_session" => &fx.secret_of_b,
                "supplier_b" => &fx.secret_of_a,
                "anonymous" | "revoked_token" | "expired_session" | "purchaser" => &[],
                _ => continue,
            };
            // An id the caller put in the path may come back (a 404 names it).
            let shown = |s: &&String| text.contains(s.as_str()) && !path.contains(s.as_str());
            let mut leaks: Vec<&String> = foreign.iter().filter(shown).collect();
            leaks.extend(fx.prices.iter().filter(shown));
            if matches!(
                *name,
                "anonymous" | "revoked_token" | "expired_session" | "purchaser"
            ) {
                leaks.extend(fx.secret_of_a.iter().chain(&fx.secret_of_b).filter(shown));
            }
            assert!(
                leaks.is_empty(),
                "{name} {method} {template} shows {leaks:?}: {text}"
            );
        }
    }
}

/// Every (method, path) of the OpenAPI document is a row, and every row
/// is in the document.
async fn assert_matrix_covers_the_api(app: &TestApp, rows: &[Row]) {
    let doc = app.get("/api/openapi.json").await.ok(200).clone();
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "patch", "put", "delete"].contains(&method.as_str()) {
                documented.insert(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    let normalise = |t: &str| {
        let t = t.split('?').next().unwrap_or_default();
        t.split('/')
            .map(|seg| if seg.starts_with('{') { "{id}" } else { seg })
            .collect::<Vec<_>>()
            .join("/")
    };
    let in_matrix: BTreeSet<String> = rows
        .iter()
        .map(|(m, t, _, _)| format!("{m} {}", normalise(t)))
        .collect();
    let documented: BTreeSet<String> = documented.iter().map(|d| normalise(d)).collect();
    let missing: Vec<_> = documented.difference(&in_matrix).collect();
    let extra: Vec<_> = in_matrix.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "endpoints missing from the authorization matrix: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "matrix rows for endpoints that do not exist: {extra:?}"
    );
}

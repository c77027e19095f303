//! Bad input gets a clear problem, never a 500, and changes nothing.

use crate::helpers::{TestApp, line, order_body};
use crate::on_both_backends;
use reqwest::Method;
use serde_json::{Value, json};

on_both_backends!(
    bad_orders_are_refused_with_the_field,
    malformed_bodies_and_queries
);

async fn bad_orders_are_refused_with_the_field(app: TestApp) {
    let good = || order_body("N-1", "pending", json!([line("Mug")]));
    let cases: Vec<(&str, Value, u16, &str, &str)> = vec![
        (
            "/lines/0/quantity",
            json!(0),
            422,
            "out_of_range",
            "lines[0].quantity",
        ),
        (
            "/lines/0/quantity",
            json!(-3),
            422,
            "out_of_range",
            "lines[0].quantity",
        ),
        (
            "/lines/0/quantity",
            json!("two"),
            422,
            "invalid_type",
            "lines[0].quantity",
        ),
        (
            "/lines/0/quantity",
            json!(1.5),
            422,
            "invalid_type",
            "lines[0].quantity",
        ),
        (
            "/lines/0/unit_price",
            json!("-1.00"),
            422,
            "negative",
            "lines[0].unit_price",
        ),
        (
            "/lines/0/unit_price",
            json!("abc"),
            422,
            "invalid_type",
            "lines[0].unit_price",
        ),
        (
            "/currency",
            json!("ZZZ"),
            422,
            "unknown_currency",
            "currency",
        ),
        ("/currency", json!(5), 422, "invalid_type", "currency"),
        (
            "/customer/name",
            json!("x".repeat(201)),
            422,
            "too_long",
            "customer.name",
        ),
        (
            "/customer/name",
            json!(""),
            422,
            "required",
            "customer.name",
        ),
        (
            "/external_number",
            json!("x".repeat(65)),
            422,
            "too_long",
            "external_number",
        ),
        ("/lines", json!([]), 422, "invalid_line_count", "lines"),
        (
            "/status",
            json!("shipped"),
            422,
            "invalid_initial_status",
            "status",
        ),
        (
            "/status",
            json!("teleported"),
            422,
            "invalid_value",
            "status",
        ),
        (
            "/shipping_address/country",
            json!("Britain"),
            422,
            "invalid_country",
            "shipping_address.country",
        ),
        (
            "/placed_at",
            json!("yesterday"),
            422,
            "invalid_type",
            "placed_at",
        ),
        ("/surprise", json!(1), 422, "unknown_field", "surprise"),
        (
            "/lines/0/colour",
            json!("red"),
            422,
            "unknown_field",
            "lines[0].colour",
        ),
    ];
    for (ptr, value, status, code, field) in cases {
        let mut body = good();
        set(&mut body, ptr, value);
        let res = app.post("/api/v1/orders", body).await;
        assert_eq!(res.problem(status, code)["field"], field, "{ptr}");
    }
    let mut missing = good();
    missing.as_object_mut().unwrap().remove("lines");
    let res = app.post("/api/v1/orders", missing).await;
    assert_eq!(res.problem(422, "missing_field")["field"], "lines");
    assert_eq!(app.count_orders().await, 0, "no refused order was stored");
}

async fn malformed_bodies_and_queries(app: TestApp) {
    let res = app
        .raw(
            Method::POST,
            "/api/v1/orders",
            Some("application/json"),
            "{\"platform\": ",
        )
        .await;
    res.problem(400, "malformed_json");
    let res = app
        .raw(
            Method::POST,
            "/api/v1/categories",
            Some("application/json"),
            "{\"name\": \"x\"} trailing",
        )
        .await;
    res.problem(400, "malformed_json");
    let res = app.raw(Method::POST, "/api/v1/orders", None, "{}").await;
    res.problem(415, "unsupported_media_type");
    let res = app
        .raw(Method::POST, "/api/v1/orders", Some("text/plain"), "{}")
        .await;
    res.problem(415, "unsupported_media_type");
    let big: &'static str =
        Box::leak(format!("{{\"x\": \"{}\"}}", "a".repeat(2 * 1024 * 1024 + 16)).into_boxed_str());
    let res = app
        .raw(
            Method::POST,
            "/api/v1/categories",
            Some("application/json"),
            big,
        )
        .await;
    res.problem(413, "payload_too_large");
    app.get("/api/v1/orders?limit=0")
        .await
        .problem(422, "out_of_range");
    app.get("/api/v1/orders?limit=201")
        .await
        .problem(422, "out_of_range");
    app.get("/api/v1/orders?limit=ten")
        .await
        .problem(400, "invalid_query");
    app.get("/api/v1/orders?status=bogus")
        .await
        .problem(400, "invalid_query");
    app.get("/api/v1/tasks?colour=red")
        .await
        .problem(400, "invalid_query");
    app.get("/api/v1/orders/%00")
        .await
        .problem(400, "invalid_characters");
    app.get("/api/v1/orders?q=a%00b")
        .await
        .problem(400, "invalid_characters");
    app.get("/api/v1/tasks?cursor=%1F")
        .await
        .problem(400, "invalid_characters");
    // empty parameters, as HTML forms send them, mean "no filter"
    app.get("/api/v1/orders?status=&platform=&q=&limit=&cursor=")
        .await
        .ok(200);
    app.get("/api/v1/tasks?status=&supplier_id=&limit=")
        .await
        .ok(200);
    let res = app
        .post(
            "/api/v1/orders/x/transitions",
            json!({"to": "purchasing", "extra": 1}),
        )
        .await;
    res.problem(422, "unknown_field");
    assert_eq!(app.count_orders().await, 0);
}

fn set(body: &mut Value, ptr: &str, value: Value) {
    let (parent, key) = ptr.rsplit_once('/').unwrap();
    let parent = body.pointer_mut(parent).unwrap();
    match key.parse::<usize>() {
        Ok(i) => parent[i] = value,
        Err(_) => parent[key] = value,
    }
}

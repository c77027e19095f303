//! `Idempotency-Key` replays and refusals.

use crate::helpers::{TestApp, line, order_body};
use crate::on_both_backends;
use reqwest::Method;
use serde_json::json;

on_both_backends!(idempotency_key_replays_and_refuses_other_bodies);

async fn idempotency_key_replays_and_refuses_other_bodies(app: TestApp) {
    let body = order_body("I-1", "pending", json!([line("Mug")]));
    let key = [("Idempotency-Key", "key-1")];
    let first = app
        .send(Method::POST, "/api/v1/orders", Some(&body), &key)
        .await;
    let id = first.ok(201)["id"].clone();
    assert!(first.headers.get("idempotency-replayed").is_none());

    let replay = app
        .send(Method::POST, "/api/v1/orders", Some(&body), &key)
        .await;
    assert_eq!(
        replay.ok(201)["id"],
        id,
        "the first response, status included"
    );
    assert_eq!(replay.headers["idempotency-replayed"], "true");

    let other = order_body("I-2", "pending", json!([line("Mug")]));
    let refused = app
        .send(Method::POST, "/api/v1/orders", Some(&other), &key)
        .await;
    assert_eq!(
        refused.problem(422, "idempotency_key_reused")["field"],
        "Idempotency-Key"
    );
    assert_eq!(app.count_orders().await, 1);

    // a refused request is replayed as refused
    let bad = json!({"name": ""});
    let k2 = [("Idempotency-Key", "key-2")];
    app.send(Method::POST, "/api/v1/categories", Some(&bad), &k2)
        .await
        .problem(422, "required");
    let again = app
        .send(Method::POST, "/api/v1/categories", Some(&bad), &k2)
        .await;
    again.problem(422, "required");
    assert_eq!(again.headers["idempotency-replayed"], "true");

    // keys are per path and body: the same key on another endpoint is another request
    let cat = app
        .send(
            Method::POST,
            "/api/v1/categories",
            Some(&json!({"name": "Cups"})),
            &key,
        )
        .await;
    cat.problem(422, "idempotency_key_reused");
    let bad_key = app
        .send(
            Method::POST,
            "/api/v1/categories",
            Some(&json!({"name": "Cups"})),
            &[("Idempotency-Key", "")],
        )
        .await;
    bad_key.problem(400, "invalid_idempotency_key");
    // without a key, a POST is not deduplicated beyond the order's own identity
    let plain = app.post("/api/v1/orders", body.clone()).await;
    assert_eq!(plain.ok(200)["id"], id);
}

//! Health, metrics, OpenAPI, docs, authentication, routing errors.

use crate::helpers::{TestApp, client, read};
use crate::on_both_backends;

on_both_backends!(
    health_metrics_and_docs,
    missing_or_wrong_token_is_401,
    unknown_routes_are_problems,
    lifecycles_are_published
);

async fn health_metrics_and_docs(app: TestApp) {
    let c = client();
    let health = read(c.get(format!("{}/healthz", app.base)).send().await.unwrap()).await;
    assert_eq!(health.ok(200)["status"], "ok");

    app.get("/api/v1/categories").await.ok(200);
    let metrics = c
        .get(format!("{}/metrics", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("http_requests_total"), "{metrics}");
    assert!(
        metrics.contains("route=\"/api/v1/categories\""),
        "{metrics}"
    );

    let doc = read(
        c.get(format!("{}/api/openapi.json", app.base))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let doc = doc.ok(200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/orders",
        "/orders/{id}/transitions",
        "/tasks/{id}",
        "/categories/{id}/sku-preview",
        "/suppliers/{id}",
    ] {
        assert!(doc["paths"][path].is_object(), "missing {path}");
    }
    // the states come from the domain enums
    let states = &doc["components"]["schemas"]["OrderStatus"];
    assert!(states.to_string().contains("needs_attention"), "{states}");

    let docs = c
        .get(format!("{}/api/docs/", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(docs.status(), 200);
    assert!(
        docs.text()
            .await
            .unwrap()
            .to_lowercase()
            .contains("swagger")
    );
}

async fn missing_or_wrong_token_is_401(app: TestApp) {
    let c = client();
    let none = read(
        c.get(format!("{}/api/v1/orders", app.base))
            .send()
            .await
            .unwrap(),
    )
    .await;
    none.problem(401, "unauthorized");
    assert_eq!(none.headers["www-authenticate"], "Bearer");
    let wrong = read(
        c.get(format!("{}/api/v1/orders", app.base))
            .bearer_auth("nope")
            .send()
            .await
            .unwrap(),
    )
    .await;
    wrong.problem(401, "unauthorized");
    let post = read(
        c.post(format!("{}/api/v1/orders", app.base))
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    post.problem(401, "unauthorized");
}

async fn unknown_routes_are_problems(app: TestApp) {
    app.get("/api/v1/nothing-here")
        .await
        .problem(404, "not_found");
    app.get("/api/v1/orders/does-not-exist")
        .await
        .problem(404, "not_found");
    app.get("/api/v1/tasks/does-not-exist")
        .await
        .problem(404, "not_found");
    app.get("/api/v1/categories/nope")
        .await
        .problem(404, "not_found");
    app.get("/api/v1/suppliers/nope")
        .await
        .problem(404, "not_found");
    app.get("/api/v1/orders/nope/events")
        .await
        .problem(404, "not_found");
    app.get("/nothing").await.problem(404, "not_found");
    let res = app
        .send(reqwest::Method::DELETE, "/api/v1/orders", None, &[])
        .await;
    res.problem(405, "method_not_allowed");
    assert!(res.headers["allow"].to_str().unwrap().contains("POST"));
}

async fn lifecycles_are_published(app: TestApp) {
    let l = app.get("/api/v1/lifecycles").await;
    let l = l.ok(200);
    assert_eq!(l["order"]["initial"], "pending");
    assert_eq!(l["task"]["initial"], "assigned");
    let edges = l["task"]["transitions"].as_array().unwrap();
    assert!(
        edges
            .iter()
            .any(|e| e["from"] == "produced" && e["to"] == "shipped" && e["by"] == "supplier")
    );
}

//! Parcels followed to delivery through a tracking provider (a local
//! fake speaking orderhub's tracking protocol): each scan kept once, a
//! delivered parcel marks its task, and the order completes when its last
//! parcel arrives.

use crate::helpers::{TestApp, order_body};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

crate::on_both_backends!(parcels_are_followed_until_delivered);

/// Tracking number → the scans the fake knows (absent: 404).
type Scans = Arc<Mutex<HashMap<String, Vec<Value>>>>;

async fn provider(
    State(scans): State<Scans>,
    headers: HeaderMap,
    body: axum::Json<Value>,
) -> Response {
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some("Bearer trk-key") {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    assert_eq!(
        body["carrier"], "sf_express",
        "orderhub's code for the carrier"
    );
    let number = body["tracking_number"].as_str().unwrap();
    match scans.lock().unwrap().get(number) {
        Some(events) => axum::Json(json!({ "events": events })).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

fn scan(at: &str, status: &str, description: &str) -> Value {
    json!({"at": at, "status": status, "location": "Shenzhen", "description": description})
}

async fn wait_for(app: &TestApp, path: &str, ok: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..400 {
        let res = app.get(path).await;
        if ok(res.ok(200)) {
            return res.body;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("{path} never got there");
}

async fn parcels_are_followed_until_delivered(app: TestApp) {
    let scans: Scans = Default::default();
    let router = axum::Router::new()
        .route("/track", axum::routing::post(provider))
        .with_state(scans.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/track", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    let app = app
        .with_config(orderhub_api::ApiConfig {
            tracking: Some(orderhub_api::TrackingConfig {
                url,
                key: Some("trk-key".into()),
                every: Duration::from_millis(50),
            }),
            ..Default::default()
        })
        .await;
    app.category_with_suppliers("Mugs", &["mug"], 1).await;
    let lines = json!([
        crate::helpers::line("Blue mug"),
        crate::helpers::line("Red mug")
    ]);
    let order = app
        .post("/api/v1/orders", order_body("T-1", "purchasing", lines))
        .await;
    let order = order.ok(201).clone();
    let id = order["id"].as_str().unwrap();
    let tasks: Vec<String> = order["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect();
    let numbers = ["SF1000000000001", "SF1000000000002"];
    scans.lock().unwrap().insert(
        numbers[0].into(),
        vec![scan("2026-12-01T08:00:00Z", "in_transit", "已揽收")],
    );
    for (t, n) in tasks.iter().zip(numbers) {
        app.ship_task_with(t, "顺丰速运", n).await;
    }
    let first = format!("/api/v1/tasks/{}/tracking", tasks[0]);
    let seen = wait_for(&app, &first, |t| {
        t["events"].as_array().is_some_and(|e| !e.is_empty())
    })
    .await;
    assert_eq!(seen["events"][0]["description"], "已揽收");
    assert!(seen["delivered_at"].is_null());

    // the first parcel arrives: its task is marked, the order waits
    scans
        .lock()
        .unwrap()
        .get_mut(numbers[0])
        .unwrap()
        .push(scan("2026-12-03T09:30:00Z", "delivered", "已签收"));
    let done = wait_for(&app, &first, |t| t["delivered_at"].is_string()).await;
    assert_eq!(done["delivered_at"], "2026-12-03T09:30:00Z");
    assert_eq!(
        done["events"].as_array().unwrap().len(),
        2,
        "each scan once: {done}"
    );
    let o = app.get(&format!("/api/v1/orders/{id}")).await;
    assert_eq!(
        o.ok(200)["status"],
        "shipped",
        "one parcel is still on its way"
    );

    // the second arrives: the order completes, receipt confirmed by the carrier
    scans.lock().unwrap().insert(
        numbers[1].into(),
        vec![scan("2026-12-04T10:00:00Z", "delivered", "已签收")],
    );
    let order = wait_for(&app, &format!("/api/v1/orders/{id}"), |o| {
        o["status"] == "completed"
    })
    .await;
    assert!(
        order["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["delivered_at"].is_string())
    );
    let events = app.get(&format!("/api/v1/orders/{id}/events")).await;
    let kinds: Vec<&str> = events
        .ok(200)
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "task.delivered").count(),
        2,
        "{kinds:?}"
    );
    // the task page shows the journey
    let (cookie, _) = crate::web::sign_in_operator(&app).await;
    let (_, page) = crate::web::page(
        &app,
        &format!("/tasks/{}", tasks[0]),
        &[("cookie", &cookie)],
    )
    .await;
    assert!(
        page.contains("The parcel&#39;s journey") || page.contains("The parcel's journey"),
        "{page}"
    );
    assert!(page.contains("Delivered") && page.contains("已签收") && page.contains("Shenzhen"));
}

//! PostgreSQL restarted under load: stopped cleanly (`pg_ctl stop -m
//! fast`, as an upgrade or a fail-over does), down for 5 s, started
//! again. orderhub is not restarted.

use super::{Load, none_lost, only_prompt_503s};
use crate::cluster::Cluster;
use crate::helpers::{TestApp, TestDb};
use crate::processes::start;
use axum::body::Bytes;
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// A webhook receiver that keeps every body it got.
async fn receiver() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let got: Arc<Mutex<Vec<String>>> = Arc::default();
    let keep = got.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |body: Bytes| {
            let keep = keep.clone();
            async move {
                keep.lock()
                    .await
                    .push(String::from_utf8_lossy(&body).into_owned());
                axum::http::StatusCode::NO_CONTENT
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, got)
}

/// Waits for `check` to hold (20 s at most).
async fn eventually<F: std::future::Future<Output = bool>>(what: &str, check: impl Fn() -> F) {
    let started = Instant::now();
    while !check().await {
        assert!(started.elapsed() < Duration::from_secs(20), "{what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn runs(app: &TestApp, job: &str) -> i64 {
    let jobs = app.get("/api/v1/jobs").await;
    let list = jobs.ok(200).as_array().cloned().unwrap_or_default();
    list.iter()
        .find(|j| j["name"] == job)
        .and_then(|j| j["runs"].as_i64())
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_restarts_under_load_and_nothing_is_lost() {
    let Some(pg) = Cluster::start().await else {
        return;
    };
    let url = pg.database("orderhub");
    let server = start(&url).await;
    let app = TestApp::remote(&server.base, TestDb::borrowed(&url));
    let load = Load::start(&server.base, 32, "");
    tokio::time::sleep(Duration::from_secs(2)).await;
    pg.stop();
    tokio::time::sleep(Duration::from_secs(5)).await;
    pg.start_again();
    let recovered = load.recovers(Duration::from_secs(30)).await;
    let slowest = load.slowest().await;
    let (acknowledged, refused) = load.stop().await;
    assert!(
        recovered,
        "no order went through within 30 s of the restart"
    );
    // Requests caught inside a transaction by the shutdown are refused
    // with 503; new ones wait for a connection (the pool retries a
    // refused connection until its 30 s acquire timeout) and go through
    // once PostgreSQL is back. Either way, nothing waits past 35 s.
    only_prompt_503s(&refused, Duration::from_secs(35));
    assert!(
        slowest < Duration::from_secs(35),
        "an order took {slowest:?}"
    );
    none_lost(&url, &acknowledged).await;
    eprintln!(
        "restart: {} acknowledged (the slowest in {slowest:?}), {} refused with 503",
        acknowledged.len(),
        refused.len()
    );

    // the workers carry on: an order placed now reaches a webhook
    // receiver (subscribed now, so that the load's thousands of orders
    // are not ahead of it), and a job asked for now runs
    let (hook, got) = receiver().await;
    app.post(
        "/api/v1/webhooks",
        json!({"url": hook, "events": ["order.created"]}),
    )
    .await
    .ok(201);
    let order = app
        .post(
            "/api/v1/orders",
            json!({"platform": "shopify", "external_number": "AFTER-RESTART", "currency": "USD",
                   "customer": {"name": "Ada Lovelace"},
                   "lines": [{"title": "Blue mug", "quantity": 1, "unit_price": "9.00"}]}),
        )
        .await
        .ok(201)
        .clone();
    let id = order["id"].as_str().unwrap().to_owned();
    eventually("the order's webhook arrives", || {
        let (got, id) = (got.clone(), id.clone());
        async move { got.lock().await.iter().any(|b| b.contains(&id)) }
    })
    .await;
    let before = runs(&app, "reminders").await;
    app.post("/api/v1/jobs/reminders/run", json!({}))
        .await
        .ok(202);
    eventually("the scheduler runs a job", || async {
        runs(&app, "reminders").await > before
    })
    .await;
    drop(server);
}

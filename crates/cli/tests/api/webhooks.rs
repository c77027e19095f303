//! Outbound webhooks against a real local receiver: Standard Webhooks
//! signatures, retries after failures, the delivery log, redelivery,
//! suppliers' own events only, and delivery after a server is killed.

use crate::helpers::{Backend, TOKEN, TestApp, TestDb, client, line, order_body, read};
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use orderhub_channels::outbound::sign;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::Mutex;

crate::on_both_backends!(
    deliveries_are_signed_retried_logged_and_scoped,
    endpoints_are_paused_rotated_changed_and_removed,
    every_subscribed_type_gets_its_message
);

/// A task shipped is `task.status_changed` and `task.shipped`: an endpoint
/// subscribed to both (or to every type) gets one message of each.
async fn every_subscribed_type_gets_its_message(app: TestApp) {
    app.category_with_suppliers("Mugs", &["mug"], 1).await;
    let hook = Receiver::start(0).await;
    let all: Vec<&str> = orderhub_channels::outbound::event_types().collect();
    for events in [json!(["task.status_changed", "task.shipped"]), json!(all)] {
        app.post(
            "/api/v1/webhooks",
            json!({"url": hook.url, "events": events}),
        )
        .await
        .ok(201);
    }
    let order = app
        .order("T-1", "purchasing", json!([line("Mug")]))
        .await
        .ok(201)
        .clone();
    app.ship_task(order["tasks"][0]["id"].as_str().unwrap())
        .await;
    let shipped = events_of(&app, &order, "task.status_changed:shipped").await;
    let mut types = Vec::new();
    for _ in 0..200 {
        types = hook
            .got
            .lock()
            .await
            .iter()
            .filter(|(_, body)| body.contains(&shipped))
            .map(|(h, body)| {
                let v: Value = serde_json::from_str(body).unwrap();
                (
                    v["type"].as_str().unwrap().to_owned(),
                    h["webhook-id"].to_str().unwrap().to_owned(),
                )
            })
            .collect();
        if types.len() >= 4 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    types.sort();
    let kinds: Vec<&str> = types.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "task.shipped",
            "task.shipped",
            "task.status_changed",
            "task.status_changed"
        ],
        "{types:?}"
    );
    let ids: std::collections::HashSet<_> = types.iter().map(|(_, id)| id).collect();
    assert_eq!(ids.len(), 4, "every message has its own id");

    // a payment recorded by hand reaches the endpoint subscribed to it
    let id = order["id"].as_str().unwrap();
    let pay = json!({"kind": "payment", "method": "bank_transfer", "amount": "10.00"});
    let paid = app
        .post(&format!("/api/v1/orders/{id}/payments"), pay)
        .await;
    assert_eq!(paid.ok(201)["payment_status"], "paid");
    let event = events_of(&app, &order, "order.payment_recorded:paid").await;
    let mut got = Vec::new();
    for _ in 0..200 {
        got = hook
            .got
            .lock()
            .await
            .iter()
            .filter(|(_, b)| b.contains(&event))
            .map(|(_, b)| b.clone())
            .collect();
        if !got.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(got.len(), 1, "only the endpoint subscribed to everything");
    assert!(
        got[0].contains(r#""type":"order.payment_recorded""#),
        "{got:?}"
    );
}

/// A local HTTP receiver: answers 500 to the first `fail` deliveries of
/// each message, then 204, and keeps every request it got.
#[derive(Clone)]
struct Receiver {
    url: String,
    fail: Arc<AtomicUsize>,
    got: Arc<Mutex<Vec<(HeaderMap, String)>>>,
}

impl Receiver {
    async fn start(fail: usize) -> Receiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let r = Receiver {
            url,
            fail: Arc::new(AtomicUsize::new(fail)),
            got: Arc::default(),
        };
        let state = r.clone();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: Bytes| {
                let state = state.clone();
                async move {
                    let body = String::from_utf8_lossy(&body).into_owned();
                    let mut got = state.got.lock().await;
                    let id = headers.get("webhook-id").cloned();
                    let before = got
                        .iter()
                        .filter(|(h, _)| h.get("webhook-id") == id.as_ref())
                        .count();
                    got.push((headers, body));
                    match before < state.fail.load(Ordering::SeqCst) {
                        true => StatusCode::INTERNAL_SERVER_ERROR,
                        false => StatusCode::NO_CONTENT,
                    }
                }
            }),
        );
        tokio::spawn(async move { axum::serve(listener, app).await });
        r
    }

    /// The requests of one message id, once at least `n` arrived.
    async fn wait_for(&self, id: &str, n: usize) -> Vec<(HeaderMap, String)> {
        for _ in 0..400 {
            let got: Vec<_> = self
                .got
                .lock()
                .await
                .iter()
                .filter(|(h, _)| h["webhook-id"] == id)
                .cloned()
                .collect();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{id}: fewer than {n} deliveries in 20 s");
    }
}

/// Checks a delivery as a receiver would, per the specification.
fn verify(secret: &str, headers: &HeaderMap, body: &str) -> Value {
    let id = headers["webhook-id"].to_str().unwrap();
    let ts: i64 = headers["webhook-timestamp"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    assert!((now - ts).abs() < 300, "a timestamp of now");
    let expected = sign(secret, id, ts, body.as_bytes()).unwrap();
    assert_eq!(headers["webhook-signature"].to_str().unwrap(), expected);
    serde_json::from_str(body).unwrap()
}

async fn messages(app: &TestApp, endpoint: &str) -> Vec<Value> {
    let log = app
        .get(&format!("/api/v1/webhooks/{endpoint}/messages"))
        .await;
    log.ok(200).as_array().unwrap().clone()
}

async fn deliveries_are_signed_retried_logged_and_scoped(app: TestApp) {
    let (_, makers) = app.category_with_suppliers("Mugs", &["mug"], 2).await;
    let ops = Receiver::start(2).await;
    let endpoint = app
        .post(
            "/api/v1/webhooks",
            json!({"url": ops.url, "events": ["order.created", "task.assigned", "task.shipped"]}),
        )
        .await
        .ok(201)
        .clone();
    let secret = endpoint["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"));
    let id = endpoint["id"].as_str().unwrap().to_owned();
    assert!(
        app.get(&format!("/api/v1/webhooks/{id}")).await.ok(200)["secret"].is_null(),
        "shown once"
    );
    // a supplier's endpoint: its own tasks' events, and task events only
    let (_, maker) = app.token("maker", "supplier", Some(&makers[1])).await;
    let refused = app
        .send_as(
            &crate::helpers::Auth::Bearer(maker.clone()),
            reqwest::Method::POST,
            "/api/v1/webhooks",
            Some(&json!({"url": "http://127.0.0.1:9/x", "events": ["order.created"]})),
        )
        .await;
    assert_eq!(refused.problem(422, "not_allowed")["field"], "events[0]");
    let theirs = Receiver::start(0).await;
    app.send_as(
        &crate::helpers::Auth::Bearer(maker.clone()),
        reqwest::Method::POST,
        "/api/v1/webhooks",
        Some(&json!({"url": theirs.url, "events": ["task.assigned"]})),
    )
    .await
    .ok(201);

    // one order: its creation and its task's assignment, each to everyone subscribed
    let order = app
        .order("WH-1", "purchasing", json!([line("Mug")]))
        .await
        .ok(201)
        .clone();
    let task = order["tasks"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        order["tasks"][0]["supplier_id"],
        makers[0].as_str(),
        "not the maker's task"
    );
    let created_msg = format!(
        "msg_{}_{id}",
        events_of(&app, &order, "order.created").await
    );
    // 500, 500, then 204: three deliveries of the same message, one id
    let got = ops.wait_for(&created_msg, 3).await;
    for (headers, body) in &got {
        let v = verify(&secret, headers, body);
        assert_eq!(v["type"], "order.created");
        assert_eq!(v["data"]["order_id"], order["id"]);
    }
    let log = wait_delivered(&app, &id, &created_msg).await;
    assert_eq!(
        (log["attempts"].as_i64(), log["last_status_code"].as_i64()),
        (Some(3), Some(204))
    );

    // shipping sends task.shipped; the maker's endpoint never hears of this task
    app.ship_task(&task).await;
    let shipped = events_of(&app, &order, "task.status_changed:shipped").await;
    let got = ops
        .wait_for(&format!("msg_{shipped}_{id}_shipped"), 1)
        .await;
    let v = verify(&secret, &got[0].0, &got[0].1);
    assert_eq!(
        (
            v["type"].as_str(),
            v["data"]["details"]["tracking_number"].is_string()
        ),
        (Some("task.shipped"), true)
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        theirs.got.lock().await.is_empty(),
        "another supplier's task leaked"
    );
    // the maker's own task reaches it, without other suppliers in the details
    let second = app
        .order("WH-2", "purchasing", json!([line("Mug")]))
        .await
        .ok(201)
        .clone();
    assert_eq!(second["tasks"][0]["supplier_id"], makers[1].as_str());
    let assigned = events_of(&app, &second, "task.routed").await;
    let their_endpoint = app
        .send_as(
            &crate::helpers::Auth::Bearer(maker),
            reqwest::Method::GET,
            "/api/v1/webhooks",
            None,
        )
        .await
        .ok(200)[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let got = theirs
        .wait_for(&format!("msg_{assigned}_{their_endpoint}"), 1)
        .await;
    assert!(
        !got[0].1.contains(&makers[0]),
        "a routing decision names no other supplier"
    );

    // redeliver on demand
    let res = app
        .post(
            &format!("/api/v1/webhooks/{id}/messages/{created_msg}/redeliver"),
            json!({}),
        )
        .await;
    assert_eq!(res.status, 202);
    ops.wait_for(&created_msg, 4).await;
    let _ = client;
}

/// The id of the order's event of `kind` (`kind:to_status` to pick one move).
async fn events_of(app: &TestApp, order: &Value, kind: &str) -> String {
    let (kind, to) = kind.split_once(':').unwrap_or((kind, ""));
    app.order_events(order)
        .await
        .iter()
        .find(|e| e["kind"] == kind && (to.is_empty() || e["to_status"] == to))
        .unwrap_or_else(|| panic!("no {kind} event"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The log entry of `message` once it is delivered.
async fn wait_delivered(app: &TestApp, endpoint: &str, message: &str) -> Value {
    for _ in 0..200 {
        if let Some(m) = messages(app, endpoint)
            .await
            .into_iter()
            .find(|m| m["id"] == message && m["status"] == "delivered")
        {
            return m;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{message} not delivered");
}

/// The real binary, killed with SIGKILL after a failed attempt: the next
/// process delivers the message on its retry.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_survives_a_killed_server() {
    let Some(db) = TestDb::new(Backend::Sqlite).await else {
        return;
    };
    let mut first = crate::processes::start(&db.url).await;
    let app = TestApp::remote(&first.base, TestDb::borrowed(&db.url));
    app.category_with_suppliers("Mugs", &["mug"], 1).await;
    let receiver = Receiver::start(usize::MAX).await;
    let endpoint = app
        .post(
            "/api/v1/webhooks",
            json!({"url": receiver.url, "events": ["order.created"]}),
        )
        .await
        .ok(201)
        .clone();
    let id = endpoint["id"].as_str().unwrap();
    let order = app
        .post(
            "/api/v1/orders",
            order_body("WH-K", "pending", json!([line("Mug")])),
        )
        .await
        .ok(201)
        .clone();
    let message = format!(
        "msg_{}_{id}",
        events_of(&app, &order, "order.created").await
    );
    receiver.wait_for(&message, 1).await; // the first attempt failed…
    // …and is recorded (killed before that, the claim would hold the
    // message for its 60 s lease: correct, but slow for a test)
    for _ in 0..200 {
        let log = messages(&app, id).await;
        if log
            .iter()
            .any(|m| m["id"] == message.as_str() && m["attempts"] == 1)
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    first.child.kill().await.unwrap();
    receiver.fail.store(0, Ordering::SeqCst);
    let second = crate::processes::start(&db.url).await;
    let app = TestApp::remote(&second.base, TestDb::borrowed(&db.url));
    let log = wait_delivered(&app, id, &message).await;
    assert_eq!(log["attempts"], 2, "{log}");
    let got = receiver.wait_for(&message, 2).await;
    assert_eq!(got.len(), 2, "delivered once after the failure");
    let _ = (TOKEN, read);
}

async fn endpoints_are_paused_rotated_changed_and_removed(app: TestApp) {
    app.category_with_suppliers("Mugs", &["mug"], 1).await;
    let hook = Receiver::start(0).await;
    let endpoint = app
        .post(
            "/api/v1/webhooks",
            json!({"url": hook.url, "events": ["order.created"]}),
        )
        .await
        .ok(201)
        .clone();
    let id = endpoint["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/webhooks/{id}");

    // paused: the message waits in the log and is not sent
    let paused = app.patch(&path, json!({"active": false})).await;
    assert_eq!(paused.ok(200)["active"], false);
    app.post(
        "/api/v1/orders",
        order_body("P-1", "purchasing", json!([line("Mug")])),
    )
    .await
    .ok(201);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(
        hook.got.lock().await.is_empty(),
        "nothing sent while paused"
    );
    let log = messages(&app, &id).await;
    assert_eq!((log.len(), log[0]["status"].as_str()), (1, Some("pending")));

    // a new secret (shown once), then resumed: the message goes, signed with it
    let rotated = app
        .post(&format!("{path}/secret"), json!({}))
        .await
        .ok(200)
        .clone();
    let secret = rotated["secret"].as_str().unwrap().to_owned();
    assert_ne!(secret, endpoint["secret"].as_str().unwrap());
    assert!(
        app.get(&path).await.ok(200)["secret"].is_null(),
        "shown once"
    );
    app.patch(&path, json!({"active": true})).await.ok(200);
    let message = log[0]["id"].as_str().unwrap();
    let got = hook.wait_for(message, 1).await;
    let body = verify(&secret, &got[0].0, &got[0].1);
    assert_eq!(body["type"], "order.created");

    // changes are checked like a new endpoint
    let bad = app
        .patch(&path, json!({"events": ["order.exploded"]}))
        .await;
    assert_eq!(bad.problem(422, "unknown_event_type")["field"], "events[0]");
    let bad = app
        .patch(&path, json!({"url": "ftp://example.com/hook"}))
        .await;
    assert_eq!(bad.problem(422, "invalid_url")["field"], "url");
    let changed = app
        .patch(&path, json!({"events": ["task.assigned", "task.shipped"]}))
        .await;
    assert_eq!(
        changed.ok(200)["events"],
        json!(["task.assigned", "task.shipped"])
    );

    // removed, with its log
    let gone = app.send(reqwest::Method::DELETE, &path, None, &[]).await;
    assert_eq!(gone.status, 204);
    app.get(&path).await.problem(404, "not_found");
    app.get(&format!("{path}/messages"))
        .await
        .problem(404, "not_found");
}

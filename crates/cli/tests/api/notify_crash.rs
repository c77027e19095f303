//! Notices across `kill -9`: written with the change they are about, so
//! an acknowledged order's notices are sent after a crash, and recorded as
//! sent, so a restart does not send them again.

use crate::helpers::{Backend, TestApp, TestDb, order_body};
use crate::notify_fakes::{RobotFakes, SmtpSink};
use crate::processes::{Server, start_with};
use serde_json::json;
use std::sync::atomic::Ordering;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_a_notice_is_sent_once_across_kill_dash_nine() {
    a_notice_is_sent_once_across_kill_dash_nine(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_a_notice_is_sent_once_across_kill_dash_nine() {
    a_notice_is_sent_once_across_kill_dash_nine(Backend::Postgres).await
}

async fn serve(db: &TestDb, sink: &SmtpSink) -> (Server, TestApp) {
    let env = [
        ("ORDERHUB_SMTP_URL", sink.url.as_str()),
        ("ORDERHUB_PUBLIC_URL", "https://hub.example"),
    ];
    let server = start_with(&db.url, &env).await;
    let app = TestApp::remote(&server.base, TestDb::borrowed(&db.url));
    (server, app)
}

/// Waits until the robots took `n` messages in all (or 45 s: a claim
/// held by a killed server lapses after 30 s).
async fn robots_took(fakes: &RobotFakes, n: usize) -> usize {
    for _ in 0..450 {
        if fakes.taken.lock().await.len() >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    fakes.taken.lock().await.len()
}

async fn a_notice_is_sent_once_across_kill_dash_nine(backend: Backend) {
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let sink = SmtpSink::start().await;
    let fakes = RobotFakes::start().await;
    let (mut server, app) = serve(&db, &sink).await;
    let (_, suppliers) = app.category_with_suppliers("Mugs", &["mug"], 1).await;
    app.user(
        "maker@jdz.example",
        "supplier",
        Some(&suppliers[0]),
        "kiln-fired-porcelain",
    )
    .await;
    let b = &fakes.base;
    for (kind, url, secret) in [
        ("wecom", format!("{b}/wecom?key=wkey"), None),
        (
            "dingtalk",
            format!("{b}/dingtalk/SECk1ll?access_token=tok"),
            Some("SECk1ll"),
        ),
    ] {
        let r = json!({"kind": kind, "name": kind, "url": url, "secret": secret, "supplier_id": suppliers[0]});
        app.post("/api/v1/notifications/robots", r).await.ok(201);
    }
    let mug = || json!([{"title": "Blue mug", "quantity": 1, "unit_price": "12.00"}]);

    // the robots are down when the order comes; the server dies before
    // they are back: the notices are sent by the next server
    fakes.down.store(true, Ordering::SeqCst);
    app.post("/api/v1/orders", order_body("K-1", "purchasing", mug()))
        .await
        .ok(201);
    assert_eq!(sink.wait_for(1).await.len(), 1);
    tokio::time::sleep(Duration::from_millis(800)).await;
    server.child.start_kill().expect("kill -9");
    server.child.wait().await.expect("killed");
    fakes.down.store(false, Ordering::SeqCst);
    let (mut server, app) = serve(&db, &sink).await;
    assert_eq!(robots_took(&fakes, 2).await, 2);

    // killed right after answering: nothing of the order's notices is lost
    app.post("/api/v1/orders", order_body("K-2", "purchasing", mug()))
        .await
        .ok(201);
    server.child.start_kill().expect("kill -9");
    server.child.wait().await.expect("killed");
    let (mut server, _app) = serve(&db, &sink).await;
    assert_eq!(robots_took(&fakes, 4).await, 4);
    assert_eq!(sink.wait_for(2).await.len(), 2);

    // and a restart sends nothing again
    server.child.start_kill().expect("kill -9");
    server.child.wait().await.expect("killed");
    let (_server, _app) = serve(&db, &sink).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        fakes.taken.lock().await.len(),
        4,
        "{:?}",
        fakes.taken.lock().await
    );
    assert_eq!(sink.mails.lock().await.len(), 2);
    let numbers: Vec<String> = fakes
        .taken
        .lock()
        .await
        .iter()
        .map(|(_, b)| b.to_string())
        .collect();
    for number in ["K-1", "K-2"] {
        assert_eq!(
            numbers.iter().filter(|b| b.contains(number)).count(),
            2,
            "{number}: {numbers:?}"
        );
    }
}

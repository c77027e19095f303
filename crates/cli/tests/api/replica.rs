//! Reads off the primary (issue 21, item 4): a streaming replica of the
//! test's own PostgreSQL serves the order list, search, exports and
//! statistics; an order's own page stays on the primary. With the
//! replica's replay paused, a new order is on its page at once and in the
//! list only once replay resumes, and the orders page says how far behind
//! the list is.

use crate::cluster::Cluster;
use crate::helpers::{Auth, TestApp, TestDb, authed, line};
use crate::processes::start_with;
use serde_json::json;
use std::time::{Duration, Instant};

/// Whether `number` is in the order list (read from the replica).
async fn listed(app: &TestApp, number: &str) -> bool {
    let page = app.get("/api/v1/orders?limit=200").await;
    let items = page.ok(200)["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    items.iter().any(|o| o["external_number"] == number)
}

async fn until_listed(app: &TestApp, number: &str) {
    let started = Instant::now();
    while !listed(app, number).await {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{number} never listed"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The page at `path` as an operator's browser gets it.
async fn page(app: &TestApp, auth: &Auth, path: &str) -> String {
    let req = app.client.get(format!("{}{path}", app.base));
    let res = authed(req, auth).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    res.text().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_come_from_the_replica_and_say_how_far_behind() {
    let Some(primary) = Cluster::start().await else {
        return;
    };
    let url = primary.database("orderhub");
    let standby = primary.standby();
    let replica = standby.url("orderhub");
    let server = start_with(&url, &[("ORDERHUB_READ_DATABASE_URL", &replica)]).await;
    let app = TestApp::remote(&server.base, TestDb::borrowed(&url));
    app.category_with_suppliers("Mugs", &["mug"], 1).await;
    app.user(
        "ops@shop.example",
        "operator",
        None,
        "a long operator password",
    )
    .await;
    let ops = app
        .login("ops@shop.example", "a long operator password")
        .await;
    app.order("R-1", "purchasing", json!([line("Mug")]))
        .await
        .ok(201);
    until_listed(&app, "R-1").await;

    // replay paused: the replica stays where it is
    assert_eq!(standby.sql("orderhub", "SELECT pg_is_in_recovery()"), "t");
    standby.sql("orderhub", "SELECT pg_wal_replay_pause()");
    let r2 = app.order("R-2", "purchasing", json!([line("Mug")])).await;
    let id = r2.ok(201)["id"].as_str().unwrap().to_owned();
    // its own page reads the primary…
    let own = app.get(&format!("/api/v1/orders/{id}")).await;
    assert_eq!(own.ok(200)["external_number"], "R-2");
    // …the list, the export and the statistics read the replica
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(!listed(&app, "R-2").await, "the list came from the primary");
    let csv = app
        .client
        .get(format!("{}/api/v1/orders/export/csv", app.base))
        .bearer_auth(crate::helpers::TOKEN)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("R-1") && !csv.contains("R-2"), "{csv}");
    // the orders page says the list is behind, and by how much
    let html = page(&app, &ops, "/orders").await;
    let note = html
        .split("from a read replica, ")
        .nth(1)
        .and_then(|rest| rest.split(" s behind").next())
        .unwrap_or_else(|| panic!("no replica note on /orders"));
    let behind: f64 = note.parse().unwrap();
    assert!(
        behind >= 1.0,
        "paused replay for over a second, said {behind}"
    );
    assert!(
        page(&app, &ops, "/stats")
            .await
            .contains("from a read replica")
    );

    // replay resumes: the list catches up by itself
    standby.sql("orderhub", "SELECT pg_wal_replay_resume()");
    until_listed(&app, "R-2").await;
    drop(server);
}

//! Supplier scorecards: figures folded from task events equal the events
//! counted the slow way; a supplier sees its own card only; a category
//! that routes by scorecard skips a supplier that ships late, and says so
//! in the routing decision.

use crate::helpers::{Auth, TestApp, line};
use orderhub_domain::stats::{Range, day_of};
use reqwest::Method;
use serde_json::{Value, json};

crate::on_both_backends!(scorecards_count_the_work_and_route_around_late_suppliers);

fn rfc3339(ms: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).unwrap();
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

async fn scorecards_count_the_work_and_route_around_late_suppliers(app: TestApp) {
    let (category, sup) = app.category_with_suppliers("Mugs", &["mug"], 2).await;
    let (late, punctual) = (&sup[0], &sup[1]);
    // twelve orders: round robin gives each supplier six tasks
    let mut tasks: Vec<Value> = Vec::new();
    for i in 0..12 {
        let order = app
            .order(&format!("SC-{i}"), "purchasing", json!([line("Mug")]))
            .await
            .ok(201)
            .clone();
        tasks.push(order["tasks"][0].clone());
    }
    let hour = 3_600_000;
    for (i, t) in tasks.iter().enumerate() {
        let id = t["id"].as_str().unwrap();
        // the late supplier's work was due yesterday; the other's next week
        let due = match t["supplier_id"].as_str() == Some(late.as_str()) {
            true => now_ms() - 24 * hour,
            false => now_ms() + 7 * 24 * hour,
        };
        app.patch(
            &format!("/api/v1/tasks/{id}"),
            json!({"due_at": rfc3339(due)}),
        )
        .await
        .ok(200);
        if i == 11 {
            // the last one is refused: it goes to the other supplier
            let refuse = json!({"to": "rejected", "reason": "kiln is full"});
            app.post(&format!("/api/v1/tasks/{id}/transitions"), refuse)
                .await
                .ok(200);
        } else {
            app.ship_task_with(id, "DHL", "1234567890").await;
        }
    }
    let all = app
        .get("/api/v1/stats/suppliers?period=7d")
        .await
        .ok(200)
        .clone();
    let card = |who: &str| {
        all["suppliers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["supplier_id"] == who)
            .unwrap()
            .clone()
    };
    let (l, p) = (card(late), card(punctual));
    assert_eq!(
        (l["shipped"].as_i64(), l["on_time_rate"].as_str()),
        (Some(6), Some("0")),
        "{l}"
    );
    assert_eq!(
        (p["shipped"].as_i64(), p["on_time_rate"].as_str()),
        (Some(5), Some("100")),
        "{p}"
    );
    assert_eq!(
        (p["rejected"].as_i64(), p["rejection_rate"].as_str()),
        (Some(1), Some("16.7")),
        "{p}"
    );
    assert_eq!(l["assigned"], 7, "six of its own and the refused one");
    assert!(p["score"].as_i64() > l["score"].as_i64(), "{p} {l}");
    assert_eq!(l["lead_hours_p50"], 0, "shipped within the hour");
    assert_eq!(
        all["suppliers"][0]["supplier_id"],
        punctual.as_str(),
        "best score first"
    );

    // the sums are the events counted the slow way
    let store = orderhub_store::Store::connect(&app.db.url).await.unwrap();
    let today = day_of(now_ms());
    let differences = store
        .check_statistics(Range {
            from: today - 1,
            to: today,
        })
        .await
        .unwrap();
    assert!(differences.is_empty(), "{differences:#?}");
    store.close().await;

    // a supplier sees its own card and nothing of the other's
    let (_, token) = app.token("late supplier", "supplier", Some(late)).await;
    let auth = Auth::Bearer(token);
    let mine = app
        .send_as(
            &auth,
            Method::GET,
            "/api/v1/stats/suppliers?period=30d",
            None,
        )
        .await;
    let mine = mine.ok(200);
    assert_eq!(mine["suppliers"].as_array().unwrap().len(), 1);
    assert_eq!(mine["suppliers"][0]["supplier_id"], late.as_str());
    assert!(!mine.to_string().contains(punctual.as_str()), "{mine}");
    let sales = app
        .send_as(&auth, Method::GET, "/api/v1/stats/sales", None)
        .await;
    assert_eq!(sales.problem(403, "forbidden")["rule"], "staff_only");

    // routing by scorecard: at least 80 % on time, or skipped
    let patch = json!({"min_on_time": 80});
    let c = app
        .patch(&format!("/api/v1/categories/{category}"), patch)
        .await
        .ok(200)
        .clone();
    assert_eq!(c["min_on_time"], 80);
    for i in 0..2 {
        let order = app
            .order(&format!("SC-R{i}"), "purchasing", json!([line("Mug")]))
            .await
            .ok(201)
            .clone();
        assert_eq!(
            order["tasks"][0]["supplier_id"],
            punctual.as_str(),
            "the late one is skipped"
        );
    }
    let routed = app.get("/api/v1/orders?limit=1").await.ok(200)["items"][0].clone();
    let events = app.order_events(&routed).await;
    let decision = events.iter().find(|e| e["kind"] == "task.routed").unwrap()["details"].clone();
    assert_eq!(decision["min_on_time"], 80, "{decision}");
    let skipped = decision["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["supplier_id"] == late.as_str())
        .unwrap();
    assert_eq!(
        (skipped["skipped"].as_str(), skipped["on_time_30d"].as_i64()),
        (Some("below_on_time"), Some(0))
    );
    let bad = app
        .patch(
            &format!("/api/v1/categories/{category}"),
            json!({"min_on_time": 101}),
        )
        .await;
    assert_eq!(bad.problem(422, "out_of_range")["field"], "min_on_time");
    // 0 turns it off
    let off = app
        .patch(
            &format!("/api/v1/categories/{category}"),
            json!({"min_on_time": 0}),
        )
        .await;
    assert_eq!(off.ok(200)["min_on_time"], Value::Null);
}

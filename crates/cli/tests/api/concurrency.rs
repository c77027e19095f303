//! Rotation stays exact when many orders arrive at once.

use crate::helpers::{TestApp, line, order_body};
use crate::on_both_backends;
use futures::future::join_all;
use serde_json::json;
use std::collections::HashMap;

on_both_backends!(sixty_four_concurrent_orders_rotate_exactly);

async fn sixty_four_concurrent_orders_rotate_exactly(app: TestApp) {
    let (_, suppliers) = app.category_with_suppliers("Cups", &["mug"], 3).await;
    let posts = (0..64).map(|i| {
        let client = app.client.clone();
        let url = format!("{}/api/v1/orders", app.base);
        async move {
            let res = client
                .post(url)
                .bearer_auth(crate::helpers::TOKEN)
                .json(&order_body(
                    &format!("C-{i}"),
                    "purchasing",
                    json!([line("Mug")]),
                ))
                .send()
                .await
                .unwrap();
            crate::helpers::read(res).await
        }
    });
    let results = join_all(posts).await;
    let orders: Vec<_> = results.iter().map(|r| r.ok(201).clone()).collect();
    assert_rotation_exact(&app, &orders, &suppliers).await;
}

/// Each supplier got 21 or 22 of the 64 tasks, and in routing order no
/// supplier follows itself.
pub async fn assert_rotation_exact(
    app: &TestApp,
    orders: &[serde_json::Value],
    suppliers: &[String],
) {
    let mut by_seq = Vec::new();
    for o in orders {
        let events = app
            .get(&format!(
                "/api/v1/orders/{}/events",
                o["id"].as_str().unwrap()
            ))
            .await;
        let routed = events
            .ok(200)
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == "task.routed")
            .unwrap()
            .clone();
        by_seq.push((
            routed["details"]["route_seq"].as_i64().unwrap(),
            routed["details"]["supplier_id"]
                .as_str()
                .unwrap()
                .to_owned(),
        ));
    }
    by_seq.sort();
    let seqs: Vec<i64> = by_seq.iter().map(|(s, _)| *s).collect();
    assert_eq!(
        seqs,
        (1..=orders.len() as i64).collect::<Vec<_>>(),
        "every routing decision has its own sequence number"
    );
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (_, s) in &by_seq {
        *counts.entry(s.as_str()).or_default() += 1;
    }
    for s in suppliers {
        let n = counts.get(s.as_str()).copied().unwrap_or(0);
        assert!((21..=22).contains(&n), "supplier {s} got {n}: {counts:?}");
    }
    for w in by_seq.windows(2) {
        assert_ne!(
            w[0].1, w[1].1,
            "the same supplier twice in a row at {}",
            w[1].0
        );
    }
    // and in cursor order the rotation is exactly s0, s1, s2, s0, …
    for (i, (_, s)) in by_seq.iter().enumerate() {
        assert_eq!(s, &suppliers[i % suppliers.len()]);
    }
}

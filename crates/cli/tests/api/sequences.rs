//! Random sequences of intake, release, retry, rejection, reassignment and
//! cancellation over HTTP, with the store's invariants checked after every
//! step: each released line has one live task or a reason, SKUs are
//! unique, route counters are contiguous, releases follow the rotation,
//! suppliers' load counters equal their open tasks, and each order's and
//! task's status is the one its last event says.

use crate::crash::check_invariants;
use crate::helpers::{TestApp, line};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde_json::{Value, json};

crate::on_both_backends!(random_moves_keep_the_invariants);

/// What a step may pick from.
struct World {
    orders: Vec<String>,
    numbers: Vec<String>,
    suppliers: Vec<String>,
}

async fn random_moves_keep_the_invariants(app: TestApp) {
    let (_, mut suppliers) = app.category_with_suppliers("Mugs", &["mug"], 3).await;
    let (_, hats) = app.category_with_suppliers("Hats", &["hat"], 2).await;
    suppliers.extend(hats);
    // a category nobody serves: its lines are unrouted (`no_supplier`)
    app.category_with_suppliers("Kites", &["kite"], 0).await;
    let mut world = World {
        orders: Vec::new(),
        numbers: Vec::new(),
        suppliers,
    };
    let seed = std::env::var("ORDERHUB_SEQUENCE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_261_203);
    let mut rng = StdRng::seed_from_u64(seed);
    for step in 0..150 {
        let what = step_once(&app, &mut world, &mut rng, step).await;
        // the steps so far are printed, so a failure shows its history
        eprintln!("step {step}: {what}");
        check_invariants(&app.db.url, &world.numbers).await;
    }
}

/// One random step; returns what it did (for the failure message).
async fn step_once(app: &TestApp, world: &mut World, rng: &mut StdRng, step: usize) -> String {
    let pick = rng.random_range(0..10);
    if world.orders.is_empty() || pick < 3 {
        return intake(app, world, rng, step).await;
    }
    let order_id = world.orders[rng.random_range(0..world.orders.len())].clone();
    let order = app.get(&format!("/api/v1/orders/{order_id}")).await;
    let order = order.ok(200).clone();
    // task moves pick among the newest live tasks of any order
    let tasks = app.get("/api/v1/tasks?limit=50").await;
    let live: Vec<&Value> = tasks.ok(200)["items"]
        .as_array()
        .expect("tasks")
        .iter()
        .filter(|t| {
            !matches!(
                t["status"].as_str(),
                Some("rejected" | "cancelled" | "completed")
            )
        })
        .collect();
    let task = (!live.is_empty()).then(|| live[rng.random_range(0..live.len())].clone());
    match (pick, task) {
        (3, _) | (4, None) => move_order(app, &order, "purchasing").await,
        (4, Some(t)) => {
            move_task(
                app,
                &t,
                json!({ "to": "rejected", "reason": "no capacity" }),
            )
            .await
        }
        (5, Some(t)) => {
            let to = &world.suppliers[rng.random_range(0..world.suppliers.len())];
            let res = app
                .post(
                    &format!("/api/v1/tasks/{}/reassign", t["id"].as_str().unwrap()),
                    json!({ "supplier_id": to, "reason": "faster" }),
                )
                .await;
            // another category's supplier, the holder or a rejecter is refused
            assert!(
                matches!(res.status.as_u16(), 200 | 201 | 409 | 422),
                "reassign: {} {}",
                res.status,
                res.body
            );
            format!("reassign → {}", res.status)
        }
        (6, Some(t)) => {
            move_task(app, &t, json!({ "to": "cancelled", "reason": "operator" })).await
        }
        (7 | 9, Some(t)) => {
            let next = match t["status"].as_str() {
                Some("assigned") => json!({ "to": "accepted" }),
                Some("accepted") => json!({ "to": "in_production" }),
                Some("in_production") => json!({ "to": "produced" }),
                Some("produced") => {
                    json!({ "to": "shipped", "carrier": "DHL", "tracking_number": "1234567890" })
                }
                _ => json!({ "to": "completed" }),
            };
            move_task(app, &t, next).await
        }
        (8, _) => move_order(app, &order, "cancelled").await,
        _ => intake(app, world, rng, step).await,
    }
}

/// A new order of one to three lines — mugs, hats, kites nobody makes, and
/// titles no category names — released at once or left pending.
async fn intake(app: &TestApp, world: &mut World, rng: &mut StdRng, step: usize) -> String {
    const TITLES: [&str; 5] = [
        "Custom mug",
        "Wool hat",
        "Box kite",
        "Gift wrap",
        "Mug and hat",
    ];
    let lines: Vec<Value> = (0..rng.random_range(1..=3))
        .map(|_| line(TITLES[rng.random_range(0..TITLES.len())]))
        .collect();
    let status = if rng.random_range(0..4) == 0 {
        "pending"
    } else {
        "purchasing"
    };
    let number = format!("SEQ-{step}");
    let res = app.order(&number, status, Value::Array(lines)).await;
    world
        .orders
        .push(res.ok(201)["id"].as_str().unwrap().to_owned());
    world.numbers.push(number);
    format!("intake ({status})")
}

/// An operator's move of the order; refusals by the lifecycle are fine.
async fn move_order(app: &TestApp, order: &Value, to: &str) -> String {
    let id = order["id"].as_str().unwrap();
    let res = app
        .post(
            &format!("/api/v1/orders/{id}/transitions"),
            json!({ "to": to, "reason": "sequence" }),
        )
        .await;
    assert!(
        matches!(res.status.as_u16(), 200 | 409),
        "order → {to}: {} {}",
        res.status,
        res.body
    );
    format!("order {} → {to}: {}", order["status"], res.status)
}

/// A task's move as the admin; refusals by the lifecycle are fine.
async fn move_task(app: &TestApp, task: &Value, body: Value) -> String {
    let id = task["id"].as_str().unwrap();
    let res = app
        .post(&format!("/api/v1/tasks/{id}/transitions"), body.clone())
        .await;
    assert!(
        matches!(res.status.as_u16(), 200 | 409),
        "task → {body}: {} {}",
        res.status,
        res.body
    );
    format!("task {} → {}: {}", task["status"], body["to"], res.status)
}

//! Crash and multi-instance tests: the real binary killed with SIGKILL at
//! random moments under concurrent intake and task transitions, and three
//! `serve` processes on one PostgreSQL database. Afterwards the database
//! is checked against the invariants orderhub promises (see
//! [`check_invariants`]). Bounded: a few rounds of about a second each;
//! `ORDERHUB_CRASH_ROUNDS` sets how many.

use crate::helpers::{Backend, TOKEN, TestApp, TestDb, client};
use crate::processes::{Server, start};
use rand::RngExt;
use serde_json::{Value, json};
use sqlx::Row;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::Mutex;

crate::on_both_backends!(
    sigkill_at_random_moments_keeps_every_invariant,
    one_group_takes_a_repeated_order_once
);

/// Orders arriving together are committed together (group commit): the
/// same order sent many times at once is stored once, and the orders
/// around it are unaffected.
async fn one_group_takes_a_repeated_order_once(app: TestApp) {
    catalogue(&app).await;
    let c = client();
    let sends = (0..24).map(|i| {
        let number = if i % 2 == 0 {
            "G-same".to_owned()
        } else {
            format!("G-{i}")
        };
        let req = c
            .post(format!("{}/api/v1/orders", app.base))
            .bearer_auth(TOKEN)
            .json(&random_order(&number));
        async move {
            (
                number,
                crate::helpers::read(req.send().await.unwrap()).await,
            )
        }
    });
    let answers = futures::future::join_all(sends).await;
    let same: Vec<_> = answers.iter().filter(|(n, _)| n == "G-same").collect();
    let created = same.iter().filter(|(_, r)| r.status == 201).count();
    assert_eq!(created, 1, "exactly one of the repeats creates the order");
    for (_, r) in &same {
        assert_eq!(r.body["id"], same[0].1.body["id"]);
    }
    for (n, r) in answers.iter().filter(|(n, _)| n != "G-same") {
        assert_eq!(r.ok(201)["external_number"], n.as_str());
        // the answer, built by the group, is the order as stored
        let id = r.body["id"].as_str().unwrap();
        let stored = app.get(&format!("/api/v1/orders/{id}")).await;
        assert_eq!(stored.ok(200), &r.body, "order {n}");
    }
    let numbers: Vec<String> = answers.iter().map(|(n, _)| n.clone()).collect();
    let summary = check_invariants(&app.db.url, &numbers).await;
    assert_eq!(summary.orders, 13);
}

const KEYWORDS: [&str; 2] = ["mug", "hat"];

/// Two categories (3 and 2 suppliers) and a token per supplier.
async fn catalogue(app: &TestApp) -> Vec<String> {
    let (_, mugs) = app.category_with_suppliers("Mugs", &["mug"], 3).await;
    let (_, hats) = app.category_with_suppliers("Hats", &["hat"], 2).await;
    let mut tokens = Vec::new();
    for (i, s) in mugs.iter().chain(&hats).enumerate() {
        tokens.push(
            app.token(&format!("maker-{i}"), "supplier", Some(s))
                .await
                .1,
        );
    }
    tokens
}

/// An order of 1–3 lines in random categories, released at once.
fn random_order(number: &str) -> Value {
    let mut rng = rand::rng();
    let lines: Vec<Value> = (0..rng.random_range(1..=3))
        .map(|i| {
            let kw = KEYWORDS[rng.random_range(0..KEYWORDS.len())];
            json!({"title": format!("Custom {kw} {i}"), "quantity": 1, "unit_price": "9.50"})
        })
        .collect();
    json!({
        "platform": "shopify", "external_number": number, "currency": "USD", "status": "purchasing",
        "customer": {"name": "Ada Lovelace"}, "lines": lines,
    })
}

/// Closed-loop intake against `bases` (round robin) until `stop`; returns
/// the numbers of the orders that got a 2xx.
async fn intake(
    bases: Vec<String>,
    prefix: String,
    workers: usize,
    stop: Arc<AtomicBool>,
    acknowledged: Arc<Mutex<Vec<String>>>,
) {
    let c = client();
    let tasks = (0..workers).map(|w| {
        let (c, bases, prefix, stop, acknowledged) = (
            c.clone(),
            bases.clone(),
            prefix.clone(),
            stop.clone(),
            acknowledged.clone(),
        );
        tokio::spawn(async move {
            let mut i = 0;
            while !stop.load(Ordering::SeqCst) {
                let number = format!("{prefix}-{w}-{i}");
                let base = &bases[(w + i) % bases.len()];
                let sent = c
                    .post(format!("{base}/api/v1/orders"))
                    .bearer_auth(TOKEN)
                    .json(&random_order(&number))
                    .send()
                    .await;
                match sent {
                    Ok(r) if r.status().is_success() => acknowledged.lock().await.push(number),
                    Ok(r) => panic!("order {number}: unexpected {}", r.status()),
                    Err(_) => break, // the server is gone
                }
                i += 1;
            }
        })
    });
    for t in futures::future::join_all(tasks).await {
        t.expect("intake worker");
    }
}

/// Suppliers accept, reject (so lines are reassigned) and start tasks
/// until `stop`. Conflicts with concurrent moves are expected; a 5xx is not.
async fn transitions(base: String, tokens: Vec<String>, stop: Arc<AtomicBool>) {
    let c = client();
    while !stop.load(Ordering::SeqCst) {
        let token = &tokens[rand::rng().random_range(0..tokens.len())];
        let Ok(r) = c
            .get(format!("{base}/api/v1/tasks?limit=10&status=assigned"))
            .bearer_auth(token)
            .send()
            .await
        else {
            return;
        };
        let page: Value = r.json().await.unwrap_or(Value::Null);
        for task in page["items"].as_array().into_iter().flatten() {
            let id = task["id"].as_str().unwrap_or_default();
            let body = if rand::rng().random_bool(0.2) {
                json!({"to": "rejected", "reason": "kiln is full"})
            } else {
                json!({"to": "accepted"})
            };
            let Ok(r) = c
                .post(format!("{base}/api/v1/tasks/{id}/transitions"))
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
            else {
                return;
            };
            assert!(
                !r.status().is_server_error(),
                "transition answered {}",
                r.status()
            );
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

async fn sigkill_at_random_moments_keeps_every_invariant(app: TestApp) {
    let tokens = catalogue(&app).await;
    let url = app.db.url.clone();
    let rounds: usize = std::env::var("ORDERHUB_CRASH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let kills = AtomicUsize::new(0);
    for round in 0..rounds {
        let mut server: Server = start(&url).await;
        let stop = Arc::new(AtomicBool::new(false));
        let load = tokio::spawn(intake(
            vec![server.base.clone()],
            format!("R{round}"),
            8,
            stop.clone(),
            acknowledged.clone(),
        ));
        let moves = tokio::spawn(transitions(
            server.base.clone(),
            tokens.clone(),
            stop.clone(),
        ));
        let after = rand::rng().random_range(300..1200);
        tokio::time::sleep(Duration::from_millis(after)).await;
        server.child.start_kill().expect("SIGKILL");
        server.child.wait().await.expect("reaped");
        kills.fetch_add(1, Ordering::SeqCst);
        stop.store(true, Ordering::SeqCst);
        load.await.expect("intake");
        moves.await.expect("transitions");
    }
    // One more start proves the database opens cleanly after the last kill.
    let last = start(&url).await;
    let acknowledged = acknowledged.lock().await.clone();
    assert!(
        acknowledged.len() > 10 * rounds,
        "too little load: {}",
        acknowledged.len()
    );
    let summary = check_invariants(&url, &acknowledged).await;
    assert!(summary.rejections > 0, "no task was ever rejected");
    eprintln!(
        "crash test: {} kills, {} acknowledged orders, {summary:?}",
        kills.load(Ordering::SeqCst),
        acknowledged.len()
    );
    drop(last);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_instances_on_postgres_share_the_work_fairly() {
    let Some(db) = TestDb::new(Backend::Postgres).await else {
        return;
    };
    let servers = [
        start(&db.url).await,
        start(&db.url).await,
        start(&db.url).await,
    ];
    let app = TestApp::remote(&servers[0].base, db);
    catalogue(&app).await;
    let bases: Vec<String> = servers.iter().map(|s| s.base.clone()).collect();
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let load = tokio::spawn(intake(
        bases,
        "M".into(),
        12,
        stop.clone(),
        acknowledged.clone(),
    ));
    tokio::time::sleep(Duration::from_millis(2500)).await;
    stop.store(true, Ordering::SeqCst);
    load.await.expect("intake");
    let acknowledged = acknowledged.lock().await.clone();
    let summary = check_invariants(&app.db.url, &acknowledged).await;
    // Without rejections every routing is a release: per category, the
    // suppliers' task counts differ by at most one.
    for (category, counts) in &summary.tasks_per_supplier {
        let (min, max) = (counts.iter().min(), counts.iter().max());
        assert!(
            max.unwrap() - min.unwrap() <= 1,
            "unfair rotation in {category}: {counts:?}"
        );
    }
    assert!(
        acknowledged.len() > 50,
        "too little load: {}",
        acknowledged.len()
    );
    eprintln!(
        "three instances: {} orders, {summary:?}",
        acknowledged.len()
    );
    drop(servers);
}

/// What the invariant check saw.
#[derive(Debug, Default)]
pub(crate) struct Summary {
    orders: usize,
    tasks: usize,
    rejections: usize,
    /// Per category, tasks per supplier (all suppliers, in rotation order).
    tasks_per_supplier: HashMap<String, Vec<i64>>,
}

async fn rows(pool: &sqlx::AnyPool, sql: &'static str) -> Vec<sqlx::any::AnyRow> {
    sqlx::query(sql).fetch_all(pool).await.expect(sql)
}

fn text(row: &sqlx::any::AnyRow, col: &str) -> String {
    row.try_get::<Option<String>, _>(col)
        .expect(col)
        .unwrap_or_default()
}

/// Checks, straight in the database:
/// - every order whose creation was acknowledged is stored;
/// - every line of a `purchasing`-or-later order has one live task or a
///   reason (`unrouted_code`), never two live tasks;
/// - no SKU repeats;
/// - events match the state: one `order.created` per order and one
///   `task.routed` per task, and the last status event of each order and
///   task names its current status;
/// - each category's routing sequence has no gap or repeat and equals its
///   stored count, and releases follow the rotation (each goes to the
///   supplier after the previous release's one) across every restart.
pub(crate) async fn check_invariants(url: &str, acknowledged: &[String]) -> Summary {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.expect("pool");
    let mut summary = Summary::default();

    let orders: HashMap<String, (String, String)> =
        rows(&pool, "SELECT id, external_number, status FROM orders")
            .await
            .iter()
            .map(|r| {
                (
                    text(r, "id"),
                    (text(r, "external_number"), text(r, "status")),
                )
            })
            .collect();
    summary.orders = orders.len();
    let numbers: HashSet<&str> = orders.values().map(|(n, _)| n.as_str()).collect();
    for n in acknowledged {
        assert!(
            numbers.contains(n.as_str()),
            "acknowledged order {n} was lost"
        );
    }

    for r in rows(
        &pool,
        "SELECT l.id, o.status, l.unrouted_code, COALESCE(l.no_task, '') AS no_task, \
         (SELECT COUNT(*) FROM tasks t WHERE t.line_id = l.id AND t.status NOT IN ('rejected', 'cancelled')) AS live \
         FROM order_lines l JOIN orders o ON o.id = l.order_id",
    )
    .await
    {
        let (line, status) = (text(&r, "id"), text(&r, "status"));
        let live: i64 = r.try_get("live").expect("live");
        assert!(live <= 1, "line {line} has {live} live tasks");
        if status != "pending" && status != "cancelled" {
            assert!(
                live == 1
                    || !text(&r, "unrouted_code").is_empty()
                    || !text(&r, "no_task").is_empty(),
                "line {line} of a {status} order has neither a task nor a reason"
            );
        }
    }

    let repeated = rows(
        &pool,
        "SELECT sku FROM tasks GROUP BY sku HAVING COUNT(*) > 1",
    )
    .await;
    assert!(repeated.is_empty(), "{} SKUs repeat", repeated.len());

    let tasks: HashMap<String, (String, String, String, i64)> = rows(
        &pool,
        "SELECT id, status, category_id, supplier_id, route_seq FROM tasks",
    )
    .await
    .iter()
    .map(|r| {
        (
            text(r, "id"),
            (
                text(r, "status"),
                text(r, "category_id"),
                text(r, "supplier_id"),
                r.try_get("route_seq").expect("route_seq"),
            ),
        )
    })
    .collect();
    summary.tasks = tasks.len();
    summary.rejections = tasks.values().filter(|t| t.0 == "rejected").count();

    check_events(&pool, &orders, &tasks).await;
    check_load(&pool).await;
    summary.tasks_per_supplier = check_rotation(&pool, &tasks).await;
    pool.close().await;
    check_statistics(url).await;
    summary
}

/// The statistics' sums, queued changes folded, equal the orders and
/// events counted again: a kill loses no queued change and folds none
/// twice.
async fn check_statistics(url: &str) {
    let store = orderhub_store::Store::connect(url).await.expect("store");
    let now = time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000;
    let today = orderhub_domain::stats::day_of(now as i64);
    let range = orderhub_domain::stats::Range {
        from: today - 1,
        to: today,
    };
    let differences = store.check_statistics(range).await.expect("check");
    assert!(differences.is_empty(), "{differences:#?}");
    store.close().await;
}

/// Each supplier's recorded load (counter plus pending changes) is its
/// number of open tasks.
async fn check_load(pool: &sqlx::AnyPool) {
    for r in rows(
        pool,
        "SELECT s.id, s.open_tasks + COALESCE((SELECT CAST(SUM(l.delta) AS BIGINT) FROM supplier_load l WHERE l.supplier_id = s.id), 0) AS recorded, \
         (SELECT COUNT(*) FROM tasks t WHERE t.supplier_id = s.id AND t.status IN ('assigned', 'accepted', 'in_production', 'produced')) AS actual \
         FROM suppliers s",
    )
    .await
    {
        let recorded: i64 = r.try_get("recorded").expect("recorded");
        let actual: i64 = r.try_get("actual").expect("actual");
        assert_eq!(recorded, actual, "supplier {}: recorded load", text(&r, "id"));
    }
}

async fn check_events(
    pool: &sqlx::AnyPool,
    orders: &HashMap<String, (String, String)>,
    tasks: &HashMap<String, (String, String, String, i64)>,
) {
    let mut created: HashMap<String, usize> = HashMap::new();
    let mut routed: HashMap<String, usize> = HashMap::new();
    let mut last_order: HashMap<String, String> = HashMap::new();
    let mut last_task: HashMap<String, String> = HashMap::new();
    for e in rows(
        pool,
        "SELECT order_id, task_id, kind, to_status FROM events ORDER BY created_at, id",
    )
    .await
    {
        let (order, task, kind, to) = (
            text(&e, "order_id"),
            text(&e, "task_id"),
            text(&e, "kind"),
            text(&e, "to_status"),
        );
        match kind.as_str() {
            "order.created" => *created.entry(order).or_default() += 1,
            "order.status_changed" => {
                last_order.insert(order, to);
            }
            "task.routed" => {
                *routed.entry(task.clone()).or_default() += 1;
                last_task.insert(task, to);
            }
            "task.status_changed" => {
                last_task.insert(task, to);
            }
            _ => {}
        }
    }
    for (id, (number, status)) in orders {
        assert_eq!(
            created.get(id),
            Some(&1),
            "order {number}: order.created events"
        );
        let expected = last_order.get(id).map_or("pending", String::as_str);
        assert_eq!(status, expected, "order {number}: status vs its last event");
    }
    for (id, (status, ..)) in tasks {
        assert_eq!(routed.get(id), Some(&1), "task {id}: task.routed events");
        assert_eq!(
            Some(status),
            last_task.get(id),
            "task {id}: status vs its last event"
        );
    }
}

/// A routing: its sequence number, the supplier, and for a release the
/// suppliers its decision skipped.
type Routed<'a> = (i64, String, Option<&'a HashSet<String>>);

/// Returns, per category, the tasks per supplier in rotation order.
async fn check_rotation(
    pool: &sqlx::AnyPool,
    tasks: &HashMap<String, (String, String, String, i64)>,
) -> HashMap<String, Vec<i64>> {
    let mut members: HashMap<String, Vec<String>> = HashMap::new();
    for r in rows(
        pool,
        "SELECT category_id, supplier_id FROM category_suppliers ORDER BY category_id, position",
    )
    .await
    {
        members
            .entry(text(&r, "category_id"))
            .or_default()
            .push(text(&r, "supplier_id"));
    }
    let counts: HashMap<String, i64> = rows(pool, "SELECT id, route_count FROM categories")
        .await
        .iter()
        .map(|r| {
            (
                text(r, "id"),
                r.try_get("route_count").expect("route_count"),
            )
        })
        .collect();
    // the routings a release made (not a rejection or reassignment), with
    // the suppliers each decision skipped (those that rejected the line)
    let mut releases: HashMap<String, HashSet<String>> = HashMap::new();
    for e in rows(
        pool,
        "SELECT task_id, details FROM events WHERE kind = 'task.routed'",
    )
    .await
    {
        let details: Value = serde_json::from_str(&text(&e, "details")).expect("details");
        if details["cause"] == "release" {
            let skipped = details["candidates"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|c| c["skipped"].is_string())
                .filter_map(|c| c["supplier_id"].as_str().map(str::to_owned))
                .collect();
            releases.insert(text(&e, "task_id"), skipped);
        }
    }
    let mut per_category: HashMap<String, Vec<Routed<'_>>> = HashMap::new();
    for (id, (_, category, supplier, seq)) in tasks {
        per_category.entry(category.clone()).or_default().push((
            *seq,
            supplier.clone(),
            releases.get(id),
        ));
    }
    let mut fairness = HashMap::new();
    for (category, mut routed) in per_category {
        routed.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        let seqs: Vec<i64> = routed.iter().map(|r| r.0).collect();
        let expected: Vec<i64> = (1..=routed.len() as i64).collect();
        assert_eq!(seqs, expected, "category {category}: routing sequence");
        assert_eq!(
            counts[&category],
            routed.len() as i64,
            "category {category}: stored count"
        );
        let order = &members[&category];
        let position = |s: &str| order.iter().position(|m| m == s).expect("member");
        let released: Vec<(usize, &HashSet<String>)> = routed
            .iter()
            .filter_map(|r| r.2.map(|skipped| (position(&r.1), skipped)))
            .collect();
        for pair in released.windows(2) {
            let ((before, _), (after, skipped)) = (pair[0], pair[1]);
            // the next member after the previous release that this
            // decision did not skip
            let expected = (1..=order.len())
                .map(|k| (before + k) % order.len())
                .find(|i| !skipped.contains(&order[*i]));
            assert_eq!(
                Some(after),
                expected,
                "category {category}: a release skipped the rotation"
            );
        }
        let mut per_supplier = vec![0; order.len()];
        for r in &routed {
            per_supplier[position(&r.1)] += 1;
        }
        fairness.insert(category, per_supplier);
    }
    fairness
}

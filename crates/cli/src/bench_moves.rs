//! `orderhub bench moves`: single-order moves over HTTP from closed-loop
//! clients — a supplier accepting, producing and shipping its tasks, a
//! supplier rejecting (the line goes to the next supplier), an operator
//! cancelling an order — each timed on its own (BENCHMARKS.md).

use crate::bench::{category_keywords, order_json, percentile, round, run_id, workload};
use anyhow::bail;
use clap::Args;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

#[derive(Args)]
pub struct MovesArgs {
    /// The server, e.g. http://127.0.0.1:8080 (started with `serve --demo`).
    #[arg(long)]
    url: String,
    /// An operator or admin API token.
    #[arg(long, env = "ORDERHUB_TOKEN", hide_env_values = true)]
    token: String,
    /// Orders made for the run (one line each); a third of them is shipped,
    /// a third rejected, a third cancelled.
    #[arg(long, default_value_t = 3_000)]
    orders: usize,
    /// Clients, each with one request in flight.
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
}

/// One request of a phase: a path and its JSON body.
struct Call {
    path: String,
    body: String,
}

struct Client {
    http: reqwest::Client,
    base: String,
    auth: String,
}

pub async fn run(args: MovesArgs) -> anyhow::Result<()> {
    if args.concurrency == 0 || args.orders < 3 {
        bail!("--orders must be at least 3 and --concurrency at least 1");
    }
    let client = Arc::new(Client {
        http: orderhub_api::http_client()
            .pool_max_idle_per_host(args.concurrency)
            .timeout(Duration::from_secs(60))
            .build()?,
        base: args.url.trim_end_matches('/').to_owned(),
        auth: format!("Bearer {}", args.token),
    });
    let keywords = category_keywords(&client.http, &client.base, &client.auth).await?;
    let mut orders = workload(&run_id(), args.orders, &keywords);
    for o in &mut orders {
        o.lines.truncate(1);
    }
    let calls = orders
        .iter()
        .map(|o| Call {
            path: "/api/v1/orders".into(),
            body: order_json(o).to_string(),
        })
        .collect();
    let (made, _) = phase(&client, args.concurrency, calls).await;
    // (order id, task id) of every order that got a task; the ones
    // shipped first, among tasks needing no proof (a personalised mug of
    // the demo's waits for its mock-up's approval before production)
    let mut work: Vec<(String, String, bool)> = made
        .iter()
        .filter_map(|o| {
            Some((
                o["id"].as_str()?.into(),
                o["tasks"][0]["id"].as_str()?.into(),
                o["tasks"][0]["proof"].is_null(),
            ))
        })
        .collect();
    work.sort_by_key(|(_, _, plain)| !*plain);
    let work: Vec<(String, String)> = work.into_iter().map(|(o, t, _)| (o, t)).collect();
    let third = work.len() / 3;
    let (ship, rest) = work.split_at(third);
    let (reject, cancel) = rest.split_at(third);
    let task_move = |set: &[(String, String)], body: Value| -> Vec<Call> {
        set.iter()
            .map(|(_, task)| Call {
                path: format!("/api/v1/tasks/{task}/transitions"),
                body: body.to_string(),
            })
            .collect()
    };
    let shipped =
        json!({ "to": "shipped", "carrier": "SF Express", "tracking_number": "SF1234567890123" });
    let phases: Vec<(&str, Vec<Call>)> = vec![
        ("accept", task_move(ship, json!({ "to": "accepted" }))),
        (
            "start_production",
            task_move(ship, json!({ "to": "in_production" })),
        ),
        ("produced", task_move(ship, json!({ "to": "produced" }))),
        ("ship", task_move(ship, shipped)),
        (
            "reject_and_reroute",
            task_move(reject, json!({ "to": "rejected", "reason": "no capacity" })),
        ),
        (
            "cancel_order",
            cancel
                .iter()
                .map(|(order, _)| Call {
                    path: format!("/api/v1/orders/{order}/transitions"),
                    body: json!({ "to": "cancelled", "reason": "customer asked" }).to_string(),
                })
                .collect(),
        ),
    ];
    for (name, calls) in phases {
        let requests = calls.len();
        let started = Instant::now();
        let (_, mut report) = phase(&client, args.concurrency, calls).await;
        let seconds = started.elapsed().as_secs_f64();
        report["move"] = json!(name);
        report["requests"] = json!(requests);
        report["per_sec"] = json!(round(requests as f64 / seconds));
        println!("{report}");
    }
    Ok(())
}

/// Sends `calls` from `concurrency` closed-loop clients; returns the
/// answers' bodies and the latency report.
async fn phase(client: &Arc<Client>, concurrency: usize, calls: Vec<Call>) -> (Vec<Value>, Value) {
    let calls = Arc::new(calls);
    let next = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let (client, calls, next, errors) =
            (client.clone(), calls.clone(), next.clone(), errors.clone());
        workers.push(tokio::spawn(async move {
            let mut out = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(call) = calls.get(i) else { break };
                let t = Instant::now();
                let sent = client
                    .http
                    .post(format!("{}{}", client.base, call.path))
                    .header("authorization", &client.auth)
                    .header("content-type", "application/json")
                    .body(call.body.clone())
                    .send()
                    .await;
                let body = match sent {
                    Ok(r) if r.status().is_success() => r.json::<Value>().await.ok(),
                    _ => None,
                };
                let ms = t.elapsed().as_secs_f64() * 1000.0;
                if body.is_none() {
                    errors.fetch_add(1, Ordering::Relaxed);
                }
                out.push((ms, body));
            }
            out
        }));
    }
    let mut latencies = Vec::new();
    let mut bodies = Vec::new();
    for w in workers {
        for (ms, body) in w.await.unwrap_or_default() {
            latencies.push(ms);
            bodies.extend(body);
        }
    }
    latencies.sort_by(f64::total_cmp);
    let report = json!({
        "kind": "moves",
        "concurrency": concurrency,
        "p50_ms": round(percentile(&latencies, 0.50)),
        "p99_ms": round(percentile(&latencies, 0.99)),
        "errors": errors.load(Ordering::Relaxed),
    });
    (bodies, report)
}

//! `orderhub bench`: intake throughput over HTTP, and the storage limit
//! for the same writes (see BENCHMARKS.md for how the two are compared).

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use orderhub_store::Store;
use orderhub_store::bench::{PlainLine, PlainOrder};
use rand::RngExt;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

#[derive(Subcommand)]
pub enum BenchCommand {
    /// Post orders to a running server from closed-loop clients; prints one
    /// JSON line.
    Intake(IntakeArgs),
    /// Write the same orders as plain SQL into a fresh database; prints one
    /// JSON line with `limit_orders_per_sec`.
    Baseline(BaselineArgs),
    /// Upload a zip of products with pictures to a running server and
    /// measure the storage limit of the same in a fresh database; prints
    /// one JSON line.
    Upload(crate::bench_upload::UploadArgs),
    /// Time single-order moves (accept, produce, ship, reject and
    /// reroute, cancel an order) from closed-loop clients; one JSON line
    /// per move.
    Moves(crate::bench_moves::MovesArgs),
    /// Time the read paths (lists, filters, search, deep pages, an order and
    /// its timeline) one request at a time; one JSON line per kind.
    Reads(ReadsArgs),
    /// Time every statistics request one at a time (and, given the
    /// database, the same headline counted from the orders table); one
    /// JSON line per kind.
    Stats(crate::bench_stats::StatsArgs),
}

#[derive(Args)]
pub struct ReadsArgs {
    /// The server, e.g. http://127.0.0.1:8080.
    #[arg(long)]
    url: String,
    /// An operator or admin API token.
    #[arg(long, env = "ORDERHUB_TOKEN", hide_env_values = true)]
    token: String,
    /// Requests per kind.
    #[arg(long, default_value_t = 100)]
    requests: usize,
}

#[derive(Args)]
pub struct IntakeArgs {
    /// The server, e.g. http://127.0.0.1:8080; several (comma-separated or
    /// repeated) share the clients round robin, client i using server
    /// i mod n, as a load balancer would.
    #[arg(long, value_delimiter = ',', required = true)]
    url: Vec<String>,
    /// An operator or admin API token.
    #[arg(long, env = "ORDERHUB_TOKEN", hide_env_values = true)]
    token: String,
    #[arg(long, default_value_t = 10_000)]
    orders: usize,
    /// Clients, each with one request in flight.
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
    /// The server's process id, to report its peak resident memory.
    #[arg(long)]
    pid: Option<u32>,
}

#[derive(Args)]
pub struct BaselineArgs {
    /// A fresh database (no orders yet): `sqlite://FILE` or `postgres://…`.
    #[arg(long)]
    database_url: String,
    #[arg(long, default_value_t = 10_000)]
    orders: usize,
    /// The concurrency intake ran at: groups commit this many orders (at
    /// most the intake writer's group size).
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
    /// The driver that writes: `any` (sqlx's `Any`, as the server) or
    /// `rusqlite` (SQLite only: one thread, cached prepared statements).
    #[arg(long, default_value = "any")]
    driver: String,
}

pub async fn run(command: BenchCommand) -> anyhow::Result<()> {
    match command {
        BenchCommand::Intake(args) => intake(args).await,
        BenchCommand::Baseline(args) => baseline(args).await,
        BenchCommand::Reads(args) => reads(args).await,
        BenchCommand::Stats(args) => crate::bench_stats::run(args).await,
        BenchCommand::Upload(args) => crate::bench_upload::run(args).await,
        BenchCommand::Moves(args) => crate::bench_moves::run(args).await,
    }
}

/// One benchmark order: 1–3 lines, mixed platforms and categories.
pub(crate) struct WorkOrder {
    platform: &'static str,
    number: String,
    customer: String,
    pub(crate) lines: Vec<WorkLine>,
}

pub(crate) struct WorkLine {
    category: usize,
    title: String,
    quantity: i64,
    unit_price: String,
    engraving: Option<String>,
}

const PLATFORMS: [&str; 4] = ["amazon", "etsy", "shopify", "woocommerce"];
const NAMES: [&str; 6] = [
    "Ada Lovelace",
    "王芳",
    "José Álvarez",
    "Grace Hopper",
    "佐藤 花子",
    "Olu Adeyemi",
];

/// `keywords[c]` is a word that classifies a title into category `c`.
pub(crate) fn workload(run: &str, n: usize, keywords: &[String]) -> Vec<WorkOrder> {
    let mut rng = rand::rng();
    (0..n)
        .map(|i| WorkOrder {
            platform: PLATFORMS[i % PLATFORMS.len()],
            number: format!("{run}-{i:08}"),
            customer: NAMES[rng.random_range(0..NAMES.len())].to_owned(),
            lines: (0..rng.random_range(1..=3))
                .map(|_| {
                    let category = rng.random_range(0..keywords.len());
                    WorkLine {
                        category,
                        title: format!("Personalised {} #{}", keywords[category], i % 97),
                        quantity: rng.random_range(1..=3),
                        unit_price: format!(
                            "{}.{:02}",
                            rng.random_range(5..80),
                            rng.random_range(0..100)
                        ),
                        engraving: rng
                            .random_bool(0.5)
                            .then(|| format!("For {}", NAMES[i % NAMES.len()])),
                    }
                })
                .collect(),
        })
        .collect()
}

pub(crate) fn order_json(o: &WorkOrder) -> Value {
    let lines: Vec<Value> = o
        .lines
        .iter()
        .map(|l| {
            json!({
                "title": l.title, "quantity": l.quantity, "unit_price": l.unit_price,
                "customization": l.engraving.as_ref().map(|e| json!({"engraving": e})),
            })
        })
        .collect();
    json!({
        "platform": o.platform, "external_number": o.number, "currency": "USD",
        "status": "purchasing",
        "customer": {"name": o.customer, "email": "buyer@example.com"},
        "shipping_address": {"country": "US", "city": "Portland", "line1": "1 Main St", "postal_code": "97201"},
        "lines": lines,
    })
}

/// A run id that keeps order numbers distinct across runs.
pub(crate) fn run_id() -> String {
    format!("B{:x}", rand::rng().random_range(0x10000000u64..0xffffffff))
}

async fn intake(args: IntakeArgs) -> anyhow::Result<()> {
    if args.concurrency == 0 || args.orders == 0 {
        bail!("--orders and --concurrency must be at least 1");
    }
    let client = orderhub_api::http_client()
        .pool_max_idle_per_host(args.concurrency)
        .timeout(Duration::from_secs(60))
        .build()?;
    let bases: Vec<String> = args
        .url
        .iter()
        .map(|u| u.trim_end_matches('/').to_owned())
        .collect();
    let auth = format!("Bearer {}", args.token);
    let keywords = category_keywords(&client, &bases[0], &auth).await?;
    let bodies: Arc<Vec<String>> = Arc::new(
        workload(&run_id(), args.orders, &keywords)
            .iter()
            .map(|o| order_json(o).to_string())
            .collect(),
    );
    let next = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut clients = Vec::with_capacity(args.concurrency);
    for c in 0..args.concurrency {
        let (client, url, auth) = (
            client.clone(),
            format!("{}/api/v1/orders", bases[c % bases.len()]),
            auth.clone(),
        );
        let (bodies, next, errors) = (bodies.clone(), next.clone(), errors.clone());
        clients.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(body) = bodies.get(i) else { break };
                let t = Instant::now();
                let sent = client
                    .post(&url)
                    .header("authorization", &auth)
                    .header("content-type", "application/json")
                    .body(body.clone())
                    .send()
                    .await;
                let ok = match sent {
                    Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                    Err(_) => false,
                };
                latencies.push(t.elapsed().as_secs_f64() * 1000.0);
                if !ok {
                    errors.fetch_add(1, Ordering::Relaxed);
                }
            }
            latencies
        }));
    }
    let mut latencies = Vec::with_capacity(args.orders);
    for c in clients {
        latencies.extend(c.await?);
    }
    let seconds = started.elapsed().as_secs_f64();
    latencies.sort_by(f64::total_cmp);
    let mut report = json!({
        "orders": args.orders,
        "concurrency": args.concurrency,
        "servers": bases.len(),
        "seconds": round(seconds),
        "orders_per_sec": round(args.orders as f64 / seconds),
        "p50_ms": round(percentile(&latencies, 0.50)),
        "p99_ms": round(percentile(&latencies, 0.99)),
        "errors": errors.load(Ordering::Relaxed),
    });
    if let Some(pid) = args.pid {
        report["server_peak_rss_mb"] = json!(peak_rss_mb(pid)?);
    }
    println!("{report}");
    Ok(())
}

/// For each category, a keyword that classifies titles into it.
pub(crate) async fn category_keywords(
    client: &reqwest::Client,
    base: &str,
    auth: &str,
) -> anyhow::Result<Vec<String>> {
    let response = client
        .get(format!("{base}/api/v1/categories"))
        .header("authorization", auth)
        .send()
        .await
        .context("reaching the server")?;
    if !response.status().is_success() {
        bail!("GET /api/v1/categories answered {}", response.status());
    }
    let categories: Value = response.json().await?;
    let keywords: Vec<String> = categories
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["keywords"][0].as_str().map(str::to_owned))
        .collect();
    if keywords.is_empty() {
        bail!("the server has no categories with keywords; start it with `serve --demo`");
    }
    Ok(keywords)
}

async fn baseline(args: BaselineArgs) -> anyhow::Result<()> {
    let store = crate::open(&args.database_url).await?;
    let categories = 4;
    let keywords: Vec<String> = (0..categories).map(|c| format!("item{c}")).collect();
    let orders: Vec<PlainOrder> = workload(&run_id(), args.orders, &keywords)
        .into_iter()
        .map(|o| PlainOrder {
            platform: o.platform.to_owned(),
            number: o.number,
            customer: o.customer,
            lines: o
                .lines
                .into_iter()
                .map(|l| PlainLine {
                    title: l.title,
                    quantity: l.quantity,
                    unit_price: l.unit_price,
                    category: l.category,
                })
                .collect(),
        })
        .collect();
    let group = args.concurrency.clamp(1, orderhub_store::MAX_GROUP);
    let report = match args.driver.as_str() {
        "any" => store.baseline(categories, &orders, group).await?,
        "rusqlite" => {
            let Some(path) = args.database_url.strip_prefix("sqlite://") else {
                bail!("--driver rusqlite needs a sqlite:// database URL");
            };
            let path = path.split('?').next().unwrap_or(path);
            store
                .baseline_rusqlite(path, categories, orders, group)
                .await?
        }
        other => bail!("--driver is `any` or `rusqlite`, not {other:?}"),
    };
    close(store).await;
    println!(
        "{}",
        json!({
            "driver": args.driver,
            "orders": report.orders,
            "group": report.group,
            "seconds": round(report.seconds),
            "limit_orders_per_sec": round(report.limit_orders_per_sec),
        })
    );
    Ok(())
}

async fn close(store: Store) {
    store.close().await;
}

/// GETs `path` with the token; returns the body.
async fn get(
    client: &reqwest::Client,
    base: &str,
    auth: &str,
    path: &str,
) -> anyhow::Result<Value> {
    let r = client
        .get(format!("{base}{path}"))
        .header("authorization", auth)
        .send()
        .await?;
    if !r.status().is_success() {
        bail!("GET {path} answered {}", r.status());
    }
    Ok(r.json().await?)
}

async fn reads(args: ReadsArgs) -> anyhow::Result<()> {
    let client = orderhub_api::http_client().build()?;
    let base = args.url.trim_end_matches('/').to_owned();
    let auth = format!("Bearer {}", args.token);
    let first = get(&client, &base, &auth, "/api/v1/orders?limit=200").await?;
    let orders: Vec<&Value> = first["items"].as_array().into_iter().flatten().collect();
    if orders.is_empty() {
        bail!("the server has no orders; load some with `orderhub demo --orders N`");
    }
    let suppliers = get(&client, &base, &auth, "/api/v1/suppliers").await?;
    let supplier_ids: Vec<String> = suppliers
        .as_array()
        .or_else(|| suppliers["items"].as_array())
        .into_iter()
        .flatten()
        .filter_map(|s| s["id"].as_str().map(str::to_owned))
        .collect();
    let categories = get(&client, &base, &auth, "/api/v1/categories").await?;
    let category_ids: Vec<String> = categories
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["id"].as_str().map(str::to_owned))
        .collect();
    let pick =
        |list: &[String], i: usize| list.get(i % list.len().max(1)).cloned().unwrap_or_default();
    let order = |i: usize| {
        orders[i % orders.len()]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let number = |i: usize| {
        orders[(i * 7) % orders.len()]["external_number"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let kinds: Vec<(&str, PathFor<'_>)> = vec![
        (
            "orders_first_page",
            Box::new(|_| "/api/v1/orders?limit=50".into()),
        ),
        (
            "orders_by_status",
            Box::new(|i| {
                format!(
                    "/api/v1/orders?limit=50&status={}",
                    ["purchasing", "needs_attention", "pending", "completed"][i % 4]
                )
            }),
        ),
        (
            "orders_by_platform",
            Box::new(|i| format!("/api/v1/orders?limit=50&platform={}", PLATFORMS[i % 4])),
        ),
        (
            "orders_search_customer",
            Box::new(|i| {
                format!(
                    "/api/v1/orders?limit=50&q={}",
                    ["lovelace", "hopper", "wei", "rossi"][i % 4]
                )
            }),
        ),
        (
            "orders_search_number",
            Box::new(move |i| format!("/api/v1/orders?limit=50&q={}", number(i))),
        ),
        (
            "order",
            Box::new(move |i| format!("/api/v1/orders/{}", order(i))),
        ),
        (
            "order_timeline",
            Box::new(move |i| format!("/api/v1/orders/{}/events", order(i + 1))),
        ),
        (
            "tasks_first_page",
            Box::new(|_| "/api/v1/tasks?limit=50".into()),
        ),
        (
            "tasks_by_status",
            Box::new(|i| {
                format!(
                    "/api/v1/tasks?limit=50&status={}",
                    ["assigned", "accepted", "shipped", "rejected"][i % 4]
                )
            }),
        ),
        (
            "tasks_by_category",
            Box::new(move |i| {
                format!(
                    "/api/v1/tasks?limit=50&category_id={}",
                    pick(&category_ids, i)
                )
            }),
        ),
        (
            "tasks_by_supplier",
            Box::new(move |i| {
                format!(
                    "/api/v1/tasks?limit=50&supplier_id={}",
                    pick(&supplier_ids, i)
                )
            }),
        ),
    ];
    for (kind, path) in &kinds {
        let mut latencies = Vec::with_capacity(args.requests);
        for i in 0..args.requests {
            let path = path(i);
            let t = Instant::now();
            get(&client, &base, &auth, &path).await?;
            latencies.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        print_latencies(kind, &mut latencies);
    }
    // Deep pages follow the cursors, so they are timed apart.
    let mut latencies = Vec::new();
    let mut cursor = String::new();
    for _ in 0..args.requests {
        let t = Instant::now();
        let page = get(
            &client,
            &base,
            &auth,
            &format!("/api/v1/orders?limit=50{cursor}"),
        )
        .await?;
        latencies.push(t.elapsed().as_secs_f64() * 1000.0);
        match page["next_cursor"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => cursor.clear(),
        }
    }
    print_latencies("orders_next_pages", &mut latencies);
    Ok(())
}

/// The path of the i-th request of a kind.
type PathFor<'a> = Box<dyn Fn(usize) -> String + 'a>;

fn print_latencies(kind: &str, latencies: &mut [f64]) {
    latencies.sort_by(f64::total_cmp);
    println!(
        "{}",
        json!({
            "kind": kind,
            "requests": latencies.len(),
            "p50_ms": round(percentile(latencies, 0.50)),
            "p99_ms": round(percentile(latencies, 0.99)),
            "max_ms": round(latencies.last().copied().unwrap_or(0.0)),
        })
    );
}

pub(crate) fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((sorted.len() as f64) * p).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

pub(crate) fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Peak resident set (VmHWM) of a process, from /proc.
fn peak_rss_mb(pid: u32) -> anyhow::Result<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("reading /proc/{pid}/status"))?;
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .context("no VmHWM in /proc status")?;
    Ok(round(kb / 1024.0))
}

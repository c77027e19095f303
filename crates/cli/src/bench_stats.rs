//! `orderhub bench stats`: every statistics request timed one at a time
//! against a running server, and — as the limit to compare with — the
//! same period's headline counted from the orders table directly.

use crate::bench::{percentile, round};
use clap::Args;
use orderhub_domain::stats::{Period, Range};
use serde_json::json;
use std::time::Instant;

#[derive(Args)]
pub struct StatsArgs {
    /// The server, e.g. http://127.0.0.1:8080.
    #[arg(long)]
    url: String,
    /// An operator or admin API token.
    #[arg(long, env = "ORDERHUB_TOKEN", hide_env_values = true)]
    token: String,
    /// Requests per kind.
    #[arg(long, default_value_t = 100)]
    requests: usize,
    /// The server's database, to time the headline counted from the
    /// orders table (the figure without kept sums).
    #[arg(long)]
    plain_database_url: Option<String>,
}

/// Each kind of request, with the range its figures cover.
fn kinds(today: i64) -> Vec<(String, String, Option<Range>)> {
    let mut out = Vec::new();
    for p in Period::ALL.iter().filter(|p| **p != Period::Custom) {
        let range = p.range(today, None).ok();
        out.push((
            format!("sales_{}", p.as_str()),
            format!("/api/v1/stats/sales?period={}", p.as_str()),
            range,
        ));
    }
    let two_years = Range {
        from: today - 729,
        to: today,
    };
    let (from, to) = (
        orderhub_domain::stats::iso(two_years.from),
        orderhub_domain::stats::iso(two_years.to),
    );
    out.push((
        "sales_two_years".into(),
        format!("/api/v1/stats/sales?period=custom&from={from}&to={to}"),
        Some(two_years),
    ));
    out.push((
        "sales_bands_90d".into(),
        "/api/v1/stats/sales?period=90d&bands=10,20,50,100,200,500".into(),
        None,
    ));
    out.push((
        "export_products_year".into(),
        "/api/v1/stats/sales/export?period=year&table=products&format=xlsx".into(),
        None,
    ));
    out.push((
        "suppliers_30d".into(),
        "/api/v1/stats/suppliers?period=30d".into(),
        None,
    ));
    out.push((
        "suppliers_two_years".into(),
        format!("/api/v1/stats/suppliers?period=custom&from={from}&to={to}"),
        None,
    ));
    out
}

pub async fn run(args: StatsArgs) -> anyhow::Result<()> {
    let client = orderhub_api::http_client().build()?;
    let base = args.url.trim_end_matches('/').to_owned();
    let auth = format!("Bearer {}", args.token);
    let plain = match &args.plain_database_url {
        Some(url) => Some(orderhub_store::Store::connect(url).await?),
        None => None,
    };
    let today = orderhub_store::Store::today();
    for (kind, path, range) in kinds(today) {
        let mut latencies = Vec::with_capacity(args.requests);
        for _ in 0..args.requests {
            let t = Instant::now();
            let r = client
                .get(format!("{base}{path}"))
                .header("authorization", &auth)
                .send()
                .await?;
            if !r.status().is_success() {
                anyhow::bail!("GET {path} answered {}", r.status());
            }
            r.bytes().await?;
            latencies.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        latencies.sort_by(f64::total_cmp);
        let p99 = percentile(&latencies, 0.99);
        let mut line = json!({
            "kind": kind,
            "requests": latencies.len(),
            "p50_ms": round(percentile(&latencies, 0.50)),
            "p99_ms": round(p99),
            "max_ms": round(latencies.last().copied().unwrap_or(0.0)),
        });
        if let (Some(store), Some(range)) = (&plain, range) {
            let t = Instant::now();
            store.headline_from_orders(range).await?;
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            line["orders_table_ms"] = json!(round(ms));
            line["orders_table_over_p99"] = json!(round(ms / p99.max(0.01)));
        }
        println!("{line}");
    }
    Ok(())
}

//! `orderhub bench upload`: a product upload over HTTP against its storage
//! limit measured in the same run (BENCHMARKS.md, "Product uploads").
//!
//! Builds a zip of `--products` rows, each with its own 600×600 JPEG, posts
//! it to a running server, and times the answer. The baseline writes the
//! same pictures the way the server does and the rows as plain SQL into a
//! fresh database ([`orderhub_store::Store::baseline_upload`]).

use anyhow::{Context, Result, ensure};
use clap::Args;
use serde_json::{Value, json};
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Args)]
pub struct UploadArgs {
    /// The server, e.g. http://127.0.0.1:8080.
    #[arg(long)]
    url: String,
    /// An operator or admin API token.
    #[arg(long, env = "ORDERHUB_TOKEN", hide_env_values = true)]
    token: String,
    #[arg(long, default_value_t = 1_000)]
    products: usize,
    /// A fresh database for the baseline (the same kind as the server's).
    #[arg(long)]
    baseline_database_url: String,
    /// The baseline's data directory, on the same disk as the server's.
    #[arg(long)]
    baseline_data_dir: PathBuf,
}

pub async fn run(args: UploadArgs) -> Result<()> {
    // new pictures every run: a stored picture (same bytes, same name) is
    // not written again, which would flatter a second run
    let salt: u32 = rand::random();
    let pictures: Vec<Vec<u8>> = (0..args.products).map(|i| picture(i, salt)).collect();
    let client = orderhub_api::http_client().build()?;
    let api = |path: &str| format!("{}/api/v1{path}", args.url.trim_end_matches('/'));
    let stamp = time::OffsetDateTime::now_utc().unix_timestamp_nanos();
    let post = |path: String, body: Value| {
        client
            .post(api(&path))
            .bearer_auth(&args.token)
            .json(&body)
            .send()
    };
    let name = format!("Bench {stamp}");
    let category: Value = post("/categories".into(), json!({ "name": name }))
        .await?
        .json()
        .await?;
    let zip = zip_of(&pictures, &name)?;
    let supplier: Value = post(
        "/suppliers".into(),
        json!({"name": format!("Bench maker {stamp}"), "categories": [category["id"]]}),
    )
    .await?
    .json()
    .await?;
    let supplier = supplier["id"].as_str().context("no supplier created")?;
    let path = api(&format!(
        "/products/upload?supplier_id={supplier}&currency=CNY"
    ));
    let started = Instant::now();
    let answer = client
        .post(path)
        .bearer_auth(&args.token)
        .body(zip.clone())
        .send()
        .await?;
    let status = answer.status();
    let report: Value = answer.json().await?;
    let seconds = started.elapsed().as_secs_f64();
    ensure!(
        status.is_success() && report["created"] == args.products,
        "upload refused: {status} {report}"
    );

    let store = orderhub_store::Store::connect(&args.baseline_database_url).await?;
    store.migrate().await?;
    let store = store.with_data_dir(&args.baseline_data_dir);
    let base = store.baseline_upload(pictures).await?;
    let per_sec = args.products as f64 / seconds;
    let line = json!({
        "products": args.products,
        "zip_bytes": zip.len(),
        "seconds": seconds,
        "products_per_sec": per_sec,
        "limit_products_per_sec": base.limit_products_per_sec,
        "efficiency": per_sec / base.limit_products_per_sec,
        "baseline_files_seconds": base.files_seconds,
        "baseline_rows_seconds": base.rows_seconds,
    });
    println!("{line}");
    Ok(())
}

/// Picture `i` of a run: 600×600, white, with `i` and the run's `salt`
/// written in blocks (so every picture is a different file).
fn picture(i: usize, salt: u32) -> Vec<u8> {
    let side = 600usize;
    let mut px = vec![255u8; side * side * 3];
    let bits = i as u64 | (u64::from(salt) << 20);
    for bit in 0..30 {
        if bits >> bit & 1 == 1 {
            let (bx, by) = (50 + (bit % 6) * 85, 50 + (bit / 6) * 100);
            for y in by..by + 60 {
                for x in bx..bx + 60 {
                    let at = (y * side + x) * 3;
                    px[at..at + 3].copy_from_slice(&[40, 90, 170]);
                }
            }
        }
    }
    let mut out = Vec::new();
    // encoding a fixed-size RGB buffer into a Vec cannot fail
    let _ = jpeg_encoder::Encoder::new(&mut out, 85).encode(
        &px,
        600,
        600,
        jpeg_encoder::ColorType::Rgb,
    );
    out
}

/// The sheet and the pictures, stored (a JPEG does not compress).
fn zip_of(pictures: &[Vec<u8>], category: &str) -> Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut sheet =
        String::from("code,title,category,specs,supplier_price,retail_price,main_image\n");
    for i in 0..pictures.len() {
        sheet.push_str(&format!(
            "B-{i},Bench product {i},{category},600 x 600,4.20,12.90,images/p{i}.jpg\n"
        ));
    }
    zip.start_file("products.csv", stored)?;
    zip.write_all(sheet.as_bytes())?;
    for (i, p) in pictures.iter().enumerate() {
        zip.start_file(format!("images/p{i}.jpg"), stored)?;
        zip.write_all(p)?;
    }
    Ok(zip.finish()?.into_inner())
}

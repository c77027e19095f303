//! Hostile files against the real binary: a tiny XLSX that spans the whole
//! sheet, JPEGs whose headers declare gigapixels (baseline and
//! progressive), sent many at once. Each is refused with a 4xx problem,
//! the server keeps answering meanwhile, and its peak memory stays low.

use crate::helpers::{TOKEN, TestApp, TestDb, client, read};
use crate::processes::start_with;
use crate::products::{jpeg, zip};
use futures::future::join_all;
use serde_json::json;
use std::time::{Duration, Instant};

crate::on_both_backends!(
    hostile_files_are_refused_and_memory_stays_low,
    slow_and_surplus_connections_are_closed
);

/// A workbook of a few KB with a value at A1 and one at XFD1048576.
pub fn far_cell_xlsx() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["order number", "product", "quantity", "unit price"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    book.save_to_buffer().unwrap()
}

/// A real 600×600 JPEG whose frame header is rewritten to declare
/// `side`×`side` pixels (what an attacker sends: a few KB).
pub fn declared(side: u16, progressive: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let pixels = vec![255u8; 600 * 600 * 3];
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 80);
    encoder.set_progressive(progressive);
    encoder
        .encode(&pixels, 600, 600, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    let sof = if progressive { 0xC2 } else { 0xC0 };
    let at = out
        .windows(2)
        .position(|w| w == [0xFF, sof])
        .expect("a frame header");
    // FF Cx, length (2), precision (1), height (2), width (2)
    out[at + 5..at + 7].copy_from_slice(&side.to_be_bytes());
    out[at + 7..at + 9].copy_from_slice(&side.to_be_bytes());
    out
}

/// The peak resident memory of a process, in MB (Linux).
fn peak_mb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("proc status");
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("VmHWM");
    kb / 1024
}

async fn hostile_files_are_refused_and_memory_stays_low(app: TestApp) {
    let files = app.db.files_dir();
    let files = files.to_str().unwrap();
    let server = start_with(&app.db.url, &[("ORDERHUB_DATA_DIR", files)]).await;
    let pid = server.child.id().expect("pid");
    let remote = TestApp::remote(&server.base, TestDb::borrowed(&app.db.url));
    let (_, suppliers) = remote.category_with_suppliers("Mugs", &["mug"], 1).await;
    let product = remote
        .post(
            "/api/v1/products",
            json!({"supplier_id": suppliers[0], "code": "M-1", "title": "Mug",
                   "category": "Mugs", "supplier_price": "2", "currency": "CNY"}),
        )
        .await
        .ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let http = client();
    let send = |path: String, body: Vec<u8>, put: bool| {
        let url = format!("{}{path}", server.base);
        let req = match put {
            true => http.put(url),
            false => http.post(url),
        };
        let req = req.bearer_auth(TOKEN).body(body);
        async move { read(req.send().await.expect("request")).await }
    };

    // the sheet that asked for a 550 GB range
    let xlsx = far_cell_xlsx();
    assert!(xlsx.len() < 10_000);
    let res = send(
        "/api/v1/imports/orders?name=o.xlsx".into(),
        xlsx.clone(),
        false,
    )
    .await;
    assert_eq!(
        res.problem(422, "invalid_rows")["errors"][0]["code"],
        "too_many_rows"
    );
    let upload = zip(&[("products.xlsx", &xlsx)]);
    let path = format!("/api/v1/products/upload?supplier_id={}", suppliers[0]);
    let res = send(path, upload, false).await;
    assert_eq!(
        res.problem(422, "invalid_rows")["errors"][0]["code"],
        "too_many_rows"
    );

    // pixel floods, many at once, as the main picture and as extras
    let floods = [
        declared(65_000, false),
        declared(65_000, true),
        declared(30_000, false),
        declared(20_000, true),
        declared(6_000, true),
    ];
    let mut sent = Vec::new();
    for round in 0..4 {
        for bytes in &floods {
            let main = round % 2 == 0;
            let path = match main {
                true => format!("/api/v1/products/{product}/images/main"),
                false => format!("/api/v1/products/{product}/images"),
            };
            sent.push(send(path, bytes.clone(), main));
        }
    }
    let started = Instant::now();
    let health = async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let t = Instant::now();
        let res = http
            .get(format!("{}/healthz", server.base))
            .send()
            .await
            .expect("healthz");
        (res.status().as_u16(), t.elapsed())
    };
    let (answers, (health, waited)) = tokio::join!(join_all(sent), health);
    for res in &answers {
        assert_eq!(
            res.problem(422, "image_dimensions_too_large")["field"],
            "body"
        );
    }
    assert_eq!(health, 200);
    assert!(waited < Duration::from_secs(2), "healthz waited {waited:?}");
    assert!(started.elapsed() < Duration::from_secs(20));

    // a picture within the limits still goes in
    let good = jpeg(640, 640, false);
    let path = format!("/api/v1/products/{product}/images/main");
    send(path, good, true).await.ok(200);
    let peak = peak_mb(pid);
    assert!(peak < 300, "peak memory {peak} MB");
}

/// Reads until the server closes the connection; how long that took
/// (`None`: still open after `within`).
async fn closed_within(stream: &mut tokio::net::TcpStream, within: Duration) -> Option<Duration> {
    use tokio::io::AsyncReadExt;
    let started = Instant::now();
    let mut buf = [0u8; 1024];
    loop {
        match tokio::time::timeout(within, stream.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some(started.elapsed()),
            Ok(Ok(_)) => {}
        }
    }
}

async fn slow_and_surplus_connections_are_closed(app: TestApp) {
    use tokio::io::AsyncWriteExt;
    use tokio::net::TcpStream;
    let files = app.db.files_dir();
    let env = [
        ("ORDERHUB_DATA_DIR", files.to_str().unwrap()),
        ("ORDERHUB_HEADER_TIMEOUT", "1"),
        ("ORDERHUB_MAX_CONNECTIONS", "4"),
    ];
    let server = start_with(&app.db.url, &env).await;
    let addr = server.base.trim_start_matches("http://").to_owned();

    // a slow loris: half a request line, then silence
    let mut slow = TcpStream::connect(&addr).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let took = closed_within(&mut slow, Duration::from_secs(5)).await;
    assert!(took.is_some(), "a silent client was held open");

    // four silent sockets fill the server; a fifth is closed at once
    let mut idle = Vec::new();
    for _ in 0..4 {
        idle.push(TcpStream::connect(&addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut surplus = TcpStream::connect(&addr).await.unwrap();
    let took = closed_within(&mut surplus, Duration::from_millis(800)).await;
    assert!(took.is_some(), "a connection over the limit was kept");
    // the silent ones time out, and the server serves again
    for s in &mut idle {
        assert!(closed_within(s, Duration::from_secs(5)).await.is_some());
    }
    let res = client()
        .get(format!("{}/healthz", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

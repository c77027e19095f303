//! The real binary: two `serve` processes on one PostgreSQL database, and
//! `kill -9` in the middle of a burst of orders.

use crate::concurrency::assert_rotation_exact;
use crate::helpers::{Backend, TOKEN, TestApp, TestDb, client, line, order_body, read};
use futures::future::join_all;
use serde_json::json;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::Mutex;

/// A running `orderhub serve`; killed (SIGKILL) when dropped.
pub(crate) struct Server {
    pub child: Child,
    pub base: String,
}

pub(crate) async fn start(db_url: &str) -> Server {
    start_with(db_url, &[]).await
}

/// [`start`] with more environment (`ORDERHUB_DATA_DIR`, …).
pub(crate) async fn start_with(db_url: &str, env: &[(&str, &str)]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_orderhub"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        // the tests' receivers listen on 127.0.0.1
        .env("ORDERHUB_ALLOW_PRIVATE_TARGETS", "true")
        .envs(env.iter().copied())
        .env("DATABASE_URL", db_url)
        .env("ORDERHUB_BOOTSTRAP_TOKEN", TOKEN)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("start orderhub");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let base = loop {
        let line = lines
            .next_line()
            .await
            .expect("read stdout")
            .expect("orderhub exited before listening");
        if let Some(rest) = line.strip_prefix("orderhub listening on ") {
            break rest.split_whitespace().next().expect("address").to_owned();
        }
    };
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Server { child, base }
}

crate::on_both_backends!(
    kill_dash_nine_loses_no_acknowledged_order,
    cli_manages_accounts_while_serving
);

/// Runs `orderhub ARGS` on `db_url` with `stdin`; returns stdout, asserting success.
async fn cli(db_url: &str, args: &[&str], stdin: &str) -> String {
    use tokio::io::AsyncWriteExt;
    let mut child = Command::new(env!("CARGO_BIN_EXE_orderhub"))
        .args(args)
        .env("DATABASE_URL", db_url)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run orderhub");
    let mut input = child.stdin.take().expect("stdin");
    input
        .write_all(stdin.as_bytes())
        .await
        .expect("write stdin");
    drop(input);
    let out = child.wait_with_output().await.expect("orderhub ran");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "orderhub {args:?} failed: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

async fn cli_manages_accounts_while_serving(app: TestApp) {
    let (_, s) = app.category_with_suppliers("Cups", &["mug"], 1).await;
    app.order("C-1", "purchasing", json!([line("Mug")]))
        .await
        .ok(201);
    let url = app.db.url.clone();
    // the first start on a database without accounts creates an admin, shown once
    let mut child = Command::new(env!("CARGO_BIN_EXE_orderhub"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("DATABASE_URL", &url)
        .env("ORDERHUB_BOOTSTRAP_TOKEN", TOKEN)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("start orderhub");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let (mut base, mut admin) = (String::new(), None);
    while let Some(line) = lines.next_line().await.expect("stdout") {
        if let Some(rest) = line.strip_prefix("orderhub listening on ") {
            base = rest.split_whitespace().next().unwrap().to_owned();
        }
        if let Some(rest) = line.strip_prefix("First admin account (password shown once): ") {
            let (email, password) = rest.split_once(" / ").unwrap();
            admin = Some((email.to_owned(), password.to_owned()));
            break;
        }
    }
    let (email, password) = admin.expect("an admin was created and printed");
    let remote = TestApp::remote(&base, TestDb::borrowed(&url));
    remote.login(&email, &password).await;

    // the CLI writes beside the running server
    let out = cli(
        &url,
        &[
            "user",
            "add",
            "--email",
            "maker@test.example",
            "--role",
            "supplier",
            "--supplier",
            "Cups supplier 0",
            "--password-stdin",
        ],
        "kiln-fired-42-pots\n",
    )
    .await;
    assert!(
        out.contains("created maker@test.example (supplier)"),
        "{out}"
    );
    let maker = remote
        .login("maker@test.example", "kiln-fired-42-pots")
        .await;
    let tasks = remote
        .send_as(&maker, reqwest::Method::GET, "/api/v1/tasks", None)
        .await
        .ok(200)
        .clone();
    assert_eq!(tasks["items"].as_array().unwrap().len(), 1);
    assert_eq!(tasks["items"][0]["supplier_id"], s[0].as_str());
    let out = cli(
        &url,
        &[
            "user",
            "reset-password",
            "--email",
            "MAKER@test.example",
            "--password-stdin",
        ],
        "glazed-twice-in-2026\n",
    )
    .await;
    assert!(out.contains("password changed"), "{out}");
    remote
        .send_as(&maker, reqwest::Method::GET, "/api/v1/auth/me", None)
        .await
        .problem(401, "unauthorized");
    remote
        .login("maker@test.example", "glazed-twice-in-2026")
        .await;
    let refused = Command::new(env!("CARGO_BIN_EXE_orderhub"))
        .args([
            "user",
            "add",
            "--email",
            "weak@test.example",
            "--role",
            "operator",
            "--password-stdin",
        ])
        .env("DATABASE_URL", &url)
        .stdin(Stdio::piped())
        .output()
        .await
        .unwrap();
    assert!(
        !refused.status.success(),
        "an empty password on stdin is refused"
    );

    let out = cli(
        &url,
        &[
            "token",
            "create",
            "--name",
            "erp",
            "--role",
            "supplier",
            "--supplier",
            &s[0],
        ],
        "",
    )
    .await;
    let token = out.lines().last().unwrap().trim().to_owned();
    let me = remote
        .send_as(
            &crate::helpers::Auth::Bearer(token),
            reqwest::Method::GET,
            "/api/v1/auth/me",
            None,
        )
        .await;
    assert_eq!(me.ok(200)["role"], "supplier");
    assert_eq!(me.body["supplier_id"], s[0].as_str());
    drop(child);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_serve_processes_on_one_postgres_keep_the_rotation() {
    let Some(db) = TestDb::new(Backend::Postgres).await else {
        return;
    };
    let a = start(&db.url).await;
    let b = start(&db.url).await;
    let app = TestApp::remote(&a.base, db);
    let (_, suppliers) = app.category_with_suppliers("Cups", &["mug"], 3).await;
    let c = client();
    let posts = (0..64).map(|i| {
        let url = format!(
            "{}/api/v1/orders",
            if i % 2 == 0 { &a.base } else { &b.base }
        );
        let c = c.clone();
        async move {
            let body = order_body(&format!("P-{i}"), "purchasing", json!([line("Mug")]));
            read(
                c.post(url)
                    .bearer_auth(TOKEN)
                    .json(&body)
                    .send()
                    .await
                    .unwrap(),
            )
            .await
        }
    });
    // the same order sent to both processes at once is taken in once
    let dupes = (0..2).map(|i| {
        let url = format!("{}/api/v1/orders", if i == 0 { &a.base } else { &b.base });
        let c = c.clone();
        async move {
            let body = order_body("P-dup", "pending", json!([line("Mug")]));
            read(
                c.post(url)
                    .bearer_auth(TOKEN)
                    .json(&body)
                    .send()
                    .await
                    .unwrap(),
            )
            .await
        }
    });
    let (results, dupes) = tokio::join!(join_all(posts), join_all(dupes));
    let orders: Vec<_> = results.iter().map(|r| r.ok(201).clone()).collect();
    assert_rotation_exact(&app, &orders, &suppliers).await;
    let mut statuses: Vec<u16> = dupes.iter().map(|r| r.status.as_u16()).collect();
    statuses.sort();
    assert_eq!(statuses, [200, 201]);
    assert_eq!(dupes[0].body["id"], dupes[1].body["id"]);

    // an Idempotency-Key used on one process is replayed by the other
    let body = order_body("P-key", "pending", json!([line("Mug")]));
    let send = |base: &str| {
        c.post(format!("{base}/api/v1/orders"))
            .bearer_auth(TOKEN)
            .header("Idempotency-Key", "k-1")
            .json(&body)
            .send()
    };
    let first = read(send(&a.base).await.unwrap()).await;
    let second = read(send(&b.base).await.unwrap()).await;
    assert_eq!(first.ok(201)["id"], second.ok(201)["id"]);
    assert_eq!(second.headers["idempotency-replayed"], "true");
}

async fn kill_dash_nine_loses_no_acknowledged_order(app: TestApp) {
    let (_, _) = app.category_with_suppliers("Cups", &["mug"], 2).await;
    let url = app.db.url.clone();
    let server = start(&url).await;
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let c = client();
    let base = server.base.clone();
    let workers = (0..8).map(|w| {
        let (c, base, acknowledged, stop) =
            (c.clone(), base.clone(), acknowledged.clone(), stop.clone());
        async move {
            let mut i = 0;
            while !stop.load(Ordering::SeqCst) {
                let number = format!("K-{w}-{i}");
                let body = order_body(&number, "purchasing", json!([line("Mug"), line("Mug")]));
                match c
                    .post(format!("{base}/api/v1/orders"))
                    .bearer_auth(TOKEN)
                    .json(&body)
                    .send()
                    .await
                {
                    Ok(r) if r.status().is_success() => acknowledged.lock().await.push(number),
                    Ok(r) => panic!("unexpected {}", r.status()),
                    Err(_) => break, // the server is gone
                }
                i += 1;
            }
        }
    });
    let killer = {
        let acknowledged = acknowledged.clone();
        let stop = stop.clone();
        let mut server = server;
        async move {
            while acknowledged.lock().await.len() < 150 {
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
            server.child.start_kill().expect("kill -9");
            server.child.wait().await.expect("reaped");
            stop.store(true, Ordering::SeqCst);
        }
    };
    tokio::join!(join_all(workers), killer);
    let acknowledged = acknowledged.lock().await.clone();
    assert!(acknowledged.len() >= 150);

    let again = start(&url).await;
    let after = TestApp::remote(&again.base, TestDb::borrowed(&url));
    let mut stored = std::collections::HashMap::new();
    let mut cursor = String::new();
    loop {
        let page = after
            .get(&format!("/api/v1/orders?limit=200{cursor}"))
            .await
            .ok(200)
            .clone();
        for o in page["items"].as_array().unwrap() {
            stored.insert(o["external_number"].as_str().unwrap().to_owned(), o.clone());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => break,
        }
    }
    for n in &acknowledged {
        assert!(stored.contains_key(n), "acknowledged order {n} was lost");
    }
    for (n, o) in &stored {
        // nothing half-done: every stored order is released with a task per line
        assert_eq!(o["status"], "purchasing", "{n}");
        assert_eq!(o["tasks"].as_array().unwrap().len(), 2, "{n}");
    }
    drop(after);
}

//! `orderhub backup` while the server runs, `orderhub restore` into a new
//! empty database and data directory: every table row for row the same,
//! every picture byte for byte; a restore into a database that is not
//! empty is refused and changes nothing.

use crate::helpers::{TestApp, TestDb, line};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

crate::on_both_backends!(a_backup_restores_to_an_identical_database);

async fn a_backup_restores_to_an_identical_database(app: TestApp) {
    let (_, s) = app.category_with_suppliers("Mugs", &["mug"], 2).await;
    for n in 0..6 {
        let lines = serde_json::json!([line("Mug 杯"), line("Mug, engraved")]);
        app.order(&format!("BK-{n}"), "purchasing", lines)
            .await
            .ok(201);
    }
    app.product_with_picture(&s[0], "BK-P").await;
    // a proof and a printed contract are files too
    let store = orderhub_store::Store::connect(&app.db.url)
        .await
        .unwrap()
        .with_data_dir(app.db.files_dir());
    let pdf = b"%PDF-1.4 a proof".to_vec();
    let proof = store
        .put_proof_file(pdf, orderhub_domain::proof::ProofKind::Pdf)
        .await
        .unwrap();
    let contract = store
        .put_document(b"%PDF-1.4 a contract".to_vec())
        .await
        .unwrap();

    let dir =
        std::env::temp_dir().join(format!("orderhub-backup-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("orderhub.zip");
    let run = |args: &[&str], db: &TestDb| {
        Command::new(env!("CARGO_BIN_EXE_orderhub"))
            .args(args)
            .env("DATABASE_URL", &db.url)
            .env("ORDERHUB_DATA_DIR", db.files_dir())
            .output()
            .expect("orderhub runs")
    };
    // an upload in progress leaves a temporary file beside the pictures
    let stray = app
        .db
        .files_dir()
        .join("images")
        .join("ab")
        .join(".upload.jpg.0190.tmp");
    std::fs::create_dir_all(stray.parent().unwrap()).unwrap();
    std::fs::write(&stray, b"half a picture").unwrap();
    let file_arg = file.to_str().unwrap();
    let out = run(&["backup", file_arg], &app.db);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // a backup never overwrites one
    assert!(!run(&["backup", file_arg], &app.db).status.success());

    let target = app.db.fresh_like().await;
    let out = run(&["restore", file_arg], &target);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // the statistics' queue is folded by whichever process looks first:
    // both sides fold it, so the sums compare as one state
    for url in [&app.db.url, &target.url] {
        let store = orderhub_store::Store::connect(url).await.unwrap();
        store.fold_statistics().await.unwrap();
        store.close().await;
    }
    let before = tables(&app.db.url).await;
    let after = tables(&target.url).await;
    assert!(
        before["orders"].len() >= 6 && before["tasks"].len() >= 12,
        "{:?}",
        before.keys()
    );
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (table, rows) in &before {
        // the scheduler's bookkeeping (last run, next run) moves on while
        // the server runs; its jobs are the same ones
        if table == "jobs" {
            assert_eq!(rows.len(), after[table].len(), "table jobs");
            continue;
        }
        assert_eq!(rows, &after[table], "table {table}");
    }
    let mut source = files(&app.db.files_dir());
    source.retain(|name, _| !name.ends_with(".tmp"));
    let restored = files(&target.files_dir());
    assert_eq!(source, restored, "the files, not the temporary one");
    let names: Vec<&str> = restored
        .keys()
        .map(|k| &k[..k.find('/').unwrap()])
        .collect();
    assert_eq!(
        names,
        ["documents", "images", "proofs"],
        "{:?}",
        restored.keys()
    );
    assert!(restored.keys().any(|k| k.ends_with(&proof)));
    assert!(restored.keys().any(|k| k.ends_with(&contract)));

    // not into a database that holds something
    let again = run(&["restore", file_arg], &target);
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("restore into"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(tables(&target.url).await, after);
    std::fs::remove_dir_all(&dir).ok();
}

/// Every table's rows as text, sorted.
async fn tables(url: &str) -> BTreeMap<String, Vec<String>> {
    use sqlx::Row;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.expect("pool");
    let sqlite = url.starts_with("sqlite");
    let names: Vec<String> = match sqlite {
        true => sqlx::query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"),
        false => sqlx::query("SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"),
    }
    .fetch_all(&pool)
    .await
    .unwrap()
    .iter()
    .map(|r| r.get::<String, _>("name"))
    .collect();
    let mut out = BTreeMap::new();
    for name in names {
        let select = match sqlite {
            true => {
                let cols: Vec<String> = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT name FROM pragma_table_info('{name}')"
                )))
                .fetch_all(&pool)
                .await
                .unwrap()
                .iter()
                .map(|r| format!("quote(\"{}\")", r.get::<String, _>("name")))
                .collect();
                format!("SELECT {} AS r FROM \"{name}\"", cols.join(" || '|' || "))
            }
            false => format!("SELECT t::text AS r FROM \"{name}\" t"),
        };
        let mut rows: Vec<String> = sqlx::query(sqlx::AssertSqlSafe(select))
            .fetch_all(&pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get::<String, _>("r"))
            .collect();
        rows.sort();
        out.insert(name, rows);
    }
    pool.close().await;
    out
}

/// (name, bytes) of every file under `dir`.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            match path.is_dir() {
                true => todo.push(path),
                false => {
                    let name = path.strip_prefix(dir).unwrap().display().to_string();
                    out.insert(name, std::fs::read(&path).unwrap());
                }
            }
        }
    }
    out
}

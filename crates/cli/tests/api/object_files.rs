//! Files in an S3-compatible bucket (issue 21, item 1), against moto's S3
//! server (PyPI `moto[server]`) on loopback: pictures are written to the
//! bucket before the row naming them commits and served from it with the
//! same checks; the sweeper removes only files no row names, after the
//! grace period; an unreachable bucket is a 503 and saves nothing.

use crate::cluster::free_port;
use crate::helpers::{TestApp, in_ci, read, serve_with};
use crate::products::{jpeg, send};
use orderhub_store::{Bucket, Files, Folder};
use reqwest::Method;
use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

crate::on_both_backends!(
    pictures_are_stored_and_served_from_a_bucket,
    the_sweeper_removes_only_files_no_row_names,
    an_unreachable_bucket_answers_503_and_saves_nothing,
    a_preview_waits_in_the_bucket_for_any_instance_and_is_taken_once
);

/// moto's S3 server on a free port; stopped when dropped.
struct Moto {
    child: Child,
    endpoint: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Moto {
    /// `None` when moto is not installed, outside CI.
    async fn start() -> Option<Moto> {
        Moto::start_on(free_port()).await
    }

    async fn start_on(port: u16) -> Option<Moto> {
        let child = match Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
        {
            Ok(c) => c,
            Err(e) if in_ci() => panic!("moto_server is required under CI=true: {e}"),
            Err(e) => {
                eprintln!("skipping the bucket test: moto_server: {e}");
                return None;
            }
        };
        let moto = Moto {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        let started = Instant::now();
        while reqwest::get(&moto.endpoint).await.is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "moto did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Some(moto)
    }

    /// A new empty bucket.
    async fn bucket(&self, name: &str) {
        let res = reqwest::Client::new()
            .put(format!("{}/{name}", self.endpoint))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "{:?}", res.text().await);
    }

    /// orderhub's files in `spec` (`bucket/prefix`) on this server.
    fn files(&self, spec: &str) -> Files {
        bucket_at(&self.endpoint, spec)
    }
}

fn bucket_at(endpoint: &str, spec: &str) -> Files {
    let settings = [
        ("aws_endpoint", endpoint),
        ("aws_region", "us-east-1"),
        ("aws_access_key_id", "orderhub-test"),
        ("aws_secret_access_key", "orderhub-test-secret"),
    ];
    Files::Bucket(Arc::new(Bucket::with_settings(spec, settings).unwrap()))
}

/// A server on `app`'s database whose files are `files`, the sweeper's
/// grace period `grace`.
async fn server(app: &TestApp, files: Files, grace: Duration) -> TestApp {
    let store = orderhub_store::Store::connect(&app.db.url)
        .await
        .unwrap()
        .with_data_dir(app.db.files_dir())
        .with_files(files);
    let config = orderhub_api::ApiConfig {
        files_grace: grace,
        ..Default::default()
    };
    let base = serve_with(store, config).await;
    TestApp::remote(&base, crate::helpers::TestDb::borrowed(&app.db.url))
}

/// A supplier's token and a product of theirs in a new category `name`:
/// `(token, product id)`.
async fn product(app: &TestApp, name: &str) -> (String, String) {
    let (_, suppliers) = app.category_with_suppliers(name, &[name], 1).await;
    let (_, own) = app.token(name, "supplier", Some(&suppliers[0])).await;
    let body = json!({"code": "M-1", "title": "Mug", "category": name,
                      "supplier_price": "2.5", "currency": "EUR"});
    let req = app
        .client
        .post(format!("{}/api/v1/products", app.base))
        .bearer_auth(&own)
        .json(&body);
    let res = read(req.send().await.unwrap()).await;
    let id = res.ok(201)["id"].as_str().unwrap().to_owned();
    (own, id)
}

async fn pictures_are_stored_and_served_from_a_bucket(app: TestApp) {
    let Some(moto) = Moto::start().await else {
        return;
    };
    moto.bucket("shop").await;
    let app = server(&app, moto.files("shop/eu-1"), Duration::from_secs(3600)).await;
    let (own, id) = product(&app, "Mugs").await;
    let picture = jpeg(700, 700, false);
    let images = format!("/api/v1/products/{id}/images");
    let res = send(
        &app,
        &own,
        Method::PUT,
        &format!("{images}/main"),
        picture.clone(),
    )
    .await;
    let name = res.ok(200)["main_image"].as_str().unwrap().to_owned();

    // in the bucket, under the prefix
    let bucket = moto.files("shop/eu-1");
    assert!(
        bucket
            .modified(Folder::Images, &name)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        moto.files("shop")
            .modified(Folder::Images, &name)
            .await
            .unwrap()
            .is_none(),
        "not outside the prefix"
    );
    assert!(
        !app.db.files_dir().join("images").exists(),
        "nothing was written beside the database"
    );

    // served from the bucket, with the same headers as from a folder
    let res = app
        .client
        .get(format!("{}{images}/{name}", app.base))
        .bearer_auth(&own)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let header = |h: &str| res.headers()[h].to_str().unwrap().to_owned();
    assert_eq!(header("content-type"), "image/jpeg");
    assert_eq!(
        header("content-security-policy"),
        "default-src 'none'; sandbox"
    );
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("content-length"), picture.len().to_string());
    let served = res.bytes().await.unwrap();
    assert!(served == picture, "the bytes sent are the bytes stored");

    // another instance on the same database and bucket serves it too
    let other = server(&app, moto.files("shop/eu-1"), Duration::from_secs(3600)).await;
    let res = send(
        &other,
        &own,
        Method::GET,
        &format!("{images}/{name}"),
        vec![],
    )
    .await;
    assert_eq!(res.status, 200);
    // a supplier never reaches another's product's pictures
    let (_, others) = app.category_with_suppliers("Bowls", &["bowl"], 1).await;
    let (_, stranger) = app.token("potter", "supplier", Some(&others[0])).await;
    send(
        &app,
        &stranger,
        Method::GET,
        &format!("{images}/{name}"),
        vec![],
    )
    .await
    .problem(404, "not_found");
}

/// The grace period of the test's sweeps: 2 s, as a bucket may give
/// times in whole seconds; the test waits 2.5 s to make a file old.
const GRACE: Duration = Duration::from_secs(2);

async fn the_sweeper_removes_only_files_no_row_names(app: TestApp) {
    let Some(moto) = Moto::start().await else {
        return;
    };
    moto.bucket("sweep").await;
    // the same test on the data directory and on the bucket
    let local = Files::local(app.db.files_dir());
    for (category, files) in [("Mugs", local), ("Bowls", moto.files("sweep/p"))] {
        let server = server(&app, files.clone(), Duration::from_secs(3600)).await;
        let store = orderhub_store::Store::connect(&app.db.url)
            .await
            .unwrap()
            .with_files(files.clone());
        let (own, id) = product(&server, category).await;
        let images = format!("/api/v1/products/{id}/images");
        let main = format!("{images}/main");
        let res = send(&server, &own, Method::PUT, &main, jpeg(700, 700, false)).await;
        let replaced = res.ok(200)["main_image"].as_str().unwrap().to_owned();
        let res = send(&server, &own, Method::PUT, &main, jpeg(800, 800, false)).await;
        let kept = res.ok(200)["main_image"].as_str().unwrap().to_owned();
        assert_ne!(kept, replaced);
        let stored = |name: String| {
            let files = files.clone();
            async move {
                let at = files.modified(Folder::Images, &name).await.unwrap();
                at.is_some()
            }
        };

        // a crash in the middle of a write leaves a temporary file in a
        // folder: no row names it either
        let leftover = match &files {
            Files::Local(dir) => {
                let name = format!(".{kept}.0190.tmp");
                let path = dir.join("images").join(&kept[..2]).join(name);
                std::fs::write(&path, b"half a picture").unwrap();
                Some(path)
            }
            Files::Bucket(_) => None,
        };
        let extra = u64::from(leftover.is_some());

        // the hourly job runs; within the grace period nothing goes
        assert_eq!(run_sweep(&server).await, 0);
        let swept = store.sweep_files(Duration::from_secs(3600)).await.unwrap();
        assert_eq!((swept.removed, swept.kept), (0, 2 + extra));
        assert!(stored(replaced.clone()).await);

        // past it, only the picture no product names any more
        tokio::time::sleep(Duration::from_millis(2500)).await;
        let swept = store.sweep_files(GRACE).await.unwrap();
        assert_eq!((swept.removed, swept.kept), (1 + extra, 1));
        assert!(leftover.is_none_or(|p| !p.exists()), "the leftover is gone");
        assert!(
            !stored(replaced.clone()).await,
            "the replaced picture is gone"
        );
        assert!(stored(kept.clone()).await, "the product's picture stays");
        let res = send(
            &server,
            &own,
            Method::GET,
            &format!("{images}/{kept}"),
            vec![],
        )
        .await;
        assert_eq!(res.status, 200);

        // An old file written again is young again: the same picture
        // uploaded anew while no row names it yet (its save not yet
        // committed) survives a sweep. Then it is named and stays.
        let res = send(
            &server,
            &own,
            Method::DELETE,
            &format!("{images}/{kept}"),
            vec![],
        )
        .await;
        assert_eq!(res.ok(200)["main_image"], Value::Null);
        tokio::time::sleep(Duration::from_millis(2500)).await;
        let again = store.put_image(jpeg(800, 800, false)).await.unwrap();
        assert_eq!(again, kept);
        let swept = store.sweep_files(GRACE).await.unwrap();
        assert_eq!(swept.removed, 0);
        let res = send(&server, &own, Method::POST, &images, jpeg(800, 800, false)).await;
        assert_eq!(res.ok(200)["extra_images"][0], Value::from(kept.clone()));
        tokio::time::sleep(Duration::from_millis(2500)).await;
        let swept = store.sweep_files(GRACE).await.unwrap();
        assert_eq!(swept.removed, 0);
        assert!(stored(kept).await);
    }
}

/// Runs the sweeper now and waits for it; the number of files it removed.
async fn run_sweep(app: &TestApp) -> i64 {
    let before = job(app).await["runs"].as_i64().unwrap_or(0);
    app.post("/api/v1/jobs/sweep_files/run", json!({}))
        .await
        .ok(202);
    let started = Instant::now();
    loop {
        let state = job(app).await;
        if state["runs"].as_i64().unwrap_or(0) > before && state["running_on"].is_null() {
            assert!(state["last_error"].is_null(), "{state}");
            return state["last_count"].as_i64().unwrap();
        }
        assert!(started.elapsed() < Duration::from_secs(20), "{state}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn job(app: &TestApp) -> Value {
    let jobs = app.get("/api/v1/jobs").await;
    let list = jobs.ok(200).as_array().cloned().unwrap_or_default();
    list.into_iter()
        .find(|j| j["name"] == "sweep_files")
        .unwrap_or(Value::Null)
}

async fn an_unreachable_bucket_answers_503_and_saves_nothing(app: TestApp) {
    let Some(moto) = Moto::start().await else {
        return;
    };
    moto.bucket("shop").await;
    let port = moto.endpoint.rsplit(':').next().unwrap().parse().unwrap();
    let app = server(&app, moto.files("shop"), Duration::from_secs(3600)).await;
    let (own, id) = product(&app, "Mugs").await;
    let images = format!("/api/v1/products/{id}/images");
    let main = format!("{images}/main");
    let put_main = |w: u16| send(&app, &own, Method::PUT, &main, jpeg(w, w, false));
    let stored = put_main(700).await.ok(200)["main_image"].clone();

    // the bucket goes away
    drop(moto);
    let started = Instant::now();
    let res = put_main(800).await;
    let detail = res.problem(503, "unavailable")["detail"].as_str().unwrap();
    assert!(detail.contains("file store"), "{detail}");
    assert_eq!(res.headers["retry-after"], "2");
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "answered within the retry limit, not after minutes"
    );
    // the product still names the picture it had: nothing half-written
    let product = send(
        &app,
        &own,
        Method::GET,
        &format!("/api/v1/products/{id}"),
        vec![],
    )
    .await;
    assert_eq!(product.ok(200)["main_image"], stored);
    // reading a picture the database names is a 503, not a 404 or a 500
    let path = format!("{images}/{}", stored.as_str().unwrap());
    send(&app, &own, Method::GET, &path, vec![])
        .await
        .problem(503, "unavailable");

    // back (moto keeps nothing: an empty bucket), without a restart of orderhub
    let moto = Moto::start_on(port).await.unwrap();
    moto.bucket("shop").await;
    let res = put_main(800).await;
    assert_ne!(res.ok(200)["main_image"], stored);
}

async fn a_preview_waits_in_the_bucket_for_any_instance_and_is_taken_once(app: TestApp) {
    let Some(moto) = Moto::start().await else {
        return;
    };
    moto.bucket("uploads").await;
    let instance = || async {
        orderhub_store::Store::connect(&app.db.url)
            .await
            .unwrap()
            .with_files(moto.files("uploads/x"))
    };
    let (one, two) = (instance().await, instance().await);
    let preview = orderhub_store::Preview {
        who: "ops@shop.example".into(),
        name: "orders.xlsx".into(),
        choices: vec!["shopify".into()],
    };
    let bytes = b"PK\x03\x04 a spreadsheet".to_vec();
    let token = one
        .keep_preview(preview.clone(), bytes.clone())
        .await
        .unwrap();
    // nothing in the data directory: another machine can finish it
    assert!(!app.db.files_dir().join("previews").exists());
    assert_eq!(
        two.take_preview("someone@else", &token).await.unwrap(),
        None
    );
    // two instances take it at once: exactly one gets it
    let (a, b) = tokio::join!(
        one.take_preview(&preview.who, &token),
        two.take_preview(&preview.who, &token)
    );
    let taken: Vec<_> = [a.unwrap(), b.unwrap()].into_iter().flatten().collect();
    assert_eq!(taken, vec![(preview.clone(), bytes)]);
    assert_eq!(one.take_preview(&preview.who, &token).await.unwrap(), None);
}

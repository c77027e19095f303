//! Test harness: the real server on a random port, over HTTP, on a
//! throw-away database of either backend.
//!
//! PostgreSQL tests use `ORDERHUB_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`) to create one database
//! per test and drop it afterwards. When PostgreSQL is unreachable they are
//! skipped with a message — except under `CI=true`, where they fail.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

pub const TOKEN: &str = "test-admin-token-0123456789abcdef0123456789";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A throw-away database; removed when dropped (unless borrowed).
pub struct TestDb {
    pub url: String,
    backend: Backend,
    name: String,
    owned: bool,
}

fn pg_admin_url() -> String {
    std::env::var("ORDERHUB_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

async fn pg_admin() -> Option<sqlx::PgConnection> {
    use sqlx::Connection;
    match sqlx::PgConnection::connect(&pg_admin_url()).await {
        Ok(c) => Some(c),
        Err(e) if in_ci() => panic!("PostgreSQL is required under CI=true: {e}"),
        Err(e) => {
            eprintln!("skipping PostgreSQL test: {e}");
            None
        }
    }
}

impl TestDb {
    /// `None` only when PostgreSQL is unreachable outside CI.
    pub async fn new(backend: Backend) -> Option<TestDb> {
        static N: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "orderhub_test_{}_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst),
            uuid::Uuid::now_v7().simple()
        );
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join("orderhub-tests");
                std::fs::create_dir_all(&dir).expect("temp dir");
                let path = dir.join(format!("{name}.db"));
                Some(TestDb {
                    url: format!("sqlite://{}", path.display()),
                    backend,
                    name: path.display().to_string(),
                    owned: true,
                })
            }
            Backend::Postgres => {
                use sqlx::Executor;
                let mut admin = pg_admin().await?;
                admin
                    .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .await
                    .expect("create database");
                let base = pg_admin_url();
                let root = &base[..base.rfind('/').expect("url has a database")];
                Some(TestDb {
                    url: format!("{root}/{name}"),
                    backend,
                    name,
                    owned: true,
                })
            }
        }
    }
}

impl TestDb {
    /// The data directory of the servers on this database (pictures).
    pub fn files_dir(&self) -> std::path::PathBuf {
        let tail = self.url.rsplit(['/', '\\']).next().unwrap_or("db");
        std::env::temp_dir()
            .join("orderhub-tests")
            .join(format!("files-{}", tail.trim_end_matches(".db")))
    }

    /// A new empty database of the same backend (a restore target).
    pub async fn fresh_like(&self) -> TestDb {
        TestDb::new(self.backend).await.expect("the same backend")
    }

    /// Another handle on a database someone else owns and drops.
    pub fn borrowed(url: &str) -> TestDb {
        TestDb {
            url: url.to_owned(),
            backend: Backend::Sqlite,
            name: String::new(),
            owned: false,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if !self.owned {
            return;
        }
        let _ = std::fs::remove_dir_all(self.files_dir());
        match self.backend {
            Backend::Sqlite => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", self.name));
                }
            }
            Backend::Postgres => {
                let name = self.name.clone();
                // A separate thread and runtime: Drop cannot await.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .expect("runtime");
                    rt.block_on(async {
                        use sqlx::{Connection, Executor};
                        if let Ok(mut c) = sqlx::PgConnection::connect(&pg_admin_url()).await {
                            let _ = c
                                .execute(sqlx::AssertSqlSafe(format!(
                                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                                )))
                                .await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// The server under test and a client for it.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub db: TestDb,
}

/// A response: status, headers and JSON body (`Value::Null` if not JSON).
pub struct Res {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Res {
    /// Asserts a problem+json answer with this status and code; returns the body.
    #[track_caller]
    pub fn problem(&self, status: u16, code: &str) -> &Value {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
        let ct = self
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert_eq!(ct, "application/problem+json", "body: {}", self.body);
        assert_eq!(self.body["code"], code, "body: {}", self.body);
        assert_eq!(self.body["status"], status);
        for key in ["type", "title", "detail"] {
            assert!(
                self.body[key].is_string(),
                "problem lacks {key}: {}",
                self.body
            );
        }
        &self.body
    }

    #[track_caller]
    pub fn ok(&self, status: u16) -> &Value {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
        &self.body
    }
}

impl TestApp {
    /// `None` only for PostgreSQL when it is unreachable outside CI.
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        let db = TestDb::new(backend).await?;
        let store = orderhub_store::Store::connect(&db.url)
            .await
            .expect("connect");
        store.migrate().await.expect("migrate");
        store
            .put_token("test", "admin", TOKEN)
            .await
            .expect("token");
        // webhook retries in milliseconds, not minutes
        let store = store
            .with_webhook_speedup(1000)
            .with_data_dir(db.files_dir());
        Some(TestApp {
            base: serve_in_process(store).await,
            client: client(),
            db,
        })
    }

    /// Another server on this test's database, its store adjusted by
    /// `adjust` (e.g. a small search window).
    pub async fn another_server(
        &self,
        adjust: impl FnOnce(orderhub_store::Store) -> orderhub_store::Store,
    ) -> TestApp {
        let store = orderhub_store::Store::connect(&self.db.url)
            .await
            .expect("connect");
        let store = store.with_data_dir(self.db.files_dir());
        let base = serve_in_process(adjust(store)).await;
        TestApp::remote(&base, TestDb::borrowed(&self.db.url))
    }

    /// Another server on this test's database with `config` (a payment
    /// provider, other limits); marketplace fakes on 127.0.0.1 allowed.
    pub async fn with_config(self, config: orderhub_api::ApiConfig) -> TestApp {
        let store = orderhub_store::Store::connect(&self.db.url)
            .await
            .expect("connect");
        let store = store.with_data_dir(self.db.files_dir());
        let config = orderhub_api::ApiConfig {
            allow_private_targets: true,
            ..config
        };
        let base = serve_with(store, config).await;
        TestApp { base, ..self }
    }

    /// A client for a server started elsewhere (a separate process).
    pub fn remote(base: &str, db: TestDb) -> TestApp {
        TestApp {
            base: base.to_owned(),
            client: client(),
            db,
        }
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Res {
        let mut req = self
            .client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(TOKEN);
        if let Some(b) = body {
            req = req.json(b);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        read(req.send().await.expect("request")).await
    }

    pub async fn get(&self, path: &str) -> Res {
        self.send(Method::GET, path, None, &[]).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Res {
        self.send(Method::POST, path, Some(&body), &[]).await
    }

    pub async fn put(&self, path: &str, body: Value) -> Res {
        self.send(Method::PUT, path, Some(&body), &[]).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Res {
        self.send(Method::PATCH, path, Some(&body), &[]).await
    }

    /// Sends raw bytes with the given content type.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        content_type: Option<&str>,
        body: &'static str,
    ) -> Res {
        let mut req = self
            .client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(TOKEN)
            .body(body);
        if let Some(ct) = content_type {
            req = req.header("content-type", ct);
        }
        read(req.send().await.expect("request")).await
    }

    /// A category with `n` suppliers named `<name> supplier <i>`; returns
    /// (category id, supplier ids in rotation order).
    pub async fn category_with_suppliers(
        &self,
        name: &str,
        keywords: &[&str],
        n: usize,
    ) -> (String, Vec<String>) {
        let c = self
            .post(
                "/api/v1/categories",
                json!({ "name": name, "keywords": keywords }),
            )
            .await;
        let id = c.ok(201)["id"].as_str().expect("id").to_owned();
        let mut suppliers = Vec::new();
        for i in 0..n {
            let s = self
                .post(
                    "/api/v1/suppliers",
                    json!({ "name": format!("{name} supplier {i}"), "categories": [id] }),
                )
                .await;
            suppliers.push(s.ok(201)["id"].as_str().expect("id").to_owned());
        }
        (id, suppliers)
    }

    /// Posts raw bytes (a file) as the admin token.
    pub async fn post_bytes(&self, path: &str, body: impl Into<reqwest::Body>) -> Res {
        let url = format!("{}{path}", self.base);
        let req = self.client.post(url).bearer_auth(TOKEN).body(body);
        read(req.send().await.expect("request")).await
    }

    /// An order's events (its timeline), oldest first.
    pub async fn order_events(&self, order: &Value) -> Vec<Value> {
        let id = order["id"].as_str().expect("order id");
        let events = self
            .get(&format!("/api/v1/orders/{id}/events"))
            .await
            .ok(200)
            .clone();
        let list = events["items"].as_array().or(events.as_array());
        list.expect("events").clone()
    }

    /// Creates an order and returns the response.
    pub async fn order(&self, number: &str, status: &str, lines: Value) -> Res {
        self.post("/api/v1/orders", order_body(number, status, lines))
            .await
    }

    /// Moves a task through `assigned → … → shipped` as its supplier would.
    pub async fn ship_task(&self, task: &str) {
        self.ship_task_with(task, "DHL", "1234567890").await;
    }

    /// [`TestApp::ship_task`] with this carrier and tracking number.
    pub async fn ship_task_with(&self, task: &str, carrier: &str, tracking: &str) {
        for to in ["accepted", "in_production", "produced"] {
            self.post(
                &format!("/api/v1/tasks/{task}/transitions"),
                json!({ "to": to }),
            )
            .await
            .ok(200);
        }
        let ship = json!({"to": "shipped", "carrier": carrier, "tracking_number": tracking});
        self.post(&format!("/api/v1/tasks/{task}/transitions"), ship)
            .await
            .ok(200);
    }

    pub async fn count_orders(&self) -> usize {
        self.get("/api/v1/orders?limit=200").await.ok(200)["items"]
            .as_array()
            .map_or(0, Vec::len)
    }
}

/// Serves `store` in this process on a free port; returns the base URL.
async fn serve_in_process(store: orderhub_store::Store) -> String {
    // the tests' receivers and marketplace fakes listen on 127.0.0.1
    let config = orderhub_api::ApiConfig {
        allow_private_targets: true,
        ..Default::default()
    };
    serve_with(store, config).await
}

/// Serves `store` with `config` in this process; returns the base URL.
pub async fn serve_with(store: orderhub_store::Store, config: orderhub_api::ApiConfig) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(orderhub_api::serve(
        listener,
        store,
        config,
        std::future::pending(),
    ));
    format!("http://{addr}")
}

/// `req` as `auth` sends it (a session also sends its CSRF token).
pub fn authed(req: reqwest::RequestBuilder, auth: &Auth) -> reqwest::RequestBuilder {
    match auth {
        Auth::Anonymous => req,
        Auth::Bearer(t) => req.bearer_auth(t),
        Auth::Session { cookie, csrf } => req
            .header("cookie", format!("orderhub_session={cookie}"))
            .header("x-csrf-token", csrf),
    }
}

pub fn client() -> reqwest::Client {
    orderhub_api::http_client()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client")
}

pub async fn read(res: reqwest::Response) -> Res {
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.bytes().await.expect("body");
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Res {
        status,
        headers,
        body,
    }
}

pub fn order_body(number: &str, status: &str, lines: Value) -> Value {
    json!({
        "platform": "etsy", "external_number": number, "currency": "USD", "status": status,
        "customer": { "name": "Ada Lovelace", "email": "ada@example.com" },
        "shipping_address": { "country": "GB", "city": "London" },
        "lines": lines
    })
}

pub fn line(title: &str) -> Value {
    json!({ "title": title, "quantity": 1, "unit_price": "10.00" })
}

/// How a request authenticates.
#[derive(Debug, Clone)]
pub enum Auth {
    Anonymous,
    Bearer(String),
    /// A browser session: the cookie value and its CSRF token.
    Session {
        cookie: String,
        csrf: String,
    },
}

impl TestApp {
    /// Sends a request as `auth` (with the CSRF header for sessions).
    pub async fn send_as(
        &self,
        auth: &Auth,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Res {
        let req = self.client.request(method, format!("{}{path}", self.base));
        let mut req = authed(req, auth);
        if let Some(b) = body {
            req = req.json(b);
        }
        read(req.send().await.expect("request")).await
    }

    /// Signs in; returns the session, or panics with the answer.
    pub async fn login(&self, email: &str, password: &str) -> Auth {
        let res = self
            .send_as(
                &Auth::Anonymous,
                Method::POST,
                "/api/v1/auth/login",
                Some(&json!({"email": email, "password": password})),
            )
            .await;
        res.ok(200);
        let cookie = session_cookie(&res).expect("session cookie");
        Auth::Session {
            cookie,
            csrf: res.body["csrf_token"].as_str().expect("csrf").to_owned(),
        }
    }

    /// Creates an account through the API (as admin).
    pub async fn user(
        &self,
        email: &str,
        role: &str,
        supplier: Option<&str>,
        password: &str,
    ) -> Value {
        let mut body = json!({"email": email, "role": role, "password": password});
        if let Some(s) = supplier {
            body["supplier"] = json!(s);
        }
        if role == "purchaser" {
            body["buyer"] = json!("Acme Procurement");
        }
        self.post("/api/v1/users", body).await.ok(201).clone()
    }

    /// A product in `supplier`'s catalogue with a main picture (a real
    /// 600×600 JPEG): its picture's path on the API.
    pub async fn product_with_picture(&self, supplier: &str, code: &str) -> String {
        let product = json!({"supplier_id": supplier, "code": code, "title": "Mug", "category": "Mugs", "supplier_price": "3.30"});
        let id = self.post("/api/v1/products", product).await.ok(201)["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let put = self
            .client
            .put(format!("{}/api/v1/products/{id}/images/main", self.base))
            .bearer_auth(TOKEN)
            .body(crate::products::jpeg(600, 600, false))
            .send()
            .await
            .unwrap();
        let name = read(put).await.ok(200)["main_image"]
            .as_str()
            .unwrap()
            .to_owned();
        format!("/api/v1/products/{id}/images/{name}")
    }

    /// Creates an API token through the API (as admin); returns (id, secret).
    pub async fn token(&self, name: &str, role: &str, supplier: Option<&str>) -> (String, String) {
        let mut body = json!({"name": name, "role": role});
        if let Some(s) = supplier {
            body["supplier"] = json!(s);
        }
        let t = self.post("/api/v1/tokens", body).await.ok(201).clone();
        (
            t["id"].as_str().unwrap().to_owned(),
            t["token"].as_str().unwrap().to_owned(),
        )
    }

    /// Runs SQL on the test database (to age sessions and the like).
    pub async fn sql(&self, statement: &'static str) {
        use sqlx::Executor;
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&self.db.url).await.expect("pool");
        pool.execute(statement).await.expect("sql");
        pool.close().await;
    }
}

/// The session id from a `Set-Cookie` header.
pub fn session_cookie(res: &Res) -> Option<String> {
    res.headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("orderhub_session="))
        .map(|v| v.split(';').next().unwrap_or_default().to_owned())
        .filter(|v| !v.is_empty())
}

/// Generates, for each listed async test `fn name(app: TestApp)`, one test
/// on SQLite and one on PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let app = $crate::helpers::TestApp::spawn($crate::helpers::Backend::Sqlite).await.expect("sqlite");
                    super::$name(app).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(app) = $crate::helpers::TestApp::spawn($crate::helpers::Backend::Postgres).await else { return };
                    super::$name(app).await;
                }
            )+
        }
    };
}

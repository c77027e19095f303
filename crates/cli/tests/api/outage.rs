//! PostgreSQL out of reach under load (issue 21, item 2, first step): a
//! proxy between orderhub and the database cuts every connection and
//! refuses new ones for a while. Meanwhile orderhub answers 503
//! problem+json (never a 500, never a hang past its timeout); afterwards
//! it takes orders again by itself, and every order it acknowledged is
//! stored.

use crate::helpers::{Backend, TOKEN, TestDb, client};
use crate::processes::start;
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Mutex;
use tokio::task::JoinHandle;

/// A TCP proxy to PostgreSQL that can be cut.
struct Proxy {
    port: u16,
    down: Arc<AtomicBool>,
    links: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Proxy {
    async fn start(upstream: String) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let down = Arc::new(AtomicBool::new(false));
        let links: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let (d, l) = (down.clone(), links.clone());
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if d.load(Ordering::SeqCst) {
                    drop(inbound); // refused: closed at once
                    continue;
                }
                let upstream = upstream.clone();
                l.lock().await.push(tokio::spawn(async move {
                    if let Ok(mut out) = TcpStream::connect(&upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut out).await;
                    }
                }));
            }
        });
        Proxy { port, down, links }
    }

    /// Every open connection is cut, and new ones are refused.
    async fn cut(&self) {
        self.down.store(true, Ordering::SeqCst);
        for link in self.links.lock().await.drain(..) {
            link.abort();
        }
    }

    fn restore(&self) {
        self.down.store(false, Ordering::SeqCst);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_out_of_reach_answers_503_and_recovers() {
    let Some(db) = TestDb::new(Backend::Postgres).await else {
        return;
    };
    // postgres://user@host:port/name → the same through the proxy
    let (head, rest) = db.url.split_once('@').unwrap();
    let (hostport, name) = rest.split_once('/').unwrap();
    let proxy = Proxy::start(hostport.to_owned()).await;
    let through = format!("{head}@127.0.0.1:{}/{name}", proxy.port);
    let server = start(&through).await;
    let c = client();
    let base = server.base.clone();
    let post = move |n: String| {
        let (c, base) = (c.clone(), base.clone());
        async move {
            let body = json!({"platform": "shopify", "external_number": n, "currency": "USD",
                "customer": {"name": "Ada Lovelace"},
                "lines": [{"title": "Blue mug", "quantity": 1, "unit_price": "9.00"}]});
            let started = Instant::now();
            let r = c
                .post(format!("{base}/api/v1/orders"))
                .bearer_auth(TOKEN)
                .json(&body)
                .send()
                .await
                .expect("orderhub answers");
            let status = r.status().as_u16();
            let kind = r
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            (status, kind, started.elapsed())
        }
    };
    // 32 clients, each placing orders one after another, before, during
    // and after a 10 s cut
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let refused = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..32)
        .map(|w| {
            let (post, acknowledged, refused, stop) = (
                post.clone(),
                acknowledged.clone(),
                refused.clone(),
                stop.clone(),
            );
            tokio::spawn(async move {
                let mut i = 0;
                while !stop.load(Ordering::SeqCst) {
                    let n = format!("O-{w}-{i}");
                    let (status, kind, took) = post(n.clone()).await;
                    match status {
                        200 | 201 => acknowledged.lock().await.push(n),
                        _ => {
                            refused.lock().await.push((n, status, kind, took));
                            // as a client told to retry later would
                            tokio::time::sleep(Duration::from_secs(1)).await;
                        }
                    }
                    i += 1;
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(2)).await;
    proxy.cut().await;
    tokio::time::sleep(Duration::from_secs(10)).await;
    proxy.restore();
    // recovered by itself: a new order goes through within 30 s
    let back = Instant::now();
    let recovered = loop {
        let (status, _, _) = post(format!("after-{}", back.elapsed().as_millis())).await;
        if status == 201 {
            break true;
        }
        if back.elapsed() > Duration::from_secs(30) {
            break false;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    stop.store(true, Ordering::SeqCst);
    for w in workers {
        w.await.unwrap();
    }
    assert!(
        recovered,
        "no order went through within 30 s of the database coming back"
    );
    let refused = refused.lock().await.clone();
    assert!(!refused.is_empty(), "the cut refused nothing");
    for (n, status, kind, took) in &refused {
        assert_eq!(*status, 503, "order {n}: {status} ({kind})");
        assert_eq!(kind, "application/problem+json", "order {n}");
        assert!(*took < Duration::from_secs(35), "order {n} waited {took:?}");
    }
    // every acknowledged order is stored (read past the proxy)
    let acknowledged = acknowledged.lock().await.clone();
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&db.url).await.unwrap();
    let stored: Vec<String> = sqlx::query_scalar("SELECT external_number FROM orders")
        .fetch_all(&pool)
        .await
        .unwrap();
    let stored: std::collections::HashSet<String> = stored.into_iter().collect();
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|n| !stored.contains(*n))
        .collect();
    assert!(lost.is_empty(), "acknowledged but not stored: {lost:?}");
    eprintln!(
        "outage: {} acknowledged, {} refused with 503 during the cut",
        acknowledged.len(),
        refused.len()
    );
    pool.close().await;
    drop(server);
}

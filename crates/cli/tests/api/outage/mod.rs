//! The database out of reach under load (issue 21, item 2): 32 clients
//! place orders while PostgreSQL is cut off behind a proxy
//! ([`proxy`]), restarted ([`restart`]), or while SQLite's disk is full
//! ([`disk_full`]). Meanwhile orderhub answers 503 problem+json (never a
//! 500, never a hang past its timeout); afterwards it takes orders again
//! by itself, its workers carry on, and every order it acknowledged is
//! stored.

mod disk_full;
mod proxy;
mod restart;

use crate::helpers::{TOKEN, client};
use serde_json::json;
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::Mutex;
use tokio::task::JoinHandle;

/// An order request's outcome: status, content type, time taken.
type Answer = (u16, String, Duration);

/// Places order `number` (with `note`, to make rows bigger) at `base`.
async fn place(c: &reqwest::Client, base: &str, number: &str, note: &str) -> Answer {
    let body = json!({"platform": "shopify", "external_number": number, "currency": "USD",
        "customer": {"name": "Ada Lovelace"}, "note": note,
        "lines": [{"title": "Blue mug", "quantity": 1, "unit_price": "9.00"}]});
    let started = Instant::now();
    let r = c
        .post(format!("{base}/api/v1/orders"))
        .bearer_auth(TOKEN)
        .json(&body)
        .send()
        .await
        .expect("orderhub answers");
    let kind = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (r.status().as_u16(), kind, started.elapsed())
}

/// Clients placing orders one after another until stopped; a client
/// told 503 waits a second, as one told to retry later would.
struct Load {
    base: String,
    note: String,
    acknowledged: Arc<Mutex<Vec<String>>>,
    refused: Arc<Mutex<Vec<(String, Answer)>>>,
    /// The longest an acknowledged order took.
    slowest: Arc<Mutex<Duration>>,
    stop: Arc<AtomicBool>,
    clients: Vec<JoinHandle<()>>,
}

impl Load {
    /// `n` clients on `base`, each order carrying `note`.
    fn start(base: &str, n: usize, note: &str) -> Load {
        let mut load = Load {
            base: base.to_owned(),
            note: note.to_owned(),
            acknowledged: Arc::default(),
            refused: Arc::default(),
            slowest: Arc::default(),
            stop: Arc::default(),
            clients: Vec::new(),
        };
        for w in 0..n {
            let (c, base, note) = (client(), load.base.clone(), load.note.clone());
            let (acknowledged, refused, slowest, stop) = (
                load.acknowledged.clone(),
                load.refused.clone(),
                load.slowest.clone(),
                load.stop.clone(),
            );
            load.clients.push(tokio::spawn(async move {
                let mut i = 0;
                while !stop.load(Ordering::SeqCst) {
                    let n = format!("O-{w}-{i}");
                    let answer = place(&c, &base, &n, &note).await;
                    match answer.0 {
                        200 | 201 => {
                            acknowledged.lock().await.push(n);
                            let mut slowest = slowest.lock().await;
                            *slowest = (*slowest).max(answer.2);
                        }
                        _ => {
                            refused.lock().await.push((n, answer));
                            tokio::time::sleep(Duration::from_secs(1)).await;
                        }
                    }
                    i += 1;
                }
            }));
        }
        load
    }

    /// Waits until an order goes through again (`false` after `within`).
    async fn recovers(&self, within: Duration) -> bool {
        let c = client();
        let back = Instant::now();
        loop {
            let n = format!("after-{}", back.elapsed().as_micros());
            if place(&c, &self.base, &n, &self.note).await.0 == 201 {
                self.acknowledged.lock().await.push(n);
                return true;
            }
            if back.elapsed() > within {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// The longest an acknowledged order took so far.
    async fn slowest(&self) -> Duration {
        *self.slowest.lock().await
    }

    /// Stops the clients; the orders acknowledged and the refusals.
    async fn stop(self) -> (Vec<String>, Vec<(String, Answer)>) {
        self.stop.store(true, Ordering::SeqCst);
        for c in self.clients {
            c.await.unwrap();
        }
        let acknowledged = self.acknowledged.lock().await.clone();
        let refused = self.refused.lock().await.clone();
        (acknowledged, refused)
    }
}

/// Every refusal was a prompt 503 problem+json.
#[track_caller]
fn only_prompt_503s(refused: &[(String, Answer)], within: Duration) {
    for (n, (status, kind, took)) in refused {
        assert_eq!(*status, 503, "order {n}: {status} ({kind})");
        assert_eq!(kind, "application/problem+json", "order {n}");
        assert!(*took < within, "order {n} waited {took:?}");
    }
}

/// Every acknowledged order is in the database at `url` (read directly).
async fn none_lost(url: &str, acknowledged: &[String]) {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    let stored: Vec<String> = sqlx::query_scalar("SELECT external_number FROM orders")
        .fetch_all(&pool)
        .await
        .unwrap();
    pool.close().await;
    let stored: HashSet<String> = stored.into_iter().collect();
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|n| !stored.contains(*n))
        .collect();
    assert!(lost.is_empty(), "acknowledged but not stored: {lost:?}");
}

//! PostgreSQL out of reach: a proxy between orderhub and the database
//! cuts every connection and refuses new ones for 10 s.

use super::{Load, none_lost, only_prompt_503s};
use crate::helpers::{Backend, TestDb};
use crate::processes::start;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
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
    // 32 clients before, during and after a 10 s cut
    let load = Load::start(&server.base, 32, "");
    tokio::time::sleep(Duration::from_secs(2)).await;
    proxy.cut().await;
    tokio::time::sleep(Duration::from_secs(10)).await;
    proxy.restore();
    let recovered = load.recovers(Duration::from_secs(30)).await;
    let (acknowledged, refused) = load.stop().await;
    assert!(
        recovered,
        "no order went through within 30 s of the database coming back"
    );
    assert!(!refused.is_empty(), "the outage refused nothing");
    only_prompt_503s(&refused, Duration::from_secs(35));
    // every acknowledged order is stored (read past the proxy)
    none_lost(&db.url, &acknowledged).await;
    eprintln!(
        "outage: {} acknowledged, {} refused with 503 during the cut",
        acknowledged.len(),
        refused.len()
    );
    drop(server);
}

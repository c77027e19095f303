//! Local fakes of what notifications are sent to: an SMTP sink, and the
//! DingTalk, Feishu and WeCom robot endpoints, each checking the
//! signature its platform documents before it answers success.

use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::sync::Mutex;

/// An SMTP server that accepts everything and keeps each message's data.
#[derive(Clone, Default)]
pub struct SmtpSink {
    pub url: String,
    pub mails: Arc<Mutex<Vec<String>>>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let sink = SmtpSink {
            url: format!("smtp://{}", listener.local_addr().unwrap()),
            mails: Arc::default(),
        };
        let mails = sink.mails.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let mails = mails.clone();
                tokio::spawn(async move {
                    let _ = session(socket, mails).await;
                });
            }
        });
        sink
    }

    /// The messages, once at least `n` arrived (or after 15 s).
    pub async fn wait_for(&self, n: usize) -> Vec<String> {
        for _ in 0..300 {
            let got = self.mails.lock().await.clone();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.mails.lock().await.clone()
    }
}

async fn session(
    socket: tokio::net::TcpStream,
    mails: Arc<Mutex<Vec<String>>>,
) -> std::io::Result<()> {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    write.write_all(b"220 sink ESMTP\r\n").await?;
    while let Some(line) = lines.next_line().await? {
        let verb = line
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let answer: &[u8] = match verb.as_str() {
            "EHLO" | "HELO" => b"250-sink\r\n250 8BITMIME\r\n",
            "DATA" => {
                write.write_all(b"354 go on\r\n").await?;
                let mut data = String::new();
                while let Some(l) = lines.next_line().await? {
                    if l == "." {
                        break;
                    }
                    data.push_str(&l);
                    data.push('\n');
                }
                mails.lock().await.push(data);
                b"250 queued\r\n"
            }
            "QUIT" => {
                write.write_all(b"221 bye\r\n").await?;
                return Ok(());
            }
            _ => b"250 OK\r\n",
        };
        write.write_all(answer).await?;
    }
    Ok(())
}

fn hmac_b64(key: &[u8], message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(message);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// What a robot fake took: the platform and the JSON posted.
pub type Posted = (String, Value);

/// The three robot platforms on one local server: `/dingtalk/{secret}`,
/// `/feishu/{secret}` and `/wecom?key=…`. A request whose signature is
/// wrong (or too old) gets the platform's refusal; while `down`, every
/// request gets 503.
#[derive(Clone, Default)]
pub struct RobotFakes {
    pub base: String,
    pub taken: Arc<Mutex<Vec<Posted>>>,
    pub refused: Arc<Mutex<Vec<Posted>>>,
    pub down: Arc<AtomicBool>,
}

fn fresh(ts_ms: i64) -> bool {
    let now = time::OffsetDateTime::now_utc().unix_timestamp() * 1000;
    (now - ts_ms).abs() < 3_600_000
}

impl RobotFakes {
    pub async fn start() -> RobotFakes {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let fakes = RobotFakes {
            base: format!("http://{}", listener.local_addr().unwrap()),
            ..Default::default()
        };
        let (ding, lark, wecom) = (fakes.clone(), fakes.clone(), fakes.clone());
        let app = axum::Router::new()
            .route(
                "/dingtalk/{secret}",
                axum::routing::post(
                    move |Path(secret): Path<String>, Query(q): Query<HashMap<String, String>>, body: Bytes| {
                        let f = ding.clone();
                        async move {
                            let ts: i64 = q.get("timestamp").and_then(|t| t.parse().ok()).unwrap_or(0);
                            let expected = hmac_b64(secret.as_bytes(), format!("{ts}\n{secret}").as_bytes());
                            let ok = q.get("access_token").is_some_and(|t| t == "tok")
                                && q.get("sign") == Some(&expected)
                                && fresh(ts);
                            f.answer("dingtalk", ok, &body, json!({"errcode": 310000, "errmsg": "sign not match"}))
                                .await
                        }
                    },
                ),
            )
            .route(
                "/feishu/{secret}",
                axum::routing::post(move |Path(secret): Path<String>, body: Bytes| {
                    let f = lark.clone();
                    async move {
                        let v: Value = serde_json::from_slice(&body).unwrap_or_default();
                        let ts: i64 = v["timestamp"].as_str().and_then(|t| t.parse().ok()).unwrap_or(0);
                        let expected = hmac_b64(format!("{ts}\n{secret}").as_bytes(), b"");
                        let ok = v["sign"] == expected.as_str() && fresh(ts * 1000);
                        f.answer("feishu", ok, &body, json!({"code": 19021, "msg": "sign match fail or timestamp is not within one hour from current time"}))
                            .await
                    }
                }),
            )
            .route(
                "/wecom",
                axum::routing::post(move |Query(q): Query<HashMap<String, String>>, body: Bytes| {
                    let f = wecom.clone();
                    async move {
                        let ok = q.get("key").is_some_and(|k| k == "wkey");
                        f.answer("wecom", ok, &body, json!({"errcode": 93000, "errmsg": "invalid webhook url"}))
                            .await
                    }
                }),
            );
        tokio::spawn(async move { axum::serve(listener, app).await });
        fakes
    }

    async fn answer(
        &self,
        kind: &str,
        ok: bool,
        body: &[u8],
        refusal: Value,
    ) -> (StatusCode, String) {
        if self.down.load(Ordering::SeqCst) {
            return (StatusCode::SERVICE_UNAVAILABLE, String::new());
        }
        let posted = (
            kind.to_owned(),
            serde_json::from_slice(body).unwrap_or_default(),
        );
        match ok {
            true => {
                self.taken.lock().await.push(posted);
                let done = match kind {
                    "feishu" => json!({"code": 0, "msg": "success", "data": {}}),
                    _ => json!({"errcode": 0, "errmsg": "ok"}),
                };
                (StatusCode::OK, done.to_string())
            }
            false => {
                self.refused.lock().await.push(posted);
                (StatusCode::OK, refusal.to_string())
            }
        }
    }

    /// What the robots took, once each of `kinds` has at least one (or
    /// after 15 s).
    pub async fn wait_for(&self, kinds: &[&str]) -> Vec<Posted> {
        for _ in 0..300 {
            let got = self.taken.lock().await.clone();
            if kinds.iter().all(|k| got.iter().any(|(g, _)| g == k)) {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.taken.lock().await.clone()
    }
}

/// A server as [`crate::helpers::TestApp::spawn`] starts one, with `config` (targets on 127.0.0.1 allowed)
/// and the store adjusted by `adjust` (a clock a test moves on).
pub async fn spawn_with(
    backend: crate::helpers::Backend,
    config: orderhub_api::ApiConfig,
    adjust: impl FnOnce(orderhub_store::Store) -> orderhub_store::Store,
) -> Option<crate::helpers::TestApp> {
    let db = crate::helpers::TestDb::new(backend).await?;
    let store = orderhub_store::Store::connect(&db.url)
        .await
        .expect("connect");
    store.migrate().await.expect("migrate");
    store
        .put_token("test", "admin", crate::helpers::TOKEN)
        .await
        .expect("token");
    let store = adjust(
        store
            .with_webhook_speedup(1000)
            .with_data_dir(db.files_dir()),
    );
    let config = orderhub_api::ApiConfig {
        allow_private_targets: true,
        ..config
    };
    Some(crate::helpers::TestApp {
        base: crate::helpers::serve_with(store, config).await,
        client: crate::helpers::client(),
        db,
    })
}

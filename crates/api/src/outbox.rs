//! The webhook worker: sends due outbox messages, signed as Standard
//! Webhooks says (`webhook-id`, `webhook-timestamp`, `webhook-signature`),
//! and records every attempt. It runs beside the server, never inside a
//! request: a slow or failing receiver delays only its own messages.

use orderhub_channels::outbound::sign;
use orderhub_store::{Due, Store, webhook_body};
use std::time::{Duration, Instant};

/// Messages claimed at a time, and how long a claim holds.
const BATCH: i64 = 16;
const LEASE_MS: i64 = 60_000;
/// How often the outbox is looked at.
const IDLE: Duration = Duration::from_millis(250);
/// A receiver has this long to answer.
const TIMEOUT: Duration = Duration::from_secs(10);

/// Starts the worker on the current runtime.
pub fn start(store: Store, allow_private: bool) {
    let client = crate::egress::client(allow_private)
        .timeout(TIMEOUT)
        .user_agent(concat!("orderhub-webhooks/", env!("CARGO_PKG_VERSION")))
        .build();
    let Ok(client) = client else {
        tracing::error!("webhook worker: no HTTP client; webhooks will not be sent");
        return;
    };
    tokio::spawn(async move {
        let mut pause = IDLE;
        loop {
            tokio::time::sleep(pause).await;
            match store.claim_messages(BATCH, LEASE_MS).await {
                Ok(due) => {
                    pause = IDLE;
                    let mut sends = tokio::task::JoinSet::new();
                    for message in due {
                        let (store, client) = (store.clone(), client.clone());
                        sends.spawn(
                            async move { send(&store, &client, message, allow_private).await },
                        );
                    }
                    while sends.join_next().await.is_some() {}
                }
                Err(e) => {
                    // the database is away: ask again less and less often
                    pause = (pause * 2).min(Duration::from_secs(30));
                    tracing::warn!(error = %e, retry_in = ?pause, "webhook worker: claiming failed");
                }
            }
        }
    });
}

async fn send(store: &Store, client: &reqwest::Client, message: Due, allow_private: bool) {
    let body = webhook_body(&message).to_string();
    let timestamp = time::OffsetDateTime::now_utc().unix_timestamp();
    let started = Instant::now();
    // names are checked as they resolve; an address written as an IP is
    // checked here (an endpoint saved before the rule, or allowed then)
    let target = crate::egress::check_url("url", &message.url, allow_private);
    let result = match sign(&message.secret, &message.id, timestamp, body.as_bytes()) {
        _ if target.is_err() => Err(target.err().map(|e| e.detail).unwrap_or_default()),
        None => Err("the endpoint's secret is not a whsec_ key".to_owned()),
        Some(signature) => client
            .post(&message.url)
            .header("content-type", "application/json")
            .header("webhook-id", &message.id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(body)
            .send()
            .await
            .map(|r| r.status().as_u16())
            .map_err(|e| e.to_string()),
    };
    let took = started.elapsed().as_millis() as i64;
    let (status, error) = match result {
        Ok(status) => (Some(status), None),
        Err(e) => (None, Some(e)),
    };
    if let Err(e) = store.record_attempt(&message, status, error, took).await {
        // the claim lapses and the message is tried again
        tracing::warn!(error = %e, message = %message.id, "webhook worker: recording failed");
    }
}

//! The tracking worker: asks the tracking provider where shipped parcels
//! are (`orderhub_channels::tracking` is the protocol) and records what
//! it says; a delivered parcel marks its task, and the last one of a
//! shipped order completes it. Each parcel is looked at once per
//! `every`; the look is claimed in the database, so instances share them.

use crate::TrackingConfig;
use orderhub_channels::tracking;
use orderhub_domain::Party;
use orderhub_domain::model::Actor;
use orderhub_store::Store;
use std::time::Duration;

/// Parcels asked about per round.
const BATCH: i64 = 20;
/// The most of an answer read.
const MAX_ANSWER: usize = 1 << 20;

/// Starts the worker on the current runtime.
pub fn start(store: Store, config: TrackingConfig, allow_private: bool) {
    let client = crate::egress::client(allow_private)
        .timeout(Duration::from_secs(20))
        .user_agent(concat!("orderhub/", env!("CARGO_PKG_VERSION")))
        .build();
    let Ok(client) = client else {
        tracing::error!("tracking worker: no HTTP client; parcels will not be followed");
        return;
    };
    let actor = Actor {
        label: "orderhub:tracking".into(),
        party: Party::Operator,
    };
    // a round at most every 30 s, more often when parcels are due sooner
    let tick = config
        .every
        .clamp(Duration::from_millis(50), Duration::from_secs(30));
    let every_ms = i64::try_from(config.every.as_millis()).unwrap_or(i64::MAX);
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(tick).await;
            let parcels = match store.claim_tracking(BATCH, every_ms).await {
                Ok(p) => p,
                Err(e) => {
                    tracing::warn!(error = %e, "tracking worker: claiming failed");
                    continue;
                }
            };
            for (task, carrier, number) in parcels {
                match ask(&client, &config, &carrier, &number, allow_private).await {
                    Ok(events) => {
                        if let Err(e) = store.record_tracking(&actor, &task, &events).await {
                            tracing::warn!(error = %e, task = %task, "tracking worker: recording failed");
                        }
                    }
                    // asked again at the next look
                    Err(e) => {
                        tracing::info!(error = %e, task = %task, "tracking worker: no answer")
                    }
                }
            }
        }
    });
}

async fn ask(
    client: &reqwest::Client,
    config: &TrackingConfig,
    carrier: &str,
    number: &str,
    allow_private: bool,
) -> Result<Vec<orderhub_domain::carrier::tracking::TrackingEvent>, String> {
    crate::egress::check_url("url", &config.url, allow_private).map_err(|e| e.detail)?;
    let mut req = client
        .post(&config.url)
        .json(&tracking::request(carrier, number));
    if let Some(key) = &config.key {
        req = req.bearer_auth(key);
    }
    let res = req.send().await.map_err(|e| e.to_string())?;
    match res.status().as_u16() {
        404 => return Ok(Vec::new()),
        200..=299 => {}
        s => return Err(format!("the provider answered {s}")),
    }
    let body = crate::fulfil::read_capped(res, MAX_ANSWER).await?;
    let value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
    tracking::events(&value)
}

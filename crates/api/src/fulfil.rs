//! The fulfilment worker: pushes due shipments to their marketplaces
//! (`orderhub_channels::fulfil` says which calls; this makes them) and
//! records each try. It runs beside the server, never inside a request;
//! a claim in the database lets one instance push a fulfilment at a time.

use base64::Engine;
use orderhub_channels::ChannelKind;
use orderhub_channels::fulfil::{self, Access, Body, Flow, Method, Step, Verdict};
use orderhub_channels::poll;
use orderhub_store::{DuePush, PushOutcome, Store};
use serde_json::Value;
use std::time::Duration;

const BATCH: i64 = 8;
const LEASE_MS: i64 = 120_000;
const IDLE: Duration = Duration::from_millis(500);
const TIMEOUT: Duration = Duration::from_secs(30);
/// The most calls one push makes (a flow has at most four).
const MAX_CALLS: usize = 8;
/// The most of an answer read: the platforms' order documents are far smaller.
const MAX_ANSWER: usize = 4 << 20;

/// Starts the worker on the current runtime.
pub fn start(store: Store, allow_private: bool) {
    let client = crate::egress::client(allow_private)
        .timeout(TIMEOUT)
        .user_agent(concat!(
            "orderhub/",
            env!("CARGO_PKG_VERSION"),
            " (Language=Rust)"
        ))
        .build();
    let Ok(client) = client else {
        tracing::error!("fulfilment worker: no HTTP client; shipments will not be reported");
        return;
    };
    tokio::spawn(async move {
        let mut pause = IDLE;
        loop {
            tokio::time::sleep(pause).await;
            match store.claim_pushes(BATCH, LEASE_MS).await {
                Ok(due) => {
                    pause = IDLE;
                    for push in due {
                        let outcome = run(&client, &push, allow_private).await;
                        if let Err(e) = store.record_push(&push, outcome).await {
                            // the claim lapses and the push is tried again
                            tracing::warn!(error = %e, fulfilment = %push.id, "fulfilment worker: recording failed");
                        }
                    }
                }
                Err(e) => {
                    pause = (pause * 2).min(Duration::from_secs(30));
                    tracing::warn!(error = %e, retry_in = ?pause, "fulfilment worker: claiming failed");
                }
            }
        }
    });
}

/// How to reach the channel's API, from its settings.
fn access(due: &DuePush) -> Result<Access, String> {
    let s = &due.settings;
    let notify_buyer = s.notify_buyer.unwrap_or(true);
    let kind = due.channel.kind;
    match kind {
        ChannelKind::Etsy | ChannelKind::Amazon => {
            let p = due
                .poll
                .as_ref()
                .ok_or("the channel has no API access (set its poll settings)")?;
            Ok(Access {
                api_base: p
                    .api_base
                    .clone()
                    .or(fulfil::default_base(kind).map(str::to_owned))
                    .unwrap_or_default(),
                headers: poll::headers(kind, p),
                shop_id: p.shop_id.clone(),
                marketplace_id: p.marketplace_ids.first().cloned(),
                notify_buyer,
                ..Default::default()
            })
        }
        ChannelKind::Shopify => Ok(Access {
            api_base: s.api_base.clone().unwrap_or_default(),
            headers: vec![(
                "x-shopify-access-token",
                s.access_token.clone().unwrap_or_default(),
            )],
            notify_buyer,
            ..Default::default()
        }),
        ChannelKind::Woocommerce => Ok(Access {
            api_base: s.api_base.clone().unwrap_or_default(),
            basic: Some((
                s.consumer_key.clone().unwrap_or_default(),
                s.consumer_secret.clone().unwrap_or_default(),
            )),
            notify_buyer,
            ..Default::default()
        }),
    }
}

/// One push, to its end or its first failure.
async fn run(client: &reqwest::Client, due: &DuePush, allow_private: bool) -> PushOutcome {
    if due.push.upstream_order_id.is_empty() {
        return PushOutcome::Refused("the marketplace's id of the order is unknown".into());
    }
    let access = match access(due) {
        Ok(a) => a,
        Err(e) => return PushOutcome::Refused(e),
    };
    let mut flow = Flow::new(due.channel.kind, due.push.clone(), access.clone());
    let mut answer = Value::Null;
    for _ in 0..MAX_CALLS {
        let request = match flow.next(&answer) {
            Step::Done(upstream) => return PushOutcome::Sent(upstream),
            Step::Refused(why) => return PushOutcome::Refused(why),
            Step::Send(r) => r,
        };
        answer = match call(client, &access, request, allow_private).await {
            Ok(body) => body,
            Err(outcome) => return outcome,
        };
    }
    PushOutcome::Refused("the marketplace's answers did not settle the push".into())
}

/// One call: its 2xx answer's body, or what the failure means.
async fn call(
    client: &reqwest::Client,
    access: &Access,
    r: fulfil::Request,
    allow_private: bool,
) -> Result<Value, PushOutcome> {
    crate::egress::check_url("url", &r.url, allow_private)
        .map_err(|e| PushOutcome::Refused(format!("{}: {}", r.url, e.detail)))?;
    let mut req = match r.method {
        Method::Get => client.get(&r.url),
        Method::Post => client.post(&r.url),
        Method::Put => client.put(&r.url),
    };
    for (k, v) in &access.headers {
        req = req.header(*k, v);
    }
    if let Some((user, secret)) = &access.basic {
        let pair = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{secret}"));
        req = req.header("authorization", format!("Basic {pair}"));
    }
    req = match r.body {
        Some(Body::Json(v)) => req.json(&v),
        Some(Body::Form(f)) => req.form(&f),
        None => req,
    };
    let res = req
        .send()
        .await
        .map_err(|e| PushOutcome::Retry(format!("{}: {e}", r.url)))?;
    let status = res.status().as_u16();
    let bytes = read_capped(res, MAX_ANSWER)
        .await
        .map_err(|e| PushOutcome::Retry(format!("{}: {e}", r.url)))?;
    let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    if (200..300).contains(&status) {
        return Ok(body);
    }
    let said = fulfil::refusal_text(status, &body);
    Err(match fulfil::verdict(status) {
        Verdict::Retry => PushOutcome::Retry(said),
        Verdict::Refused => PushOutcome::Refused(said),
    })
}

/// An answer's body, refusing one larger than `max` bytes as it streams.
pub(crate) async fn read_capped(mut res: reqwest::Response, max: usize) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    while let Some(chunk) = res.chunk().await.map_err(|e| e.to_string())? {
        if out.len() + chunk.len() > max {
            return Err(format!("the answer is larger than {max} bytes"));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

//! The marketplace poller: asks Etsy and Amazon for orders changed since
//! each channel's watermark (`orderhub_channels::poll` says what to ask and
//! how fast), applies them exactly as an import would, and saves where the
//! pass stands after every page. One instance polls a channel at a time
//! (a lease in the database); a pass that stops — a crash, a rate limit
//! that asks for long, an error — resumes at its last saved page.

use crate::routes::channels::{actor_of, settings_of};
use orderhub_channels::poll::{self, Bucket, Call};
use orderhub_channels::{Channel, ChannelKind};
use orderhub_store::{PollState, Store};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long a pass holds its channel; every saved page extends it.
const LEASE_MS: i64 = 10 * 60_000;
/// How often due passes are looked for.
const TICK: Duration = Duration::from_secs(1);
/// A 429 asking for longer than this ends the pass; the next starts then.
const LONGEST_WAIT_MS: i64 = 120_000;
/// The longest pause after failures (each failed pass doubles it).
const MAX_BACKOFF_MS: i64 = 3_600_000;

/// Each channel's buckets, kept across passes.
type Buckets = Arc<Mutex<HashMap<(String, Call), Bucket>>>;

/// Starts the poller on the current runtime.
pub fn start(store: Store, allow_private: bool) {
    let client = crate::egress::client(allow_private)
        .timeout(Duration::from_secs(60))
        .user_agent(concat!(
            "orderhub/",
            env!("CARGO_PKG_VERSION"),
            " (Language=Rust)"
        ))
        .build();
    let Ok(client) = client else {
        tracing::error!("poller: no HTTP client; channels will not be polled");
        return;
    };
    let buckets: Buckets = Default::default();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(TICK).await;
            let due = match store.claim_polls(LEASE_MS).await {
                Ok(due) => due,
                Err(e) => {
                    tracing::warn!(error = %e, "poller: claiming failed");
                    continue;
                }
            };
            let mut passes = tokio::task::JoinSet::new();
            for state in due {
                let (store, client, buckets) = (store.clone(), client.clone(), buckets.clone());
                passes.spawn(
                    async move { run(&store, &client, &buckets, state, allow_private).await },
                );
            }
            while passes.join_next().await.is_some() {}
        }
    });
}

/// Why a pass stopped before the end.
enum Stop {
    /// The platform asks to wait this long (ms).
    RateLimited(i64),
    Failed(String),
}

/// One pass, to its end or its first stop; then the next is scheduled.
async fn run(
    store: &Store,
    client: &reqwest::Client,
    buckets: &Buckets,
    mut st: PollState,
    allow_private: bool,
) {
    let channel = match store.get_channel(&st.channel_id).await {
        Ok(c) => c,
        Err(e) => return tracing::warn!(error = %e, "poller: channel unreadable"),
    };
    let mut pass = Pass {
        store,
        client,
        buckets,
        channel: &channel,
        refreshed: false,
        skipped: Vec::new(),
        allow_private,
    };
    let result = pass.pages(&mut st).await;
    let now = crate::now_ms();
    let interval = st
        .settings
        .interval_seconds
        .unwrap_or(poll::DEFAULT_INTERVAL_SECONDS)
        * 1000;
    let skipped = std::mem::take(&mut pass.skipped);
    (st.next_run_at, st.failures, st.last_error) = match result {
        Ok(()) => (
            now + interval,
            0,
            (!skipped.is_empty()).then(|| skipped.join("; ")),
        ),
        Err(Stop::RateLimited(ms)) => (
            now + ms,
            st.failures,
            Some(format!("rate limited: waiting {ms} ms")),
        ),
        Err(Stop::Failed(why)) => {
            let backoff = (interval << st.failures.min(16)).min(MAX_BACKOFF_MS);
            tracing::warn!(channel = %channel.name, error = %why, "poller: pass failed");
            (now + backoff, st.failures + 1, Some(why))
        }
    };
    if let Err(e) = store.finish_poll(&st).await {
        tracing::warn!(error = %e, "poller: saving the pass failed; its lease will lapse");
    }
}

/// What a call answered.
enum Answer {
    Json(Value),
    Unauthorized,
}

struct Pass<'a> {
    store: &'a Store,
    client: &'a reqwest::Client,
    buckets: &'a Buckets,
    channel: &'a Channel,
    /// A refused token is refreshed once per pass.
    refreshed: bool,
    /// Orders that could not be read, for the status.
    skipped: Vec<String>,
    /// Whether private addresses may be called (see `egress`).
    allow_private: bool,
}

impl Pass<'_> {
    /// Lists pages until the pass is done, saving the cursor after each.
    async fn pages(&mut self, st: &mut PollState) -> Result<(), Stop> {
        let kind = self.channel.kind;
        loop {
            let url = poll::list_url(kind, &st.settings, &st.cursor);
            let call = st.settings.list_call(kind);
            let body = self.get(st, call, &url).await?;
            let page =
                poll::list_page(kind, &body, st.cursor.page.as_deref()).map_err(Stop::Failed)?;
            for order in &page.orders {
                // Amazon v0 lists orders without their items; v2026-01-01
                // has them inline
                let payload = match kind {
                    ChannelKind::Amazon if !st.settings.amazon_2026() => {
                        self.with_items(st, order).await?
                    }
                    _ => order.clone(),
                };
                self.apply(st, &payload).await?;
            }
            st.cursor.page = page.next;
            if st.cursor.page.is_none() {
                st.cursor.query_from = st.cursor.query_from.max(st.cursor.high);
            }
            self.store
                .save_poll_page(st, LEASE_MS)
                .await
                .map_err(|e| Stop::Failed(e.to_string()))?;
            if st.cursor.page.is_none() {
                return Ok(());
            }
        }
    }

    /// Maps and takes one order as an import would; the watermark follows.
    async fn apply(&mut self, st: &mut PollState, payload: &Value) -> Result<(), Stop> {
        let upstream = match self.channel.kind.map(payload, &settings_of(self.channel)) {
            Ok(u) => u,
            Err(e) => {
                // one unreadable order must not stop the channel for good
                tracing::warn!(channel = %self.channel.name, error = %e, "poller: order skipped");
                self.skipped.push(format!("an order was skipped: {e}"));
                return Ok(());
            }
        };
        let updated = (upstream.updated_at.unix_timestamp_nanos() / 1_000_000) as i64;
        let actor = actor_of(self.channel);
        match self
            .store
            .receive(&actor, self.channel, upstream, &[])
            .await
        {
            Ok(r) => {
                if r.outcome == orderhub_channels::Outcome::Created {
                    let platform = self.channel.kind.as_str();
                    crate::metrics::orders_created(platform, crate::metrics::Intake::Poll, 1);
                }
            }
            Err(orderhub_store::StoreError::Invalid(e)) => {
                self.skipped.push(format!("an order was refused: {e}"));
            }
            Err(e) => return Err(Stop::Failed(e.to_string())),
        }
        st.cursor.high = st.cursor.high.max(updated);
        st.orders_seen += 1;
        Ok(())
    }

    /// Amazon: an order with its items, as `{"order", "items"}`.
    async fn with_items(&mut self, st: &mut PollState, order: &Value) -> Result<Value, Stop> {
        let id = poll::amazon_order_id(order)
            .ok_or_else(|| Stop::Failed("an order without AmazonOrderId".into()))?;
        let (mut items, mut next) = (Vec::new(), None);
        loop {
            let url = poll::items_url(&st.settings, id, next.as_deref());
            let body = self.get(st, Call::OrderItems, &url).await?;
            let (more, token) = poll::items_page(&body).map_err(Stop::Failed)?;
            items.extend(more);
            next = token;
            if next.is_none() {
                break;
            }
        }
        Ok(json!({ "order": order, "items": { "AmazonOrderId": id, "OrderItems": items } }))
    }

    /// A GET within the call's rate; a refused token is refreshed once.
    async fn get(&mut self, st: &mut PollState, call: Call, url: &str) -> Result<Value, Stop> {
        loop {
            match self.call(st, call, url).await? {
                Answer::Json(v) => return Ok(v),
                Answer::Unauthorized if !self.refreshed => {
                    self.refreshed = true;
                    self.refresh(st).await?;
                }
                Answer::Unauthorized => {
                    return Err(Stop::Failed(
                        "the platform refuses the access token (401/403)".into(),
                    ));
                }
            }
        }
    }

    async fn call(&self, st: &PollState, call: Call, url: &str) -> Result<Answer, Stop> {
        let kind = self.channel.kind;
        loop {
            self.turn(call).await;
            self.reachable(url)?;
            let mut req = self.client.get(url);
            for (k, v) in poll::headers(kind, &st.settings) {
                req = req.header(k, v);
            }
            let res = req
                .send()
                .await
                .map_err(|e| Stop::Failed(format!("{url}: {e}")))?;
            let status = res.status().as_u16();
            if status == 429 {
                let header = |n: &str| {
                    res.headers()
                        .get(n)
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned)
                };
                let wait = poll::retry_after_ms(kind, call, header);
                self.rest(call, wait);
                if wait > LONGEST_WAIT_MS {
                    return Err(Stop::RateLimited(wait));
                }
                continue;
            }
            if status == 401 || status == 403 {
                return Ok(Answer::Unauthorized);
            }
            // Amazon says the rate that applies to this seller: keep to it
            if let Some(rate) = res
                .headers()
                .get("x-amzn-ratelimit-limit")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<f64>().ok())
            {
                self.with_bucket(call, |b, _| b.set_rate(rate));
            }
            if !(200..300).contains(&status) {
                // the status only: an answer's body is never shown back
                return Err(Stop::Failed(format!("{url} answered {status}")));
            }
            return res
                .json::<Value>()
                .await
                .map(Answer::Json)
                .map_err(|e| Stop::Failed(format!("{url}: not JSON: {e}")));
        }
    }

    /// Refuses an address written as a private IP (names are checked as
    /// they resolve, by the client).
    fn reachable(&self, url: &str) -> Result<(), Stop> {
        crate::egress::check_url("url", url, self.allow_private)
            .map(drop)
            .map_err(|e| Stop::Failed(format!("{url}: {}", e.detail)))
    }

    /// Runs `f` on this channel's bucket for `call` (made at the published
    /// rate the first time), with the time now.
    fn with_bucket<T>(&self, call: Call, f: impl FnOnce(&mut Bucket, i64) -> T) -> T {
        let mut map = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let now = crate::now_ms();
        let bucket = map
            .entry((self.channel.id.clone(), call))
            .or_insert_with(|| Bucket::new(poll::rate(self.channel.kind, call), now));
        f(bucket, now)
    }

    /// Waits until the call's bucket has a token for it.
    async fn turn(&self, call: Call) {
        loop {
            let wait = self.with_bucket(call, |b, now| b.take(now));
            if wait == 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(wait as u64)).await;
        }
    }

    /// After a 429: nothing for this call until `wait_ms` has passed.
    fn rest(&self, call: Call, wait_ms: i64) {
        self.with_bucket(call, |b, now| b.empty_for(now, wait_ms));
    }

    /// Gets a new access token with the refresh token, and keeps both.
    async fn refresh(&self, st: &mut PollState) -> Result<(), Stop> {
        let form = poll::refresh_form(&st.settings).ok_or_else(|| {
            Stop::Failed("the access token was refused and there is no refresh token".into())
        })?;
        let url = st.settings.token_url.clone().unwrap_or_default();
        self.reachable(&url)?;
        let res = self
            .client
            .post(&url)
            .form(&form)
            .send()
            .await
            .map_err(|e| Stop::Failed(format!("{url}: {e}")))?;
        let status = res.status();
        let body: Value = res.json().await.unwrap_or(Value::Null);
        let (access, refresh) = poll::refreshed(&body)
            .filter(|_| status.is_success())
            .ok_or_else(|| Stop::Failed(format!("refreshing the token failed: {status}")))?;
        st.settings.access_token = Some(access);
        if let Some(r) = refresh {
            st.settings.refresh_token = Some(r);
        }
        // kept at once: Etsy's old refresh token stops working
        self.store
            .save_poll_page(st, LEASE_MS)
            .await
            .map_err(|e| Stop::Failed(e.to_string()))
    }
}

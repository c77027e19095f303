//! What the API and the web app show of a channel.

use crate::AppState;
use axum::http::HeaderMap;
use orderhub_channels::Channel;

/// The channel with the URL its platform sends webhooks to.
pub(crate) fn with_url(s: &AppState, headers: &HeaderMap, mut c: Channel) -> Channel {
    if c.kind.has_webhooks() {
        let base = s.config.public_url.clone().unwrap_or_else(|| {
            let host = headers
                .get(axum::http::header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("localhost");
            format!("http://{host}")
        });
        c.webhook_url = Some(format!(
            "{}/api/v1/channels/{}/webhook",
            base.trim_end_matches('/'),
            c.id
        ));
    }
    c
}

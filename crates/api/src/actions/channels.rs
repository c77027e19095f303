//! What the API and the web app show of a channel.

use crate::AppState;
use axum::http::HeaderMap;
use orderhub_channels::Channel;

/// The channel with the URL its platform sends webhooks to.
pub(crate) fn with_url(s: &AppState, headers: &HeaderMap, mut c: Channel) -> Channel {
    if c.kind.has_webhooks() {
        let base = super::links::base_url(s, headers);
        c.webhook_url = Some(format!("{base}/api/v1/channels/{}/webhook", c.id));
    }
    c
}

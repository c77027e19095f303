//! The note on pages read from a replica (`--read-database-url`): how far
//! behind the primary it is, so nobody mistakes a list a second old for
//! the latest word.

use super::layout::Layout;
use crate::AppState;

/// "from a read replica, 0.4 s behind" (or "up to date"), when the page's
/// reads went there.
pub(super) async fn note(s: &AppState, layout: &Layout) -> Option<String> {
    if !s.store.has_replica() {
        return None;
    }
    let seconds = match s.store.replica_lag().await {
        // it has replayed everything the primary wrote
        Ok(Some(0.0)) => return Some(layout.t("replica-current").to_owned()),
        Ok(Some(lag)) => format!("{lag:.1}"),
        // the lag cannot be read (the primary is busy): say so, not 0
        _ => "?".to_owned(),
    };
    Some(layout.fill("replica-note", "seconds", seconds))
}

//! The statistics' folder: every server adds the queued changes to the
//! sums once a second (readers of the figures fold first anyway), so the
//! queue stays short however long nobody looks.

use orderhub_store::Store;
use std::time::Duration;

/// How often each server folds.
const TICK: Duration = Duration::from_secs(1);

/// Starts folding on the current runtime.
pub fn start(store: Store) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = store.fold_statistics().await {
                tracing::warn!(error = %e, "statistics: folding failed");
            }
            tokio::time::sleep(TICK).await;
        }
    });
}

//! Opening a store: the pools, then the work that runs beside every store
//! while any clone of it lives — the intake writer and, on SQLite, WAL
//! checkpoints.

use crate::db::{Backend, Store};
use crate::error::Result;
use std::time::Duration;

impl Store {
    /// Connects to `url` (`sqlite://file.db` or `postgres://…`; a missing
    /// SQLite file is created) and starts the store's background work.
    pub async fn connect(url: &str) -> Result<Self> {
        let store = Self::connect_pools(url).await?.with_intake();
        Ok(match store.backend() {
            Backend::Sqlite => store.with_checkpoints(),
            Backend::Postgres => store,
        })
    }

    /// SQLite: checkpoints the WAL every 250 ms on a reader connection
    /// (`PASSIVE`: it never blocks the writer), off the commit path.
    fn with_checkpoints(self) -> Self {
        let alive = std::sync::Arc::downgrade(&self.alive);
        let read = self.read.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(250));
            loop {
                tick.tick().await;
                if alive.upgrade().is_none() || read.is_closed() {
                    break;
                }
                if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                    .execute(&read)
                    .await
                {
                    tracing::debug!(error = %e, "checkpoint skipped");
                }
            }
        });
        self
    }

    /// Starts the intake writer; it holds a clone without a handle of its
    /// own, so it stops with the last clone of the store.
    fn with_intake(mut self) -> Self {
        self.intake = Some(crate::intake::start(self.clone()));
        self
    }
}

//! Reads off the primary: an optional PostgreSQL streaming replica that
//! serves the heavy reads — the order list and search, statistics and
//! exports — so that they do not compete with intake for the primary.
//! Everything else (an order's page, a supplier's tasks, every write)
//! stays on the primary, so nobody reads back a stale copy of what they
//! just changed; the pages that read the replica say how far behind it is.

use crate::db::{Backend, Store, postgres_pool};
use crate::error::{Result, StoreError};
use crate::rows::RowExt;

impl Store {
    /// Sends the heavy reads to the PostgreSQL replica at `url` (a hot
    /// standby streaming from this store's database).
    pub async fn with_replica(mut self, url: &str) -> Result<Self> {
        if self.backend() != Backend::Postgres {
            return Err(StoreError::Config(
                "a read replica needs PostgreSQL as the database".into(),
            ));
        }
        self.replica = Some(postgres_pool(url).await?);
        Ok(self)
    }

    /// Whether heavy reads go to a replica.
    pub fn has_replica(&self) -> bool {
        self.replica.is_some()
    }

    /// This store with its reads on the replica, when there is one: for
    /// lists, search, statistics and exports, which may be a little
    /// behind. All the reads of one answer go to the same server, so a
    /// page never mixes two moments.
    pub fn for_reports(&self) -> Store {
        let mut store = self.clone();
        if let Some(replica) = &self.replica {
            store.read = replica.clone();
        }
        store
    }

    /// How far the replica is behind the primary, in seconds: 0 when it
    /// has replayed everything the primary has written, else the time
    /// since the last transaction it replayed. `None` without a replica.
    pub async fn replica_lag(&self) -> Result<Option<f64>> {
        let Some(replica) = &self.replica else {
            return Ok(None);
        };
        let primary = sqlx::query("SELECT pg_current_wal_lsn()::text AS lsn")
            .fetch_one(&self.write)
            .await?
            .col::<String>("lsn")?;
        let row = sqlx::query(
            "SELECT coalesce(pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn()), 0)::float8 AS behind, \
             coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0)::float8 AS age",
        )
        .bind(primary)
        .fetch_one(replica)
        .await?;
        let behind: f64 = row.col("behind")?;
        let age: f64 = row.col("age")?;
        Ok(Some(if behind > 0.0 { age.max(0.0) } else { 0.0 }))
    }
}

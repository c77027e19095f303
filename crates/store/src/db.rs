//! Connecting, migrating, and the two places where the backends differ:
//! connection settings, and how a write transaction begins.

use crate::error::Result;
use crate::migrations::{MIGRATIONS, Sql};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{Any, AnyPool, Executor, SqlSafeStr, Transaction};
use std::str::FromStr;
use std::time::Duration;

/// Which database we are talking to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// SQLite settings applied to every connection. `synchronous=FULL` makes a
/// commit durable before it is acknowledged; WAL lets readers run beside
/// the writer.
///
/// Checkpoints (copying the WAL back into the database file, with its own
/// fsync) would otherwise run inside whichever commit crosses the 1,000-page
/// mark, stalling that group and every request in it; the server runs them
/// in the background instead (`with_checkpoints`), and the automatic one
/// only steps in if the WAL grows past 16,000 pages (64 MiB).
///
/// A multi-row statement inside a transaction keeps a statement journal
/// (to undo just that statement if it fails half-way); past 64 KiB SQLite
/// spills it to a temporary file, written and thrown away on every group
/// commit. `temp_store = MEMORY` keeps it in memory: it is never needed
/// after a crash, since the transaction's own WAL frames are what recover.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA wal_autocheckpoint = 16000; \
     PRAGMA temp_store = MEMORY;";

/// PostgreSQL settings applied to every connection. Statements are
/// prepared once per connection, and after five runs PostgreSQL may keep a
/// generic plan made when the tables were small (a sequential scan), which
/// it then uses for ever as they grow; planning each run with the current
/// statistics costs little and keeps the index lookups.
/// `synchronous_commit = on` is the default, said again because
/// acknowledged orders rely on it.
const POSTGRES_SETTINGS: &str =
    "SET plan_cache_mode = force_custom_plan; SET synchronous_commit = on;";

/// The database handle: cheap to clone.
/// Where product pictures and other files go unless configured.
pub const DEFAULT_DATA_DIR: &str = "orderhub-data";

/// How many of the newest orders a text search reads directly before it
/// turns to the text index ([`crate::order_list`]).
pub(crate) const SEARCH_WINDOW: i64 = 5_000;

#[derive(Clone, Debug)]
pub struct Store {
    /// Writes. On SQLite a single connection: SQLite has one writer anyway,
    /// and one connection never waits on a lock held by itself.
    pub(crate) write: AnyPool,
    /// Reads. On SQLite separate connections that read a WAL snapshot
    /// beside the writer; on PostgreSQL the same pool as `write`.
    pub(crate) read: AnyPool,
    backend: Backend,
    /// The group-commit writer for order intake ([`crate::intake`]).
    pub(crate) intake: Option<crate::queue::Intake>,
    /// Background tasks run while any clone of the store lives.
    pub(crate) alive: std::sync::Arc<()>,
    /// See [`Store::with_search_window`].
    pub(crate) search_window: i64,
    /// See [`Store::with_webhook_speedup`].
    pub(crate) webhook_speedup: i64,
    /// See [`Store::with_data_dir`].
    pub(crate) data_dir: std::sync::Arc<std::path::PathBuf>,
    /// See [`Store::with_files`].
    pub(crate) files: crate::files::Files,
    /// See [`Store::with_replica`].
    pub(crate) replica: Option<AnyPool>,
    /// See [`Store::with_clock`].
    pub(crate) clock: Clock,
}

/// The time scheduled work reads ([`Store::now_ms`]): the system's, moved
/// on by a test to see what happens hours later without waiting.
#[derive(Clone, Debug, Default)]
pub struct Clock(std::sync::Arc<std::sync::atomic::AtomicI64>);

impl Clock {
    /// Moves this clock (and every store holding it) `ms` ahead.
    pub fn advance(&self, ms: i64) {
        self.0.fetch_add(ms, std::sync::atomic::Ordering::SeqCst);
    }

    fn offset(&self) -> i64 {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl Store {
    /// The pools for `url` (`sqlite://file.db` or `postgres://…`; a missing
    /// SQLite file is created), before any background work starts
    /// ([`Store::connect`] starts it).
    pub(crate) async fn connect_pools(url: &str) -> Result<Self> {
        sqlx::any::install_default_drivers();
        crate::passwords::warm_up();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = postgres_pool(url).await?;
            return Ok(Self {
                write: pool.clone(),
                read: pool,
                backend: Backend::Postgres,
                intake: None,
                alive: Default::default(),
                search_window: SEARCH_WINDOW,
                webhook_speedup: 1,
                clock: Clock::default(),
                data_dir: std::sync::Arc::new(DEFAULT_DATA_DIR.into()),
                files: crate::files::Files::local(DEFAULT_DATA_DIR),
                replica: None,
            });
        }
        let url = sqlite_url(url);
        let options = AnyConnectOptions::from_str(&url)?;
        let write = sqlite_pool(1).connect_with(options.clone()).await?;
        let read = sqlite_pool(4).connect_with(options).await?;
        Ok(Self {
            write,
            read,
            backend: Backend::Sqlite,
            intake: None,
            alive: Default::default(),
            search_window: SEARCH_WINDOW,
            webhook_speedup: 1,
            clock: Clock::default(),
            data_dir: std::sync::Arc::new(DEFAULT_DATA_DIR.into()),
            files: crate::files::Files::local(DEFAULT_DATA_DIR),
            replica: None,
        })
    }

    /// How many of the newest orders a text search reads directly before
    /// it turns to the text index (default [`SEARCH_WINDOW`]);
    /// tests make it small to reach the index with a few orders.
    pub fn with_search_window(mut self, orders: i64) -> Self {
        self.search_window = orders.max(1);
        self
    }

    /// Divides the webhook retry schedule (5 s, 5 min, …) by `factor`:
    /// tests see retries in milliseconds.
    /// Scheduled work (deadlines, reminders, digests, quiet hours) reads
    /// the time from `clock`, which a test moves on.
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The time scheduled work goes by, in ms since 1970.
    pub fn now_ms(&self) -> i64 {
        crate::rows::now_ms() + self.clock.offset()
    }

    pub fn with_webhook_speedup(mut self, factor: i64) -> Self {
        self.webhook_speedup = factor.max(1);
        self
    }

    /// The data directory: previewed uploads, and the stored files
    /// (pictures, proofs, documents) unless they are in a bucket
    /// ([`Store::with_files`]). The default is [`DEFAULT_DATA_DIR`] in the
    /// working directory. Instances sharing a PostgreSQL database must
    /// share it too.
    pub fn with_data_dir(mut self, dir: impl Into<std::path::PathBuf>) -> Self {
        let dir = dir.into();
        if let crate::files::Files::Local(_) = self.files {
            self.files = crate::files::Files::local(dir.clone());
        }
        self.data_dir = std::sync::Arc::new(dir);
        self
    }

    /// Where stored files live: the data directory or a bucket.
    pub fn with_files(mut self, files: crate::files::Files) -> Self {
        self.files = files;
        self
    }

    /// What a claiming subquery ends with so that instances sharing a
    /// PostgreSQL database skip rows another is claiming (SQLite has one
    /// writer: nothing to skip).
    pub(crate) fn skip_locked(&self) -> &'static str {
        match self.backend {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies pending migrations; safe to run from several processes.
    pub async fn migrate(&self) -> Result<()> {
        self.migrate_to(i64::MAX).await?;
        self.restate_unstated().await?;
        self.catch_up_suppliers().await?;
        self.fold_statistics().await.map(drop)
    }

    /// Applies the pending migrations up to `version` (tests of upgrades).
    pub(crate) async fn migrate_to(&self, version: i64) -> Result<()> {
        let migrations = MIGRATIONS
            .iter()
            .filter(|(v, ..)| *v <= version)
            .map(|(version, name, sql)| {
                let (sql, no_tx) = match (sql, self.backend) {
                    (Sql::Both(sql), _) => (sql, false),
                    (Sql::Each { sqlite, .. }, Backend::Sqlite) => (sqlite, false),
                    (Sql::Each { postgres, .. }, Backend::Postgres) => (postgres, false),
                    (Sql::EachSqliteOwnTx { sqlite, .. }, Backend::Sqlite) => (sqlite, true),
                    (Sql::EachSqliteOwnTx { postgres, .. }, Backend::Postgres) => (postgres, false),
                };
                Migration::new(
                    *version,
                    (*name).into(),
                    MigrationType::Simple,
                    sql.into_sql_str(),
                    no_tx,
                )
            })
            .collect();
        Migrator::with_migrations(migrations)
            .run(&self.write)
            .await?;
        Ok(())
    }

    /// Begins a write transaction. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so a read-then-write never fails half-way when
    /// another process (the CLI) writes too.
    pub(crate) async fn begin(&self) -> Result<Transaction<'static, Any>> {
        Ok(match self.backend {
            Backend::Sqlite => self.write.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.write.begin().await?,
        })
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.read).await?;
        Ok(())
    }

    /// Closes every connection (on shutdown).
    pub async fn close(&self) {
        self.write.close().await;
        self.read.close().await;
    }
}

/// A pool of connections to the SQLite file. sqlx pings a connection
/// before lending it by default — a round trip to its thread per
/// transaction that can only fail if the file is gone, which the
/// statement itself reports as well.
fn sqlite_pool(size: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(size)
        .test_before_acquire(false)
        .acquire_timeout(Duration::from_secs(30))
        .after_connect(|conn, _| {
            Box::pin(async move { conn.execute(SQLITE_PRAGMAS).await.map(|_| ()) })
        })
        .before_acquire(|conn, _| Box::pin(async move { Ok(not_wedged(conn)) }))
}

/// A pool of 8 connections to the PostgreSQL database at `url` (the
/// primary or a replica), with orderhub's session settings.
pub(crate) async fn postgres_pool(url: &str) -> Result<AnyPool> {
    // One connection first: the pool retries a refused connection for its
    // whole acquire timeout and then reports only that it timed out; this
    // says why (refused, unknown database, bad password) at once.
    let probe = <sqlx::AnyConnection as sqlx::Connection>::connect(url).await?;
    sqlx::Connection::close(probe).await?;
    Ok(AnyPoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(30))
        .after_connect(|conn, _| {
            Box::pin(async move { conn.execute(POSTGRES_SETTINGS).await.map(|_| ()) })
        })
        .before_acquire(|conn, _| Box::pin(async move { Ok(not_wedged(conn)) }))
        .connect(url)
        .await?)
}

/// Whether a pooled connection may be lent again. When a COMMIT fails
/// because the disk is full, SQLite rolls the transaction back itself;
/// sqlx still counts it open, its ROLLBACK then fails ("no transaction is
/// active"), and every later BEGIN on that connection is refused — the
/// writer would stay stuck after space returns. Such a connection is
/// closed instead, and the pool opens a fresh one.
fn not_wedged(conn: &sqlx::AnyConnection) -> bool {
    let open = sqlx::Connection::is_in_transaction(conn);
    if open {
        tracing::warn!("closing a database connection left inside a failed transaction");
    }
    !open
}

/// Adds `mode=rwc` so that a missing file is created.
fn sqlite_url(url: &str) -> String {
    let url = if url.starts_with("sqlite:") {
        url.to_owned()
    } else {
        format!("sqlite://{url}")
    };
    if url.contains("mode=") {
        url
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

#[cfg(test)]
mod tests {
    use super::Store;

    /// A database with channel orders from before orders were unique per
    /// channel: the rebuild keeps every row, gives each its channel, and
    /// then lets a second store's #1001 in.
    #[tokio::test]
    async fn orders_become_unique_per_channel_on_upgrade() {
        let path =
            std::env::temp_dir().join(format!("orderhub-upgrade-{}.db", uuid::Uuid::now_v7()));
        let store = Store::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        store.migrate_to(16).await.unwrap();
        for sql in [
            "INSERT INTO channels (id, kind, name, name_key, default_status, category_map, created_at, updated_at) \
             VALUES ('ch-a', 'shopify', 'A', 'a', 'pending', '{}', 0, 0), ('ch-b', 'shopify', 'B', 'b', 'pending', '{}', 0, 0)",
            "INSERT INTO orders (id, platform, external_number, status, currency, customer_name, search_text, created_at, updated_at) \
             VALUES ('o-1', 'shopify', '#1001', 'pending', 'USD', 'Ada', '#1001 ada', 0, 0), \
                    ('o-2', 'manual', 'M-1', 'pending', 'USD', 'Bo', 'm-1 bo', 0, 0)",
            "INSERT INTO order_lines (id, order_id, line_no, title, quantity, unit_price) VALUES ('l-1', 'o-1', 1, 'Mug', 1, '1')",
            "INSERT INTO channel_orders (channel_id, upstream_id, order_id, upstream_updated_at, upstream_state) \
             VALUES ('ch-a', '6234591847261', 'o-1', 0, 'open')",
        ] {
            sqlx::query(sql).execute(&store.write).await.unwrap();
        }
        store.migrate().await.unwrap();
        let keys: Vec<(String, String)> =
            sqlx::query_as("SELECT id, channel_key FROM orders ORDER BY id")
                .fetch_all(&store.write)
                .await
                .unwrap();
        assert_eq!(
            keys,
            [("o-1".into(), "ch-a".into()), ("o-2".into(), String::new())]
        );
        // the same number from store B is another order now
        sqlx::query(
            "INSERT INTO orders (id, platform, external_number, status, currency, customer_name, search_text, \
             created_at, updated_at, channel_key) VALUES ('o-3', 'shopify', '#1001', 'pending', 'USD', 'Cy', '#1001 cy', 0, 0, 'ch-b')",
        )
        .execute(&store.write)
        .await
        .unwrap();
        // lines still point at their order, search still finds it, keys hold
        let problems: Vec<(String,)> =
            sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
                .fetch_all(&store.write)
                .await
                .unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        let found: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM orders_search WHERE orders_search MATCH '1001'",
        )
        .fetch_one(&store.write)
        .await
        .unwrap();
        assert_eq!(found, 2);
        let on: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&store.write)
            .await
            .unwrap();
        assert_eq!(on, 1, "foreign keys are on again");
        store.close().await;
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }

    #[test]
    fn sqlite_urls_create_missing_files() {
        assert_eq!(super::sqlite_url("sqlite://a.db"), "sqlite://a.db?mode=rwc");
        assert_eq!(super::sqlite_url("a.db"), "sqlite://a.db?mode=rwc");
        assert_eq!(
            super::sqlite_url("sqlite://a.db?mode=ro"),
            "sqlite://a.db?mode=ro"
        );
    }
}

//! A consistent copy of a SQLite database while it serves (for
//! `orderhub backup`): `VACUUM INTO` reads one snapshot, as any reader
//! does, and writes a compact file; writers carry on meanwhile.

use crate::db::{Backend, Store};
use crate::error::{Result, StoreError};
use std::path::Path;

impl Store {
    /// Copies the SQLite database into `to` (which must not exist).
    pub async fn snapshot_sqlite(&self, to: &Path) -> Result<()> {
        if self.backend() != Backend::Sqlite {
            return Err(StoreError::Files(std::io::Error::other(
                "a PostgreSQL database is copied with pg_dump",
            )));
        }
        let path = to.to_string_lossy().replace('\'', "''");
        sqlx::query(sqlx::AssertSqlSafe(format!("VACUUM INTO '{path}'")))
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// How many tables the database has (a restore goes only into an empty
    /// one).
    pub async fn table_count(&self) -> Result<i64> {
        let sql = match self.backend() {
            Backend::Sqlite => {
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            }
            Backend::Postgres => {
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()"
            }
        };
        Ok(sqlx::query_scalar(sql).fetch_one(&self.read).await?)
    }
}

//! The storage layer's errors. The HTTP layer maps each to a problem
//! response in one place (`orderhub-api`'s `problem` module).

use orderhub_domain::ErrorCode;
use orderhub_domain::{TransitionRefused, ValidationError};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such object (or, later, one the caller may not see).
    #[error("{entity} {id} not found")]
    NotFound { entity: &'static str, id: String },

    /// Input refused by a domain rule.
    #[error(transparent)]
    Invalid(#[from] ValidationError),

    /// The caller's role may not do this; names the rule.
    #[error(transparent)]
    Forbidden(#[from] orderhub_domain::Forbidden),

    /// Unknown e-mail, wrong password or inactive account: one answer.
    #[error("the e-mail or password is wrong")]
    InvalidCredentials,

    /// Too many failed logins for the account or the address.
    #[error("too many failed logins; retry in {retry_after} s")]
    Throttled { retry_after: u64 },

    /// A state machine refused the move.
    #[error(transparent)]
    Transition(#[from] TransitionRefused),

    /// The request conflicts with what is stored (a taken name, a shipped
    /// task blocking a cancellation, …).
    #[error("{detail}")]
    Conflict {
        code: ErrorCode,
        field: Option<&'static str>,
        detail: String,
    },

    /// Every connection stayed busy for the whole acquire timeout.
    #[error("the database is busy")]
    Busy,

    /// The database cannot be reached or is not taking work: a refused
    /// or broken connection, a server shutting down or starting, too many
    /// connections, a full disk. Retrying later can succeed; the caller
    /// hears 503, and nothing of the failed transaction was written.
    #[error("the database is unavailable: {0}")]
    Unavailable(sqlx::Error),

    /// The database failed; logged, never shown to clients.
    #[error("database error: {0}")]
    Database(sqlx::Error),

    /// Migrations failed.
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),

    /// A file beside the database (a product picture) could not be
    /// written or read.
    #[error("file error: {0}")]
    Files(std::io::Error),

    /// The file store cannot be reached or is not taking files: a bucket
    /// that does not answer, refuses or errs, a full disk. Retrying later
    /// can succeed; nothing that names the file was committed.
    #[error("the file store is unavailable: {0}")]
    FilesUnavailable(String),

    /// A setting cannot be used: `ORDERHUB_FILES` (or the `AWS_*`
    /// settings), a read replica on SQLite.
    #[error("{0}")]
    Config(String),

    /// A stored value could not be read back (a bug or a hand-edited row).
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::PoolTimedOut => StoreError::Busy,
            other if unavailable(&other) => StoreError::Unavailable(other),
            other => StoreError::Database(other),
        }
    }
}

/// Whether `e` says the database is out of reach rather than that the
/// statement was wrong: the connection (I/O, TLS, a pool closed or its
/// worker gone), PostgreSQL's connection exceptions (SQLSTATE class 08),
/// a server shutting down or starting (57P01–57P03), too many
/// connections (53300), or SQLite's full disk (SQLITE_FULL, 13).
fn unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|c| {
            c.starts_with("08")
                || matches!(c.as_ref(), "57P01" | "57P02" | "57P03" | "53300" | "13")
        }),
        _ => false,
    }
}

impl StoreError {
    /// A local file's I/O error: a full disk or quota is the file store
    /// being unavailable (503), anything else a failure (500).
    pub(crate) fn files(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
                Self::FilesUnavailable(e.to_string())
            }
            _ => Self::Files(e),
        }
    }

    pub(crate) fn not_found(entity: &'static str, id: &str) -> Self {
        Self::NotFound {
            entity,
            id: id.to_owned(),
        }
    }

    /// The request was refused (not found, invalid, forbidden, a refused
    /// move, a conflict) rather than failed: a person can act on it.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            Self::NotFound { .. }
                | Self::Invalid(_)
                | Self::Forbidden(_)
                | Self::Transition(_)
                | Self::Conflict { .. }
        )
    }

    pub(crate) fn conflict(
        code: ErrorCode,
        field: Option<&'static str>,
        detail: impl Into<String>,
    ) -> Self {
        Self::Conflict {
            code,
            field,
            detail: detail.into(),
        }
    }
}

/// Turns a unique-constraint violation into a field conflict; works on both
/// backends because it matches the error kind, not the constraint name.
pub(crate) trait OnUnique<T> {
    fn on_unique(self, code: ErrorCode, field: &'static str, detail: &str)
    -> Result<T, StoreError>;
}

impl<T> OnUnique<T> for Result<T, sqlx::Error> {
    fn on_unique(
        self,
        code: ErrorCode,
        field: &'static str,
        detail: &str,
    ) -> Result<T, StoreError> {
        self.map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::conflict(code, Some(field), detail)
            }
            _ => StoreError::from(e),
        })
    }
}

/// The same for statements run through helpers that answer `StoreError`.
impl<T> OnUnique<T> for Result<T, StoreError> {
    fn on_unique(
        self,
        code: ErrorCode,
        field: &'static str,
        detail: &str,
    ) -> Result<T, StoreError> {
        self.map_err(|e| match e {
            StoreError::Database(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                StoreError::conflict(code, Some(field), detail)
            }
            other => other,
        })
    }
}

pub(crate) type Result<T, E = StoreError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreachable_database_is_unavailable_not_a_failure() {
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert!(matches!(
            StoreError::from(sqlx::Error::Io(refused)),
            StoreError::Unavailable(_)
        ));
        assert!(matches!(
            StoreError::from(sqlx::Error::PoolClosed),
            StoreError::Unavailable(_)
        ));
        assert!(matches!(
            StoreError::from(sqlx::Error::PoolTimedOut),
            StoreError::Busy
        ));
        assert!(matches!(
            StoreError::from(sqlx::Error::RowNotFound),
            StoreError::Database(_)
        ));
    }
}

//! Files attached to a request (drawings, specifications) by its
//! purchaser while it is negotiated; the stored files themselves are the
//! content-addressed proof files (`files.rs`).

use super::read::fetch_rfq;
use super::rfqs::closed;
use crate::error::Result;
use crate::rows::{lock_row, now_ms, to_json};
use orderhub_domain::b2b::{MAX_ATTACHMENTS, Rfq, RfqStatus};
use orderhub_domain::{ErrorCode, Scope, ValidationError};

impl crate::db::Store {
    /// Adds stored files (`names`) to request `id`, while it waits for its
    /// approval or is open, up to [`MAX_ATTACHMENTS`].
    pub async fn add_rfq_files(&self, scope: &Scope, id: &str, names: Vec<String>) -> Result<Rfq> {
        let mut tx = self.begin().await?;
        fetch_rfq(&mut tx, id, scope).await?;
        lock_row(&mut tx, "rfqs", "request", id).await?;
        let rfq = fetch_rfq(&mut tx, id, scope).await?;
        if !matches!(rfq.status, RfqStatus::AwaitingApproval | RfqStatus::Open) {
            return Err(closed(rfq.status));
        }
        let mut files = rfq.files;
        for n in names {
            if !files.contains(&n) {
                files.push(n);
            }
        }
        if files.len() > MAX_ATTACHMENTS {
            return Err(ValidationError::new(
                "file",
                ErrorCode::TooMany,
                format!("a request has at most {MAX_ATTACHMENTS} files"),
            )
            .into());
        }
        sqlx::query("UPDATE rfqs SET files = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(to_json(&files))
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
        let rfq = fetch_rfq(&mut tx, id, scope).await?;
        tx.commit().await?;
        Ok(rfq)
    }
}

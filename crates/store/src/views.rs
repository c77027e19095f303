//! Saved views (`saved_views`): each user's named filters for a list, and
//! the ones staff shared with the team.

use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::rows::{RowExt, now_ms};
use orderhub_domain::model::{SavedView, ViewPage, view_name};

/// Most views one user keeps per list.
pub const MAX_VIEWS: i64 = 50;

impl Store {
    /// Keeps `query` (the list's filters, checked by the caller) under
    /// `name` for `user_id`; a view of the same name is replaced.
    pub async fn save_view(
        &self,
        user_id: &str,
        page: ViewPage,
        name: &str,
        query: &str,
        shared: bool,
    ) -> Result<SavedView> {
        let name = view_name(name)?;
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM saved_views WHERE user_id = $1 AND page = $2 AND name = $3")
            .bind(user_id)
            .bind(page.as_str())
            .bind(&name)
            .execute(&mut *tx)
            .await?;
        let kept: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM saved_views WHERE user_id = $1 AND page = $2")
                .bind(user_id)
                .bind(page.as_str())
                .fetch_one(&mut *tx)
                .await?;
        if kept >= MAX_VIEWS {
            return Err(orderhub_domain::ValidationError::new(
                "name",
                orderhub_domain::ErrorCode::TooMany,
                "fifty views per list at most; remove one first",
            )
            .into());
        }
        let id = uuid::Uuid::now_v7().to_string();
        sqlx::query(
            "INSERT INTO saved_views (id, user_id, page, name, query, shared, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(user_id)
        .bind(page.as_str())
        .bind(&name)
        .bind(query)
        .bind(i64::from(shared))
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(SavedView {
            id,
            user_id: user_id.to_owned(),
            page,
            name,
            query: query.to_owned(),
            shared,
        })
    }

    /// The views of `page` a user sees: their own, and — for staff
    /// (`with_shared`) — those others shared; by name.
    pub async fn list_views(
        &self,
        user_id: &str,
        page: ViewPage,
        with_shared: bool,
    ) -> Result<Vec<SavedView>> {
        let rows = sqlx::query(
            "SELECT id, user_id, page, name, query, shared FROM saved_views \
             WHERE page = $1 AND (user_id = $2 OR (shared = 1 AND $3 = 1)) ORDER BY name, id",
        )
        .bind(page.as_str())
        .bind(user_id)
        .bind(i64::from(with_shared))
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SavedView {
                    id: r.col("id")?,
                    user_id: r.col("user_id")?,
                    page,
                    name: r.col("name")?,
                    query: r.col("query")?,
                    shared: r.flag("shared")?,
                })
            })
            .collect()
    }

    /// Removes one of the user's own views (another's is not found).
    pub async fn delete_view(&self, user_id: &str, id: &str) -> Result<()> {
        let done = sqlx::query("DELETE FROM saved_views WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user_id)
            .execute(&self.write)
            .await?;
        match done.rows_affected() {
            0 => Err(StoreError::not_found("view", id)),
            _ => Ok(()),
        }
    }
}

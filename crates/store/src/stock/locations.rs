//! Stock locations: added with a unique code, renamed, and given the
//! supplier that picks and ships from them.

use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::rows::{new_id, now_ms};
use orderhub_domain::ErrorCode;
use orderhub_domain::inventory::{Location, LocationPatch, NewLocation, sku_key};
use orderhub_domain::model::{Actor, EventKind};

impl Store {
    /// Adds a stock location.
    pub async fn create_stock_location(&self, actor: &Actor, new: NewLocation) -> Result<Location> {
        let new = new.validate()?;
        let mut tx = self.begin().await?;
        if let Some(s) = &new.supplier_id {
            crate::products::supplier_exists(&mut tx, s).await?;
        }
        let id = new_id();
        let done = sqlx::query(
            "INSERT INTO stock_locations (id, code, code_key, name, supplier_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code_key) DO NOTHING",
        )
        .bind(&id)
        .bind(&new.code)
        .bind(sku_key(&new.code))
        .bind(&new.name)
        .bind(&new.supplier_id)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::conflict(
                ErrorCode::DuplicateCode,
                Some("code"),
                format!("location {} exists", new.code),
            ));
        }
        crate::categories::config_event(&mut tx, actor, EventKind::LocationCreated, &id).await?;
        tx.commit().await?;
        Ok(Location {
            id,
            code: new.code,
            name: new.name,
            supplier_id: new.supplier_id,
        })
    }

    /// Renames a location or changes who ships from it.
    pub async fn update_stock_location(
        &self,
        actor: &Actor,
        id: &str,
        patch: LocationPatch,
    ) -> Result<Location> {
        let patch = patch.validate()?;
        let mut tx = self.begin().await?;
        if let Some(s) = patch.supplier_id.as_deref().filter(|s| !s.is_empty()) {
            crate::products::supplier_exists(&mut tx, s).await?;
        }
        let done = sqlx::query(
            "UPDATE stock_locations SET name = COALESCE($2, name), \
             supplier_id = CASE WHEN $3 IS NULL THEN supplier_id ELSE NULLIF($3, '') END WHERE id = $1",
        )
        .bind(id)
        .bind(&patch.name)
        .bind(&patch.supplier_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("location", id));
        }
        let row =
            sqlx::query("SELECT id, code, name, supplier_id FROM stock_locations WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        crate::categories::config_event(&mut tx, actor, EventKind::LocationUpdated, id).await?;
        tx.commit().await?;
        super::location_from_row(&row)
    }
}

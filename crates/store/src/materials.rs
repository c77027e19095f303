//! Products' materials as stored, and what the review reads of them.

use crate::db::Store;
use crate::error::Result;
use crate::rows::{RowExt, select_in};
use orderhub_domain::Scope;
use orderhub_domain::inventory::{Material, Materials, sku_key};
use orderhub_domain::model::{Actor, EventKind};
use orderhub_domain::review::MaterialNeeds;
use sqlx::AnyConnection;

impl Store {
    /// Product `id`'s materials (a supplier: its own products only).
    pub async fn product_materials(&self, scope: &Scope, id: &str) -> Result<Materials> {
        self.get_product(id, scope).await?;
        let mut conn = self.read.acquire().await?;
        read(&mut conn, id).await
    }

    /// Replaces product `id`'s materials.
    pub async fn set_product_materials(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: &str,
        new: Materials,
    ) -> Result<Materials> {
        let new = new.validate()?;
        let mut tx = self.begin().await?;
        crate::rows::lock_row(&mut tx, "products", "product", id).await?;
        // another supplier's product answers 404, as a missing one
        crate::products::fetch_in_scope(&mut tx, id, scope).await?;
        sqlx::query("DELETE FROM product_materials WHERE product_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        for (i, m) in new.materials.iter().enumerate() {
            sqlx::query(
                "INSERT INTO product_materials (product_id, position, sku, sku_key, per_unit) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(i as i64)
            .bind(&m.sku)
            .bind(sku_key(&m.sku))
            .bind(m.per_unit.to_string())
            .execute(&mut *tx)
            .await?;
        }
        crate::categories::config_event(&mut tx, actor, EventKind::ProductUpdated, id).await?;
        let out = read(&mut tx, id).await?;
        tx.commit().await?;
        Ok(out)
    }
}

async fn read(conn: &mut AnyConnection, id: &str) -> Result<Materials> {
    let rows = sqlx::query(
        "SELECT sku, per_unit FROM product_materials WHERE product_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let materials = rows
        .iter()
        .map(|r| {
            Ok(Material {
                sku: r.col("sku")?,
                per_unit: r.decimal("per_unit")?,
            })
        })
        .collect::<Result<_>>()?;
    Ok(Materials { materials })
}

/// What the products coded `keys` use, and how much of each material is
/// in stock (anywhere: materials are used where things are made).
pub(crate) async fn needs(conn: &mut AnyConnection, keys: &[String]) -> Result<MaterialNeeds> {
    let mut needs = MaterialNeeds::default();
    let head = "SELECT p.code, m.sku, m.sku_key, m.per_unit FROM product_materials m \
                JOIN products p ON p.id = m.product_id WHERE p.active = 1 AND p.code_key IN (";
    // the first product of a code (by id) speaks for it
    let rows = select_in(conn, head, keys, " ORDER BY p.code_key, p.id, m.position").await?;
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut materials: Vec<String> = Vec::new();
    for r in &rows {
        let code: String = r.col("code")?;
        let material: String = r.col("sku_key")?;
        let key = (sku_key(&code), material.clone());
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        needs.add_use(&code, &r.col::<String>("sku")?, r.decimal("per_unit")?);
        if !materials.contains(&material) {
            materials.push(material);
        }
    }
    let head =
        "SELECT sku_key, on_hand - reserved AS available FROM stock_items WHERE sku_key IN (";
    for r in select_in(conn, head, &materials, "").await? {
        needs.add_stock(&r.col::<String>("sku_key")?, r.col("available")?);
    }
    Ok(needs)
}

//! The storage limit of a product upload: `orderhub bench upload`.

use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::rows::{Arg, new_id, now_ms, run_values};
use orderhub_domain::ErrorCode;
use std::time::Instant;

/// What the product upload's baseline measured.
#[derive(Debug, Clone, serde::Serialize)]
pub struct UploadBaseline {
    pub products: usize,
    /// Writing the pictures as the server does (temporary file, sync,
    /// rename, sync the folder), one after another.
    pub files_seconds: f64,
    /// The product rows as plain SQL: one transaction, multi-row inserts.
    pub rows_seconds: f64,
    pub limit_products_per_sec: f64,
}

impl Store {
    /// The storage limit of a product upload: the same pictures written to
    /// this store's data directory the way the server writes them, and one
    /// plain row per product in one transaction — no zip, no sheet, no
    /// checks, no per-row lookups or events. Needs a fresh database.
    pub async fn baseline_upload(&self, pictures: Vec<Vec<u8>>) -> Result<UploadBaseline> {
        if !self.is_empty().await? {
            return Err(StoreError::conflict(
                ErrorCode::NotEmpty,
                Some("database_url"),
                "the baseline needs a fresh database",
            ));
        }
        let products = pictures.len();
        let started = Instant::now();
        let mut names = Vec::with_capacity(products);
        for bytes in pictures {
            names.push(self.put_image(bytes).await?);
        }
        let files_seconds = started.elapsed().as_secs_f64();
        let now = now_ms();
        let (category, supplier) = (new_id(), new_id());
        let started = Instant::now();
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO categories (id, name, name_key, keywords, sku_prefix, sku_template, strategy, created_at, updated_at) \
             VALUES ($1, 'baseline', 'baseline', '[]', 'B', 'SKU{rand:8}', 'round_robin', $2, $2)",
        )
        .bind(&category)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO suppliers (id, name, name_key, code, active, weight, created_at, updated_at) \
             VALUES ($1, 'baseline', 'baseline', 'B', 1, 1, $2, $2)",
        )
        .bind(&supplier)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let rows: Vec<Vec<Arg>> = names
            .into_iter()
            .enumerate()
            .map(|(i, name)| {
                vec![
                    new_id().into(),
                    supplier.as_str().into(),
                    category.as_str().into(),
                    format!("P-{i}").into(),
                    format!("p-{i}").into(),
                    format!("Product {i}").into(),
                    "CNY".into(),
                    "4.20".into(),
                    name.into(),
                    "[]".into(),
                    1i64.into(),
                    now.into(),
                    now.into(),
                ]
            })
            .collect();
        run_values(
            &mut tx,
            "INSERT INTO products (id, supplier_id, category_id, code, code_key, title, currency, supplier_price, \
             main_image, extra_images, active, created_at, updated_at)",
            rows,
            "",
        )
        .await?;
        tx.commit().await?;
        let rows_seconds = started.elapsed().as_secs_f64();
        Ok(UploadBaseline {
            products,
            files_seconds,
            rows_seconds,
            limit_products_per_sec: products as f64 / (files_seconds + rows_seconds),
        })
    }
}

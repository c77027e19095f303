//! Categories: product types, their keywords, SKU template and strategy.

use crate::db::Store;
use crate::error::{OnUnique, Result, StoreError};
use crate::events::NewEvent;
use crate::recipes::resolve_steps;
use crate::rows::{RowExt, new_id, now_ms, to_json};
use orderhub_domain::ErrorCode;
use orderhub_domain::model::CategoryScript;
use orderhub_domain::model::{
    Actor, Category, CategoryPatch, EventKind, NewCategory, SkuPreview, patched, sku_template,
};
use orderhub_domain::proof::ProofPolicy;
use orderhub_domain::routing::Strategy;
use orderhub_domain::sku::{SkuContext, SkuTemplate};
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool};
use std::collections::HashMap;
use time::OffsetDateTime;

/// The category columns, with an optional `WHERE …` tail.
macro_rules! select {
    ($($tail:literal)?) => {
        concat!(
            "SELECT id, name, keywords, sku_prefix, sku_template, strategy, proof, min_on_time, ship_within, capacity_cap, accept_within, steps, sku_script, route_script, sku_seq, created_at, updated_at FROM categories"
            $(, $tail)?
        )
    };
}

fn category_from_row(row: &AnyRow, supplier_ids: Vec<String>) -> Result<Category> {
    Ok(Category {
        id: row.col("id")?,
        name: row.col("name")?,
        keywords: row.json("keywords")?,
        sku_prefix: row.col("sku_prefix")?,
        sku_template: row.col("sku_template")?,
        strategy: row.parsed("strategy", Strategy::parse)?,
        supplier_ids,
        proof: row.parsed("proof", ProofPolicy::parse)?,
        min_on_time: row.col("min_on_time")?,
        ship_within: row.col("ship_within")?,
        capacity_cap: row.flag("capacity_cap")?,
        accept_within: row.col("accept_within")?,
        steps: row.opt_json::<Vec<String>>("steps")?.unwrap_or_default(),
        sku_script: row.col("sku_script")?,
        route_script: row.col("route_script")?,
        created_at: row.time("created_at")?,
        updated_at: row.time("updated_at")?,
    })
}

const TAKEN: &str = "a category with this name exists already";

/// A recipe as stored: its ids as JSON, or nothing.
fn stored_steps(steps: &[String]) -> Option<String> {
    (!steps.is_empty()).then(|| to_json(&steps))
}

impl Store {
    pub async fn create_category(&self, actor: &Actor, new: NewCategory) -> Result<Category> {
        let new = new.normalize()?;
        let id = new_id();
        let now = now_ms();
        let mut tx = self.begin().await?;
        let steps = resolve_steps(&mut tx, None, new.steps.as_deref().unwrap_or_default()).await?;
        sqlx::query(
            "INSERT INTO categories (id, name, name_key, keywords, sku_prefix, sku_template, strategy, proof, created_at, updated_at, min_on_time, \
             ship_within, capacity_cap, accept_within, steps) VALUES ($1, $2, $3, $4, $5, $6, $7, $9, $8, $8, $10, $11, $12, $13, $14)",
        )
        .bind(&id)
        .bind(&new.name)
        .bind(new.name.to_lowercase())
        .bind(to_json(&new.keywords))
        .bind(new.sku_prefix.as_deref().unwrap_or_default())
        .bind(new.sku_template.as_deref().unwrap_or_default())
        .bind(new.strategy.unwrap_or_default().as_str())
        .bind(now)
        .bind(new.proof.unwrap_or_default().as_str())
        .bind(new.min_on_time)
        .bind(new.ship_within)
        .bind(i64::from(new.capacity_cap.unwrap_or(false)))
        .bind(new.accept_within)
        .bind(stored_steps(&steps))
        .execute(&mut *tx)
        .await
        .on_unique(ErrorCode::NameTaken, "name", TAKEN)?;
        config_event(&mut tx, actor, EventKind::CategoryCreated, &id).await?;
        tx.commit().await?;
        self.get_category(&id).await
    }

    pub async fn list_categories(&self) -> Result<Vec<Category>> {
        let rows = sqlx::query(select!(" ORDER BY name_key"))
            .fetch_all(&self.read)
            .await?;
        let mut members = group(memberships(&self.read, Members::All).await?, true);
        rows.iter()
            .map(|r| {
                let id: String = r.col("id")?;
                category_from_row(r, members.remove(&id).unwrap_or_default())
            })
            .collect()
    }

    pub async fn get_category(&self, id: &str) -> Result<Category> {
        let row = sqlx::query(select!(" WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.read)
            .await?
            .ok_or_else(|| StoreError::not_found("category", id))?;
        let members = memberships(&self.read, Members::OfCategory(id))
            .await?
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        category_from_row(&row, members)
    }

    pub async fn update_category(
        &self,
        actor: &Actor,
        id: &str,
        patch: CategoryPatch,
    ) -> Result<Category> {
        let patch = patch.normalize()?;
        let mut tx = self.begin().await?;
        crate::release::lock_category(&mut tx, id).await?;
        let current = sqlx::query(select!(" WHERE id = $1"))
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::not_found("category", id))?;
        let current = category_from_row(&current, Vec::new())?;
        let name = patch.name.unwrap_or(current.name);
        let steps = match &patch.steps {
            Some(refs) => resolve_steps(&mut tx, Some(id), refs).await?,
            None => current.steps,
        };
        sqlx::query(
            "UPDATE categories SET name = $2, name_key = $3, keywords = $4, sku_prefix = $5, \
             sku_template = $6, strategy = $7, updated_at = $8, proof = $9, min_on_time = $10, ship_within = $11, \
             capacity_cap = $12, accept_within = $13, steps = $14 WHERE id = $1",
        )
        .bind(id)
        .bind(&name)
        .bind(name.to_lowercase())
        .bind(to_json(&patch.keywords.unwrap_or(current.keywords)))
        .bind(patch.sku_prefix.unwrap_or(current.sku_prefix))
        .bind(patch.sku_template.unwrap_or(current.sku_template))
        .bind(patch.strategy.unwrap_or(current.strategy).as_str())
        .bind(now_ms())
        .bind(patch.proof.unwrap_or(current.proof).as_str())
        .bind(patched(patch.min_on_time, current.min_on_time))
        .bind(patched(patch.ship_within, current.ship_within))
        .bind(i64::from(patch.capacity_cap.unwrap_or(current.capacity_cap)))
        .bind(patched(patch.accept_within, current.accept_within))
        .bind(stored_steps(&steps))
        .execute(&mut *tx)
        .await
        .on_unique(ErrorCode::NameTaken, "name", TAKEN)?;
        config_event(&mut tx, actor, EventKind::CategoryUpdated, id).await?;
        tx.commit().await?;
        self.get_category(id).await
    }

    /// Sets (or, with none, removes) one of the category's scripts; the
    /// caller has compiled it.
    pub async fn set_script(
        &self,
        actor: &Actor,
        id: &str,
        which: CategoryScript,
        script: Option<&str>,
    ) -> Result<Category> {
        let mut tx = self.begin().await?;
        crate::release::lock_category(&mut tx, id).await?;
        // the column is the vocabulary's own word, never the caller's
        let sql = format!(
            "UPDATE categories SET {} = $2, updated_at = $3 WHERE id = $1",
            which.as_str()
        );
        let done = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .bind(script)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("category", id));
        }
        config_event(&mut tx, actor, EventKind::CategoryUpdated, id).await?;
        tx.commit().await?;
        self.get_category(id).await
    }

    /// The next SKU the category would generate, with its own template and
    /// prefix or the given ones (refused with the grammar's reason when
    /// invalid).
    pub async fn sku_preview(
        &self,
        id: &str,
        template: Option<String>,
        prefix: Option<String>,
    ) -> Result<SkuPreview> {
        let row = sqlx::query(select!(" WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.read)
            .await?
            .ok_or_else(|| StoreError::not_found("category", id))?;
        let source = match template {
            Some(t) => sku_template(&t)?,
            None => row.col("sku_template")?,
        };
        let parsed = SkuTemplate::parse(&source).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let prefix: String = match prefix {
            Some(p) => orderhub_domain::model::sku_prefix(&p)?,
            None => row.col("sku_prefix")?,
        };
        let supplier_code: Option<String> = sqlx::query_scalar(
            "SELECT s.code FROM category_suppliers cs JOIN suppliers s ON s.id = cs.supplier_id \
             WHERE cs.category_id = $1 ORDER BY cs.position LIMIT 1",
        )
        .bind(id)
        .fetch_optional(&self.read)
        .await?;
        let ctx = SkuContext {
            category_prefix: &prefix,
            supplier_code: supplier_code.as_deref().unwrap_or("SUPPLIER"),
            order_number: "1001",
            line_no: 1,
            seq: row.col::<i64>("sku_seq")? + 1,
            now: OffsetDateTime::now_utc(),
        };
        let sku = parsed.render(&ctx, &mut rand::rng());
        Ok(SkuPreview {
            template: source,
            sku,
        })
    }
}

/// Which memberships to load.
pub(crate) enum Members<'a> {
    All,
    OfCategory(&'a str),
    OfSupplier(&'a str),
}

/// (category id, supplier id) pairs in rotation order.
pub(crate) async fn memberships(
    pool: &AnyPool,
    which: Members<'_>,
) -> Result<Vec<(String, String)>> {
    let rows = match which {
        Members::All => {
            sqlx::query("SELECT category_id, supplier_id FROM category_suppliers ORDER BY position")
                .fetch_all(pool)
                .await?
        }
        Members::OfCategory(id) => {
            sqlx::query("SELECT category_id, supplier_id FROM category_suppliers WHERE category_id = $1 ORDER BY position")
                .bind(id)
                .fetch_all(pool)
                .await?
        }
        Members::OfSupplier(id) => {
            sqlx::query("SELECT category_id, supplier_id FROM category_suppliers WHERE supplier_id = $1 ORDER BY position")
                .bind(id)
                .fetch_all(pool)
                .await?
        }
    };
    rows.iter()
        .map(|r| Ok((r.col("category_id")?, r.col("supplier_id")?)))
        .collect()
}

/// Groups pairs by their first (`by_category`) or second element.
pub(crate) fn group(
    pairs: Vec<(String, String)>,
    by_category: bool,
) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for (c, s) in pairs {
        let (key, value) = if by_category { (c, s) } else { (s, c) };
        out.entry(key).or_default().push(value);
    }
    out
}

/// Resolves category references (ids or names, any case) to ids; `None`
/// for references that match nothing.
pub(crate) async fn resolve_refs(
    conn: &mut AnyConnection,
    refs: &[String],
) -> Result<HashMap<String, String>> {
    let mut out = HashMap::new();
    for r in refs {
        if out.contains_key(r) {
            continue;
        }
        let id: Option<String> =
            sqlx::query_scalar("SELECT id FROM categories WHERE id = $1 OR name_key = $2")
                .bind(r)
                .bind(r.to_lowercase())
                .fetch_optional(&mut *conn)
                .await?;
        if let Some(id) = id {
            out.insert(r.clone(), id);
        }
    }
    Ok(out)
}

/// The category `reference` names (by id or name), or `unknown_category`
/// at `field`.
pub(crate) async fn category_ref(
    conn: &mut AnyConnection,
    field: &str,
    reference: &str,
) -> Result<String> {
    resolve_refs(conn, &[reference.to_owned()])
        .await?
        .remove(reference)
        .ok_or_else(|| {
            orderhub_domain::ValidationError::new(
                field,
                orderhub_domain::ErrorCode::UnknownCategory,
                format!("no category has the id or name {reference:?}"),
            )
            .into()
        })
}

/// Configuration changes are events too, with no order.
pub(crate) async fn config_event(
    conn: &mut AnyConnection,
    actor: &Actor,
    kind: EventKind,
    id: &str,
) -> Result<()> {
    NewEvent {
        order_id: None,
        task_id: None,
        rfq_id: None,
        supplier_id: None,
        kind,
        from: None,
        to: None,
        details: json!({ "id": id }),
    }
    .write(conn, actor)
    .await
}

//! Suppliers and the categories they serve.

use crate::categories::{Members, config_event, group, memberships, resolve_refs};
use crate::db::Store;
use crate::error::{OnUnique, Result, StoreError};
use crate::rows::{RowExt, lock_row, new_id, now_ms, patched};
use orderhub_domain::ErrorCode;
use orderhub_domain::ValidationError;
use orderhub_domain::model::{Actor, EventKind, NewSupplier, Supplier, SupplierPatch};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

macro_rules! select {
    ($($tail:literal)?) => {
        concat!(
            "SELECT id, name, code, contact, email, phone, active, weight, sees_customer_phone, internal, created_at, updated_at FROM suppliers"
            $(, $tail)?
        )
    };
}

const TAKEN: &str = "a supplier with this name exists already";

fn supplier_from_row(row: &AnyRow, categories: Vec<String>) -> Result<Supplier> {
    Ok(Supplier {
        id: row.col("id")?,
        name: row.col("name")?,
        code: row.col("code")?,
        contact: row.col("contact")?,
        email: row.col("email")?,
        phone: row.col("phone")?,
        active: row.flag("active")?,
        weight: row.col("weight")?,
        sees_customer_phone: row.flag("sees_customer_phone")?,
        internal: row.flag("internal")?,
        categories,
        created_at: row.time("created_at")?,
        updated_at: row.time("updated_at")?,
    })
}

impl Store {
    pub async fn create_supplier(&self, actor: &Actor, new: NewSupplier) -> Result<Supplier> {
        let new = new.normalize()?;
        let mut tx = self.begin().await?;
        let id = insert_supplier(&mut tx, actor, &new).await?;
        tx.commit().await?;
        self.get_supplier(&id).await
    }

    /// Suppliers from a spreadsheet, in one transaction: those whose name
    /// is taken already are skipped (a file imported twice adds nothing);
    /// any refused row (an unknown category, a code in use) refuses them
    /// all, answered as (row, refusal) pairs. Returns how many were new.
    pub async fn import_suppliers(
        &self,
        actor: &Actor,
        rows: &[(usize, NewSupplier)],
        dry_run: bool,
    ) -> Result<std::result::Result<usize, Vec<(usize, StoreError)>>> {
        let mut tx = self.begin().await?;
        let (mut created, mut refused) = (0, Vec::new());
        for (row, new) in rows {
            let taken: Option<String> =
                sqlx::query_scalar("SELECT id FROM suppliers WHERE name_key = $1")
                    .bind(new.name.to_lowercase())
                    .fetch_optional(&mut *tx)
                    .await?;
            if taken.is_some() {
                continue;
            }
            match insert_supplier(&mut tx, actor, new).await {
                Ok(_) => created += 1,
                // found before writing: the transaction goes on
                Err(e @ StoreError::Invalid(_)) => refused.push((*row, e)),
                // a failed statement ends a PostgreSQL transaction: stop here
                Err(e @ StoreError::Conflict { .. }) => {
                    refused.push((*row, e));
                    break;
                }
                Err(e) => return Err(e),
            }
        }
        if !refused.is_empty() {
            return Ok(Err(refused));
        }
        // a dry run makes every check the real run does, then keeps nothing
        match dry_run {
            true => tx.rollback().await?,
            false => tx.commit().await?,
        }
        Ok(Ok(created))
    }

    pub async fn list_suppliers(&self) -> Result<Vec<Supplier>> {
        let rows = sqlx::query(select!(" ORDER BY name_key"))
            .fetch_all(&self.read)
            .await?;
        let mut members = group(memberships(&self.read, Members::All).await?, false);
        rows.iter()
            .map(|r| {
                let id: String = r.col("id")?;
                supplier_from_row(r, members.remove(&id).unwrap_or_default())
            })
            .collect()
    }

    pub async fn get_supplier(&self, id: &str) -> Result<Supplier> {
        let row = sqlx::query(select!(" WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.read)
            .await?
            .ok_or_else(|| StoreError::not_found("supplier", id))?;
        let members = memberships(&self.read, Members::OfSupplier(id))
            .await?
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        supplier_from_row(&row, members)
    }

    pub async fn update_supplier(
        &self,
        actor: &Actor,
        id: &str,
        patch: SupplierPatch,
    ) -> Result<Supplier> {
        let patch = patch.normalize()?;
        let mut tx = self.begin().await?;
        // Lock before reading, so two concurrent PATCHes of different
        // fields cannot undo each other.
        lock_row(&mut tx, "suppliers", "supplier", id).await?;
        let row = sqlx::query(select!(" WHERE id = $1"))
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::not_found("supplier", id))?;
        let cur = supplier_from_row(&row, Vec::new())?;
        let name = patch.name.unwrap_or(cur.name);
        sqlx::query(
            "UPDATE suppliers SET name = $2, name_key = $3, code = $4, contact = $5, email = $6, phone = $7, \
             active = $8, weight = $9, updated_at = $10, sees_customer_phone = $11, internal = $12 WHERE id = $1",
        )
        .bind(id)
        .bind(&name)
        .bind(name.to_lowercase())
        .bind(patch.code.unwrap_or(cur.code))
        .bind(patched(patch.contact, cur.contact))
        .bind(patched(patch.email, cur.email))
        .bind(patched(patch.phone, cur.phone))
        .bind(i64::from(patch.active.unwrap_or(cur.active)))
        .bind(patch.weight.unwrap_or(cur.weight))
        .bind(now_ms())
        .bind(i64::from(
            patch.sees_customer_phone.unwrap_or(cur.sees_customer_phone),
        ))
        .bind(i64::from(patch.internal.unwrap_or(cur.internal)))
        .execute(&mut *tx)
        .await
        .on_unique(ErrorCode::NameTaken, "name", TAKEN)?;
        if let Some(refs) = patch.categories {
            let categories = category_ids(&mut tx, &refs).await?;
            set_memberships(&mut tx, id, &categories).await?;
        }
        config_event(&mut tx, actor, EventKind::SupplierUpdated, id).await?;
        tx.commit().await?;
        self.get_supplier(id).await
    }
}

/// Category ids for `refs`, refusing unknown ones with the offending index.
async fn category_ids(conn: &mut AnyConnection, refs: &[String]) -> Result<Vec<String>> {
    let found = resolve_refs(conn, refs).await?;
    let mut ids = Vec::new();
    for (i, r) in refs.iter().enumerate() {
        let id = found.get(r).ok_or_else(|| {
            ValidationError::new(
                format!("categories[{i}]"),
                ErrorCode::UnknownCategory,
                format!("no category has the id or name {r:?}"),
            )
        })?;
        if !ids.contains(id) {
            ids.push(id.clone());
        }
    }
    Ok(ids)
}

/// Makes `supplier` serve exactly `categories`. A supplier keeps its place
/// in the categories it stays in and joins new ones at the end of the
/// rotation. Each category row is locked first, in id order, so two
/// concurrent changes cannot deadlock.
async fn set_memberships(
    conn: &mut AnyConnection,
    supplier: &str,
    categories: &[String],
) -> Result<()> {
    let current: Vec<String> =
        sqlx::query_scalar("SELECT category_id FROM category_suppliers WHERE supplier_id = $1")
            .bind(supplier)
            .fetch_all(&mut *conn)
            .await?;
    let mut touched: Vec<&String> = current.iter().chain(categories).collect();
    touched.sort();
    touched.dedup();
    for category in touched {
        let keep = categories.contains(category);
        let has = current.contains(category);
        if keep == has {
            continue;
        }
        crate::release::lock_category(conn, category).await?;
        if keep {
            // Positions come from a counter that only grows, so a newcomer
            // never takes the place of a supplier that left.
            let position: i64 = sqlx::query_scalar(
                "UPDATE categories SET member_seq = member_seq + 1 WHERE id = $1 RETURNING member_seq",
            )
            .bind(category)
            .fetch_one(&mut *conn)
            .await?;
            sqlx::query(
                "INSERT INTO category_suppliers (category_id, supplier_id, position, current_weight) VALUES ($1, $2, $3, 0)",
            )
            .bind(category)
            .bind(supplier)
            .bind(position)
            .execute(&mut *conn)
            .await?;
        } else {
            sqlx::query(
                "DELETE FROM category_suppliers WHERE category_id = $1 AND supplier_id = $2",
            )
            .bind(category)
            .bind(supplier)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// Writes a normalized new supplier inside the caller's transaction.
async fn insert_supplier(
    conn: &mut AnyConnection,
    actor: &Actor,
    new: &NewSupplier,
) -> Result<String> {
    let id = new_id();
    let now = now_ms();
    let categories = category_ids(&mut *conn, &new.categories).await?;
    sqlx::query(
        "INSERT INTO suppliers (id, name, name_key, code, contact, email, phone, active, weight, created_at, updated_at, \
         sees_customer_phone, internal) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12)",
    )
    .bind(&id)
    .bind(&new.name)
    .bind(new.name.to_lowercase())
    .bind(new.code.as_deref().unwrap_or_default())
    .bind(&new.contact)
    .bind(&new.email)
    .bind(&new.phone)
    .bind(i64::from(new.active.unwrap_or(true)))
    .bind(new.weight.unwrap_or(1))
    .bind(now)
    .bind(i64::from(new.sees_customer_phone.unwrap_or(false)))
    .bind(i64::from(new.internal.unwrap_or(false)))
    .execute(&mut *conn)
    .await
    .on_unique(ErrorCode::NameTaken, "name", TAKEN)?;
    set_memberships(&mut *conn, &id, &categories).await?;
    config_event(&mut *conn, actor, EventKind::SupplierCreated, &id).await?;
    Ok(id)
}

//! Suppliers' product catalogues. A supplier sees and changes only its own
//! products; a product is keyed by (supplier, code), so uploading the same
//! sheet again updates rather than duplicates.

use crate::categories::{config_event, resolve_refs};
use crate::db::Store;
use crate::error::{OnUnique, Result, StoreError};
use crate::events::NewEvent;
use crate::records::{Subject, visible, visible_bound};
use crate::rows::{Arg, RowExt, new_id, newest_first, now_ms, patched, run_values, to_json};
use orderhub_domain::ErrorCode;
use orderhub_domain::model::{Actor, EventKind, NewProduct, Page, Product, ProductPatch};
use orderhub_domain::{Scope, ValidationError};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe};
use std::collections::HashMap;

const COLUMNS: &str = "id, supplier_id, category_id, code, title, specs, currency, supplier_price, \
     retail_price, main_image, extra_images, active, published, min_order_qty, price_on_request, \
     created_at, updated_at";

const TAKEN: &str = "this supplier has a product with this code already";

/// What `GET /products` may narrow to.
#[derive(Debug, Clone, Default)]
pub struct ProductFilter {
    pub supplier_id: Option<String>,
    pub category_id: Option<String>,
    /// Part of the title or code, any case.
    pub q: Option<String>,
    pub limit: i64,
    pub cursor: Option<String>,
}

/// A bulk upload's product: the row it came from, the product and its
/// stored picture names.
#[derive(Debug, Clone)]
pub struct ProductUpload {
    pub row: usize,
    pub product: NewProduct,
    pub main_image: String,
    pub extra_images: Vec<String>,
}

/// What a bulk upload did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UploadCounts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

fn product_from_row(row: &AnyRow) -> Result<Product> {
    Ok(Product {
        id: row.col("id")?,
        supplier_id: row.col("supplier_id")?,
        category_id: row.col("category_id")?,
        code: row.col("code")?,
        title: row.col("title")?,
        specs: row.col("specs")?,
        currency: row.col("currency")?,
        supplier_price: row.decimal("supplier_price")?,
        retail_price: row.opt_decimal("retail_price")?,
        main_image: row.col("main_image")?,
        extra_images: row.json("extra_images")?,
        active: row.flag("active")?,
        published: row.flag("published")?,
        min_order_qty: row.col("min_order_qty")?,
        price_on_request: row.flag("price_on_request")?,
        created_at: row.time("created_at")?,
        updated_at: row.time("updated_at")?,
    })
}

/// The supplier a new product belongs to: a supplier's own, or the one
/// staff name.
fn owner(scope: &Scope, new: &NewProduct) -> Result<String> {
    match (scope.supplier(), &new.supplier_id) {
        (Some(own), None) => Ok(own.to_owned()),
        (Some(own), Some(s)) if s == own => Ok(own.to_owned()),
        (Some(_), Some(_)) => Err(orderhub_domain::Forbidden::new(
            ErrorCode::OwnProductsOnly,
            "a supplier adds products to its own catalogue only",
        )
        .into()),
        (None, Some(s)) if !s.is_empty() => Ok(s.clone()),
        (None, _) => Err(ValidationError::new(
            "supplier_id",
            ErrorCode::Required,
            "name the supplier whose product this is",
        )
        .into()),
    }
}

pub(crate) async fn supplier_exists(conn: &mut AnyConnection, id: &str) -> Result<()> {
    let found: Option<String> = sqlx::query_scalar("SELECT id FROM suppliers WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    found.map(|_| ()).ok_or_else(|| {
        ValidationError::new(
            "supplier_id",
            ErrorCode::UnknownSupplier,
            format!("no supplier {id}"),
        )
        .into()
    })
}

/// Product `id` as `scope` may see it, in the caller's transaction.
pub(crate) async fn fetch_in_scope(
    conn: &mut AnyConnection,
    id: &str,
    scope: &Scope,
) -> Result<Product> {
    fetch(conn, id, scope).await
}

async fn fetch(conn: &mut AnyConnection, id: &str, scope: &Scope) -> Result<Product> {
    let sql = format!(
        "SELECT {COLUMNS} FROM products WHERE id = $1{}",
        visible(scope, Subject::Own("products"), 2)
    );
    let row = crate::rows::by_id_in_scope(sql, id, scope)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::not_found("product", id))?;
    product_from_row(&row)
}

/// Rewrites a stored product's fields; `images` replaces its pictures,
/// `None` keeps them (the code, its key, stays).
async fn update(
    conn: &mut AnyConnection,
    id: &str,
    category: &str,
    p: &NewProduct,
    images: Option<(&str, &[String])>,
) -> Result<()> {
    sqlx::query(
        "UPDATE products SET category_id = $1, title = $2, specs = $3, currency = $4, \
         supplier_price = $5, retail_price = $6, active = $7, updated_at = $8 WHERE id = $9",
    )
    .bind(category)
    .bind(&p.title)
    .bind(&p.specs)
    .bind(p.currency.as_deref().unwrap_or("USD"))
    .bind(p.supplier_price.to_string())
    .bind(p.retail_price.map(|d| d.to_string()))
    .bind(i64::from(p.active.unwrap_or(true)))
    .bind(now_ms())
    .bind(id)
    .execute(&mut *conn)
    .await?;
    if let Some((main, extras)) = images {
        set_images(conn, id, Some(main), extras).await?;
    }
    Ok(())
}

async fn set_images(
    conn: &mut AnyConnection,
    id: &str,
    main: Option<&str>,
    extras: &[String],
) -> Result<()> {
    sqlx::query(
        "UPDATE products SET main_image = $2, extra_images = $3, updated_at = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(main)
    .bind(to_json(&extras))
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Whether the stored product already says exactly what the upload says.
fn same(cur: &Product, category: &str, r: &ProductUpload) -> bool {
    let p = &r.product;
    cur.category_id == category
        && cur.code == p.code
        && cur.title == p.title
        && cur.specs == p.specs
        && Some(cur.currency.as_str()) == p.currency.as_deref()
        && cur.supplier_price == p.supplier_price
        && cur.retail_price == p.retail_price
        && cur.main_image.as_deref() == Some(r.main_image.as_str())
        && cur.extra_images == r.extra_images
        && Some(cur.active) == p.active
}

/// The supplier's stored products with these codes, by lower-cased code.
async fn by_codes(
    conn: &mut AnyConnection,
    supplier: &str,
    rows: &[ProductUpload],
) -> Result<HashMap<String, Product>> {
    let mut found = HashMap::new();
    for chunk in rows.chunks(256) {
        let sql = format!(
            "SELECT {COLUMNS} FROM products WHERE supplier_id = $1 AND code_key IN ({})",
            crate::rows::placeholders(2, chunk.len())
        );
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(supplier);
        for r in chunk {
            q = q.bind(r.product.code.to_lowercase());
        }
        for row in q.fetch_all(&mut *conn).await? {
            let p = product_from_row(&row)?;
            found.insert(p.code.to_lowercase(), p);
        }
    }
    Ok(found)
}

/// A new product's row, as `INSERT_PRODUCT` lists the columns.
fn product_row(
    (id, supplier, category): (&str, &str, &str),
    p: &NewProduct,
    (main, extras): (Option<&str>, &[String]),
    now: i64,
) -> Vec<Arg> {
    vec![
        id.into(),
        supplier.into(),
        category.into(),
        p.code.as_str().into(),
        p.code.to_lowercase().into(),
        p.title.as_str().into(),
        p.specs.clone().into(),
        p.currency.clone().unwrap_or_else(|| "USD".into()).into(),
        p.supplier_price.to_string().into(),
        p.retail_price.map(|d| d.to_string()).into(),
        main.map(str::to_owned).into(),
        to_json(&extras).into(),
        i64::from(p.active.unwrap_or(true)).into(),
        now.into(),
        now.into(),
    ]
}

const INSERT_PRODUCT: &str = "INSERT INTO products (id, supplier_id, category_id, code, code_key, title, specs, \
     currency, supplier_price, retail_price, main_image, extra_images, active, created_at, updated_at)";

/// A catalogue event (`product.created`, `product.updated`) as a row.
fn product_event(actor: &Actor, kind: EventKind, id: &str) -> Vec<Arg> {
    NewEvent {
        order_id: None,
        task_id: None,
        rfq_id: None,
        supplier_id: None,
        kind,
        from: None,
        to: None,
        details: serde_json::json!({ "id": id }),
    }
    .row(actor)
}

impl Store {
    /// Adds a product (pictures come later, one by one or by upload).
    pub async fn create_product(
        &self,
        actor: &Actor,
        scope: &Scope,
        new: NewProduct,
    ) -> Result<Product> {
        let new = new.normalize()?;
        let supplier = owner(scope, &new)?;
        let mut tx = self.begin().await?;
        supplier_exists(&mut tx, &supplier).await?;
        let category = crate::categories::category_ref(&mut tx, "category", &new.category).await?;
        let id = new_id();
        let row = product_row((&id, &supplier, &category), &new, (None, &[]), now_ms());
        run_values(&mut tx, INSERT_PRODUCT, vec![row], "")
            .await
            .on_unique(ErrorCode::ProductCodeTaken, "code", TAKEN)?;
        config_event(&mut tx, actor, EventKind::ProductCreated, &id).await?;
        tx.commit().await?;
        self.get_product(&id, scope).await
    }

    /// One product; another supplier's is not found.
    pub async fn get_product(&self, id: &str, scope: &Scope) -> Result<Product> {
        let mut conn = self.read.acquire().await?;
        fetch(&mut conn, id, scope).await
    }

    /// Newest first, keyset-paginated; a supplier sees only its own.
    pub async fn list_products(
        &self,
        filter: &ProductFilter,
        scope: &Scope,
    ) -> Result<Page<Product>> {
        let like = filter.q.as_ref().map(|q| {
            let escaped = q.to_lowercase().replace(['%', '_', '\\'], "");
            format!("%{escaped}%")
        });
        let (own, bind) = visible_bound(scope, Subject::Own("products"), 1);
        let select = format!("SELECT {COLUMNS} FROM products WHERE 1 = 1{own}");
        let conditions = vec![
            (" AND supplier_id = ", filter.supplier_id.clone()),
            (" AND category_id = ", filter.category_id.clone()),
            (" AND LOWER(title || ' ' || code_key) LIKE ", like),
        ];
        let cursor = filter.cursor.clone();
        newest_first(
            &self.read,
            (select, bind.into_iter().collect()),
            conditions,
            cursor,
            filter.limit,
            product_from_row,
            ("id", |p: &Product| p.id.clone()),
        )
        .await
    }

    /// Changes the fields a patch gives.
    pub async fn update_product(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: &str,
        patch: ProductPatch,
    ) -> Result<Product> {
        let mut tx = self.begin().await?;
        crate::rows::lock_row(&mut tx, "products", "product", id).await?;
        let cur = fetch(&mut tx, id, scope).await?;
        let patch = patch.normalize(&cur.currency)?;
        let category = match &patch.category {
            Some(c) => crate::categories::category_ref(&mut tx, "category", c).await?,
            None => cur.category_id.clone(),
        };
        let retail = match patch.clear_retail_price {
            true => None,
            false => patch.retail_price.or(cur.retail_price),
        };
        // the amounts kept must suit a changed currency too
        let new = NewProduct {
            supplier_id: None,
            code: cur.code.clone(),
            title: patch.title.unwrap_or(cur.title),
            category: category.clone(),
            specs: patched(patch.specs, cur.specs),
            currency: Some(patch.currency.unwrap_or(cur.currency)),
            supplier_price: patch.supplier_price.unwrap_or(cur.supplier_price),
            retail_price: retail,
            active: Some(patch.active.unwrap_or(cur.active)),
        }
        .normalize()?;
        update(&mut tx, id, &category, &new, None).await?;
        sqlx::query(
            "UPDATE products SET published = $2, min_order_qty = $3, price_on_request = $4 WHERE id = $1",
        )
        .bind(id)
        .bind(i64::from(patch.published.unwrap_or(cur.published)))
        .bind(patch.min_order_qty.unwrap_or(cur.min_order_qty))
        .bind(i64::from(patch.price_on_request.unwrap_or(cur.price_on_request)))
        .execute(&mut *tx)
        .await?;
        config_event(&mut tx, actor, EventKind::ProductUpdated, id).await?;
        tx.commit().await?;
        self.get_product(id, scope).await
    }

    /// Replaces a product's pictures (names from [`Store::put_image`]).
    pub async fn set_product_images(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: &str,
        main: Option<&str>,
        extras: &[String],
    ) -> Result<Product> {
        let mut tx = self.begin().await?;
        crate::rows::lock_row(&mut tx, "products", "product", id).await?;
        fetch(&mut tx, id, scope).await?;
        set_images(&mut tx, id, main, extras).await?;
        config_event(&mut tx, actor, EventKind::ProductUpdated, id).await?;
        tx.commit().await?;
        self.get_product(id, scope).await
    }

    /// A bulk upload for one supplier, in one transaction: `images` are the
    /// pictures the rows name (by [`crate::image_name`]), written once every
    /// row is accepted and before the commit. New codes are
    /// added, known codes rewritten (unchanged ones counted apart); a dry
    /// run counts the same and rolls back. Any
    /// refused row (an unknown category) refuses them all, answered as
    /// (row, refusal) pairs.
    pub async fn upload_products(
        &self,
        actor: &Actor,
        supplier: &str,
        rows: &[ProductUpload],
        images: Vec<Vec<u8>>,
        dry_run: bool,
    ) -> Result<std::result::Result<UploadCounts, Vec<(usize, StoreError)>>> {
        let mut tx = self.begin().await?;
        supplier_exists(&mut tx, supplier).await?;
        let refs: Vec<String> = rows.iter().map(|r| r.product.category.clone()).collect();
        let categories = resolve_refs(&mut tx, &refs).await?;
        let refused: Vec<(usize, StoreError)> = rows
            .iter()
            .filter(|r| !categories.contains_key(&r.product.category))
            .map(|r| {
                let e = ValidationError::new(
                    "category",
                    ErrorCode::UnknownCategory,
                    format!("no category has the id or name {:?}", r.product.category),
                );
                (r.row, e.into())
            })
            .collect();
        if !refused.is_empty() {
            return Ok(Err(refused));
        }
        // written set-wise: one read of what is stored, one multi-row
        // insert for the new codes, the events and their outbox together
        let stored = by_codes(&mut tx, supplier, rows).await?;
        let (mut counts, mut inserts, mut events) =
            (UploadCounts::default(), Vec::new(), Vec::new());
        let now = now_ms();
        for r in rows {
            let category = &categories[&r.product.category];
            match stored.get(&r.product.code.to_lowercase()) {
                Some(cur) if same(cur, category, r) => counts.unchanged += 1,
                Some(cur) => {
                    let images = Some((r.main_image.as_str(), r.extra_images.as_slice()));
                    update(&mut tx, &cur.id, category, &r.product, images).await?;
                    events.push(product_event(actor, EventKind::ProductUpdated, &cur.id));
                    counts.updated += 1;
                }
                None => {
                    let id = new_id();
                    let images = (Some(r.main_image.as_str()), r.extra_images.as_slice());
                    inserts.push(product_row(
                        (&id, supplier, category),
                        &r.product,
                        images,
                        now,
                    ));
                    events.push(product_event(actor, EventKind::ProductCreated, &id));
                    counts.created += 1;
                }
            }
        }
        run_values(&mut tx, INSERT_PRODUCT, inserts, "").await?;
        crate::events::append(&mut tx, events).await?;
        if dry_run {
            tx.rollback().await?;
            return Ok(Ok(counts));
        }
        // the pictures reach the disk before the rows naming them commit
        for bytes in images {
            self.put_image(bytes).await?;
        }
        tx.commit().await?;
        Ok(Ok(counts))
    }
}

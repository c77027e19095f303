//! The published catalogue: the products suppliers chose to show
//! purchasers, with only what a purchaser needs (no product codes, no
//! retail prices, no supplier contacts).

use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::rows::{RowExt, newest_first};
use orderhub_domain::b2b::CatalogueItem;
use orderhub_domain::b2b::rfq::Listed;
use orderhub_domain::model::Page;
use rust_decimal::Decimal;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe};

const SELECT: &str = "SELECT p.id, p.supplier_id, s.name AS supplier_name, c.name AS category_name, \
     p.title, p.specs, p.currency, p.supplier_price, p.price_on_request, p.min_order_qty, \
     p.main_image, p.extra_images \
     FROM products p JOIN suppliers s ON s.id = p.supplier_id JOIN categories c ON c.id = p.category_id \
     WHERE p.published = 1 AND p.active = 1 AND s.active = 1";

/// What `GET /catalogue` may narrow to.
#[derive(Debug, Clone, Default)]
pub struct CatalogueFilter {
    /// Part of the title or specs, any case.
    pub q: Option<String>,
    pub category_id: Option<String>,
    pub supplier_id: Option<String>,
    pub limit: i64,
    pub cursor: Option<String>,
}

fn item_from_row(row: &AnyRow) -> Result<CatalogueItem> {
    let main: Option<String> = row.col("main_image")?;
    let extra: Vec<String> = row.json("extra_images")?;
    Ok(CatalogueItem {
        id: row.col("id")?,
        supplier_id: row.col("supplier_id")?,
        supplier_name: row.col("supplier_name")?,
        category: row.col("category_name")?,
        title: row.col("title")?,
        specs: row.col("specs")?,
        currency: row.col("currency")?,
        price: match row.flag("price_on_request")? {
            true => None,
            false => Some(row.decimal("supplier_price")?),
        },
        min_order_qty: row.col("min_order_qty")?,
        images: main.into_iter().chain(extra).collect(),
    })
}

/// A published product as a request line takes it, with its supplier and
/// catalogue price (none: on request); `None` when it is not published.
pub(crate) async fn listed(
    conn: &mut AnyConnection,
    product_id: &str,
) -> Result<Option<(Listed, CatalogueItem)>> {
    let row = sqlx::query(AssertSqlSafe(format!("{SELECT} AND p.id = $1")))
        .bind(product_id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(item) = row.map(|r| item_from_row(&r)).transpose()? else {
        return Ok(None);
    };
    let listed = Listed {
        title: item.title.clone(),
        specs: item.specs.clone(),
        min_order_qty: item.min_order_qty,
    };
    Ok(Some((listed, item)))
}

impl Store {
    /// Published products of active suppliers, newest first.
    pub async fn catalogue(&self, filter: &CatalogueFilter) -> Result<Page<CatalogueItem>> {
        let like = filter.q.as_ref().map(|q| {
            let escaped = q.to_lowercase().replace(['%', '_', '\\'], "");
            format!("%{escaped}%")
        });
        let conditions = vec![
            (" AND p.supplier_id = ", filter.supplier_id.clone()),
            (" AND p.category_id = ", filter.category_id.clone()),
            (
                " AND LOWER(p.title || ' ' || COALESCE(p.specs, '')) LIKE ",
                like,
            ),
        ];
        newest_first(
            &self.read,
            (SELECT.to_owned(), Vec::new()),
            conditions,
            filter.cursor.clone(),
            filter.limit,
            item_from_row,
            ("p.id", |i: &CatalogueItem| i.id.clone()),
        )
        .await
    }

    /// One published product; unpublished ones are not found.
    pub async fn catalogue_item(&self, id: &str) -> Result<CatalogueItem> {
        let mut conn = self.read.acquire().await?;
        listed(&mut conn, id)
            .await?
            .map(|(_, item)| item)
            .ok_or_else(|| StoreError::not_found("product", id))
    }
}

/// A catalogue price of `item` in `currency`, for estimates: none when on
/// request or in another currency.
pub(crate) fn price_in(item: &CatalogueItem, currency: &str) -> Option<Decimal> {
    item.price.filter(|_| item.currency == currency)
}

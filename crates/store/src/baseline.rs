//! The storage limit for intake: `orderhub bench baseline`.
//!
//! Writes the rows an intake of the same orders writes — the order, its
//! lines, its events, the category's rotation state read under lock and
//! advanced, one task and one routing event per line, the order's status —
//! as plain SQL through the same driver, connection settings and durability
//! as the server, committed in groups as the intake writer commits them,
//! with no HTTP and no domain code (no validation, classification, routing
//! rules or SKU templates). Whatever intake does beyond this is our cost;
//! intake throughput divided by this is the efficiency BENCHMARKS.md
//! reports.

use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::rows::{RowExt, new_id, now_ms};
use sqlx::AnyConnection;
use std::time::Instant;

/// One order of the benchmark's workload, already decided by the caller.
#[derive(Debug, Clone)]
pub struct PlainOrder {
    pub platform: String,
    pub number: String,
    pub customer: String,
    pub lines: Vec<PlainLine>,
}

/// One line: `category` indexes the categories the baseline creates.
#[derive(Debug, Clone)]
pub struct PlainLine {
    pub title: String,
    pub quantity: i64,
    pub unit_price: String,
    pub category: usize,
}

/// What the baseline measured.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BaselineReport {
    pub orders: usize,
    pub group: usize,
    pub seconds: f64,
    pub limit_orders_per_sec: f64,
}

struct Category {
    id: String,
    prefix: String,
}

impl Store {
    /// Runs the baseline on this store, which must hold no orders yet:
    /// `categories` categories with three suppliers each, then `orders`
    /// committed `group` at a time.
    pub async fn baseline(
        &self,
        categories: usize,
        orders: &[PlainOrder],
        group: usize,
    ) -> Result<BaselineReport> {
        if !self.is_empty().await? {
            return Err(StoreError::conflict(
                "not_empty",
                Some("database_url"),
                "the baseline needs a fresh database",
            ));
        }
        let cats = self.baseline_catalogue(categories).await?;
        let started = Instant::now();
        for chunk in orders.chunks(group.max(1)) {
            let mut tx = self.begin().await?;
            for order in chunk {
                plain_intake(&mut tx, &cats, order).await?;
            }
            tx.commit().await?;
        }
        let seconds = started.elapsed().as_secs_f64();
        Ok(BaselineReport {
            orders: orders.len(),
            group,
            seconds,
            limit_orders_per_sec: orders.len() as f64 / seconds,
        })
    }

    async fn baseline_catalogue(&self, n: usize) -> Result<Vec<Category>> {
        let mut tx = self.begin().await?;
        let now = now_ms();
        let mut cats = Vec::with_capacity(n);
        for c in 0..n {
            let id = new_id();
            let prefix = format!("B{c}");
            sqlx::query(
                "INSERT INTO categories (id, name, name_key, keywords, sku_prefix, sku_template, strategy, created_at, updated_at) \
                 VALUES ($1, $2, $2, '[]', $3, '{category}{seq:6}', 'round_robin', $4, $4)",
            )
            .bind(&id)
            .bind(format!("baseline-{c}"))
            .bind(&prefix)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            for s in 0..3 {
                let supplier = new_id();
                sqlx::query(
                    "INSERT INTO suppliers (id, name, name_key, code, active, weight, created_at, updated_at) \
                     VALUES ($1, $2, $2, $3, 1, 1, $4, $4)",
                )
                .bind(&supplier)
                .bind(format!("baseline-{c}-{s}"))
                .bind(format!("S{s}"))
                .bind(now)
                .execute(&mut *tx)
                .await?;
                sqlx::query("INSERT INTO category_suppliers (category_id, supplier_id, position) VALUES ($1, $2, $3)")
                    .bind(&id)
                    .bind(&supplier)
                    .bind(s as i64)
                    .execute(&mut *tx)
                    .await?;
            }
            cats.push(Category { id, prefix });
        }
        tx.commit().await?;
        Ok(cats)
    }
}

async fn event(
    conn: &mut AnyConnection,
    order: &str,
    task: Option<&str>,
    kind: &str,
    to: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO events (id, order_id, task_id, kind, actor, from_status, to_status, details, created_at) \
         VALUES ($1, $2, $3, $4, 'token:baseline', NULL, $5, '{}', $6)",
    )
    .bind(new_id())
    .bind(order)
    .bind(task)
    .bind(kind)
    .bind(to)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

async fn plain_intake(conn: &mut AnyConnection, cats: &[Category], o: &PlainOrder) -> Result<()> {
    let id = new_id();
    let now = now_ms();
    sqlx::query(
        "INSERT INTO orders (id, platform, external_number, status, currency, customer_name, search_text, created_at, updated_at) \
         VALUES ($1, $2, $3, 'pending', 'USD', $4, $5, $6, $6) ON CONFLICT (platform, external_number) DO NOTHING RETURNING id",
    )
    .bind(&id)
    .bind(&o.platform)
    .bind(&o.number)
    .bind(&o.customer)
    .bind(o.number.to_lowercase())
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    let mut line_ids = Vec::with_capacity(o.lines.len());
    for (i, l) in o.lines.iter().enumerate() {
        let line_id = new_id();
        sqlx::query(
            "INSERT INTO order_lines (id, order_id, line_no, title, quantity, unit_price) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&line_id)
        .bind(&id)
        .bind(i as i64 + 1)
        .bind(&l.title)
        .bind(l.quantity)
        .bind(&l.unit_price)
        .execute(&mut *conn)
        .await?;
        line_ids.push(line_id);
    }
    event(conn, &id, None, "order.created", "pending").await?;
    sqlx::query("UPDATE orders SET status = 'purchasing', updated_at = $2 WHERE id = $1")
        .bind(&id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    event(conn, &id, None, "order.status_changed", "purchasing").await?;
    for (l, line_id) in o.lines.iter().zip(&line_ids) {
        let cat = &cats[l.category % cats.len()];
        route_plain(conn, &id, cat, line_id, l.quantity).await?;
    }
    sqlx::query("UPDATE orders SET status = 'assigned', updated_at = $2 WHERE id = $1")
        .bind(&id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    event(conn, &id, None, "order.status_changed", "assigned").await
}

/// Lock and read the category, read its suppliers, write the task, the
/// line's category and the routing event, advance the cursor.
async fn route_plain(
    conn: &mut AnyConnection,
    order: &str,
    cat: &Category,
    line_id: &str,
    quantity: i64,
) -> Result<()> {
    let row = sqlx::query(
        "UPDATE categories SET route_count = route_count + 1, sku_seq = sku_seq + 1 WHERE id = $1 \
         RETURNING rr_cursor, route_count, sku_seq",
    )
    .bind(&cat.id)
    .fetch_one(&mut *conn)
    .await?;
    let cursor: Option<i64> = row.col("rr_cursor")?;
    let route_count: i64 = row.col("route_count")?;
    let seq: i64 = row.col("sku_seq")?;
    let suppliers: Vec<String> = sqlx::query_scalar(
        "SELECT supplier_id FROM category_suppliers WHERE category_id = $1 ORDER BY position",
    )
    .bind(&cat.id)
    .fetch_all(&mut *conn)
    .await?;
    let next = cursor.map_or(0, |c| (c + 1) % suppliers.len() as i64);
    let task = new_id();
    let now = now_ms();
    sqlx::query(
        "INSERT INTO tasks (id, order_id, line_id, supplier_id, category_id, sku, status, quantity, route_seq, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'assigned', $7, $8, $9, $9) ON CONFLICT (sku) DO NOTHING RETURNING id",
    )
    .bind(&task)
    .bind(order)
    .bind(line_id)
    .bind(&suppliers[next as usize])
    .bind(&cat.id)
    .bind(format!("{}{seq:06}", cat.prefix))
    .bind(quantity)
    .bind(route_count)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    sqlx::query("UPDATE order_lines SET category_id = $2 WHERE id = $1")
        .bind(line_id)
        .bind(&cat.id)
        .execute(&mut *conn)
        .await?;
    event(conn, order, Some(&task), "task.routed", "assigned").await?;
    sqlx::query("UPDATE categories SET rr_cursor = $2 WHERE id = $1")
        .bind(&cat.id)
        .bind(next)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

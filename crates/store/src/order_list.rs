//! Listing orders: filters, sort and keyset pages, and the text search.
//!
//! A search for text reads the newest orders (a window of [`WINDOW`] past
//! the cursor by default) directly — a common word fills the page there — and looks
//! further back only through the trigram index (migration 0009), so a rare
//! word does not read a million orders either. Text of one or two
//! characters is too short for the index: each page reads one window, and
//! may hold fewer orders than asked (even none) with a next cursor.

use crate::db::{Backend, Store};
use crate::error::Result;
use crate::records::{ORDER_COLUMNS, Subject, order_from_row, visible};
use crate::rows::{escape_like, page_cursor};
use crate::rows::{first_id_at, to_ms};
use orderhub_domain::model::{Order, Page, Sort};
use orderhub_domain::review::{ApprovalState, Awaiting};
use orderhub_domain::{OrderStatus, Scope};
use sqlx::AssertSqlSafe;

/// Filters of `GET /orders`.
#[derive(Debug, Clone, Default)]
pub struct OrderFilter {
    pub status: Option<OrderStatus>,
    pub platform: Option<String>,
    /// Orders with a line classified into this category (lines are
    /// classified when the order is released).
    pub category_id: Option<String>,
    /// Orders with a task (live or not) for this supplier.
    pub supplier_id: Option<String>,
    /// Received on or after this day (UTC).
    pub received_from: Option<time::Date>,
    /// Received on or before this day (UTC).
    pub received_to: Option<time::Date>,
    /// Pending orders held by the review, or waiting for an approval
    /// (staff only: ignored for a supplier).
    pub awaiting: Option<Awaiting>,
    pub sort: Sort,
    /// Case-insensitive search in order number, customer and line titles.
    pub q: Option<String>,
    pub limit: i64,
    /// The last id of the previous page.
    pub cursor: Option<String>,
}

impl OrderFilter {
    /// Narrowed by status at most (the order and page aside): the
    /// dashboard's counts by status describe such a list.
    pub fn only_status(&self) -> bool {
        self.platform.is_none()
            && self.category_id.is_none()
            && self.supplier_id.is_none()
            && self.received_from.is_none()
            && self.received_to.is_none()
            && self.q.is_none()
            && self.awaiting.is_none()
    }
}

/// The index finds substrings of at least this many characters (trigrams).
const INDEXED_CHARS: usize = 3;

/// Conditions on `orders` and their bound values, in order.
#[derive(Clone, Default)]
struct Conditions {
    sql: String,
    binds: Vec<String>,
}

impl Conditions {
    /// Appends `cond`, its `?` bound to `value`.
    fn add(&mut self, cond: &str, value: String) {
        self.binds.push(value);
        let n = self.binds.len();
        self.sql.push_str(&cond.replace('?', &format!("${n}")));
    }
}

/// What a text search found for a page, and where the next page resumes
/// when the search stopped at the window's edge rather than at a full page.
struct Found {
    orders: Vec<Order>,
    resume: Option<String>,
}

impl Found {
    fn complete(orders: Vec<Order>) -> Self {
        Found {
            orders,
            resume: None,
        }
    }
}

/// How a page reads the orders table: directly, or (SQLite) driven by the
/// text index's matches.
enum Source<'a> {
    Orders,
    SqliteIndex(&'a str),
}

impl Store {
    /// Newest or oldest first, keyset-paginated by id; or urgent first,
    /// keyset-paginated by the queue key.
    pub async fn list_orders(&self, filter: &OrderFilter, scope: &Scope) -> Result<Page<Order>> {
        let mut cond = filters(filter, scope);
        let q = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
        // A staff search for an order number as it is stored finds that
        // order through its index. Never for a supplier: whether a number
        // exists among orders it cannot see must not change its answer.
        let exact = match q {
            Some(q) if scope.is_all() => self.is_order_number(q).await?,
            _ => false,
        };
        let mut resume = None;
        let mut orders = match q {
            Some(q) if exact => {
                cond.add(" AND external_number = ?", q.to_owned());
                self.page(cond, Source::Orders, filter).await?
            }
            Some(q) if scope.supplier().is_some() => {
                supplier_search(&mut cond, q);
                self.page(cond, Source::Orders, filter).await?
            }
            Some(q) => {
                let found = self.search(cond, q, filter).await?;
                resume = found.resume;
                found.orders
            }
            None => self.page(cond, Source::Orders, filter).await?,
        };
        let next_cursor = page_cursor(&mut orders, filter.limit, |o| match filter.sort {
            Sort::Urgent => o.priority.queue_key(&o.id),
            Sort::Newest | Sort::Oldest => o.id.clone(),
        })
        .or(resume);
        self.attach_lines_and_tasks(&mut orders, scope).await?;
        Ok(Page {
            items: orders,
            next_cursor,
        })
    }

    /// How many orders the filter matches (its cursor and limit aside), up
    /// to `cap`; `None` for a text search (its matches are found a page at
    /// a time) and for a category or supplier filter, whose per-order
    /// lookups made a capped count 15–25 times slower than the page itself
    /// at a million orders (docs/web.md).
    pub async fn count_orders(
        &self,
        filter: &OrderFilter,
        scope: &Scope,
        cap: i64,
    ) -> Result<Option<crate::rows::Count>> {
        let searched = filter.q.as_deref().is_some_and(|q| !q.trim().is_empty());
        if searched || filter.category_id.is_some() || filter.supplier_id.is_some() {
            return Ok(None);
        }
        let cond = filters(filter, scope);
        let from = format!("FROM orders WHERE 1 = 1{}", cond.sql);
        let count = crate::rows::count_capped(&self.read, (from, cond.binds), Vec::new(), cap);
        Ok(Some(count.await?))
    }

    /// Up to `limit + 1` orders matching `cond` after the filter's cursor,
    /// in its sort order.
    async fn page(
        &self,
        mut cond: Conditions,
        source: Source<'_>,
        filter: &OrderFilter,
    ) -> Result<Vec<Order>> {
        let (key, direction, past) = keyset(filter.sort);
        if let Some(c) = &filter.cursor {
            cond.add(&format!(" AND orders.{key} {past} ?"), c.clone());
        }
        let from = match source {
            Source::Orders => "orders WHERE 1 = 1".to_owned(),
            // the matches drive the join (CROSS JOIN keeps SQLite from
            // scanning the orders instead); then they are sorted
            Source::SqliteIndex(phrase) => {
                cond.binds.insert(0, phrase.to_owned());
                cond.sql = shift_params(&cond.sql, 1);
                "orders_search CROSS JOIN orders ON orders.id = orders_search.order_id \
                 WHERE orders_search MATCH $1"
                    .to_owned()
            }
        };
        let columns = ORDER_COLUMNS
            .split(", ")
            .map(|c| format!("orders.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT {columns} FROM {from}{} ORDER BY orders.{key} {direction} LIMIT {}",
            cond.sql,
            filter.limit + 1
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for b in cond.binds {
            query = query.bind(b);
        }
        let rows = query.fetch_all(&self.read).await?;
        rows.iter().map(order_from_row).collect()
    }

    /// A staff search in order number, customer and titles: the window
    /// past the cursor read directly, the rest through the text index — or,
    /// for text too short for the index, the window alone, the next page
    /// resuming past it.
    async fn search(&self, cond: Conditions, q: &str, filter: &OrderFilter) -> Result<Found> {
        let q = q.to_lowercase();
        let pattern = format!("%{}%", escape_like(&q));
        let like = " AND orders.search_text LIKE ? ESCAPE '\\'";
        let edge = self.window_edge(filter).await?;
        let (key, _, past) = keyset(filter.sort);
        let inside = format!(
            " AND orders.{key} {}= ?",
            if past == "<" { ">" } else { "<" }
        );
        let beyond = format!(" AND orders.{key} {past} ?");
        let mut near = cond.clone();
        near.add(like, pattern.clone());
        if let Some(edge) = &edge {
            near.add(&inside, edge.clone());
        }
        let mut found = self.page(near, Source::Orders, filter).await?;
        let full = found.len() as i64 > filter.limit;
        let edge = match edge {
            Some(edge) if !full => edge,
            _ => return Ok(Found::complete(found)),
        };
        if q.chars().count() < INDEXED_CHARS {
            return Ok(Found {
                orders: found,
                resume: Some(edge),
            });
        }
        let mut far = cond;
        far.add(&beyond, edge);
        let phrase;
        let source = match self.backend() {
            Backend::Sqlite => {
                // an FTS5 phrase: the text in double quotes, quotes doubled
                phrase = format!("\"{}\"", q.replace('"', "\"\""));
                Source::SqliteIndex(&phrase)
            }
            Backend::Postgres => {
                // pg_trgm's GIN index serves LIKE '%…%'
                far.add(like, pattern);
                Source::Orders
            }
        };
        let rest = OrderFilter {
            limit: filter.limit - found.len() as i64,
            ..filter.clone()
        };
        found.extend(self.page(far, source, &rest).await?);
        Ok(Found::complete(found))
    }

    /// The id [`WINDOW`] orders past the filter's cursor (in its sort
    /// order), or `None` when fewer remain.
    async fn window_edge(&self, filter: &OrderFilter) -> Result<Option<String>> {
        let (key, direction, past) = keyset(filter.sort);
        let sql = format!(
            "SELECT {key} FROM orders WHERE {} ORDER BY {key} {direction} LIMIT 1 OFFSET {}",
            if filter.cursor.is_some() {
                format!("{key} {past} $1")
            } else {
                "$1 = $1".to_owned()
            },
            self.search_window - 1
        );
        Ok(sqlx::query_scalar(AssertSqlSafe(sql))
            .bind(filter.cursor.clone().unwrap_or_default())
            .fetch_optional(&self.read)
            .await?)
    }
}

/// The column a sort pages by, its direction, and how a row past the
/// cursor compares with it.
fn keyset(sort: Sort) -> (&'static str, &'static str, &'static str) {
    match sort {
        Sort::Newest => ("id", "DESC", "<"),
        Sort::Oldest => ("id", "ASC", ">"),
        Sort::Urgent => ("queue_key", "DESC", "<"),
    }
}

/// Every filter but the text search and the cursor, as conditions on
/// `orders`.
fn filters(filter: &OrderFilter, scope: &Scope) -> Conditions {
    let mut cond = Conditions::default();
    if let Some(s) = scope.supplier() {
        cond.binds.push(s.to_owned());
    }
    cond.sql.push_str(&visible(scope, Subject::Order, 1));
    if let Some(s) = filter.status {
        cond.add(" AND orders.status = ?", s.as_str().to_owned());
    }
    if let Some(p) = &filter.platform {
        cond.add(" AND orders.platform = ?", p.to_lowercase());
    }
    match filter.awaiting.filter(|_| scope.is_all()) {
        Some(Awaiting::Held) => cond.sql.push_str(" AND orders.hold IS NOT NULL"),
        Some(Awaiting::Approval) => cond.add(
            " AND orders.approval = ?",
            ApprovalState::Required.as_str().to_owned(),
        ),
        None => {}
    }
    // A supplier filters only by what it may see: its own tasks' categories,
    // and no other supplier (whose tasks it must not learn about).
    let (by_category, by_supplier) = match scope.supplier() {
        Some(_) => (
            " AND EXISTS (SELECT 1 FROM tasks t WHERE t.order_id = orders.id AND t.supplier_id || '' = $1 AND t.category_id = ?)",
            " AND $1 = ?",
        ),
        None => (
            " AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = orders.id AND l.category_id = ?)",
            " AND EXISTS (SELECT 1 FROM tasks t WHERE t.order_id = orders.id AND t.supplier_id = ?)",
        ),
    };
    if let Some(c) = &filter.category_id {
        cond.add(by_category, c.clone());
    }
    if let Some(su) = &filter.supplier_id {
        cond.add(by_supplier, su.clone());
    }
    // Ids are UUIDv7 of the moment an order was received: a date range
    // is a range of the primary key.
    let day_ms = |d: time::Date| to_ms(d.midnight().assume_utc());
    if let Some(d) = filter.received_from {
        cond.add(" AND orders.id >= ?", first_id_at(day_ms(d)));
    }
    if let Some(d) = filter.received_to.and_then(|d| d.next_day()) {
        cond.add(" AND orders.id < ?", first_id_at(day_ms(d)));
    }
    cond
}

/// A supplier searches only what it may see: the order number and the
/// titles of its own lines, never other suppliers' lines or the customer.
fn supplier_search(cond: &mut Conditions, q: &str) {
    let pattern = format!("%{}%", escape_like(&q.to_lowercase()));
    cond.add(
        " AND (LOWER(orders.external_number) LIKE ? ESCAPE '\\'",
        pattern.clone(),
    );
    cond.add(
        " OR EXISTS (SELECT 1 FROM tasks t JOIN order_lines l ON l.id = t.line_id \
         WHERE t.order_id = orders.id AND t.supplier_id || '' = $1 AND LOWER(l.title) LIKE ? ESCAPE '\\'))",
        pattern,
    );
}

/// `$n` placeholders renumbered to `$(n + by)`.
fn shift_params(sql: &str, by: usize) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '$' {
            let mut digits = String::new();
            while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                digits.push(*d);
                chars.next();
            }
            match digits.parse::<usize>() {
                Ok(n) => out.push_str(&(n + by).to_string()),
                Err(_) => out.push_str(&digits),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_shift() {
        assert_eq!(
            super::shift_params(" AND a = $1 AND b LIKE $12 AND c = '$'", 1),
            " AND a = $2 AND b LIKE $13 AND c = '$'"
        );
    }
}

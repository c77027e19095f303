//! Conversions between the portable column types (TEXT, BIGINT) and the
//! domain's types. Every stored value goes through here.

use crate::error::{Result, StoreError};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use sqlx::any::AnyRow;
use sqlx::{Decode, Row, Type};
use std::str::FromStr;
use time::OffsetDateTime;

/// A new time-ordered id (UUIDv7): inserts land at the end of the index.
pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The smallest UUIDv7 text of millisecond `ms`: ids are time-ordered, so
/// "received since" is a range on the primary key.
pub(crate) fn first_id_at(ms: i64) -> String {
    let hex = format!("{:012x}", ms.max(0));
    format!("{}-{}-7000-8000-000000000000", &hex[..8], &hex[8..12])
}

pub(crate) fn now_ms() -> i64 {
    to_ms(OffsetDateTime::now_utc())
}

pub(crate) fn to_ms(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

pub(crate) fn from_ms(ms: i64) -> Result<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .map_err(|e| StoreError::Corrupt(format!("time {ms}: {e}")))
}

/// Typed column access with errors that name the column.
pub(crate) trait RowExt {
    fn col<'r, T: Decode<'r, sqlx::Any> + Type<sqlx::Any>>(&'r self, name: &str) -> Result<T>;
    fn time(&self, name: &str) -> Result<OffsetDateTime>;
    fn opt_time(&self, name: &str) -> Result<Option<OffsetDateTime>>;
    fn flag(&self, name: &str) -> Result<bool>;
    fn decimal(&self, name: &str) -> Result<Decimal>;
    fn opt_decimal(&self, name: &str) -> Result<Option<Decimal>>;
    fn json<T: DeserializeOwned>(&self, name: &str) -> Result<T>;
    fn opt_json<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>>;
    fn parsed<T>(&self, name: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T>;
}

impl RowExt for AnyRow {
    fn col<'r, T: Decode<'r, sqlx::Any> + Type<sqlx::Any>>(&'r self, name: &str) -> Result<T> {
        self.try_get(name)
            .map_err(|e| StoreError::Corrupt(format!("column {name}: {e}")))
    }

    fn time(&self, name: &str) -> Result<OffsetDateTime> {
        from_ms(self.col(name)?)
    }

    fn opt_time(&self, name: &str) -> Result<Option<OffsetDateTime>> {
        self.col::<Option<i64>>(name)?.map(from_ms).transpose()
    }

    fn flag(&self, name: &str) -> Result<bool> {
        Ok(self.col::<i64>(name)? != 0)
    }

    fn decimal(&self, name: &str) -> Result<Decimal> {
        let text: String = self.col(name)?;
        Decimal::from_str(&text).map_err(|e| StoreError::Corrupt(format!("{name}: {e}")))
    }

    fn opt_decimal(&self, name: &str) -> Result<Option<Decimal>> {
        self.col::<Option<String>>(name)?
            .map(|t| Decimal::from_str(&t).map_err(|e| StoreError::Corrupt(format!("{name}: {e}"))))
            .transpose()
    }

    fn json<T: DeserializeOwned>(&self, name: &str) -> Result<T> {
        let text: String = self.col(name)?;
        serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(format!("{name}: {e}")))
    }

    fn opt_json<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>> {
        self.col::<Option<String>>(name)?
            .map(|t| {
                serde_json::from_str(&t).map_err(|e| StoreError::Corrupt(format!("{name}: {e}")))
            })
            .transpose()
    }

    fn parsed<T>(&self, name: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T> {
        let text: String = self.col(name)?;
        parse(&text).ok_or_else(|| StoreError::Corrupt(format!("{name}: unexpected {text:?}")))
    }
}

/// Locks a row until the transaction ends (PostgreSQL: a row lock that
/// does not block foreign-key checks; SQLite: the transaction holds the
/// write lock already). Not found is an error naming `entity`.
pub(crate) async fn lock_row(
    conn: &mut sqlx::AnyConnection,
    table: &'static str,
    entity: &'static str,
    id: &str,
) -> Result<()> {
    let sql = format!("UPDATE {table} SET updated_at = updated_at WHERE id = $1 RETURNING id");
    let found: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    found
        .map(|_| ())
        .ok_or_else(|| StoreError::not_found(entity, id))
}

/// `sql` (with `$1` the id and, for a supplier scope, `$2` the supplier)
/// with its parameters bound.
pub(crate) fn by_id_in_scope<'q>(
    sql: String,
    id: &'q str,
    scope: &'q orderhub_domain::Scope,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    let q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id);
    match scope.supplier() {
        Some(s) => q.bind(s),
        None => q,
    }
}

/// A text field after a PATCH: absent keeps the current value, `""`
/// clears it, anything else replaces it.
pub(crate) fn patched(new: Option<String>, current: Option<String>) -> Option<String> {
    match new {
        Some(v) if v.is_empty() => None,
        Some(v) => Some(v),
        None => current,
    }
}

/// `$from, $from+1, …` placeholders for an `IN (…)` list of `n` values.
pub(crate) fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// JSON text of a value that is always serialisable.
pub(crate) fn to_json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

/// A value bound into a multi-row statement.
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Text(Option<String>),
    Int(Option<i64>),
}

impl From<String> for Arg {
    fn from(v: String) -> Self {
        Arg::Text(Some(v))
    }
}

impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Arg::Text(Some(v.to_owned()))
    }
}

impl From<Option<String>> for Arg {
    fn from(v: Option<String>) -> Self {
        Arg::Text(v)
    }
}

impl From<i64> for Arg {
    fn from(v: i64) -> Self {
        Arg::Int(Some(v))
    }
}

impl From<Option<i64>> for Arg {
    fn from(v: Option<i64>) -> Self {
        Arg::Int(v)
    }
}

/// Most parameters in one statement. PostgreSQL takes up to 65,535 and
/// binds them by position. SQLite looks a *named* parameter (`$n`) up by a
/// linear scan, so binding n of them costs n²: past a few hundred, one more
/// statement is cheaper than a longer one. Anonymous ones (`?`) are bound
/// by position at no such cost, up to SQLite's limit of 32,766.
fn max_params(conn: &sqlx::AnyConnection, anonymous: bool) -> usize {
    match (conn.backend_name() == "SQLite", anonymous) {
        (true, false) => 512,
        (true, true) => 8_192,
        (false, _) => 16_384,
    }
}

/// Runs `head VALUES (…), (…) tail` for all `rows` (each as wide as the
/// first), in as few statements as the parameter limits allow: one round
/// trip for many rows is what makes group commit pay on both backends.
/// Returns how many rows the statements changed (an `ON CONFLICT … DO
/// NOTHING` insert counts only what it inserted). Only for statements
/// whose rows are independent (the chunks run apart).
pub(crate) async fn run_values(
    conn: &mut sqlx::AnyConnection,
    head: &str,
    rows: Vec<Vec<Arg>>,
    tail: &str,
) -> Result<u64> {
    Ok(values(conn, head, rows, tail, false).await?.1)
}

/// [`run_values`] for a `SELECT … IN (` head: returns the rows found.
/// Rows cost: sqlx hands each one from its SQLite thread to the caller
/// on its own, so writes count instead of returning ids.
pub(crate) async fn select_values(
    conn: &mut sqlx::AnyConnection,
    head: &str,
    rows: Vec<Vec<Arg>>,
    tail: &str,
) -> Result<Vec<AnyRow>> {
    Ok(values(conn, head, rows, tail, true).await?.0)
}

async fn values(
    conn: &mut sqlx::AnyConnection,
    head: &str,
    mut rows: Vec<Vec<Arg>>,
    tail: &str,
    fetch: bool,
) -> Result<(Vec<AnyRow>, u64)> {
    use std::fmt::Write;
    let width = rows.first().map_or(1, Vec::len).max(1);
    // SQLite numbers bare `?` by position, as PostgreSQL does `$n`, as
    // long as the statement names none of its own.
    let anonymous = conn.backend_name() == "SQLite" && !head.contains('$') && !tail.contains('$');
    let per = (max_params(conn, anonymous) / width).max(1);
    let (mut out, mut changed) = (Vec::new(), 0);
    while !rows.is_empty() {
        // One statement for the whole group: each statement is a round
        // trip (to sqlx's SQLite thread, or to PostgreSQL), which costs more
        // than preparing one. Only power-of-two sizes are kept prepared, so
        // the connection's statement cache holds a few texts per table
        // instead of one per group size.
        let take = per.min(rows.len());
        let persistent = take.is_power_of_two();
        let chunk: Vec<Vec<Arg>> = rows.drain(..take).collect();
        let mut sql = String::with_capacity(head.len() + tail.len() + chunk.len() * width * 6);
        sql.push_str(head);
        sql.push_str(" VALUES ");
        let mut n = 0;
        for (i, row) in chunk.iter().enumerate() {
            sql.push_str(if i == 0 { "(" } else { ", (" });
            for j in 0..row.len() {
                n += 1;
                let sep = if j == 0 { "" } else { ", " };
                let _ = if anonymous {
                    write!(sql, "{sep}?")
                } else {
                    write!(sql, "{sep}${n}")
                };
            }
            sql.push(')');
        }
        sql.push(' ');
        sql.push_str(tail);
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).persistent(persistent);
        for arg in chunk.into_iter().flatten() {
            q = match arg {
                Arg::Text(v) => q.bind(v),
                Arg::Int(v) => q.bind(v),
            };
        }
        if fetch {
            out.extend(q.fetch_all(&mut *conn).await?);
        } else {
            changed += q.execute(&mut *conn).await?.rows_affected();
        }
    }
    Ok((out, changed))
}

/// One newest-first keyset page of `select` (a `SELECT … WHERE …` whose
/// own placeholders take `binds`, in order), narrowed by each condition
/// that has a value (`" AND col = "`, its placeholder appended), sorted by
/// `key`'s column (descending) and `cursor` its value on the last row of
/// the previous page.
pub(crate) async fn newest_first<T>(
    pool: &sqlx::AnyPool,
    (select, mut binds): (String, Vec<String>),
    conditions: Vec<(&str, Option<String>)>,
    cursor: Option<String>,
    limit: i64,
    from_row: impl Fn(&sqlx::any::AnyRow) -> Result<T>,
    (key, key_of): (&str, impl Fn(&T) -> String),
) -> Result<orderhub_domain::model::Page<T>> {
    let mut sql = select;
    let after = format!(" AND {key} < ");
    for (cond, value) in conditions.into_iter().chain([(after.as_str(), cursor)]) {
        if let Some(v) = value {
            binds.push(v);
            sql.push_str(&format!("{cond}${}", binds.len()));
        }
    }
    sql.push_str(&format!(" ORDER BY {key} DESC LIMIT {}", limit + 1));
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for b in binds {
        q = q.bind(b);
    }
    let rows = q.fetch_all(pool).await?;
    let mut items = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
    let next_cursor = page_cursor(&mut items, limit, key_of);
    Ok(orderhub_domain::model::Page { items, next_cursor })
}

/// How many rows a list's filter matches, counted up to a cap: exact below
/// it, "more than" above, so a count never reads more than `cap + 1`
/// index entries however large the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub n: i64,
    /// There are more than `n`.
    pub more: bool,
}

/// Counts the rows of `from_where` (a `FROM … WHERE …` whose own
/// placeholders take `binds`), narrowed like [`newest_first`], up to `cap`.
pub(crate) async fn count_capped(
    pool: &sqlx::AnyPool,
    (from_where, mut binds): (String, Vec<String>),
    conditions: Vec<(&str, Option<String>)>,
    cap: i64,
) -> Result<Count> {
    let mut sql = format!("SELECT COUNT(*) FROM (SELECT 1 {from_where}");
    for (cond, value) in conditions {
        if let Some(v) = value {
            binds.push(v);
            sql.push_str(&format!("{cond}${}", binds.len()));
        }
    }
    sql.push_str(&format!(" LIMIT {}) capped", cap + 1));
    let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql));
    for b in binds {
        q = q.bind(b);
    }
    let n = q.fetch_one(pool).await?;
    Ok(Count {
        n: n.min(cap),
        more: n > cap,
    })
}

/// Cuts a fetched `limit + 1` rows to `limit` and returns the next cursor.
pub(crate) fn page_cursor<T>(
    items: &mut Vec<T>,
    limit: i64,
    key: impl Fn(&T) -> String,
) -> Option<String> {
    let limit = usize::try_from(limit).unwrap_or(0);
    if items.len() > limit {
        items.truncate(limit);
        items.last().map(key)
    } else {
        None
    }
}

pub(crate) fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// Rows whose column is one of `values`: `head` ends with `IN (`, and
/// gets a plain list of placeholders, as many statements as the limits
/// need. A plain list, not `VALUES`: PostgreSQL plans it as `= ANY` on
/// the column's index, where a `VALUES` list can get a nested loop over
/// a scan when the table's statistics are young (2 s a group at 50,000
/// order lines).
pub(crate) async fn select_in(
    conn: &mut sqlx::AnyConnection,
    head: &str,
    values: &[String],
    tail: &str,
) -> Result<Vec<AnyRow>> {
    let mut out = Vec::new();
    for chunk in values.chunks(max_params(conn, false).min(500)) {
        let sql = format!("{head}{}){tail}", placeholders(1, chunk.len()));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for v in chunk {
            q = q.bind(v);
        }
        out.extend(q.fetch_all(&mut *conn).await?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{Arg, run_values, select_values};
    use crate::db::Store;

    /// Thousands of parameters in one statement, bound in order: on SQLite
    /// as bare `?` (positional), past the 512 named ones a statement could
    /// take; conflicts are counted out, and a `SELECT … IN` finds the rows.
    #[tokio::test]
    async fn many_rows_bind_in_order_and_count_what_changed() {
        let path = std::env::temp_dir().join(format!("orderhub-rows-{}.db", uuid::Uuid::now_v7()));
        let store = Store::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        let mut conn = store.write.acquire().await.unwrap();
        sqlx::query("CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER, v TEXT)")
            .execute(&mut *conn)
            .await
            .unwrap();
        let rows = |range: std::ops::Range<i64>| -> Vec<Vec<Arg>> {
            range
                .map(|i| {
                    vec![
                        format!("k{i}").into(),
                        i.into(),
                        format!("v{}", i * 7).into(),
                    ]
                })
                .collect()
        };
        let head = "INSERT INTO t (k, n, v)";
        let tail = "ON CONFLICT (k) DO NOTHING";
        assert_eq!(
            run_values(&mut conn, head, rows(0..1500), tail)
                .await
                .unwrap(),
            1500
        );
        assert_eq!(
            run_values(&mut conn, head, rows(1000..1700), tail)
                .await
                .unwrap(),
            200
        );
        let wrong: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM t WHERE v <> 'v' || (n * 7) OR k <> 'k' || n")
                .fetch_one(&mut *conn)
                .await
                .unwrap();
        assert_eq!(wrong, 0, "every value landed in its own row and column");
        let keys = (1690..1710).map(|i| vec![format!("k{i}").into()]).collect();
        let found = select_values(&mut conn, "SELECT k FROM t WHERE k IN (", keys, ")")
            .await
            .unwrap();
        assert_eq!(found.len(), 10);
        drop(conn);
        store.close().await;
        let _ = std::fs::remove_file(&path);
    }
}

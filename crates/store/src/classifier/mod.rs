//! The learning classifier as stored: the examples people taught
//! (`category_examples`), the counts the model scores with
//! (`category_tokens`, `category_model`, kept as each example comes in, so
//! every server scores with the same model and nothing is trained offline)
//! and the seller's threshold. What the model is: `orderhub_domain::classify::learn`.

mod filing;

pub(crate) use filing::{Filed, file_missed};

use crate::db::Store;
use crate::error::Result;
use crate::rows::{Arg, RowExt, new_id, now_ms, placeholders};
use orderhub_domain::classify::learn::CategoryCounts;
use orderhub_domain::classify::{
    ClassifierSettings, ClassifierState, Evidence, Examples, FiledBy, TaughtCategory,
    TaughtExample, tokens,
};
use orderhub_domain::model::Actor;
use sqlx::AnyConnection;
use std::collections::BTreeSet;

/// Tokens read per statement (both backends bind far more; this keeps
/// each statement small).
const TOKENS_PER_READ: usize = 500;

/// The counts for scoring titles made of `tokens`: every category's, and
/// the per-token counts of those tokens only.
pub(crate) async fn evidence(conn: &mut AnyConnection, tokens: &[String]) -> Result<Evidence> {
    let mut e = Evidence::default();
    let rows = sqlx::query("SELECT category_id, examples, tokens, terms FROM category_model")
        .fetch_all(&mut *conn)
        .await?;
    for r in &rows {
        let counts = CategoryCounts {
            examples: r.col("examples")?,
            tokens: r.col("tokens")?,
            terms: r.col("terms")?,
        };
        e.categories.insert(r.col("category_id")?, counts);
    }
    if tokens.is_empty() || e.categories.is_empty() {
        return Ok(e);
    }
    // a group of orders with long hostile titles could name more tokens
    // than a statement may bind
    for chunk in tokens.chunks(TOKENS_PER_READ) {
        let sql = format!(
            "SELECT category_id, token, count FROM category_tokens WHERE token IN ({})",
            placeholders(1, chunk.len())
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for t in chunk {
            q = q.bind(t.as_str());
        }
        for r in q.fetch_all(&mut *conn).await? {
            e.counts
                .insert((r.col("category_id")?, r.col("token")?), r.col("count")?);
        }
    }
    Ok(e)
}

/// One example a person taught.
pub(crate) struct Lesson<'a> {
    pub title: &'a str,
    pub category_id: &'a str,
    pub source: FiledBy,
    pub from_category_id: Option<&'a str>,
    pub order_line: Option<(&'a str, &'a str)>,
}

/// Stores `lesson` and adds its tokens to the counts, in the caller's
/// transaction.
pub(crate) async fn teach(
    conn: &mut AnyConnection,
    actor: &Actor,
    lesson: &Lesson<'_>,
) -> Result<()> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO category_examples (id, category_id, title, source, from_category_id, order_id, line_id, taught_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(new_id())
    .bind(lesson.category_id)
    .bind(lesson.title)
    .bind(lesson.source.as_str())
    .bind(lesson.from_category_id)
    .bind(lesson.order_line.map(|o| o.0))
    .bind(lesson.order_line.map(|o| o.1))
    .bind(&actor.label)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let tokens = tokens(lesson.title);
    let mut new_terms = tokens.len() as i64;
    if !tokens.is_empty() {
        let sql = format!(
            "SELECT token FROM category_tokens WHERE category_id = $1 AND token IN ({})",
            placeholders(2, tokens.len())
        );
        let mut q =
            sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql)).bind(lesson.category_id);
        for t in &tokens {
            q = q.bind(t.as_str());
        }
        let known: BTreeSet<String> = q.fetch_all(&mut *conn).await?.into_iter().collect();
        new_terms -= known.len() as i64;
        let values: Vec<String> = (0..tokens.len())
            .map(|i| format!("($1, ${}, 1)", i + 2))
            .collect();
        let sql = format!(
            "INSERT INTO category_tokens (category_id, token, count) VALUES {} \
             ON CONFLICT (category_id, token) DO UPDATE SET count = category_tokens.count + 1",
            values.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(lesson.category_id);
        for t in &tokens {
            q = q.bind(t.as_str());
        }
        q.execute(&mut *conn).await?;
    }
    sqlx::query(
        "INSERT INTO category_model (category_id, examples, tokens, terms) VALUES ($1, 1, $2, $3) \
         ON CONFLICT (category_id) DO UPDATE SET examples = category_model.examples + 1, \
         tokens = category_model.tokens + $2, terms = category_model.terms + $3",
    )
    .bind(lesson.category_id)
    .bind(tokens.len() as i64)
    .bind(new_terms)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The seller's threshold for taking suggestions without a person.
pub(crate) async fn auto_accept(conn: &mut AnyConnection) -> Result<Option<u8>> {
    let t: Option<i64> =
        sqlx::query_scalar("SELECT auto_accept FROM classifier_settings WHERE id = 1")
            .fetch_optional(&mut *conn)
            .await?
            .flatten();
    Ok(t.and_then(|t| u8::try_from(t).ok()))
}

/// How many of the latest examples the page lists.
const RECENT: i64 = 20;

impl Store {
    /// What the classifier knows and its threshold.
    pub async fn classifier_state(&self) -> Result<ClassifierState> {
        let mut conn = self.read.acquire().await?;
        let auto_accept = auto_accept(&mut conn).await?;
        let rows = sqlx::query(
            "SELECT c.id, c.name, COALESCE(m.examples, 0) AS examples FROM categories c \
             LEFT JOIN category_model m ON m.category_id = c.id ORDER BY examples DESC, c.name",
        )
        .fetch_all(&mut *conn)
        .await?;
        let categories = rows
            .iter()
            .map(|r| {
                Ok(TaughtCategory {
                    category_id: r.col("id")?,
                    name: r.col("name")?,
                    examples: r.col("examples")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let rows = sqlx::query(
            "SELECT title, category_id, source, order_id, taught_by, created_at FROM category_examples \
             ORDER BY id DESC LIMIT $1",
        )
        .bind(RECENT)
        .fetch_all(&mut *conn)
        .await?;
        let recent = rows
            .iter()
            .map(|r| {
                Ok(TaughtExample {
                    title: r.col("title")?,
                    category_id: r.col("category_id")?,
                    source: r.parsed("source", FiledBy::parse)?,
                    order_id: r.col("order_id")?,
                    taught_by: r.col("taught_by")?,
                    taught_at: r.time("created_at")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let examples = sqlx::query_scalar("SELECT COUNT(*) FROM category_examples")
            .fetch_one(&mut *conn)
            .await?;
        Ok(ClassifierState {
            auto_accept,
            examples,
            categories,
            recent,
        })
    }

    /// Sets the threshold (50–100, or none).
    pub async fn set_classifier(
        &self,
        actor: &Actor,
        settings: ClassifierSettings,
    ) -> Result<ClassifierState> {
        let threshold = settings.threshold()?;
        sqlx::query(
            "UPDATE classifier_settings SET auto_accept = $1, updated_by = $2, updated_at = $3 WHERE id = 1",
        )
        .bind(threshold.map(i64::from))
        .bind(&actor.label)
        .bind(now_ms())
        .execute(&self.write)
        .await?;
        self.classifier_state().await
    }

    /// Teaches examples (a product list, a spreadsheet of titles) in one
    /// transaction: all or none. Returns how many.
    pub async fn teach_examples(&self, actor: &Actor, examples: Examples) -> Result<usize> {
        let examples = examples.normalize()?;
        let mut tx = self.begin().await?;
        for (i, (title, category)) in examples.iter().enumerate() {
            let field = format!("examples[{i}].category");
            let id = crate::categories::category_ref(&mut tx, &field, category).await?;
            let lesson = Lesson {
                title,
                category_id: &id,
                source: FiledBy::Taught,
                from_category_id: None,
                order_line: None,
            };
            teach(&mut tx, actor, &lesson).await?;
        }
        tx.commit().await?;
        Ok(examples.len())
    }
}

/// The `line.categorised` event of a line filed by `by`.
pub(crate) fn filed_event(actor: &Actor, filed: &Filed, by: FiledBy) -> Vec<Arg> {
    crate::events::NewEvent::order(
        &filed.order_id,
        orderhub_domain::model::EventKind::LineCategorised,
    )
    .details(serde_json::json!({
        "line_id": filed.line_id, "line_no": filed.line_no, "title": filed.title,
        "category_id": filed.category_id, "category_name": filed.category_name, "from_category_id": filed.from_category_id,
        "by": by, "confidence": filed.confidence,
    }))
    .row(actor)
}

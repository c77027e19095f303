//! Where the classifier is used: lines filed at release when its
//! suggestion reaches the seller's threshold, a person filing a line (which
//! teaches it), and suggestions shown for lines the keywords missed.

use super::{Lesson, auto_accept, evidence, filed_event, teach};
use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::records::lock_order;
use crate::rows::RowExt;
use orderhub_domain::OrderStatus;
use orderhub_domain::classify::{
    CategoryTerms, Evidence, LineFiling, LineSuggestions, NamedSuggestion, Suggestion, TitleCheck,
    misses, tokens,
};
use orderhub_domain::model::{Actor, Category, Order};
use orderhub_domain::release::{Catalogue, Cause, OrderSnapshot};
use orderhub_domain::{ErrorCode, Scope, ValidationError};
use sqlx::AnyConnection;

/// A line the classifier filed.
#[derive(Debug, Clone)]
pub(crate) struct Filed {
    pub order_id: String,
    pub line_id: String,
    pub line_no: i64,
    pub title: String,
    pub category_id: String,
    pub category_name: String,
    pub from_category_id: Option<String>,
    pub confidence: Option<f64>,
}

/// Files the lines of `orders` that the keywords miss (and that name no
/// category) under the classifier's suggestion, where it reaches the
/// seller's threshold. Reads nothing when every line has its category.
pub(crate) async fn file_missed(
    conn: &mut AnyConnection,
    catalogue: &Catalogue,
    orders: &mut [&mut OrderSnapshot],
) -> Result<Vec<Filed>> {
    let terms = catalogue.terms();
    let mut missed: Vec<(usize, usize, Vec<String>)> = Vec::new();
    for (o, order) in orders.iter().enumerate() {
        for (l, line) in order.lines.iter().enumerate() {
            if line.no_task || line.category_id.is_some() || line.category_ref.is_some() {
                continue;
            }
            if let Some(among) = misses(&line.title, &terms) {
                missed.push((o, l, among));
            }
        }
    }
    if missed.is_empty() {
        return Ok(Vec::new());
    }
    let Some(threshold) = auto_accept(conn).await? else {
        return Ok(Vec::new());
    };
    let mut all: Vec<String> = missed
        .iter()
        .flat_map(|(o, l, _)| tokens(&orders[*o].lines[*l].title))
        .collect();
    all.sort();
    all.dedup();
    let evidence = evidence(conn, &all).await?;
    let mut filed = Vec::new();
    for (o, l, among) in missed {
        let among: Vec<&str> = among.iter().map(String::as_str).collect();
        let line = &orders[o].lines[l];
        let Some(best) = evidence.rank(&line.title, &among).into_iter().next() else {
            continue;
        };
        if !best.accepted_by(Some(threshold)) {
            continue;
        }
        filed.push(Filed {
            order_id: orders[o].id.clone(),
            line_id: line.id.clone(),
            line_no: line.line_no,
            title: line.title.clone(),
            category_id: best.category_id.clone(),
            category_name: catalogue
                .categories
                .get(&best.category_id)
                .map_or_else(String::new, |c| c.name.clone()),
            from_category_id: None,
            confidence: Some(best.confidence),
        });
        orders[o].lines[l].category_id = Some(best.category_id);
    }
    Ok(filed)
}

/// How many suggestions a line shows.
const SHOWN: usize = 3;

impl Store {
    /// Suggestions for order `id`'s lines that have no category and no
    /// live task (staff).
    pub async fn line_suggestions(&self, id: &str) -> Result<Vec<LineSuggestions>> {
        let order = self.get_order(id, &Scope::All).await?;
        let categories = self.list_categories().await?;
        self.suggestions_for(&order, &categories).await
    }

    /// [`Store::line_suggestions`] for an order and the categories the
    /// caller has read already; the model's counts are read once for all
    /// its lines.
    pub async fn suggestions_for(
        &self,
        order: &Order,
        categories: &[Category],
    ) -> Result<Vec<LineSuggestions>> {
        let open: Vec<_> = order
            .lines
            .iter()
            .filter(|l| l.no_task.is_none() && !l.removed)
            .filter(|l| {
                !order
                    .tasks
                    .iter()
                    .any(|t| t.line_id == l.id && t.status.is_live())
            })
            .filter(|l| match &l.unrouted {
                Some(u) => u.code.is_about_category(),
                None => l.category_id.is_none(),
            })
            .collect();
        if open.is_empty() {
            return Ok(Vec::new());
        }
        let mut all: Vec<String> = open.iter().flat_map(|l| tokens(&l.title)).collect();
        all.sort();
        all.dedup();
        let evidence = evidence(&mut *self.read.acquire().await?, &all).await?;
        Ok(open
            .into_iter()
            .filter_map(|line| {
                let check = judge(categories, &line.title, &evidence);
                check.keywords.is_none().then(|| LineSuggestions {
                    line_id: line.id.clone(),
                    line_no: line.line_no,
                    title: line.title.clone(),
                    suggestions: check.suggestions,
                })
            })
            .collect())
    }

    /// What the keywords and the classifier make of `title`.
    pub async fn check_title(&self, title: &str) -> Result<TitleCheck> {
        let title = orderhub_domain::validate::required_text(
            "title",
            title,
            orderhub_domain::validate::limits::SHORT,
        )?;
        let categories = self.list_categories().await?;
        let evidence = evidence(&mut *self.read.acquire().await?, &tokens(&title)).await?;
        Ok(judge(&categories, &title, &evidence))
    }
}

/// What the keywords make of `title` and, where they do not settle it,
/// the classifier's suggestions from `evidence` (which holds the title's
/// tokens).
fn judge(categories: &[Category], title: &str, evidence: &Evidence) -> TitleCheck {
    let terms: Vec<CategoryTerms<'_>> = categories
        .iter()
        .map(|c| CategoryTerms {
            id: &c.id,
            name: &c.name,
            keywords: &c.keywords,
        })
        .collect();
    let name = |id: &str| {
        categories
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| id.to_owned(), |c| c.name.clone())
    };
    let Some(among) = misses(title, &terms) else {
        let matched = orderhub_domain::classify::classify(title, &terms);
        let keywords = match matched {
            orderhub_domain::classify::Classification::Matched(id) => Some(id),
            _ => None,
        };
        return TitleCheck {
            keywords,
            ambiguous: Vec::new(),
            suggestions: Vec::new(),
        };
    };
    let among_refs: Vec<&str> = among.iter().map(String::as_str).collect();
    let suggestions = evidence
        .rank(title, &among_refs)
        .into_iter()
        .filter(|s| s.percent() >= orderhub_domain::classify::learn::WORTH_SHOWING)
        .take(SHOWN)
        .map(|s: Suggestion| NamedSuggestion {
            name: name(&s.category_id),
            percent: s.percent(),
            category_id: s.category_id,
            confidence: s.confidence,
        })
        .collect();
    let ambiguous = if among.len() < categories.len() {
        among
    } else {
        Vec::new()
    };
    TitleCheck {
        keywords: None,
        ambiguous,
        suggestions,
    }
}

impl Store {
    /// A person files line `line_id` of order `order_id` under a category:
    /// the line is routed in it (an order that needed attention is
    /// released again) and the classifier learns the title, unless the
    /// line had that category already. A line with a live task is refused
    /// (cancel or reassign the task first), as is a closed order.
    pub async fn file_line(
        &self,
        actor: &Actor,
        order_id: &str,
        line_id: &str,
        filing: LineFiling,
    ) -> Result<Order> {
        let (reference, by) = filing.normalize()?;
        let mut tx = self.begin().await?;
        let status = lock_order(&mut tx, order_id).await?;
        if matches!(
            status,
            OrderStatus::Cancelled | OrderStatus::Shipped | OrderStatus::Completed
        ) {
            return Err(StoreError::conflict(
                ErrorCode::OrderClosed,
                None,
                format!("the order is {status}: its lines are no longer filed"),
            ));
        }
        let line = sqlx::query(
            "SELECT line_no, title, category_id, no_task, removed_at FROM order_lines WHERE id = $1 AND order_id = $2",
        )
        .bind(line_id)
        .bind(order_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::not_found("line", line_id))?;
        let removed: Option<i64> = line.col("removed_at")?;
        let no_task: Option<String> = line.col("no_task")?;
        if removed.is_some() || no_task.is_some() {
            return Err(ValidationError::new(
                "line_id",
                ErrorCode::InvalidValue,
                "the line is not a product to make (removed, or a fee, tip or gift card)",
            )
            .into());
        }
        let live: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM tasks WHERE line_id = $1 AND status NOT IN ('rejected', 'cancelled')",
        )
        .bind(line_id)
        .fetch_one(&mut *tx)
        .await?;
        if live > 0 {
            return Err(StoreError::conflict(
                ErrorCode::LineHasTask,
                Some("line_id"),
                "the line has a task: cancel or reassign the task first",
            ));
        }
        let category = crate::categories::category_ref(&mut tx, "category", &reference).await?;
        let from: Option<String> = line.col("category_id")?;
        let filed = super::Filed {
            order_id: order_id.to_owned(),
            line_id: line_id.to_owned(),
            line_no: line.col("line_no")?,
            title: line.col("title")?,
            category_id: category.clone(),
            category_name: sqlx::query_scalar("SELECT name FROM categories WHERE id = $1")
                .bind(&category)
                .fetch_one(&mut *tx)
                .await?,
            from_category_id: from.clone(),
            confidence: None,
        };
        if from.as_deref() != Some(category.as_str()) {
            sqlx::query("UPDATE order_lines SET category_id = $2 WHERE id = $1")
                .bind(line_id)
                .bind(&category)
                .execute(&mut *tx)
                .await?;
            let lesson = Lesson {
                title: &filed.title,
                category_id: &category,
                source: by,
                from_category_id: from.as_deref(),
                order_line: Some((order_id, line_id)),
            };
            teach(&mut tx, actor, &lesson).await?;
            crate::events::append(&mut tx, vec![filed_event(actor, &filed, by)]).await?;
        }
        match status {
            OrderStatus::NeedsAttention => {
                let retry = orderhub_domain::model::OrderTransition {
                    to: OrderStatus::Purchasing,
                    reason: Some("line filed under a category".into()),
                };
                crate::orders::move_order(&mut tx, actor, order_id, &retry).await?;
            }
            OrderStatus::Pending => crate::review::after_change(&mut tx, actor, order_id).await?,
            _ => {
                crate::release::one(&mut tx, actor, order_id, Cause::Release).await?;
            }
        }
        tx.commit().await?;
        self.get_order(order_id, &Scope::All).await
    }
}

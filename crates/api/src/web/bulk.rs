//! Bulk task moves: many tasks of one status, ticked on its list (or every
//! task the filter matches), moved in one go — each task in its own
//! transaction, so one refusal never undoes the others; the flash says how
//! many moved and which were refused, and why ([`Tally`], shared with the
//! orders' bulk actions).

use super::flash::{self, Flash};
use super::i18n::Lang;
use super::pages::status_label;
use super::{Session, check_post};
use crate::AppState;
use crate::problem::ApiError;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use orderhub_domain::TaskStatus;
use orderhub_domain::model::TaskTransition;
use orderhub_store::TaskFilter;

/// Most tasks one bulk action moves (a filter can match many more: the
/// flash says so, and the rest wait for the next click).
pub const MAX_BULK: usize = 500;

/// Refused tasks named in the flash (the count says how many in all).
const NAMED: usize = 5;

/// The bulk form as browsers send it: repeated `task` fields.
#[derive(Default)]
struct BulkForm {
    csrf: String,
    to: String,
    reason: String,
    back: String,
    tasks: Vec<String>,
    /// Every task the list's filter matches, not only the ticked ones.
    all: bool,
    status: String,
    supplier: String,
    category: String,
    /// Print: which paper.
    sheet: String,
}

impl BulkForm {
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut f = Self::default();
        for (k, v) in pairs {
            match k.as_str() {
                "csrf" => f.csrf = v,
                "to" => f.to = v,
                "reason" => f.reason = v,
                "back" => f.back = v,
                "task" => f.tasks.push(v),
                "all" => f.all = !v.is_empty(),
                "status" => f.status = v,
                "supplier" => f.supplier = v,
                "category" => f.category = v,
                "sheet" => f.sheet = v,
                _ => {}
            }
        }
        f.tasks.truncate(MAX_BULK);
        f
    }

    /// The ticked tasks, or every one the list's filter matches.
    async fn chosen(
        &self,
        s: &AppState,
        scope: &orderhub_domain::Scope,
    ) -> Result<Vec<String>, ApiError> {
        match self.all {
            true => matching(s, scope, self).await,
            false => Ok(self.tasks.clone()),
        }
    }
}

/// A bulk form as posted, its CSRF token checked, and where it goes back.
fn checked(
    s: &AppState,
    headers: &HeaderMap,
    layout: &super::Layout,
    pairs: Vec<(String, String)>,
) -> Result<(BulkForm, String), ApiError> {
    let form = BulkForm::from_pairs(pairs);
    check_post(s, headers, layout, &form.csrf)?;
    let back = super::tasks::local_path(&form.back);
    Ok((form, back))
}

/// Moves the ticked tasks (or all the filter matches) to `to`.
pub async fn bulk_move(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let (form, back) = checked(&s, &headers, &layout, pairs)?;
    let lang = layout.lang;
    let Some(to) = TaskStatus::parse(&form.to) else {
        let flash = Flash::refused(layout.error_text("invalid_status"));
        return Ok(flash::redirect(&s, &layout, &back, flash));
    };
    let ids = form.chosen(&s, &p.scope).await?;
    if ids.is_empty() {
        let flash = Flash::refused(layout.t("bulk-none_ticked"));
        return Ok(flash::redirect(&s, &layout, &back, flash));
    }
    let reason = Some(form.reason.trim().to_owned()).filter(|r| !r.is_empty());
    let mut tally = Tally::default();
    for id in &ids {
        let req = TaskTransition {
            to,
            reason: reason.clone(),
            carrier: None,
            tracking_number: None,
        };
        match s.store.transition_task(&p.actor, &p.scope, id, req).await {
            Ok(_) => tally.moved += 1,
            Err(e) => {
                let sku = super::found(s.store.get_task(id, &p.scope).await)?
                    .map(|t| t.sku)
                    .unwrap_or_else(|| id.clone());
                tally.refuse(lang, sku, e.into())?;
            }
        }
    }
    let flash = tally.flash(lang, "bulk-moved", to.as_str());
    Ok(flash::redirect(&s, &layout, &back, flash))
}

/// Prints the ticked tasks (or all the filter matches) as one PDF, in
/// the reader's language.
pub async fn bulk_print(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let (form, back) = checked(&s, &headers, &layout, pairs)?;
    let ids = form.chosen(&s, &p.scope).await?;
    let sheet = crate::actions::sheets::SheetKind::parse(&form.sheet);
    let (Some(sheet), false) = (sheet, ids.is_empty()) else {
        let flash = Flash::refused(layout.t("bulk-none_ticked"));
        return Ok(flash::redirect(&s, &layout, &back, flash));
    };
    let req = crate::actions::sheets::SheetRequest {
        sheet,
        task_ids: ids
            .into_iter()
            .take(crate::actions::sheets::MAX_SHEET_TASKS)
            .collect(),
        language: Some(layout.lang.code().to_owned()),
    };
    let pdf = crate::actions::sheets::print(&s, &p, req).await?;
    Ok(crate::actions::proofs::pdf_download(
        pdf.into(),
        sheet.file(),
        None,
    ))
}

/// What a bulk action did: how many items moved, and each refused one
/// named with why. Each item is its own transaction, so one refusal
/// never undoes the others.
#[derive(Default)]
pub(super) struct Tally {
    pub moved: usize,
    refused: Vec<String>,
}

impl Tally {
    /// Notes a refusal of `name`; a server error stops the action (the
    /// items before it stay moved, and the flash would mislead).
    pub fn refuse(&mut self, lang: Lang, name: String, e: ApiError) -> Result<(), ApiError> {
        if e.status.is_server_error() {
            return Err(e);
        }
        self.refused
            .push(format!("{name} ({})", super::catalog::message(lang, &e).1));
        Ok(())
    }

    /// Notes an item the action reached but could not finish, and why.
    pub fn note(&mut self, name: String, why: &str) {
        self.refused.push(format!("{name} ({why})"));
    }

    /// The flash: `key` says how many moved to `status` (done), then how
    /// many were refused and the first few by name (a warning, or a
    /// refusal when nothing moved).
    pub fn flash(self, lang: Lang, key: &str, status: &str) -> Flash {
        let status = status_label(lang, status);
        let mut text = lang.fill(
            key,
            &[("count", self.moved.into()), ("status", status.into())],
        );
        if !self.refused.is_empty() {
            let named: Vec<&str> = self
                .refused
                .iter()
                .take(NAMED)
                .map(String::as_str)
                .collect();
            text.push(' ');
            text.push_str(&lang.fill(
                "bulk-refused",
                &[
                    ("count", self.refused.len().into()),
                    ("which", named.join("; ").into()),
                ],
            ));
        }
        match (self.moved, self.refused.is_empty()) {
            (_, true) => Flash::done(text),
            (0, false) => Flash::refused(text),
            _ => Flash::warning(text),
        }
    }
}

/// The ids of every task the list's filter matches, up to [`MAX_BULK`].
async fn matching(
    s: &AppState,
    scope: &orderhub_domain::Scope,
    form: &BulkForm,
) -> Result<Vec<String>, ApiError> {
    let text = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
    up_to_max(|cursor| {
        let filter = TaskFilter {
            status: TaskStatus::parse(&form.status),
            supplier_id: text(&form.supplier),
            order_id: None,
            category_id: text(&form.category),
            limit: 100,
            cursor,
        };
        async move {
            let page = s.store.list_tasks(&filter, scope).await?;
            Ok((
                page.items.into_iter().map(|t| t.id).collect(),
                page.next_cursor,
            ))
        }
    })
    .await
}

/// The ids a list's pages give, read a page at a time (`page(cursor)`
/// answers its ids and the next cursor) until the end or [`MAX_BULK`].
pub(super) async fn up_to_max<F, Page>(mut page: F) -> Result<Vec<String>, ApiError>
where
    F: FnMut(Option<String>) -> Page,
    Page: Future<Output = Result<(Vec<String>, Option<String>), ApiError>>,
{
    let (mut ids, mut cursor) = (Vec::new(), None);
    loop {
        let (more, next) = page(cursor).await?;
        ids.extend(more);
        match next {
            Some(next) if ids.len() < MAX_BULK => cursor = Some(next),
            _ => break,
        }
    }
    ids.truncate(MAX_BULK);
    Ok(ids)
}

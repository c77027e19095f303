//! Saved views on the orders and tasks lists: the filters in use, kept
//! under a name; staff may share one with the team. Each list shows the
//! caller's own and the shared ones as links, with a form to keep the
//! current filters.

use super::flash::{self, Flash};
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::auth::Principal;
use crate::problem::ApiError;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use orderhub_domain::model::{ViewPage, view_query};

/// One saved view as a link.
pub struct ViewLink {
    pub id: String,
    pub name: String,
    pub href: String,
    /// The caller's own (it may remove it).
    pub own: bool,
    pub shared: bool,
}

/// What a list shows of saved views, and what the save form sends.
pub struct ViewsBar {
    pub page: &'static str,
    pub views: Vec<ViewLink>,
    /// The filters in use, as the view would keep them (empty: none).
    pub query: String,
    /// Staff may share a view with the team.
    pub can_share: bool,
}

/// The bar for `page`, the filters in use given as (name, value) pairs.
pub(super) async fn bar(
    s: &AppState,
    p: &Principal,
    page: ViewPage,
    pairs: &[(&str, &str)],
) -> Result<ViewsBar, ApiError> {
    let staff = p.scope.is_all();
    let encoded: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), orderhub_channels::percent_encode(v)))
        .collect();
    let query = view_query(page, &encoded).unwrap_or_default();
    let views = match &p.user {
        Some(u) => s.store.list_views(&u.id, page, staff).await?,
        None => Vec::new(),
    };
    let me = p.user.as_ref().map(|u| u.id.as_str()).unwrap_or("");
    Ok(ViewsBar {
        page: page.as_str(),
        views: views
            .into_iter()
            .map(|v| ViewLink {
                href: link(page, &v.query),
                own: v.user_id == me,
                id: v.id,
                name: v.name,
                shared: v.shared,
            })
            .collect(),
        query,
        can_share: staff,
    })
}

fn link(page: ViewPage, query: &str) -> String {
    match query.is_empty() {
        true => format!("/{}", page.as_str()),
        false => format!("/{}?{query}", page.as_str()),
    }
}

/// The save form as browsers send it.
#[derive(serde::Deserialize)]
pub struct SaveForm {
    csrf: String,
    page: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    query: String,
    #[serde(default)]
    shared: String,
}

/// Keeps the list's filters under a name; back to the list with them.
pub async fn save(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    axum::Form(form): axum::Form<SaveForm>,
) -> Result<Response, ApiError> {
    check_post(&s, &headers, &layout, &form.csrf)?;
    let page = ViewPage::parse(&form.page).unwrap_or(ViewPage::Tasks);
    // the form's query is read as a query string (decoded) and encoded
    // again, so only the page's own filter names and clean values are kept
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(form.query.as_bytes())
        .map(|(k, v)| (k.into_owned(), orderhub_channels::percent_encode(&v)))
        .collect();
    let back = link(page, &view_query(page, &pairs).unwrap_or_default());
    let Some(user) = p.user.as_ref() else {
        return Ok(super::not_found(layout));
    };
    let query = view_query(page, &pairs);
    let shared = !form.shared.is_empty() && p.scope.is_all();
    let saved = match query {
        Ok(query) => {
            let saving = s
                .store
                .save_view(&user.id, page, &form.name, &query, shared);
            saving.await.map_err(ApiError::from)
        }
        Err(e) => Err(e.into()),
    };
    let lang = layout.lang;
    flash::back_to(
        &s,
        &layout,
        &back,
        saved,
        |v| Flash::done(lang.fill("views-saved", &[("name", (&v.name).into())])),
        |f| f,
    )
}

#[derive(serde::Deserialize)]
pub struct DeleteForm {
    csrf: String,
    #[serde(default)]
    page: String,
}

/// Removes one of the caller's own views.
pub async fn delete(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<DeleteForm>,
) -> Result<Response, ApiError> {
    check_post(&s, &headers, &layout, &form.csrf)?;
    let page = ViewPage::parse(&form.page).unwrap_or(ViewPage::Tasks);
    let Some(user) = p.user.as_ref() else {
        return Ok(super::not_found(layout));
    };
    let result = s.store.delete_view(&user.id, &id).await;
    let done = Flash::done(layout.t("views-removed"));
    flash::back_to(&s, &layout, &link(page, ""), result, |_| done, |f| f)
}

impl Layout {
    /// Whether a view is the one in use (its link is this page's query).
    pub fn is_current(&self, bar: &ViewsBar, view: &ViewLink) -> bool {
        link(
            ViewPage::parse(bar.page).unwrap_or(ViewPage::Tasks),
            &bar.query,
        ) == view.href
    }
}

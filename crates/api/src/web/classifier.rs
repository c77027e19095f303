//! The learning classifier in the web app: on an order's page, the
//! suggestions for a line the keywords missed and a form to file it
//! (which teaches the model); the `/classifier` page with what it knows,
//! its threshold, a title to try and examples to teach. Staff only.

use super::flash::{self, Flash, back_to};
use super::posted::{Posted, checked, field, text};
use super::{Layout, Session};
use crate::AppState;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use orderhub_domain::Capability;
use orderhub_domain::classify::{
    ClassifierSettings, ClassifierState, Example, Examples, FiledBy, LineFiling, TitleCheck,
};
use orderhub_domain::model::{Category, Order};
use serde::Deserialize;
use std::collections::HashMap;

/// What a line without a category shows staff on its order's page.
pub(super) struct FilingBox {
    pub action: String,
    /// (category id, "Drinkware · 87 %"), best first.
    pub suggestions: Vec<(String, String)>,
    /// Every category, by name, for a person's own choice.
    pub categories: Vec<(String, String)>,
}

/// The filing boxes of `order`'s lines, by line id: only for staff, only
/// for lines that lack a category.
pub(super) async fn boxes(
    s: &AppState,
    layout: &Layout,
    staff: bool,
    order: &Order,
) -> Result<HashMap<String, FilingBox>, ApiError> {
    let wanted = order.lines.iter().any(|l| {
        l.unrouted
            .as_ref()
            .is_some_and(|u| u.code.is_about_category())
    });
    if !staff || !wanted {
        return Ok(HashMap::new());
    }
    let all = s.store.list_categories().await?;
    let lines = s.store.suggestions_for(order, &all).await?;
    let mut categories: Vec<(String, String)> =
        all.into_iter().map(|c: Category| (c.id, c.name)).collect();
    categories.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(lines
        .into_iter()
        .map(|l| {
            let suggestions = l
                .suggestions
                .iter()
                .map(|x| (x.category_id.clone(), percent(layout, &x.name, x.percent)))
                .collect();
            let b = FilingBox {
                action: format!("/orders/{}/lines/{}/category", order.id, l.line_id),
                suggestions,
                categories: categories.clone(),
            };
            (l.line_id, b)
        })
        .collect())
}

fn percent(layout: &Layout, name: &str, percent: u8) -> String {
    layout.lang.fill(
        "classifier-suggested",
        &[("category", name.into()), ("percent", percent.into())],
    )
}

/// Files a line from its order's page.
pub async fn file_line(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path((id, line)): Path<(String, String)>,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = checked(&s, &headers, &layout, posted)?;
    let back = format!("/orders/{id}");
    p.require(Capability::ManageOrders)?;
    let source = FiledBy::parse(field(&form, "source"));
    let filing = LineFiling {
        category: field(&form, "category").to_owned(),
        source,
    };
    let result = s.store.file_line(&p.actor, &id, &line, filing).await;
    let done = |_: &Order| Flash::done(layout.t("classifier-filed"));
    back_to(&s, &layout, &back, result, done, |f| f)
}

#[derive(Template, WebTemplate)]
#[template(path = "classifier.html")]
struct ClassifierPage {
    layout: Layout,
    state: ClassifierState,
    names: HashMap<String, String>,
    /// The title tried, and what came of it.
    tried: Option<(String, TitleCheck)>,
}

impl ClassifierPage {
    fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.names.get(id).map_or(id, String::as_str)
    }

    fn refused(&self, field: &str) -> bool {
        self.layout.flash.as_ref().is_some_and(|f| f.field == field)
    }

    fn refused_examples(&self) -> bool {
        self.layout
            .flash
            .as_ref()
            .is_some_and(|f| f.field.starts_with("examples"))
    }

    fn threshold(&self) -> String {
        let stored = self
            .state
            .auto_accept
            .map(|t| t.to_string())
            .unwrap_or_default();
        self.layout
            .typed_or("classifier", "auto_accept", &stored)
            .to_owned()
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct Try {
    title: Option<String>,
}

pub async fn page(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Query(q): Query<Try>,
) -> Result<Response, ApiError> {
    if p.require(Capability::ManageOrders).is_err() {
        return Ok(Redirect::to("/").into_response());
    }
    let state = s.store.classifier_state().await?;
    let names = state
        .categories
        .iter()
        .map(|c| (c.category_id.clone(), c.name.clone()))
        .collect();
    let tried = match q.title.filter(|t| !t.trim().is_empty()) {
        Some(t) => match s.store.check_title(&t).await {
            Ok(check) => Some((t, check)),
            Err(e) => {
                let e = ApiError::from(e);
                if e.status.is_server_error() {
                    return Err(e);
                }
                let refused = flash::refused(&layout, &e);
                return Ok(flash::redirect(&s, &layout, "/classifier", refused));
            }
        },
        None => None,
    };
    Ok(ClassifierPage {
        layout,
        state,
        names,
        tried,
    }
    .into_response())
}

/// The threshold form.
pub async fn save_settings(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = checked(&s, &headers, &layout, posted)?;
    p.require(Capability::ManageCatalog)?;
    let typed = field(&form, "auto_accept").trim().to_owned();
    let result = match typed.is_empty() {
        true => Ok(None),
        false => typed.parse::<i64>().map(Some).map_err(|_| {
            ApiError::from(orderhub_domain::ValidationError::new(
                "auto_accept",
                orderhub_domain::ErrorCode::InvalidNumber,
                "a whole number of percent",
            ))
        }),
    };
    let result = match result {
        Ok(auto_accept) => s
            .store
            .set_classifier(&p.actor, ClassifierSettings { auto_accept })
            .await
            .map_err(ApiError::from),
        Err(e) => Err(e),
    };
    let done = |_: &ClassifierState| Flash::done(layout.t("classifier-saved"));
    back_to(&s, &layout, "/classifier", result, done, |f| {
        f.keeping("classifier", [("auto_accept", typed.as_str())])
    })
}

/// Examples typed one `category | title` per line (a tab works too).
pub async fn teach(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = checked(&s, &headers, &layout, posted)?;
    p.require(Capability::ManageCatalog)?;
    let typed = text(&form, "examples").unwrap_or_default();
    let examples = typed
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (category, title) = l.split_once(['|', '\t']).unwrap_or(("", l));
            Example {
                title: title.trim().to_owned(),
                category: category.trim().to_owned(),
            }
        })
        .collect();
    let result = s
        .store
        .teach_examples(&p.actor, Examples { examples })
        .await;
    let done = |n: &usize| Flash::done(layout.fill("classifier-taught", "count", *n));
    back_to(&s, &layout, "/classifier", result, done, |f| {
        f.keeping("classifier", [("examples", typed.as_str())])
    })
}

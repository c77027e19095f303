//! A category's scripts in the web app — the SKU script
//! (`/categories/{id}/script`) and the route script that picks a line's
//! supplier (`/categories/{id}/route-script`): an editor with a test
//! console (run it against a sample buyer and title, see what it gives,
//! what it printed, or why it stopped) and saving, which compiles it first.

use super::flash::{self, Flash};
use super::posted::{Posted, checked, field, text};
use super::{Layout, Session};
use crate::AppState;
use crate::problem::ApiError;
use crate::routes::scripts::{ScriptRun, ScriptTest, compiled, run_test, suppliers_of};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use orderhub_domain::Capability;
use orderhub_domain::model::{Category, CategoryScript};

/// What the editor starts with when the category has no script.
fn example(which: CategoryScript) -> &'static str {
    match which {
        CategoryScript::Sku => {
            r#"// the SKU: the category's prefix, the buyer's initials, 4 random digits
category.prefix + "-" + initials(order.customer_name) + "-" + random_digits(4)"#
        }
        CategoryScript::Route => {
            r#"// engraved lines to the engraver (its code); the rest to the rotation
if line.title.to_lower().contains("engrav") { "ENG" } else { "" }"#
        }
    }
}

/// The script `which` of `category`, if it has one.
fn stored(category: &Category, which: CategoryScript) -> Option<&String> {
    match which {
        CategoryScript::Sku => category.sku_script.as_ref(),
        CategoryScript::Route => category.route_script.as_ref(),
    }
}

/// Where script `which` of category `id` is edited.
fn path(id: &str, which: CategoryScript) -> String {
    match which {
        CategoryScript::Sku => format!("/categories/{id}/script"),
        CategoryScript::Route => format!("/categories/{id}/route-script"),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "category_script.html")]
struct ScriptPage {
    layout: Layout,
    which: CategoryScript,
    category: Category,
    script: String,
    customer_name: String,
    title: String,
    tested: Option<ScriptRun>,
    /// Why saving was refused.
    refused: Option<String>,
}

impl ScriptPage {
    /// This page's words: `script-…` for the SKU script, `route-…` for
    /// the route script.
    fn t(&self, key: &str) -> &'static str {
        let prefix = match self.which {
            CategoryScript::Sku => "script",
            CategoryScript::Route => "route",
        };
        self.layout.t(&format!("{prefix}-{key}"))
    }

    fn action(&self) -> String {
        path(&self.category.id, self.which)
    }

    fn in_use(&self) -> bool {
        stored(&self.category, self.which).is_some()
    }

    /// The other script's page, and its name.
    fn other(&self) -> (String, &'static str) {
        match self.which {
            CategoryScript::Sku => (
                path(&self.category.id, CategoryScript::Route),
                self.layout.t("route-title"),
            ),
            CategoryScript::Route => (
                path(&self.category.id, CategoryScript::Sku),
                self.layout.t("script-title"),
            ),
        }
    }
}

fn staff(p: &crate::auth::Principal) -> bool {
    p.require(Capability::ManageCatalog).is_ok()
}

pub async fn page(
    state: State<AppState>,
    session: Session,
    id: Path<String>,
) -> Result<Response, ApiError> {
    show(state, session, id, CategoryScript::Sku).await
}

pub async fn route_page(
    state: State<AppState>,
    session: Session,
    id: Path<String>,
) -> Result<Response, ApiError> {
    show(state, session, id, CategoryScript::Route).await
}

async fn show(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Path(id): Path<String>,
    which: CategoryScript,
) -> Result<Response, ApiError> {
    if !staff(&p) {
        return Ok(Redirect::to("/").into_response());
    }
    let Some(category) = super::found(s.store.get_category(&id).await)? else {
        return Ok(super::not_found(layout));
    };
    Ok(ScriptPage {
        script: stored(&category, which)
            .cloned()
            .unwrap_or_else(|| example(which).to_owned()),
        which,
        customer_name: "Ada Lovelace".into(),
        title: "Sample product".into(),
        tested: None,
        refused: None,
        category,
        layout,
    }
    .into_response())
}

/// `action=test` runs the script and shows the page again with what it
/// did; `save` compiles and saves it; `remove` goes back to the template.
pub async fn post(
    state: State<AppState>,
    headers: HeaderMap,
    session: Session,
    id: Path<String>,
    form: axum::Form<Posted>,
) -> Result<Response, ApiError> {
    act(state, headers, session, id, form, CategoryScript::Sku).await
}

pub async fn route_post(
    state: State<AppState>,
    headers: HeaderMap,
    session: Session,
    id: Path<String>,
    form: axum::Form<Posted>,
) -> Result<Response, ApiError> {
    act(state, headers, session, id, form, CategoryScript::Route).await
}

async fn act(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(posted): axum::Form<Posted>,
    which: CategoryScript,
) -> Result<Response, ApiError> {
    let form = checked(&s, &headers, &layout, posted)?;
    if !staff(&p) {
        return Ok(Redirect::to("/").into_response());
    }
    let Some(category) = super::found(s.store.get_category(&id).await)? else {
        return Ok(super::not_found(layout));
    };
    let script = form.get("script").cloned().unwrap_or_default();
    let back = path(&id, which);
    let mut view = ScriptPage {
        which,
        customer_name: field(&form, "customer_name").to_owned(),
        title: field(&form, "title").to_owned(),
        script: script.clone(),
        tested: None,
        refused: None,
        category,
        layout,
    };
    match field(&form, "action") {
        "remove" => {
            s.store.set_script(&p.actor, &id, which, None).await?;
            let done = Flash::done(view.t("removed"));
            Ok(flash::redirect(&s, &view.layout, &back, done))
        }
        "save" => match compiled(which, &script) {
            Ok(()) => {
                s.store
                    .set_script(&p.actor, &id, which, Some(&script))
                    .await?;
                let done = Flash::done(view.t("saved"));
                Ok(flash::redirect(&s, &view.layout, &back, done))
            }
            Err(e) => {
                // shown in the editor, as the console shows a run
                view.refused = Some(e.detail);
                Ok(view.into_response())
            }
        },
        _ => {
            let test = ScriptTest {
                script,
                customer_name: text(&form, "customer_name"),
                platform: None,
                title: text(&form, "title"),
            };
            let suppliers = match which {
                CategoryScript::Route => suppliers_of(&s, &view.category).await?,
                CategoryScript::Sku => serde_json::Value::Null,
            };
            view.tested = Some(run_test(which, &view.category, suppliers, test).await);
            Ok(view.into_response())
        }
    }
}

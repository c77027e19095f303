//! A category's SKU script in the web app: an editor with a test console
//! (run it against a sample buyer and title, see the SKU it writes, what
//! it printed, or why it stopped) and saving, which compiles it first.

use super::flash::{self, Flash};
use super::posted::{Posted, checked, field, text};
use super::{Layout, Session};
use crate::AppState;
use crate::problem::ApiError;
use crate::routes::scripts::{ScriptRun, ScriptTest, compiled, run_test};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use orderhub_domain::Capability;
use orderhub_domain::model::Category;

/// What the editor starts with when the category has no script.
const EXAMPLE: &str = r#"// the SKU: the category's prefix, the buyer's initials, 4 random digits
category.prefix + "-" + initials(order.customer_name) + "-" + random_digits(4)"#;

#[derive(Template, WebTemplate)]
#[template(path = "category_script.html")]
struct ScriptPage {
    layout: Layout,
    category: Category,
    script: String,
    customer_name: String,
    title: String,
    tested: Option<ScriptRun>,
    /// Why saving was refused.
    refused: Option<String>,
}

fn staff(p: &crate::auth::Principal) -> bool {
    p.require(Capability::ManageCatalog).is_ok()
}

pub async fn page(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    if !staff(&p) {
        return Ok(Redirect::to("/").into_response());
    }
    let Some(category) = super::found(s.store.get_category(&id).await)? else {
        return Ok(super::not_found(layout));
    };
    Ok(ScriptPage {
        script: category
            .sku_script
            .clone()
            .unwrap_or_else(|| EXAMPLE.to_owned()),
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
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = checked(&s, &headers, &layout, posted)?;
    if !staff(&p) {
        return Ok(Redirect::to("/").into_response());
    }
    let Some(category) = super::found(s.store.get_category(&id).await)? else {
        return Ok(super::not_found(layout));
    };
    let script = form.get("script").cloned().unwrap_or_default();
    let back = format!("/categories/{id}/script");
    let mut view = ScriptPage {
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
            s.store.set_sku_script(&p.actor, &id, None).await?;
            let done = Flash::done(view.layout.t("script-removed"));
            Ok(flash::redirect(&s, &view.layout, &back, done))
        }
        "save" => match compiled(&script) {
            Ok(()) => {
                s.store.set_sku_script(&p.actor, &id, Some(&script)).await?;
                let done = Flash::done(view.layout.t("script-saved"));
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
            view.tested = Some(run_test(&view.category, test).await);
            Ok(view.into_response())
        }
    }
}

//! A category's recipe of process steps, as stored: references resolved
//! to categories, one level deep (a step is made in one go), never a step
//! of itself.

use crate::categories::resolve_refs;
use crate::error::Result;
use orderhub_domain::{ErrorCode, ValidationError};
use sqlx::AnyConnection;

/// The step categories `refs` name, in order, for category `own` (none
/// while it is being created). Refused: a name that matches nothing, the
/// category itself, a step made in steps, or steps for a category that is
/// a step of another.
pub(crate) async fn resolve_steps(
    conn: &mut AnyConnection,
    own: Option<&str>,
    refs: &[String],
) -> Result<Vec<String>> {
    if refs.is_empty() {
        return Ok(Vec::new());
    }
    let found = resolve_refs(conn, refs).await?;
    let mut ids = Vec::with_capacity(refs.len());
    for (i, r) in refs.iter().enumerate() {
        let field = format!("steps[{i}]");
        let Some(id) = found.get(r) else {
            let e = ValidationError::new(
                &field,
                ErrorCode::UnknownCategory,
                format!("there is no category {r}"),
            );
            return Err(e.into());
        };
        if Some(id.as_str()) == own {
            let e = ValidationError::new(
                &field,
                ErrorCode::InvalidValue,
                "a category cannot be a step of itself",
            );
            return Err(e.into());
        }
        let nested: Option<String> =
            sqlx::query_scalar("SELECT steps FROM categories WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *conn)
                .await?;
        if nested.is_some() {
            let e = ValidationError::new(
                &field,
                ErrorCode::InvalidValue,
                format!("{r} is made in steps itself; a step is made in one go"),
            );
            return Err(e.into());
        }
        ids.push(id.clone());
    }
    if let Some(own) = own {
        let pattern = format!("%\"{own}\"%");
        let parent: Option<String> =
            sqlx::query_scalar("SELECT name FROM categories WHERE steps LIKE $1 LIMIT 1")
                .bind(pattern)
                .fetch_optional(&mut *conn)
                .await?;
        if let Some(parent) = parent {
            let e = ValidationError::new(
                "steps",
                ErrorCode::Conflicting,
                format!("this category is a step of {parent}; a step is made in one go"),
            );
            return Err(e.into());
        }
    }
    Ok(ids)
}

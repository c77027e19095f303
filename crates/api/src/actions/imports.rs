//! Spreadsheets of orders and suppliers: read off the async threads,
//! checked whole, and taken in one transaction or refused with every row.

use crate::AppState;
use crate::auth::Principal;
use crate::heavy;
use crate::problem::ApiError;
use axum::http::StatusCode;
use orderhub_channels::spreadsheet::{self, RowError};
use orderhub_domain::ErrorCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct ImportQuery {
    /// The file's name; its extension says CSV, TSV or XLSX (an XLSX file
    /// is also recognised by its content).
    #[serde(default)]
    pub name: Option<String>,
    /// For rows without a platform column (default `csv`).
    #[serde(default)]
    pub platform: Option<String>,
    /// Check and report; write nothing.
    #[serde(default)]
    pub dry_run: Option<bool>,
    /// Orders: `header=field` pairs for headers orderhub does not know
    /// (`Bestellung=order, Artikel=product, Menge=quantity, Preis=price`).
    #[serde(default)]
    pub map: Option<String>,
    /// Orders: how slash dates are written, `dmy` or `mdy`, when the file
    /// does not show it (default: detected).
    #[serde(default)]
    pub dates: Option<String>,
}

/// What an import found or did.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportReport {
    pub dry_run: bool,
    /// How the text was read: `UTF-8`, `GBK`, `UTF-16LE`, … or `xlsx`.
    pub encoding: String,
    pub rows: usize,
    pub orders: usize,
    /// Orders stored before (by platform and number): not taken again.
    pub already_stored: usize,
    /// Orders taken (0 on a dry run).
    pub created: usize,
}

/// Reads, checks and (unless a dry run) takes a file's orders.
pub(crate) async fn run(
    s: &AppState,
    p: &Principal,
    q: &ImportQuery,
    body: &[u8],
) -> Result<ImportReport, ApiError> {
    let name = q.name.clone().unwrap_or_default();
    let options = spreadsheet::Options::from_text(
        q.platform.as_deref(),
        q.map.as_deref(),
        q.dates.as_deref(),
    )?;
    let bytes = body.to_vec();
    let sheet = heavy::run(sheet_cost(body), move |_| {
        spreadsheet::orders_with(&name, &bytes, &options)
    })
    .await?
    .map_err(|e| refused(vec![e]))?;
    if !sheet.errors.is_empty() {
        return Err(refused(sheet.errors));
    }
    let orders: Vec<_> = sheet.orders.into_iter().map(|(o, _)| o).collect();
    let already_stored = s.store.count_stored(&orders).await?;
    let dry_run = q.dry_run.unwrap_or(false);
    let created = match dry_run {
        true => 0,
        false => s.store.import_orders(&p.actor, &orders, |_| {}).await?,
    };
    let platform = q.platform.as_deref().unwrap_or("csv");
    crate::metrics::orders_created(
        platform,
        crate::metrics::Intake::Spreadsheet,
        created as u64,
    );
    Ok(ImportReport {
        dry_run,
        encoding: sheet.encoding.to_owned(),
        rows: sheet.rows,
        orders: orders.len(),
        already_stored,
        created,
    })
}

/// The memory reading a spreadsheet of `body` may take: its text and
/// cells several times over (an XLSX is a zip of verbose XML).
pub(crate) fn sheet_cost(body: &[u8]) -> usize {
    body.len().saturating_mul(8)
}

/// A 422 `invalid_rows` listing every refused row.
pub(crate) fn refused(errors: Vec<RowError>) -> ApiError {
    let detail = match errors.first() {
        Some(e) if e.row == 0 => e.reason.clone(),
        _ => format!("{} rows refused; nothing imported", errors.len()),
    };
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::InvalidRows,
        detail,
    )
    .with("errors", errors)
}

/// What a supplier import found or did.
#[derive(Debug, Serialize, ToSchema)]
pub struct SupplierImportReport {
    pub dry_run: bool,
    pub encoding: String,
    pub suppliers: usize,
    /// Suppliers taken (0 on a dry run); names already stored are skipped.
    pub created: usize,
}

/// Reads, checks and (unless a dry run) takes a file's suppliers.
pub(crate) async fn run_suppliers(
    s: &AppState,
    p: &Principal,
    q: &ImportQuery,
    body: &[u8],
) -> Result<SupplierImportReport, ApiError> {
    let name = q.name.clone().unwrap_or_default();
    let bytes = body.to_vec();
    let (rows, errors, encoding) = heavy::run(sheet_cost(body), move |_| {
        spreadsheet::suppliers(&name, &bytes)
    })
    .await?
    .map_err(|e| refused(vec![e]))?;
    if !errors.is_empty() {
        return Err(refused(errors));
    }
    let dry_run = q.dry_run.unwrap_or(false);
    let rows: Vec<_> = rows.into_iter().map(|r| (r.row, r.supplier)).collect();
    // a dry run runs every check the real one does (rolled back)
    let created = match s.store.import_suppliers(&p.actor, &rows, dry_run).await? {
        Ok(created) if !dry_run => created,
        Ok(_) => 0,
        Err(refusals) => return Err(refused(store_refusals(refusals))),
    };
    Ok(SupplierImportReport {
        dry_run,
        encoding: encoding.to_owned(),
        suppliers: rows.len(),
        created,
    })
}

/// What a waybill file did.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShipmentImportReport {
    pub dry_run: bool,
    pub encoding: String,
    /// Tasks the file ships (shipped, unless a dry run).
    pub tasks: usize,
}

/// Reads a waybill file and ships every row's task, or none.
pub(crate) async fn run_waybills(
    s: &AppState,
    p: &Principal,
    q: &ImportQuery,
    body: &[u8],
) -> Result<ShipmentImportReport, ApiError> {
    let name = q.name.clone().unwrap_or_default();
    let bytes = body.to_vec();
    let (rows, errors, encoding) = heavy::run(sheet_cost(body), move |_| {
        spreadsheet::waybills(&name, &bytes)
    })
    .await?
    .map_err(|e| refused(vec![e]))?;
    if !errors.is_empty() {
        // every refused row at once: the readable rows are checked too
        let mut errors = errors;
        if let Err(refusals) = s
            .store
            .ship_waybills(&p.actor, &p.scope, &rows, true)
            .await?
        {
            errors.extend(store_refusals(refusals));
        }
        errors.sort_by_key(|e| e.row);
        return Err(refused(errors));
    }
    if rows.is_empty() {
        return Err(refused(vec![RowError {
            row: 0,
            column: String::new(),
            code: ErrorCode::Required,
            reason: "the file has no rows to ship".into(),
        }]));
    }
    let dry_run = q.dry_run.unwrap_or(false);
    match s
        .store
        .ship_waybills(&p.actor, &p.scope, &rows, dry_run)
        .await?
    {
        Ok(tasks) => Ok(ShipmentImportReport {
            dry_run,
            encoding: encoding.to_owned(),
            tasks,
        }),
        Err(refusals) => Err(refused(store_refusals(refusals))),
    }
}

/// Storage refusals of a file's rows, as row errors (the column is the
/// refused field's name).
pub(crate) fn store_refusals(refusals: Vec<(usize, orderhub_store::StoreError)>) -> Vec<RowError> {
    refusals
        .into_iter()
        .map(|(row, e)| {
            let e = ApiError::from(e);
            RowError {
                row,
                column: e.problem.field.clone().unwrap_or_default(),
                code: e.problem.code,
                reason: e.problem.detail.clone(),
            }
        })
        .collect()
}

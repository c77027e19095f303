//! Exports: the orders or tasks a list shows (its filters, the caller's
//! scope) as CSV or XLSX. One table per kind, written either way.

use crate::AppState;
use crate::auth::Principal;
use crate::problem::ApiError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use orderhub_domain::model::{Order, Task};
use orderhub_store::{OrderFilter, TaskFilter};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Rows an export holds at most; a larger result is cut there and says so
/// in the `Orderhub-Export-Truncated` header.
pub const MAX_ROWS: usize = 100_000;

/// Rows read per page while exporting.
const PAGE: i64 = 1_000;

/// A file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Csv,
    Xlsx,
}

/// One cell: text, a number, a moment (UTC), or nothing.
#[derive(Debug, Clone)]
pub enum Cell {
    Text(String),
    Number(Decimal),
    Time(time::OffsetDateTime),
    Empty,
}

impl From<Option<String>> for Cell {
    fn from(v: Option<String>) -> Self {
        v.map_or(Cell::Empty, Cell::Text)
    }
}

impl From<String> for Cell {
    fn from(v: String) -> Self {
        Cell::Text(v)
    }
}

/// A table with its column names.
pub struct Sheet {
    pub name: &'static str,
    pub columns: &'static [&'static str],
    pub rows: Vec<Vec<Cell>>,
    pub truncated: bool,
}

fn when(t: Option<time::OffsetDateTime>) -> Cell {
    t.map_or(Cell::Empty, Cell::Time)
}

/// A moment as CSV writes it: `2025-03-14 09:30:00` (UTC).
fn csv_time(t: time::OffsetDateTime) -> String {
    let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    t.to_offset(time::UtcOffset::UTC)
        .format(f)
        .unwrap_or_default()
}

/// A moment as a spreadsheet date, when a spreadsheet can hold it.
fn excel_time(t: time::OffsetDateTime) -> Option<rust_xlsxwriter::ExcelDateTime> {
    let t = t.to_offset(time::UtcOffset::UTC);
    let year = u16::try_from(t.year())
        .ok()
        .filter(|y| (1900..=9999).contains(y))?;
    rust_xlsxwriter::ExcelDateTime::from_ymd(year, t.month() as u8, t.day())
        .and_then(|d| d.and_hms(t.hour() as u16, t.minute(), f64::from(t.second())))
        .ok()
}

/// Text that a spreadsheet program would run as a formula (`=`, `+`, `-`,
/// `@`, or a tab or carriage return first) is prefixed with `'`, as OWASP
/// recommends for CSV: a customer named `=HYPERLINK(…)` stays a name.
fn inert(text: &str) -> String {
    match text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        true => format!("'{text}"),
        false => text.to_owned(),
    }
}

const ORDER_COLUMNS: &[&str] = &[
    "Order number",
    "Platform",
    "Status",
    "Status for you",
    "Payment",
    "Received (UTC)",
    "Placed (UTC)",
    "Customer",
    "E-mail",
    "Phone",
    "Country",
    "Currency",
    "Total",
    "Lines",
    "Products",
    "Order id",
];

fn order_row(o: &Order) -> Vec<Cell> {
    vec![
        o.external_number.clone().into(),
        o.platform.clone().into(),
        o.status.as_str().to_owned().into(),
        // the exporter's own words (its scope set them)
        o.status_label.as_str().to_owned().into(),
        o.payment_status.as_str().to_owned().into(),
        when(Some(o.created_at)),
        when(o.placed_at),
        o.customer.name.clone().into(),
        o.customer.email.clone().into(),
        o.customer.phone.clone().into(),
        o.shipping_address
            .as_ref()
            .map(|a| a.country.clone())
            .into(),
        o.currency.clone().into(),
        o.total_amount.map_or(Cell::Empty, Cell::Number),
        Cell::Number(Decimal::from(o.lines.len())),
        o.lines
            .iter()
            .map(|l| format!("{} × {}", l.title, l.quantity))
            .collect::<Vec<_>>()
            .join("; ")
            .into(),
        o.id.clone().into(),
    ]
}

const TASK_COLUMNS: &[&str] = &[
    "SKU",
    "Product",
    "Personalisation",
    "Status",
    "Status for you",
    "Supplier",
    "Category",
    "Quantity",
    "Due (UTC)",
    "Production started (UTC)",
    "Produced (UTC)",
    "Carrier",
    "Tracking number",
    "Tracking link",
    "Note",
    "Assigned (UTC)",
    "Order id",
    "Task id",
];

/// Every order the filter finds for the caller, up to [`MAX_ROWS`].
pub async fn orders(
    s: &AppState,
    p: &Principal,
    mut filter: OrderFilter,
) -> Result<Sheet, ApiError> {
    filter.limit = PAGE;
    // every page from the same server: the replica, when there is one
    let reports = s.store.for_reports();
    let mut orders = Vec::new();
    let truncated = loop {
        let page = reports.list_orders(&filter, &p.scope).await?;
        match gather(&mut orders, page) {
            Ok(next) => filter.cursor = Some(next),
            Err(truncated) => break truncated,
        }
    };
    Ok(Sheet {
        truncated,
        ..order_sheet(&orders)
    })
}

/// The given orders (those ticked on a list, say) as the orders export.
pub fn order_sheet(orders: &[Order]) -> Sheet {
    Sheet {
        name: "Orders",
        columns: ORDER_COLUMNS,
        rows: orders.iter().map(order_row).collect(),
        truncated: false,
    }
}

/// Adds a page's items to `all`: `Ok(cursor)` to read the next page, or
/// `Err(truncated)` when done — at the end, or at [`MAX_ROWS`] with more
/// left.
fn gather<T>(all: &mut Vec<T>, page: orderhub_domain::model::Page<T>) -> Result<String, bool> {
    all.extend(page.items);
    match page.next_cursor {
        Some(c) if all.len() < MAX_ROWS => Ok(c),
        more => {
            let truncated = more.is_some() || all.len() > MAX_ROWS;
            all.truncate(MAX_ROWS);
            Err(truncated)
        }
    }
}

/// Every task the filter finds for the caller, up to [`MAX_ROWS`].
pub async fn tasks(s: &AppState, p: &Principal, mut filter: TaskFilter) -> Result<Sheet, ApiError> {
    filter.limit = PAGE;
    let names = |pairs: Vec<(String, String)>| pairs.into_iter().collect::<HashMap<_, _>>();
    // a supplier sees its own name only
    let suppliers = match p.scope.supplier() {
        Some(_) => HashMap::new(),
        None => names(
            s.store
                .list_suppliers()
                .await?
                .into_iter()
                .map(|x| (x.id, x.name))
                .collect(),
        ),
    };
    let categories = names(
        s.store
            .list_categories()
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect(),
    );
    let mut tasks = Vec::new();
    let mut work = HashMap::new();
    let truncated = loop {
        let page = s.store.list_tasks(&filter, &p.scope).await?;
        // what each line asks for, a page at a time (bounded IN lists)
        work.extend(s.store.task_work(&page.items, &p.scope).await?);
        match gather(&mut tasks, page) {
            Ok(next) => filter.cursor = Some(next),
            Err(truncated) => break truncated,
        }
    };
    let row = |t: &Task| -> Vec<Cell> {
        let w = work.get(&t.line_id);
        let personal = w.map(|w| {
            crate::web::customization(w.customization.as_ref())
                .into_iter()
                .map(|(k, v)| if k.is_empty() { v } else { format!("{k}: {v}") })
                .collect::<Vec<_>>()
                .join("; ")
        });
        vec![
            t.sku.clone().into(),
            w.map(|w| w.title.clone()).into(),
            personal.filter(|p| !p.is_empty()).into(),
            t.status.as_str().to_owned().into(),
            t.status_label.as_str().to_owned().into(),
            suppliers.get(&t.supplier_id).cloned().into(),
            categories.get(&t.category_id).cloned().into(),
            Cell::Number(Decimal::from(t.quantity)),
            when(t.due_at),
            when(t.production_started_at),
            when(t.produced_at),
            t.carrier.clone().into(),
            t.tracking_number.clone().into(),
            t.tracking_url.clone().into(),
            t.note.clone().into(),
            when(Some(t.created_at)),
            t.order_id.clone().into(),
            t.id.clone().into(),
        ]
    };
    Ok(Sheet {
        name: "Tasks",
        columns: TASK_COLUMNS,
        rows: tasks.iter().map(row).collect(),
        truncated,
    })
}

impl Sheet {
    /// The file, with its content type and a download name.
    pub fn into_response(self, format: Format) -> Result<Response, ApiError> {
        let (bytes, content_type, ext) = match format {
            Format::Csv => (self.csv()?, "text/csv; charset=utf-8", "csv"),
            Format::Xlsx => (
                self.xlsx()?,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "xlsx",
            ),
        };
        let disposition = format!(
            "attachment; filename=\"{}.{ext}\"",
            self.name.to_lowercase()
        );
        let mut res = (StatusCode::OK, bytes).into_response();
        let h = res.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        if let Ok(v) = HeaderValue::from_str(&disposition) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
        if self.truncated {
            h.insert(
                "orderhub-export-truncated",
                HeaderValue::from_static("true"),
            );
        }
        Ok(res)
    }

    /// UTF-8 with a byte-order mark, so spreadsheet programs read Chinese
    /// and accents right.
    fn csv(&self) -> Result<Vec<u8>, ApiError> {
        let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
        let failed = |e: csv::Error| ApiError::failed(format!("csv: {e}"));
        out.write_record(self.columns).map_err(failed)?;
        for row in &self.rows {
            out.write_record(row.iter().map(|c| match c {
                Cell::Text(t) => inert(t),
                Cell::Number(n) => n.to_string(),
                Cell::Time(t) => csv_time(*t),
                Cell::Empty => String::new(),
            }))
            .map_err(failed)?;
        }
        out.into_inner()
            .map_err(|e| ApiError::failed(format!("csv: {e}")))
    }

    fn xlsx(&self) -> Result<Vec<u8>, ApiError> {
        use rust_xlsxwriter::{Format as Style, Workbook};
        let failed = |e: rust_xlsxwriter::XlsxError| ApiError::failed(format!("xlsx: {e}"));
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name(self.name).map_err(failed)?;
        let bold = Style::new().set_bold();
        let date = Style::new().set_num_format("yyyy-mm-dd hh:mm:ss");
        for (c, name) in self.columns.iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, *name, &bold)
                .map_err(failed)?;
        }
        for (r, row) in self.rows.iter().enumerate() {
            let r = (r + 1) as u32;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(t) => {
                        sheet.write_string(r, c, t).map_err(failed)?;
                    }
                    // amounts are exact decimals; a spreadsheet number is a
                    // double, exact for every amount we accept
                    Cell::Number(n) => {
                        let v: f64 = n.to_string().parse().unwrap_or(0.0);
                        sheet.write_number(r, c, v).map_err(failed)?;
                    }
                    // a real date (UTC) that sorts and filters as one
                    // (text outside the years a spreadsheet can date: 1900–9999)
                    Cell::Time(t) => match excel_time(*t) {
                        Some(d) => {
                            sheet
                                .write_datetime_with_format(r, c, &d, &date)
                                .map_err(failed)?;
                        }
                        None => {
                            sheet.write_string(r, c, csv_time(*t)).map_err(failed)?;
                        }
                    },
                    Cell::Empty => {}
                }
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(failed)?;
        book.save_to_buffer().map_err(failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: Vec<Vec<Cell>>) -> Sheet {
        Sheet {
            name: "Orders",
            columns: &["a", "b"],
            rows,
            truncated: false,
        }
    }

    #[test]
    fn formulas_in_csv_are_neutralised_numbers_are_not() {
        let rows = [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "Ada",
        ]
        .iter()
        .map(|t| vec![Cell::Text((*t).into()), Cell::Number(Decimal::new(-5, 0))])
        .collect();
        let csv = String::from_utf8(sheet(rows).csv().unwrap()).unwrap();
        let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        let cells: Vec<(String, String)> = reader
            .records()
            .map(|r| {
                let r = r.unwrap();
                (r[0].to_owned(), r[1].to_owned())
            })
            .collect();
        for (text, number) in &cells[..6] {
            assert!(text.starts_with('\''), "{text:?} left live");
            assert_eq!(number, "-5");
        }
        assert_eq!(cells[6].0, "Ada");
    }

    #[test]
    fn times_are_real_dates_in_xlsx() {
        let t = time::macros::datetime!(2025-03-14 09:30:15 UTC);
        let xlsx = sheet(vec![vec![Cell::Time(t), Cell::Empty]])
            .xlsx()
            .unwrap();
        use calamine::{Data, Reader, Xlsx};
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx)).unwrap();
        let range = book.worksheet_range("Orders").unwrap();
        match range.get_value((1, 0)) {
            Some(Data::DateTime(d)) => {
                assert_eq!(d.to_ymd_hms_milli(), (2025, 3, 14, 9, 30, 15, 0));
            }
            other => panic!("not a date: {other:?}"),
        }
        let csv = String::from_utf8(sheet(vec![vec![Cell::Time(t), Cell::Empty]]).csv().unwrap())
            .unwrap();
        assert!(csv.contains("2025-03-14 09:30:15"), "{csv}");
        // a year no spreadsheet dates is written as text, not a failure
        let far = time::macros::datetime!(1800-01-01 00:00 UTC);
        assert!(
            sheet(vec![vec![Cell::Time(far), Cell::Empty]])
                .xlsx()
                .is_ok()
        );
    }
}

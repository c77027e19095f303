//! Orders from a spreadsheet: CSV, TSV or XLSX, one row per line item,
//! rows grouped into orders by their order number. Columns are found by
//! their header (English, Chinese, or as a known marketplace export names
//! them; see [`columns`]), or by a mapping the user gives. Text files are
//! decoded from whatever encoding they came in (UTF-8 with or without BOM,
//! UTF-16, GBK/GB18030, Shift-JIS, Windows-1252…) and split at commas,
//! semicolons or tabs. Every refused row is reported with its row number,
//! its column and the reason; nothing is taken when any row is.

use orderhub_domain::ErrorCode;
mod amounts;
pub mod columns;
pub mod dates;
mod suppliers;
mod waybills;

use columns::{Field, Preset};
use dates::DayOrder;
use orderhub_domain::model::{Address, Customer, NewLine, NewOrder};
use orderhub_domain::validate::ValidationError;
use rust_decimal::Decimal;
use std::collections::HashMap;

pub use crate::table::{MAX_ROWS, decode};
pub(crate) use crate::table::{Row, file_error, split_header, table};
pub(crate) use amounts::amount;
pub use suppliers::{SupplierRow, suppliers};
pub use waybills::{TaskRef, WaybillRow, waybills};

/// A refused row: its number as a spreadsheet shows it (the header is
/// row 1), the column and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct RowError {
    pub row: usize,
    pub column: String,
    pub code: ErrorCode,
    pub reason: String,
}

/// What a file holds.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The orders, normalized, each with the rows it came from.
    pub orders: Vec<(NewOrder, Vec<usize>)>,
    pub errors: Vec<RowError>,
    /// How the text was decoded (`UTF-8`, `GBK`, `UTF-16LE`, … or `xlsx`).
    pub encoding: &'static str,
    pub rows: usize,
}

/// How to read a file beyond its headers.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The platform of rows without a platform column (default `csv`; a
    /// recognised export names its own when this is `csv`).
    pub platform: String,
    /// `header=field` pairs for headers orderhub does not know.
    pub mapping: Vec<(String, Field)>,
    /// How slash dates are written, when the file does not make it clear.
    pub day_order: Option<DayOrder>,
}

impl Options {
    /// The options as the API, the CLI and the web app take them: a
    /// platform, a mapping (`订单编号=order, 宝贝标题=product`) and a date
    /// order (`dmy` or `mdy`).
    pub fn from_text(
        platform: Option<&str>,
        mapping: Option<&str>,
        dates: Option<&str>,
    ) -> Result<Options, ValidationError> {
        let mapping = match mapping.map(str::trim).filter(|m| !m.is_empty()) {
            Some(m) => columns::parse_mapping(m)
                .map_err(|e| ValidationError::new("map", ErrorCode::InvalidMapping, e))?,
            None => Vec::new(),
        };
        let day_order = match dates
            .map(str::trim)
            .filter(|d| !d.is_empty() && *d != "auto")
        {
            Some(d) => Some(DayOrder::parse(d).ok_or_else(|| {
                ValidationError::new(
                    "dates",
                    ErrorCode::InvalidValue,
                    "dmy (14/03/2025) or mdy (03/14/2025)",
                )
            })?),
            None => None,
        };
        Ok(Options {
            platform: platform.unwrap_or("csv").to_owned(),
            mapping,
            day_order,
        })
    }
}

/// Reads `bytes` (a file called `name`, whose extension says CSV, TSV or
/// XLSX). `platform` is used for rows without a platform column.
pub fn orders(name: &str, bytes: &[u8], platform: &str) -> Result<Sheet, RowError> {
    let options = Options {
        platform: platform.to_owned(),
        ..Options::default()
    };
    orders_with(name, bytes, &options)
}

/// [`orders`] with a column mapping and a date order.
pub fn orders_with(name: &str, bytes: &[u8], options: &Options) -> Result<Sheet, RowError> {
    let (table, encoding) = table(name, bytes)?;
    Ok(group(table, options, encoding))
}

/// Where each known column is, by its header (for sheets other than
/// orders: suppliers, products).
pub(crate) fn find_columns<F: Copy + Eq + std::hash::Hash>(
    header: &[String],
    spec: &[(F, &[&str])],
) -> HashMap<F, usize> {
    let mut at = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        let k = columns::key(h);
        if let Some((f, _)) = spec
            .iter()
            .find(|(_, names)| names.iter().any(|n| columns::key(n) == k))
        {
            at.entry(*f).or_insert(i);
        }
    }
    at
}

/// A cell as the person meant it: Excel's text marks dropped (`="0123"`,
/// a leading `'`), tabs and spaces trimmed.
fn clean(cell: &str) -> String {
    let c = cell.trim();
    let c = c
        .strip_prefix("=\"")
        .and_then(|r| r.strip_suffix('"'))
        .unwrap_or(c);
    c.strip_prefix('\'').unwrap_or(c).trim().to_owned()
}

/// What the whole file says about every order in it.
struct Reading<'a> {
    at: HashMap<Field, usize>,
    header: &'a [String],
    preset: Option<&'static Preset>,
    platform: String,
    day_order: DayOrder,
}

impl Reading<'_> {
    fn cell(&self, row: &[String], f: Field) -> Option<String> {
        self.at
            .get(&f)
            .and_then(|i| row.get(*i))
            .map(|c| clean(c))
            .filter(|v| !v.is_empty())
    }

    /// The column's header, or the field's name when the file has none.
    fn column(&self, f: Field) -> String {
        self.at.get(&f).map_or_else(
            || f.label().to_owned(),
            |i| self.header[*i].trim().to_owned(),
        )
    }

    fn refuse(&self, row: usize, f: Field, code: ErrorCode, reason: String) -> RowError {
        RowError {
            row,
            column: self.column(f),
            code,
            reason,
        }
    }
}

/// Rows into orders: order-level columns from an order's first row.
fn group(table: Vec<Vec<String>>, options: &Options, encoding: &'static str) -> Sheet {
    let mut sheet = Sheet {
        orders: Vec::new(),
        errors: Vec::new(),
        encoding,
        rows: 0,
    };
    let Some((header, table)) = split_header(table) else {
        sheet.errors.push(file_error("the file is empty"));
        return sheet;
    };
    let preset = columns::preset(&header);
    let at = columns::locate(&header, preset, &options.mapping);
    let required = [Field::Number, Field::Title, Field::Quantity];
    for f in required {
        if !at.contains_key(&f) {
            sheet.errors.push(RowError {
                row: 1,
                column: f.label().into(),
                code: ErrorCode::MissingColumn,
                reason: format!(
                    "no {} column (headers in English or Chinese, e.g. 订单号, 产品, 数量, 单价; \
                     or map one: {}=…)",
                    f.label(),
                    f.label()
                ),
            });
        }
    }
    // an export of one row per order (Taobao's order list) has only the
    // order's total: it is then the one line's total
    let priced = [Field::Price, Field::LineTotal, Field::Total];
    if !priced.iter().any(|f| at.contains_key(f)) {
        sheet.errors.push(RowError {
            row: 1,
            column: Field::Price.label().into(),
            code: ErrorCode::MissingColumn,
            reason: "no unit price (or line or order total) column".into(),
        });
    }
    if !sheet.errors.is_empty() {
        return sheet;
    }
    let platform = match (options.platform.trim(), preset) {
        ("" | "csv", Some(p)) => p.platform.to_owned(),
        ("", None) => "csv".to_owned(),
        (given, _) => given.to_owned(),
    };
    let mut reading = Reading {
        at,
        header: &header,
        preset,
        platform,
        day_order: DayOrder::DayFirst,
    };
    match day_order(&reading, &table, options) {
        Ok(order) => reading.day_order = order,
        Err(e) => {
            sheet.errors.push(e);
            return sheet;
        }
    }
    let number_at = reading.at[&Field::Number];
    let mut by_number: Vec<(String, Vec<Row>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (n, row) in table {
        sheet.rows += 1;
        let number = row.get(number_at).map(|c| clean(c)).unwrap_or_default();
        if number.is_empty() {
            sheet.errors.push(reading.refuse(
                n,
                Field::Number,
                ErrorCode::Required,
                "no order number".into(),
            ));
            continue;
        }
        match index.get(&number) {
            Some(i) => by_number[*i].1.push((n, row)),
            None => {
                index.insert(number.clone(), by_number.len());
                by_number.push((number, vec![(n, row)]));
            }
        }
    }
    for (number, rows) in by_number {
        match order(&number, &rows, &reading) {
            Ok(o) => sheet
                .orders
                .push((o, rows.iter().map(|(n, _)| *n).collect())),
            Err(e) => sheet.errors.push(e),
        }
    }
    sheet.errors.sort_by_key(|e| e.row);
    sheet
}

/// How the file writes slash dates: as the caller says, else as its
/// export does, else as its values show; refused when nothing tells.
fn day_order(
    reading: &Reading<'_>,
    table: &[Row],
    options: &Options,
) -> Result<DayOrder, RowError> {
    if let Some(o) = options.day_order {
        return Ok(o);
    }
    if reading.preset.is_some_and(|p| p.month_first) {
        return Ok(DayOrder::MonthFirst);
    }
    let Some(i) = reading.at.get(&Field::PlacedAt) else {
        return Ok(DayOrder::DayFirst);
    };
    let values: Vec<&str> = table
        .iter()
        .filter_map(|(_, r)| r.get(*i).map(String::as_str))
        .collect();
    dates::detect(&values).ok_or_else(|| RowError {
        row: 1,
        column: reading.column(Field::PlacedAt),
        code: ErrorCode::AmbiguousDates,
        reason: "every date could be day/month or month/day: say which (dates=dmy or dates=mdy)"
            .into(),
    })
}

fn order(number: &str, rows: &[Row], r: &Reading<'_>) -> Result<NewOrder, RowError> {
    let (first_row, first) = &rows[0];
    let currency = r
        .cell(first, Field::Currency)
        .or_else(|| r.preset.and_then(|p| p.currency).map(str::to_owned))
        .unwrap_or_else(|| default_currency(r.header).to_owned());
    let mut lines = Vec::new();
    let by_total = !r.at.contains_key(&Field::Price) && !r.at.contains_key(&Field::LineTotal);
    if by_total && rows.len() > 1 {
        return Err(r.refuse(
            rows[1].0,
            Field::Price,
            ErrorCode::Required,
            "without a unit price column an order has one row (its total is the line's)".into(),
        ));
    }
    for (n, row) in rows {
        lines.push(line(*n, row, r, &currency)?);
    }
    let placed_at = match r.cell(first, Field::PlacedAt) {
        Some(t) => dates::parse(&t, r.day_order)
            .map_err(|e| r.refuse(*first_row, Field::PlacedAt, ErrorCode::InvalidDate, e))?,
        None => None,
    };
    let total_amount = match r.cell(first, Field::Total) {
        Some(t) => Some(amount(&t).ok_or_else(|| {
            r.refuse(
                *first_row,
                Field::Total,
                ErrorCode::InvalidNumber,
                format!("not an amount: {t:?}"),
            )
        })?),
        None => lines_total(&lines),
    };
    let (shipping_address, unplaced) = address(first, r);
    let buyer = r.cell(first, Field::Customer);
    let recipient = r.cell(first, Field::Recipient);
    let email = r.cell(first, Field::Email);
    let mut notes: Vec<String> = r.cell(first, Field::Note).into_iter().collect();
    if let (Some(b), Some(to)) = (&buyer, &recipient)
        && b != to
    {
        notes.push(format!("Buyer: {b}"));
    }
    if let Some(text) = unplaced {
        notes.push(format!("Ship to: {text}"));
    }
    let name = recipient
        .or(buyer)
        .or_else(|| email.clone())
        .unwrap_or_else(|| format!("{} customer", r.platform));
    let new = NewOrder {
        tags: Vec::new(),
        platform: r
            .cell(first, Field::Platform)
            .unwrap_or_else(|| r.platform.clone()),
        external_number: number.to_owned(),
        currency,
        total_amount,
        placed_at,
        ship_by: None,
        status: None,
        // a file is an export of orders placed and paid (a marketplace's,
        // an ERP's); an operator records otherwise by hand
        payment_status: Some(orderhub_domain::model::PaymentStatus::Paid),
        priority: None,
        customer: Customer {
            name,
            email,
            phone: r.cell(first, Field::Phone),
            id: None,
        },
        shipping_address,
        lines,
        note: Some(notes.join("\n")).filter(|n| !n.is_empty()),
    };
    new.normalize().map_err(|e| located(e, *first_row, rows, r))
}

/// One row's line: a unit price, or a line total it is derived from.
fn line(n: usize, row: &[String], r: &Reading<'_>, currency: &str) -> Result<NewLine, RowError> {
    let typed = r.cell(row, Field::Quantity).unwrap_or_default();
    let quantity: i64 = typed.trim_end_matches(".0").parse().map_err(|_| {
        r.refuse(
            n,
            Field::Quantity,
            ErrorCode::InvalidNumber,
            format!("not a whole number: {typed:?}"),
        )
    })?;
    let money = |f: Field| -> Result<Option<Decimal>, RowError> {
        match r.cell(row, f) {
            None => Ok(None),
            Some(t) => amount(&t).map(Some).ok_or_else(|| {
                r.refuse(
                    n,
                    f,
                    ErrorCode::InvalidNumber,
                    format!("not an amount: {t:?}"),
                )
            }),
        }
    };
    let total = match r.at.contains_key(&Field::Price) || r.at.contains_key(&Field::LineTotal) {
        true => money(Field::LineTotal)?,
        false => money(Field::Total)?,
    };
    let (unit_price, line_total) = match (money(Field::Price)?, total) {
        (Some(p), total) => (p, total),
        (None, Some(t)) => (
            orderhub_domain::money::unit_price(t, quantity, currency),
            Some(t),
        ),
        (None, None) => {
            return Err(r.refuse(n, Field::Price, ErrorCode::Required, "no price".into()));
        }
    };
    let line_total = line_total.filter(|t| *t != unit_price * Decimal::from(quantity));
    let title = r.cell(row, Field::Title).unwrap_or_default();
    let title = match r.cell(row, Field::Variant) {
        Some(v) if !title.is_empty() => format!("{title} — {v}"),
        _ => title,
    };
    Ok(NewLine {
        no_task: None,
        line_total,
        title,
        category: r.cell(row, Field::Category),
        quantity,
        unit_price,
        platform_sku: r.cell(row, Field::Sku),
        customization: r
            .cell(row, Field::Custom)
            .map(|c| serde_json::json!({ "text": c })),
    })
}

/// The order's total from its lines, when every line has its money.
fn lines_total(lines: &[NewLine]) -> Option<Decimal> {
    lines
        .iter()
        .map(|l| {
            Some(
                l.line_total
                    .unwrap_or(l.unit_price * Decimal::from(l.quantity)),
            )
        })
        .sum()
}

/// The shipping address from its columns; an address in one cell without
/// a country (none in the file, none by the export) cannot be placed in
/// fields and comes back as text for the order's note.
fn address(row: &[String], r: &Reading<'_>) -> (Option<Address>, Option<String>) {
    let country = r
        .cell(row, Field::Country)
        .or_else(|| r.preset.and_then(|p| p.country).map(str::to_owned));
    let text = r.cell(row, Field::AddressText);
    let street = r.cell(row, Field::Line1);
    let district = r.cell(row, Field::District);
    let line1 = match (district, street.or(text.clone())) {
        (Some(d), Some(s)) if !s.contains(&d) => Some(format!("{d} {s}")),
        (d, s) => s.or(d),
    };
    match country {
        Some(country) => (
            Some(Address {
                country,
                region: r.cell(row, Field::Region),
                city: r.cell(row, Field::City),
                line1,
                line2: r.cell(row, Field::Line2),
                postal_code: r.cell(row, Field::Postal),
            }),
            None,
        ),
        None => (None, line1),
    }
}

/// Chinese headers without a currency column: yuan.
fn default_currency(header: &[String]) -> &'static str {
    let chinese = header
        .iter()
        .any(|h| h.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
    match chinese {
        true => "CNY",
        false => "USD",
    }
}

/// A refusal of the order mapped to its row and column: `lines[2].…` is
/// the order's third row; anything else its first.
fn located(e: ValidationError, first: usize, rows: &[Row], r: &Reading<'_>) -> RowError {
    let (row, rest) = match e
        .field
        .strip_prefix("lines[")
        .and_then(|rest| rest.split_once(']'))
    {
        Some((i, rest)) => (
            i.parse::<usize>()
                .ok()
                .and_then(|i| rows.get(i))
                .map_or(first, |r| r.0),
            rest.trim_start_matches('.'),
        ),
        None => (first, e.field.as_str()),
    };
    let field = match rest.split('.').next_back().unwrap_or("") {
        "title" => Field::Title,
        "quantity" => Field::Quantity,
        "unit_price" => Field::Price,
        "line_total" => Field::LineTotal,
        "platform_sku" => Field::Sku,
        "category" => Field::Category,
        "currency" => Field::Currency,
        "email" => Field::Email,
        "phone" => Field::Phone,
        "name" => Field::Customer,
        "country" => Field::Country,
        "platform" => Field::Platform,
        "external_number" => Field::Number,
        "total_amount" => Field::Total,
        "note" => Field::Note,
        _ => Field::Title,
    };
    r.refuse(row, field, e.code, e.detail)
}

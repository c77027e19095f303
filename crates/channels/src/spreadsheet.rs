//! Orders from a spreadsheet: CSV, TSV or XLSX, one row per line item,
//! rows grouped into orders by their order number. Columns are found by
//! their header, in English or Chinese; text files are decoded from
//! whatever encoding they came in (UTF-8 with or without BOM, UTF-16,
//! GBK/GB18030, Shift-JIS, Windows-1252…). Every refused row is reported
//! with its row number and reason; nothing is taken when any row is.

use orderhub_domain::model::{Address, Customer, NewLine, NewOrder};
use orderhub_domain::validate::ValidationError;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::str::FromStr;

pub use crate::table::{MAX_ROWS, decode};
pub(crate) use crate::table::{Row, file_error, split_header, table};

/// A column orderhub reads, and the headers that name it (compared
/// without case, spaces, `_` or `-`).
const COLUMNS: &[(Field, &[&str])] = &[
    (
        Field::Number,
        &[
            "ordernumber",
            "orderno",
            "order",
            "orderid",
            "订单号",
            "订单编号",
            "订单",
        ],
    ),
    (Field::Platform, &["platform", "channel", "平台", "渠道"]),
    (
        Field::Customer,
        &[
            "customer",
            "customername",
            "buyer",
            "name",
            "recipient",
            "客户",
            "客户名称",
            "买家",
            "收件人",
            "姓名",
        ],
    ),
    (
        Field::Email,
        &["email", "e-mail", "customeremail", "邮箱", "电子邮件"],
    ),
    (
        Field::Phone,
        &["phone", "telephone", "mobile", "电话", "手机", "联系电话"],
    ),
    (
        Field::Country,
        &["country", "countrycode", "国家", "国家代码"],
    ),
    (
        Field::Region,
        &["region", "state", "province", "省", "省份", "州"],
    ),
    (Field::City, &["city", "城市"]),
    (
        Field::Line1,
        &[
            "address",
            "address1",
            "addressline1",
            "street",
            "地址",
            "详细地址",
        ],
    ),
    (Field::Line2, &["address2", "addressline2", "地址2"]),
    (
        Field::Postal,
        &[
            "postalcode",
            "postcode",
            "zip",
            "zipcode",
            "邮编",
            "邮政编码",
        ],
    ),
    (Field::Currency, &["currency", "币种", "货币"]),
    (
        Field::Title,
        &[
            "product",
            "title",
            "item",
            "producttitle",
            "productname",
            "产品",
            "商品",
            "商品名称",
            "产品名称",
            "品名",
        ],
    ),
    (Field::Quantity, &["quantity", "qty", "数量"]),
    (Field::Price, &["unitprice", "price", "单价", "价格"]),
    (
        Field::Sku,
        &["sku", "platformsku", "sellersku", "平台sku", "商品编码"],
    ),
    (Field::Category, &["category", "品类", "类目", "分类"]),
    (
        Field::Custom,
        &[
            "personalization",
            "personalisation",
            "customization",
            "customisation",
            "engraving",
            "定制",
            "定制信息",
            "个性化",
            "刻字",
        ],
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Field {
    Number,
    Platform,
    Customer,
    Email,
    Phone,
    Country,
    Region,
    City,
    Line1,
    Line2,
    Postal,
    Currency,
    Title,
    Quantity,
    Price,
    Sku,
    Category,
    Custom,
}

/// A refused row: its number as a spreadsheet shows it (the header is
/// row 1), the column and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct RowError {
    pub row: usize,
    pub column: String,
    pub code: String,
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

/// Reads `bytes` (a file called `name`, whose extension says CSV, TSV or
/// XLSX). `platform` is used for rows without a platform column.
pub fn orders(name: &str, bytes: &[u8], platform: &str) -> Result<Sheet, RowError> {
    let (table, encoding) = table(name, bytes)?;
    Ok(group(table, platform, encoding))
}

/// Where each known column is, by its header.
pub(crate) fn find_columns<F: Copy + Eq + std::hash::Hash>(
    header: &[String],
    spec: &[(F, &[&str])],
) -> HashMap<F, usize> {
    let mut at = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        let k = key(h);
        if let Some((f, _)) = spec
            .iter()
            .find(|(_, names)| names.iter().any(|n| key(n) == k))
        {
            at.entry(*f).or_insert(i);
        }
    }
    at
}

fn key(header: &str) -> String {
    header
        .trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-' && *c != '.')
        .collect()
}

/// Rows into orders: order-level columns from an order's first row.
fn group(table: Vec<Vec<String>>, platform: &str, encoding: &'static str) -> Sheet {
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
    let at = find_columns(&header, COLUMNS);
    for (f, name) in [
        (Field::Number, "order number"),
        (Field::Title, "product"),
        (Field::Quantity, "quantity"),
        (Field::Price, "unit price"),
    ] {
        if !at.contains_key(&f) {
            sheet.errors.push(RowError { row: 1, column: name.into(), code: "missing_column".into(), reason: format!("no {name} column (headers in English or Chinese, e.g. 订单号, 产品, 数量, 单价)") });
        }
    }
    if !sheet.errors.is_empty() {
        return sheet;
    }
    let mut by_number: Vec<(String, Vec<Row>)> = Vec::new();
    for (n, row) in table {
        sheet.rows += 1;
        let number = row.get(at[&Field::Number]).cloned().unwrap_or_default();
        if number.is_empty() {
            sheet.errors.push(RowError {
                row: n,
                column: header[at[&Field::Number]].clone(),
                code: "required".into(),
                reason: "no order number".into(),
            });
            continue;
        }
        match by_number.iter_mut().find(|(k, _)| *k == number) {
            Some((_, rows)) => rows.push((n, row)),
            None => by_number.push((number, vec![(n, row)])),
        }
    }
    for (number, rows) in by_number {
        match order(&number, &rows, &at, &header, platform) {
            Ok(o) => sheet
                .orders
                .push((o, rows.iter().map(|(n, _)| *n).collect())),
            Err(e) => sheet.errors.push(e),
        }
    }
    sheet.errors.sort_by_key(|e| e.row);
    sheet
}

fn order(
    number: &str,
    rows: &[Row],
    at: &HashMap<Field, usize>,
    header: &[String],
    platform: &str,
) -> Result<NewOrder, RowError> {
    let (first_row, first) = &rows[0];
    let cell = |row: &[String], f: Field| {
        at.get(&f)
            .and_then(|i| row.get(*i))
            .filter(|v| !v.is_empty())
            .cloned()
    };
    let column = |f: Field| at.get(&f).map(|i| header[*i].clone()).unwrap_or_default();
    let refuse = |row: usize, f: Field, code: &str, reason: String| RowError {
        row,
        column: column(f),
        code: code.into(),
        reason,
    };
    let mut lines = Vec::new();
    for (n, row) in rows {
        let quantity = cell(row, Field::Quantity).unwrap_or_default();
        let quantity: i64 = quantity.trim_end_matches(".0").parse().map_err(|_| {
            refuse(
                *n,
                Field::Quantity,
                "invalid_number",
                format!("not a whole number: {quantity:?}"),
            )
        })?;
        let price = cell(row, Field::Price).unwrap_or_default();
        let unit_price = amount(&price).ok_or_else(|| {
            refuse(
                *n,
                Field::Price,
                "invalid_number",
                format!("not an amount: {price:?}"),
            )
        })?;
        lines.push(NewLine {
            no_task: None,
            line_total: None,
            title: cell(row, Field::Title).unwrap_or_default(),
            category: cell(row, Field::Category),
            quantity,
            unit_price,
            platform_sku: cell(row, Field::Sku),
            customization: cell(row, Field::Custom).map(|c| serde_json::json!({ "text": c })),
        });
    }
    let country = cell(first, Field::Country);
    let new = NewOrder {
        platform: cell(first, Field::Platform).unwrap_or_else(|| platform.to_owned()),
        external_number: number.to_owned(),
        currency: cell(first, Field::Currency).unwrap_or_else(|| "USD".to_owned()),
        total_amount: None,
        placed_at: None,
        status: None,
        customer: Customer {
            name: cell(first, Field::Customer).unwrap_or_default(),
            email: cell(first, Field::Email),
            phone: cell(first, Field::Phone),
        },
        shipping_address: country.map(|country| Address {
            country,
            region: cell(first, Field::Region),
            city: cell(first, Field::City),
            line1: cell(first, Field::Line1),
            line2: cell(first, Field::Line2),
            postal_code: cell(first, Field::Postal),
        }),
        lines,
    };
    new.normalize()
        .map_err(|e| located(e, *first_row, rows, &column))
}

/// An amount as people type it in a sheet: a currency sign or code before
/// or after the number and thousands separators are dropped (`¥1,280.50`,
/// `12.90 EUR`, `1.280,50 €`); anything else inside the number refuses it.
/// The decimal mark is the last `.` or `,` unless it is a comma followed by
/// exactly three digits (`1,280` is a thousand and more, `12,50` twelve and
/// a half, as European Excel writes it).
pub(crate) fn amount(text: &str) -> Option<Decimal> {
    let number = |c: char| c.is_ascii_digit() || c == '-' || c == '.' || c == ',';
    let inner = text
        .trim_start_matches(|c: char| !number(c))
        .trim_end_matches(|c: char| !c.is_ascii_digit() && c != '.');
    let mark = inner.rfind(['.', ',']).filter(|&at| {
        let after = &inner[at + 1..];
        inner[at..].starts_with('.') || after.len() != 3 || inner[..at].contains('.')
    });
    let mut cleaned = String::with_capacity(inner.len());
    for (i, c) in inner.char_indices() {
        match c {
            _ if Some(i) == mark => cleaned.push('.'),
            ',' | '.' | ' ' | '\u{a0}' | '\'' => {}
            _ => cleaned.push(c),
        }
    }
    // Two marks of the same kind after dropping separators (`4.2.1`) are
    // not a number.
    if inner.matches('.').count() > 1 && !inner.contains(',') {
        return None;
    }
    Decimal::from_str(&cleaned).ok()
}

#[cfg(test)]
mod amount_tests {
    #[test]
    fn amounts_as_typed() {
        for (text, want) in [
            ("¥1,280.50", "1280.50"),
            ("12.90 EUR", "12.90"),
            ("￥4.2", "4.2"),
            ("-3", "-3"),
            ("12,50", "12.50"),
            ("1.280,50 €", "1280.50"),
            ("1,280", "1280"),
            ("2900", "2900"),
        ] {
            assert_eq!(
                super::amount(text).map(|d| d.to_string()).as_deref(),
                Some(want),
                "{text}"
            );
        }
        for bad in ["&#165;4.20", "4.2.1", "four", ""] {
            assert_eq!(super::amount(bad), None, "{bad}");
        }
    }
}

/// A refusal of the order mapped to its row and column: `lines[2].…` is
/// the order's third row; anything else its first.
fn located(
    e: ValidationError,
    first: usize,
    rows: &[(usize, Vec<String>)],
    column: &dyn Fn(Field) -> String,
) -> RowError {
    let (row, rest) = match e
        .field
        .strip_prefix("lines[")
        .and_then(|r| r.split_once(']'))
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
        "platform_sku" => Field::Sku,
        "category" => Field::Category,
        "currency" => Field::Currency,
        "email" => Field::Email,
        "phone" => Field::Phone,
        "name" => Field::Customer,
        "country" => Field::Country,
        "platform" => Field::Platform,
        "external_number" => Field::Number,
        _ => Field::Title,
    };
    RowError {
        row,
        column: column(field),
        code: e.code.into(),
        reason: e.detail,
    }
}

/// A supplier from a spreadsheet row.
#[derive(Debug, Clone)]
pub struct SupplierRow {
    pub row: usize,
    pub supplier: orderhub_domain::model::NewSupplier,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum SupplierField {
    Name,
    Code,
    Contact,
    Email,
    Phone,
    Categories,
    Weight,
    Active,
}

const SUPPLIER_COLUMNS: &[(SupplierField, &[&str])] = &[
    (
        SupplierField::Name,
        &[
            "name",
            "supplier",
            "suppliername",
            "company",
            "名称",
            "供应商",
            "供应商名称",
            "工厂",
            "公司",
        ],
    ),
    (
        SupplierField::Code,
        &["code", "suppliercode", "代码", "编码", "供应商代码"],
    ),
    (
        SupplierField::Contact,
        &["contact", "contactperson", "联系人"],
    ),
    (SupplierField::Email, &["email", "e-mail", "邮箱"]),
    (
        SupplierField::Phone,
        &["phone", "telephone", "mobile", "电话", "手机"],
    ),
    (
        SupplierField::Categories,
        &["categories", "category", "品类", "类目", "分类"],
    ),
    (SupplierField::Weight, &["weight", "权重"]),
    (
        SupplierField::Active,
        &["active", "enabled", "启用", "状态"],
    ),
];

/// Suppliers from a spreadsheet, one per row; categories by name, split at
/// `,` `，` `、` `;`. Every bad row is reported; the caller takes none then.
pub fn suppliers(
    name: &str,
    bytes: &[u8],
) -> Result<(Vec<SupplierRow>, Vec<RowError>, &'static str), RowError> {
    use SupplierField as F;
    let (table, encoding) = table(name, bytes)?;
    let (header, rows) = split_header(table).ok_or_else(|| file_error("the file is empty"))?;
    let at = find_columns(&header, SUPPLIER_COLUMNS);
    if !at.contains_key(&F::Name) {
        let reason = "no name column (e.g. Name, Supplier, 名称, 供应商)".to_owned();
        return Ok((
            Vec::new(),
            vec![RowError {
                row: 1,
                column: "name".into(),
                code: "missing_column".into(),
                reason,
            }],
            encoding,
        ));
    }
    let (mut out, mut errors) = (Vec::new(), Vec::new());
    for (n, row) in rows {
        let cell = |f: F| {
            at.get(&f)
                .and_then(|c| row.get(*c))
                .filter(|v| !v.is_empty())
                .cloned()
        };
        let column = |f: F| at.get(&f).map(|c| header[*c].clone()).unwrap_or_default();
        let refuse = |f: F, code: &str, reason: String| RowError {
            row: n,
            column: column(f),
            code: code.into(),
            reason,
        };
        let weight = match cell(F::Weight).map(|w| w.trim_end_matches(".0").parse::<i64>()) {
            Some(Err(_)) => {
                errors.push(refuse(
                    F::Weight,
                    "invalid_number",
                    "not a whole number".into(),
                ));
                continue;
            }
            Some(Ok(w)) => Some(w),
            None => None,
        };
        let active = match cell(F::Active).map(|a| a.to_lowercase()) {
            None => None,
            Some(a) if ["yes", "y", "true", "1", "是", "启用", "active"].contains(&a.as_str()) => {
                Some(true)
            }
            Some(a)
                if ["no", "n", "false", "0", "否", "停用", "inactive"].contains(&a.as_str()) =>
            {
                Some(false)
            }
            Some(a) => {
                errors.push(refuse(
                    F::Active,
                    "invalid_value",
                    format!("yes or no, not {a:?}"),
                ));
                continue;
            }
        };
        let supplier = orderhub_domain::model::NewSupplier {
            name: cell(F::Name).unwrap_or_default(),
            code: cell(F::Code),
            contact: cell(F::Contact),
            email: cell(F::Email),
            phone: cell(F::Phone),
            categories: cell(F::Categories)
                .map(|c| {
                    c.split([',', '，', '、', ';'])
                        .map(|x| x.trim().to_owned())
                        .filter(|x| !x.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            active,
            weight,
            sees_customer_phone: None,
        };
        match supplier.clone().normalize() {
            Ok(s) => out.push(SupplierRow {
                row: n,
                supplier: s,
            }),
            Err(e) => {
                let f = match e.field.split(['.', '[']).next().unwrap_or("") {
                    "code" => F::Code,
                    "email" => F::Email,
                    "phone" => F::Phone,
                    "weight" => F::Weight,
                    "contact" => F::Contact,
                    "categories" => F::Categories,
                    _ => F::Name,
                };
                errors.push(refuse(f, e.code, e.detail));
            }
        }
    }
    Ok((out, errors, encoding))
}

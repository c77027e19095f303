//! Suppliers from a spreadsheet, one per row.

use super::{RowError, file_error, find_columns, split_header, table};
use orderhub_domain::ErrorCode;

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
                code: ErrorCode::MissingColumn,
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
        let refuse = |f: F, code: ErrorCode, reason: String| RowError {
            row: n,
            column: column(f),
            code,
            reason,
        };
        let weight = match cell(F::Weight).map(|w| w.trim_end_matches(".0").parse::<i64>()) {
            Some(Err(_)) => {
                errors.push(refuse(
                    F::Weight,
                    ErrorCode::InvalidNumber,
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
                    ErrorCode::InvalidValue,
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
            internal: None,
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

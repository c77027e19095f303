//! Waybills from a spreadsheet (批量发货): which task each row ships —
//! by orderhub's task id or its SKU — with the carrier and tracking
//! number, checked against the carrier's format row by row.

use super::{RowError, file_error, find_columns, split_header, table};
use orderhub_domain::ErrorCode;
use orderhub_domain::carrier::check_tracking;
use std::collections::HashMap;

/// Which task a row names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TaskRef {
    Id(String),
    Sku(String),
}

/// One row: a task, its carrier and its tracking number (normalised).
#[derive(Debug, Clone)]
pub struct WaybillRow {
    pub row: usize,
    pub task: TaskRef,
    pub carrier: String,
    pub tracking_number: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum WaybillField {
    Task,
    Sku,
    Carrier,
    Tracking,
}

const WAYBILL_COLUMNS: &[(WaybillField, &[&str])] = &[
    (
        WaybillField::Task,
        &["task", "task id", "任务", "任务编号", "任务id"],
    ),
    (
        WaybillField::Sku,
        &["sku", "sku code", "商品编码", "编码", "sku编码"],
    ),
    (
        WaybillField::Carrier,
        &[
            "carrier",
            "courier",
            "shipping carrier",
            "logistics",
            "快递公司",
            "物流公司",
            "承运商",
            "快递",
            "物流",
        ],
    ),
    (
        WaybillField::Tracking,
        &[
            "tracking",
            "tracking number",
            "tracking no",
            "waybill",
            "waybill number",
            "awb",
            "运单号",
            "快递单号",
            "物流单号",
            "单号",
        ],
    ),
];

/// Every row of a waybill file, or why each refused row is; a task named
/// twice is refused the second time.
pub fn waybills(
    name: &str,
    bytes: &[u8],
) -> Result<(Vec<WaybillRow>, Vec<RowError>, &'static str), RowError> {
    use WaybillField as F;
    let (table, encoding) = table(name, bytes)?;
    let (header, rows) = split_header(table).ok_or_else(|| file_error("the file is empty"))?;
    let at = find_columns(&header, WAYBILL_COLUMNS);
    let missing = |column: &str, reason: &str| RowError {
        row: 1,
        column: column.into(),
        code: ErrorCode::MissingColumn,
        reason: reason.into(),
    };
    let mut missing_columns = Vec::new();
    if !at.contains_key(&F::Task) && !at.contains_key(&F::Sku) {
        missing_columns.push(missing(
            "sku",
            "no SKU or task column (e.g. SKU, Task, 商品编码)",
        ));
    }
    if !at.contains_key(&F::Carrier) {
        missing_columns.push(missing(
            "carrier",
            "no carrier column (e.g. Carrier, 快递公司)",
        ));
    }
    if !at.contains_key(&F::Tracking) {
        missing_columns.push(missing(
            "tracking_number",
            "no tracking number column (e.g. Tracking number, 运单号)",
        ));
    }
    if !missing_columns.is_empty() {
        return Ok((Vec::new(), missing_columns, encoding));
    }
    let (mut out, mut errors) = (Vec::new(), Vec::new());
    let mut seen: HashMap<TaskRef, usize> = HashMap::new();
    for (n, row) in rows {
        let cell = |f: F| {
            at.get(&f)
                .and_then(|c| row.get(*c))
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let column = |f: F| at.get(&f).map(|c| header[*c].clone()).unwrap_or_default();
        let mut refuse = |f: F, code: ErrorCode, reason: String| {
            errors.push(RowError {
                row: n,
                column: column(f),
                code,
                reason,
            })
        };
        let task = match (cell(F::Task), cell(F::Sku)) {
            (Some(id), _) => TaskRef::Id(id),
            (None, Some(sku)) => TaskRef::Sku(sku),
            (None, None) => {
                let f = if at.contains_key(&F::Sku) {
                    F::Sku
                } else {
                    F::Task
                };
                refuse(f, ErrorCode::Required, "which task: its SKU or id".into());
                continue;
            }
        };
        let Some(carrier) = cell(F::Carrier) else {
            refuse(F::Carrier, ErrorCode::CarrierRequired, "the carrier".into());
            continue;
        };
        let Some(number) = cell(F::Tracking) else {
            refuse(
                F::Tracking,
                ErrorCode::TrackingNumberRequired,
                "the tracking number".into(),
            );
            continue;
        };
        let tracking_number = match check_tracking(&carrier, &number) {
            Ok(n) => n,
            Err(e) => {
                let e = e.into_error("tracking_number", &carrier, &number);
                refuse(F::Tracking, e.code, e.detail);
                continue;
            }
        };
        if let Some(first) = seen.insert(task.clone(), n) {
            let f = match task {
                TaskRef::Id(_) => F::Task,
                TaskRef::Sku(_) => F::Sku,
            };
            refuse(
                f,
                ErrorCode::DuplicateLine,
                format!("the same task as row {first}"),
            );
            continue;
        }
        out.push(WaybillRow {
            row: n,
            task,
            carrier,
            tracking_number,
        });
    }
    Ok((out, errors, encoding))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_name_tasks_by_sku_with_checked_numbers() {
        let csv = "商品编码,快递公司,运单号\n\
                   SKU00000001,顺丰,sf 1234 5678 90123\n\
                   SKU00000002,UPS,SF1234567890123\n\
                   SKU00000001,顺丰,SF1234567890124\n\
                   ,顺丰,SF1234567890125\n";
        let (rows, errors, _) = waybills("w.csv", csv.as_bytes()).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].task, TaskRef::Sku("SKU00000001".into()));
        assert_eq!(rows[0].tracking_number, "SF1234567890123");
        let codes: Vec<(usize, ErrorCode)> = errors.iter().map(|e| (e.row, e.code)).collect();
        assert_eq!(
            codes,
            [
                (3, ErrorCode::TrackingNumberFormat),
                (4, ErrorCode::DuplicateLine),
                (5, ErrorCode::Required),
            ]
        );
        assert_eq!(errors[0].column, "运单号");
        let (_, missing, _) = waybills("w.csv", b"sku,note\nA,1\n").unwrap();
        assert_eq!(missing.len(), 2, "carrier and tracking columns named");
    }
}

//! A spreadsheet file as a table of trimmed text cells: CSV, TSV or
//! semicolon-separated text in whatever encoding it came in, or the first
//! sheet of an XLSX workbook. Every reader is capped before it allocates:
//! rows, columns, cell size and (for XLSX) the unpacked size of the
//! workbook, so a tiny hostile file cannot ask for gigabytes.

use orderhub_domain::ErrorCode;
use std::io::Read;

use crate::spreadsheet::RowError;

/// Rows a file may hold (a bigger import goes in several files).
pub const MAX_ROWS: usize = 50_000;
/// Columns a sheet may use: real exports have fewer than 100 (Shopify's
/// orders CSV has 79).
pub const MAX_COLUMNS: usize = 256;
/// Bytes a cell may hold: a spreadsheet cell is short; the csv crate
/// would read a 10 MB field happily.
const MAX_CELL: usize = 4_000;
/// What an XLSX workbook (a zip of XML) may unpack to, all parts together.
const MAX_XLSX_UNPACKED: u64 = 128 * 1024 * 1024;

/// The cells of a file, row by row (blank rows kept, so row `i` is the
/// spreadsheet's row `i + 1`), and how its text was read.
pub(crate) fn table(
    name: &str,
    bytes: &[u8],
) -> Result<(Vec<Vec<String>>, &'static str), RowError> {
    let lower = name.to_lowercase();
    if lower.ends_with(".xlsx") || bytes.starts_with(b"PK\x03\x04") {
        return Ok((xlsx(bytes)?, "xlsx"));
    }
    let (text, encoding) = decode(bytes);
    let forced_tab = lower.ends_with(".tsv") || lower.ends_with(".tab");
    let delimiter = match forced_tab {
        true => b'\t',
        false => delimiter(&text),
    };
    Ok((delimited(&text, delimiter)?, encoding))
}

/// The separator of a text table, from its first line: tab, semicolon
/// (Excel in most of Europe writes `;`, decimal commas in the cells) or
/// comma, whichever appears most outside quotes; a comma on a tie.
pub(crate) fn delimiter(text: &str) -> u8 {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in header.bytes() {
        match b {
            b'"' => quoted = !quoted,
            _ if quoted => {}
            _ => {
                if let Some(c) = counts.iter_mut().find(|(d, _)| *d == b) {
                    c.1 += 1;
                }
            }
        }
    }
    // Stable: the first of the most frequent, so a tie keeps the comma.
    let best = counts.iter().map(|c| c.1).max().unwrap_or(0);
    counts
        .iter()
        .find(|c| c.1 == best && best > 0)
        .map_or(b',', |c| c.0)
}

/// The header (the first non-blank row) and the data rows after it, each
/// with its number as a spreadsheet shows it; blank rows dropped.
pub(crate) fn split_header(table: Vec<Vec<String>>) -> Option<(Vec<String>, Vec<Row>)> {
    let mut rows = table
        .into_iter()
        .enumerate()
        .filter(|(_, r)| r.iter().any(|c| !c.is_empty()))
        .map(|(i, r)| (i + 1, r));
    let (_, header) = rows.next()?;
    Some((header, rows.collect()))
}

/// A data row: its number in the file and its cells.
pub(crate) type Row = (usize, Vec<String>);

/// A file-level refusal (row 0: not one row's fault).
pub(crate) fn file_error(reason: impl Into<String>) -> RowError {
    RowError {
        row: 0,
        column: String::new(),
        code: ErrorCode::UnreadableFile,
        reason: reason.into(),
    }
}

fn too_many_rows() -> RowError {
    RowError {
        code: ErrorCode::TooManyRows,
        ..file_error(format!("more than {MAX_ROWS} rows: split the file"))
    }
}

fn too_many_columns(row: usize) -> RowError {
    RowError {
        row,
        code: ErrorCode::TooManyColumns,
        ..file_error(format!(
            "a row uses more than {MAX_COLUMNS} columns: remove the unused ones"
        ))
    }
}

/// Text from bytes: a BOM says the encoding; otherwise strict UTF-8;
/// otherwise chardetng's guess (GBK read as GB18030, its superset).
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return (text.into_owned(), enc.name());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_owned(), "UTF-8");
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
    let enc = if guess == encoding_rs::GBK {
        encoding_rs::GB18030
    } else {
        guess
    };
    let (text, _, _) = enc.decode(bytes);
    (text.into_owned(), guess.name())
}

fn delimited(text: &str, delimiter: u8) -> Result<Vec<Vec<String>>, RowError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let n = rows.len() + 1;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(RowError {
                    row: n,
                    ..file_error(e.to_string())
                });
            }
        }
        if rows.len() > MAX_ROWS {
            return Err(too_many_rows());
        }
        if record.len() > MAX_COLUMNS {
            return Err(too_many_columns(n));
        }
        if record.iter().any(|c| c.len() > MAX_CELL) {
            return Err(RowError {
                row: n,
                code: ErrorCode::CellTooLarge,
                ..file_error(format!("a cell over {MAX_CELL} bytes"))
            });
        }
        rows.push(record.iter().map(|c| c.trim().to_owned()).collect());
    }
    Ok(rows)
}

/// The first sheet of a workbook, read cell by cell: calamine's ranges are
/// dense from the first used cell to the last, so one cell at XFD1048576
/// would ask for 17 billion cells. Cells are placed into a table no larger
/// than the caps; a non-empty cell outside them refuses the file.
fn xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, RowError> {
    use calamine::{Reader, Xlsx};
    check_unpacked(bytes)?;
    let unreadable = |e: calamine::XlsxError| file_error(format!("not a readable XLSX file: {e}"));
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(unreadable)?;
    let first = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| file_error("the workbook has no sheet"))?;
    let mut cells = book.worksheet_cells_reader(&first).map_err(unreadable)?;
    let mut rows: Vec<Vec<String>> = Vec::new();
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let text = cell_text(cell.get_value());
        if text.is_empty() {
            continue;
        }
        let (r, c) = cell.get_position();
        let (r, c) = (r as usize, c as usize);
        if r > MAX_ROWS {
            return Err(too_many_rows());
        }
        if c >= MAX_COLUMNS {
            return Err(too_many_columns(r + 1));
        }
        if text.len() > MAX_CELL {
            return Err(RowError {
                row: r + 1,
                code: ErrorCode::CellTooLarge,
                ..file_error(format!("a cell over {MAX_CELL} bytes"))
            });
        }
        if rows.len() <= r {
            rows.resize_with(r + 1, Vec::new);
        }
        let row = &mut rows[r];
        if row.len() <= c {
            row.resize(c + 1, String::new());
        }
        row[c] = text;
    }
    Ok(rows)
}

/// Refuses a workbook whose parts unpack to more than
/// [`MAX_XLSX_UNPACKED`], by unpacking them (declared sizes lie) into
/// nothing before calamine reads its shared strings whole.
fn check_unpacked(bytes: &[u8]) -> Result<(), RowError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| file_error(format!("not a readable XLSX file: {e}")))?;
    let mut left = MAX_XLSX_UNPACKED;
    for i in 0..zip.len() {
        let entry = zip
            .by_index(i)
            .map_err(|e| file_error(format!("not a readable XLSX file: {e}")))?;
        left = left.saturating_sub(drain(entry, left + 1)?);
        if left == 0 {
            return Err(RowError {
                code: ErrorCode::FileTooLarge,
                ..file_error(format!(
                    "the workbook unpacks to more than {} MB",
                    MAX_XLSX_UNPACKED >> 20
                ))
            });
        }
    }
    Ok(())
}

/// Reads at most `limit` bytes of `r` into nothing; how many there were.
fn drain(r: impl Read, limit: u64) -> Result<u64, RowError> {
    std::io::copy(&mut r.take(limit), &mut std::io::sink())
        .map_err(|e| file_error(format!("not a readable XLSX file: {e}")))
}

/// A cell as text: dates as `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` (never
/// Excel's day number), whole floats without `.0`.
fn cell_text(value: &calamine::DataRef<'_>) -> String {
    use calamine::DataRef as D;
    let text = match value {
        D::Empty => return String::new(),
        D::Int(i) => i.to_string(),
        D::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        D::Float(f) => f.to_string(),
        D::String(s) => s.clone(),
        D::SharedString(s) => (*s).to_owned(),
        D::Bool(b) => b.to_string(),
        D::DateTime(d) if d.is_datetime() => {
            let (y, mo, da, h, mi, s, _) = d.to_ymd_hms_milli();
            match (h, mi, s) {
                (0, 0, 0) => format!("{y:04}-{mo:02}-{da:02}"),
                _ => format!("{y:04}-{mo:02}-{da:02} {h:02}:{mi:02}:{s:02}"),
            }
        }
        D::DateTime(d) => d.as_f64().to_string(),
        D::DateTimeIso(s) | D::DurationIso(s) => s.clone(),
        D::Error(e) => e.to_string(),
    };
    text.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_from_the_header() {
        assert_eq!(delimiter("a,b,c\n1,2,3"), b',');
        assert_eq!(
            delimiter("Bestellnummer;Produkt;Preis\n1;Tasse;12,50"),
            b';'
        );
        assert_eq!(delimiter("a\tb\tc"), b'\t');
        assert_eq!(delimiter("\"a;b\",c,d"), b',');
        assert_eq!(delimiter("one"), b',');
    }

    #[test]
    fn semicolons_keep_decimal_commas_in_cells() {
        let (t, _) = table("x.csv", "Order;Product;Price\n1;Mug;12,50\n".as_bytes()).unwrap();
        assert_eq!(t[1], ["1", "Mug", "12,50"]);
    }

    #[test]
    fn too_many_columns_refused() {
        let wide = vec!["x"; MAX_COLUMNS + 1].join(",");
        let e = table("x.csv", wide.as_bytes()).unwrap_err();
        assert_eq!(e.code, "too_many_columns");
    }

    /// A workbook with a value at A1 and one at XFD1048576 (a few KB):
    /// calamine's dense range would need ~17 billion cells.
    #[test]
    fn a_far_cell_refuses_the_workbook_without_allocating() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "order").unwrap();
        sheet.write_string(1_048_575, 16_383, "far").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        assert!(bytes.len() < 10_000);
        let e = table("x.xlsx", &bytes).unwrap_err();
        assert_eq!(e.code, "too_many_rows");
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 16_383, "far").unwrap();
        let e = table("x.xlsx", &book.save_to_buffer().unwrap()).unwrap_err();
        assert_eq!(e.code, "too_many_columns");
    }

    #[test]
    fn workbook_dates_and_numbers_as_people_see_them() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 3, 14).unwrap();
        let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
        sheet
            .write_datetime_with_format(1, 0, &date, &format)
            .unwrap();
        sheet.write_number(1, 1, 3.0).unwrap();
        sheet.write_number(1, 2, 12.5).unwrap();
        // empty but far cells (formatting Excel leaves behind) are ignored
        sheet.write_blank(40_000, 200, &format).unwrap();
        let (t, _) = table("x.xlsx", &book.save_to_buffer().unwrap()).unwrap();
        assert_eq!(t.len(), 2, "blank row 1 kept, nothing after the last value");
        assert_eq!(t[1], ["2025-03-14", "3", "12.5"]);
    }
}

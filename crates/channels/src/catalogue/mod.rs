//! A supplier's bulk product upload, as source document 001 lays it out
//! ("产品批量上传"): one `.zip` holding the product sheet (CSV, TSV or
//! XLSX; any encoding) and the pictures it names. Each row needs a main
//! image (主图); extra images (附加图) are separated by commas. Pictures
//! must be JPEG, at least 600×600 and at most 1 MB
//! ([`orderhub_domain::model::check_image`]).
//!
//! A zip is hostile until read: names that climb out (`../`), absolute
//! names and symlinks refuse the upload; sizes the zip declares are not
//! trusted — every read is capped, only the sheet and the pictures it
//! names are unpacked, and the total unpacked is bounded (zip bombs).

use crate::spreadsheet::{RowError, amount, file_error, find_columns, split_header, table};
use orderhub_domain::ErrorCode;
use orderhub_domain::ValidationError;
use orderhub_domain::model::{MAX_EXTRA_IMAGES, MAX_IMAGE_BYTES, NewProduct};
mod archive;
mod pictures;

use archive::{entries, open, resolve, sheet, too_big};
pub use pictures::{decode_cost, jpeg, proof_file, thumbnail, white_background};
use std::collections::{BTreeMap, HashSet};
use std::io::{Cursor, Read};

/// The largest upload, zipped.
pub const MAX_UPLOAD_BYTES: usize = 64 * 1024 * 1024;
/// Entries a zip may list.
const MAX_ENTRIES: usize = 10_000;
/// The most a whole upload may unpack to.
const MAX_UNPACKED: u64 = 256 * 1024 * 1024;
/// The largest product sheet, unpacked.
const MAX_SHEET: u64 = 16 * 1024 * 1024;
/// Products one upload may hold.
pub const MAX_PRODUCTS: usize = 5_000;

/// One product row and the pictures it names (paths inside the zip).
#[derive(Debug, Clone)]
pub struct ProductRow {
    pub row: usize,
    pub product: NewProduct,
    pub main_image: String,
    pub extra_images: Vec<String>,
}

/// What an upload holds.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The sheet's path inside the zip.
    pub sheet: String,
    /// How its text was read (`UTF-8`, `GBK`, … or `xlsx`).
    pub encoding: &'static str,
    pub rows: Vec<ProductRow>,
    /// Every refused row, each violation on its own line.
    pub errors: Vec<RowError>,
    /// The pictures the good rows name, by path: read once, checked.
    pub images: BTreeMap<String, Vec<u8>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Col {
    Code,
    Title,
    Category,
    Specs,
    Currency,
    SupplierPrice,
    RetailPrice,
    MainImage,
    ExtraImages,
}

const COLUMNS: &[(Col, &[&str])] = &[
    (
        Col::Code,
        &[
            "code",
            "productcode",
            "itemcode",
            "sku",
            "货号",
            "产品编码",
            "商品编码",
            "产品编号",
            "编码",
        ],
    ),
    (
        Col::Title,
        &[
            "title",
            "product",
            "productname",
            "name",
            "标题",
            "产品名称",
            "商品名称",
            "品名",
            "产品标题",
        ],
    ),
    (Col::Category, &["category", "类目", "分类", "品类"]),
    (
        Col::Specs,
        &[
            "specs",
            "spec",
            "specifications",
            "specification",
            "规格",
            "产品规格",
            "规格参数",
        ],
    ),
    (Col::Currency, &["currency", "币种", "货币"]),
    (
        Col::SupplierPrice,
        &[
            "supplierprice",
            "price",
            "cost",
            "quote",
            "供货价",
            "报价",
            "供应价",
            "商品报价",
            "成本价",
        ],
    ),
    (
        Col::RetailPrice,
        &[
            "retailprice",
            "suggestedretailprice",
            "msrp",
            "rrp",
            "建议零售价",
            "零售价",
        ],
    ),
    (Col::MainImage, &["mainimage", "image", "主图", "主图片"]),
    (
        Col::ExtraImages,
        &[
            "extraimages",
            "additionalimages",
            "images",
            "附加图",
            "附图",
            "附加图片",
        ],
    ),
];

/// The header line of a blank sheet, in both languages' first names.
pub const TEMPLATE_CSV: &str = "code,title,category,specs,currency,supplier_price,retail_price,main_image,extra_images\n\
MUG-11,Ceramic mug 11oz,Mugs,\"white, 330 ml\",CNY,4.20,12.90,images/mug-11.jpg,\"images/mug-11-side.jpg,images/mug-11-box.jpg\"\n";

/// Reads an upload: the zip's sheet, its rows, and the pictures they name.
/// `currency` is for rows without a currency column. Errors that concern
/// the whole file (not a zip, no sheet, an unsafe name, too big) come back
/// as `Err` with row 0; row problems are listed in `errors`.
pub fn upload(zip_bytes: &[u8], currency: &str) -> Result<Upload, RowError> {
    upload_until(zip_bytes, currency, &|| false)
}

/// [`upload`], giving up between rows once `stop` says so (the request
/// that wanted it timed out or went away): decoding pictures nobody waits
/// for only keeps others waiting.
pub fn upload_until(
    zip_bytes: &[u8],
    currency: &str,
    stop: &dyn Fn() -> bool,
) -> Result<Upload, RowError> {
    let mut zip = open(zip_bytes)?;
    let entries = entries(&mut zip)?;
    let sheet_path = sheet(&entries)?;
    let mut pictures = Pictures {
        zip,
        entries,
        checked: BTreeMap::new(),
        unpacked: 0,
        images: BTreeMap::new(),
    };
    let sheet_bytes = pictures.read(&sheet_path, MAX_SHEET)?;
    if sheet_bytes.len() as u64 > MAX_SHEET {
        return Err(file_error(format!(
            "the sheet is over {} MB",
            MAX_SHEET >> 20
        )));
    }
    let (cells, encoding) = table(&sheet_path, &sheet_bytes)?;
    let mut upload = Upload {
        sheet: sheet_path,
        encoding,
        rows: Vec::new(),
        errors: Vec::new(),
        images: BTreeMap::new(),
    };
    let (header, cells) = split_header(cells).ok_or_else(|| file_error("the sheet is empty"))?;
    let at = find_columns(&header, COLUMNS);
    for (col, name) in [
        (Col::Code, "code (货号)"),
        (Col::Title, "title (标题)"),
        (Col::Category, "category (类目)"),
        (Col::SupplierPrice, "supplier price (供货价)"),
        (Col::MainImage, "main image (主图)"),
    ] {
        if !at.contains_key(&col) {
            upload.errors.push(RowError {
                row: 1,
                column: name.into(),
                code: ErrorCode::MissingColumn,
                reason: format!("no {name} column"),
            });
        }
    }
    if !upload.errors.is_empty() {
        return Ok(upload);
    }
    let mut codes = HashSet::new();
    for (i, (n, cells)) in cells.into_iter().enumerate() {
        if stop() {
            return Err(RowError {
                code: ErrorCode::Cancelled,
                ..file_error("the upload was abandoned")
            });
        }
        if i >= MAX_PRODUCTS {
            return Err(file_error(format!(
                "more than {MAX_PRODUCTS} products: split the upload"
            )));
        }
        let row = Row {
            n,
            cells: &cells,
            header: &header,
            at: &at,
        };
        let (product, errors) = row.read(currency, &mut pictures, &mut codes)?;
        match product {
            Some(p) if errors.is_empty() => upload.rows.push(p),
            _ => upload.errors.extend(errors),
        }
    }
    // pictures read for rows that were refused are not needed
    let wanted: HashSet<&String> = upload
        .rows
        .iter()
        .flat_map(|r| std::iter::once(&r.main_image).chain(&r.extra_images))
        .collect();
    upload.images = std::mem::take(&mut pictures.images);
    upload.images.retain(|path, _| wanted.contains(path));
    Ok(upload)
}

/// The zip's files and the pictures read from it so far.
struct Pictures<'z> {
    zip: zip::ZipArchive<Cursor<&'z [u8]>>,
    entries: Vec<String>,
    /// Each picture's verdict, so a picture two rows share is read once.
    checked: BTreeMap<String, Result<(), ValidationError>>,
    unpacked: u64,
    images: BTreeMap<String, Vec<u8>>,
}

impl Pictures<'_> {
    /// Reads one entry, never more than `limit + 1` bytes whatever the zip
    /// claims; the upload's total stays under [`MAX_UNPACKED`].
    fn read(&mut self, path: &str, limit: u64) -> Result<Vec<u8>, RowError> {
        let entry = self
            .zip
            .by_name(path)
            .map_err(|e| file_error(format!("{path}: {e}")))?;
        let mut bytes = Vec::new();
        entry
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| file_error(format!("{path} cannot be unpacked: {e}")))?;
        self.unpacked += bytes.len() as u64;
        if self.unpacked > MAX_UNPACKED {
            return Err(too_big());
        }
        Ok(bytes)
    }

    /// Whether a picture read already (and found good) has the white
    /// background a main picture needs.
    fn white(&self, path: &str) -> Result<(), ValidationError> {
        let bytes = self.images.get(path).map(Vec::as_slice).unwrap_or_default();
        white_background(bytes).map_err(|e| ValidationError {
            detail: format!("{path}: {}", e.detail),
            ..e
        })
    }

    /// The zip path a reference names, its picture read and checked.
    /// `Err(Ok(_))` is the row's problem; `Err(Err(_))` the upload's.
    fn take(&mut self, reference: &str) -> Result<String, Result<ValidationError, RowError>> {
        let path = resolve(&self.entries, reference).map_err(Ok)?;
        if let Some(verdict) = self.checked.get(&path) {
            return verdict.clone().map(|()| path).map_err(Ok);
        }
        let bytes = self.read(&path, MAX_IMAGE_BYTES as u64).map_err(Err)?;
        let verdict = jpeg(&bytes).map_err(|e| ValidationError {
            detail: format!("{path} {}", e.detail),
            ..e
        });
        if verdict.is_ok() {
            self.images.insert(path.clone(), bytes);
        }
        self.checked.insert(path.clone(), verdict.clone());
        verdict.map(|()| path).map_err(Ok)
    }
}

/// One data row of the sheet.
struct Row<'a> {
    n: usize,
    cells: &'a [String],
    header: &'a [String],
    at: &'a std::collections::HashMap<Col, usize>,
}

impl Row<'_> {
    fn cell(&self, col: Col) -> Option<String> {
        self.at
            .get(&col)
            .and_then(|i| self.cells.get(*i))
            .filter(|v| !v.is_empty())
            .cloned()
    }

    fn refuse(&self, col: Col, e: ValidationError) -> RowError {
        RowError {
            row: self.n,
            column: self
                .at
                .get(&col)
                .map(|i| self.header[*i].clone())
                .unwrap_or_default(),
            code: e.code,
            reason: e.detail,
        }
    }

    /// The row's product and pictures, or every violation in it.
    fn read(
        &self,
        currency: &str,
        pictures: &mut Pictures,
        codes: &mut HashSet<String>,
    ) -> Result<(Option<ProductRow>, Vec<RowError>), RowError> {
        let mut errors = Vec::new();
        let product = self.product(currency).map_err(|e| errors.push(e)).ok();
        if let Some(p) = &product
            && !codes.insert(p.code.to_lowercase())
        {
            let e = ValidationError::new(
                "code",
                ErrorCode::DuplicateCode,
                "this code is on an earlier row too",
            );
            errors.push(self.refuse(Col::Code, e));
        }
        let picture =
            |pictures: &mut Pictures, col: Col, reference: &str, errors: &mut Vec<RowError>| {
                match pictures.take(reference) {
                    Ok(path) => Ok(Some(path)),
                    Err(Ok(e)) => {
                        errors.push(self.refuse(col, e));
                        Ok(None)
                    }
                    Err(Err(upload)) => Err(upload),
                }
            };
        let main = match self.cell(Col::MainImage) {
            Some(r) => picture(pictures, Col::MainImage, &r, &mut errors)?.filter(|path| {
                let white = pictures.white(path);
                white
                    .map_err(|e| errors.push(self.refuse(Col::MainImage, e)))
                    .is_ok()
            }),
            None => {
                let e = ValidationError::new(
                    "main_image",
                    ErrorCode::Required,
                    "the main image (主图) is required",
                );
                errors.push(self.refuse(Col::MainImage, e));
                None
            }
        };
        let references = split_list(&self.cell(Col::ExtraImages).unwrap_or_default());
        if references.len() > MAX_EXTRA_IMAGES {
            let e = ValidationError::new(
                "extra_images",
                ErrorCode::TooMany,
                format!("at most {MAX_EXTRA_IMAGES} extra images"),
            );
            errors.push(self.refuse(Col::ExtraImages, e));
        }
        let mut extra_images = Vec::new();
        for r in &references {
            extra_images.extend(picture(pictures, Col::ExtraImages, r, &mut errors)?);
        }
        let row = match (product, main) {
            (Some(product), Some(main_image)) => Some(ProductRow {
                row: self.n,
                product,
                main_image,
                extra_images,
            }),
            _ => None,
        };
        Ok((row, errors))
    }

    fn price(&self, col: Col, field: &str) -> Result<Option<rust_decimal::Decimal>, RowError> {
        match self.cell(col) {
            None => Ok(None),
            Some(text) => amount(&text).map(Some).ok_or_else(|| {
                self.refuse(
                    col,
                    ValidationError::new(
                        field,
                        ErrorCode::InvalidNumber,
                        format!("not an amount: {text:?}"),
                    ),
                )
            }),
        }
    }

    fn product(&self, currency: &str) -> Result<NewProduct, RowError> {
        let supplier_price = self
            .price(Col::SupplierPrice, "supplier_price")?
            .ok_or_else(|| {
                self.refuse(
                    Col::SupplierPrice,
                    ValidationError::new(
                        "supplier_price",
                        ErrorCode::Required,
                        "the supplier price is required",
                    ),
                )
            })?;
        let product = NewProduct {
            supplier_id: None,
            code: self.cell(Col::Code).unwrap_or_default(),
            title: self.cell(Col::Title).unwrap_or_default(),
            category: self.cell(Col::Category).unwrap_or_default(),
            specs: self.cell(Col::Specs),
            currency: Some(
                self.cell(Col::Currency)
                    .unwrap_or_else(|| currency.to_owned()),
            ),
            supplier_price,
            retail_price: self.price(Col::RetailPrice, "retail_price")?,
            active: None,
        };
        product.normalize().map_err(|e| {
            let col = match e.field.as_str() {
                "code" => Col::Code,
                "category" => Col::Category,
                "specs" => Col::Specs,
                "currency" => Col::Currency,
                "supplier_price" => Col::SupplierPrice,
                "retail_price" => Col::RetailPrice,
                _ => Col::Title,
            };
            self.refuse(col, e)
        })
    }
}

/// `a.jpg, b.jpg，c.jpg` → the names; empty parts dropped.
fn split_list(text: &str) -> Vec<String> {
    text.split([',', '，', '\n'])
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests;

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
use orderhub_domain::model::{
    MAX_EXTRA_IMAGES, MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, NewProduct, check_image,
    check_white_background,
};
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

fn open(bytes: &[u8]) -> Result<zip::ZipArchive<Cursor<&[u8]>>, RowError> {
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(too_big());
    }
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| RowError {
        code: ErrorCode::NotAZip,
        ..file_error(format!(
            "not a readable .zip file ({e}): zip the product sheet and the pictures together"
        ))
    })?;
    if zip.len() > MAX_ENTRIES {
        return Err(RowError {
            code: ErrorCode::ZipTooLarge,
            ..file_error(format!("more than {MAX_ENTRIES} files in the zip"))
        });
    }
    Ok(zip)
}

fn too_big() -> RowError {
    RowError {
        code: ErrorCode::ZipTooLarge,
        ..file_error(format!(
            "the upload unpacks to more than {} MB (or is over {} MB zipped): split it",
            MAX_UNPACKED >> 20,
            MAX_UPLOAD_BYTES >> 20
        ))
    }
}

/// The files in the zip, by their path; a name that could escape a folder
/// (`../x`, `/etc/x`, `C:\x`) or a symlink refuses the whole upload.
fn entries(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<Vec<String>, RowError> {
    let mut paths = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| file_error(e.to_string()))?;
        let raw = String::from_utf8_lossy(entry.name_raw()).into_owned();
        // enclosed_name() lets `/etc/x` through as `etc/x`: refuse it too
        let unsafe_name = raw.split(['/', '\\']).any(|p| p == "..")
            || raw.starts_with(['/', '\\'])
            || raw.get(1..2) == Some(":");
        if entry.enclosed_name().is_none() || unsafe_name || entry.is_symlink() {
            return Err(RowError {
                row: 0,
                column: raw.clone(),
                code: ErrorCode::UnsafePath,
                reason: format!(
                    "the zip holds {raw:?}, a name outside the zip's folder or a link: refused"
                ),
            });
        }
        let hidden = raw.starts_with("__MACOSX/") || raw.split('/').any(|p| p.starts_with('.'));
        if !entry.is_dir() && !hidden {
            paths.push(raw);
        }
    }
    Ok(paths)
}

/// The one product sheet in the zip.
fn sheet(entries: &[String]) -> Result<String, RowError> {
    let sheets: Vec<&String> = entries
        .iter()
        .filter(|p| {
            let p = p.to_lowercase();
            [".csv", ".tsv", ".tab", ".txt", ".xlsx"]
                .iter()
                .any(|e| p.ends_with(e))
        })
        .collect();
    match sheets.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(RowError {
            code: ErrorCode::NoSheet,
            ..file_error("the zip holds no product sheet (.csv, .tsv or .xlsx)")
        }),
        many => Err(RowError {
            code: ErrorCode::SeveralSheets,
            ..file_error(format!(
                "the zip holds {} sheets ({}); put exactly one in it",
                many.len(),
                many.iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        }),
    }
}

/// The zip path a sheet's picture reference means: the exact path, or the
/// one file whose path ends with it (`mug.jpg` finds `images/mug.jpg`),
/// then the same without case.
fn resolve(entries: &[String], reference: &str) -> Result<String, ValidationError> {
    let wanted = reference.trim().replace('\\', "/");
    let wanted = wanted.trim_start_matches("./").trim_start_matches('/');
    let field = "image";
    if wanted.split('/').any(|p| p == "..") {
        return Err(ValidationError::new(
            field,
            ErrorCode::UnsafePath,
            format!("{reference:?} climbs out of the zip"),
        ));
    }
    let lower = wanted.to_lowercase();
    let ext_ok = lower.ends_with(".jpg") || lower.ends_with(".jpeg");
    if !ext_ok {
        return Err(ValidationError::new(
            field,
            ErrorCode::NotJpeg,
            format!("{reference}: only .jpg pictures are accepted"),
        ));
    }
    let suffix = format!("/{wanted}");
    let lower_suffix = suffix.to_lowercase();
    let rules: [&dyn Fn(&String) -> bool; 3] =
        [&|p| p == wanted, &|p| p.ends_with(&suffix), &|p| {
            p.to_lowercase() == lower || p.to_lowercase().ends_with(&lower_suffix)
        }];
    for rule in rules {
        let found: Vec<&String> = entries.iter().filter(|p| rule(p)).collect();
        match found.as_slice() {
            [one] => return Ok((*one).clone()),
            [] => continue,
            many => {
                return Err(ValidationError::new(
                    field,
                    ErrorCode::ImageAmbiguous,
                    format!(
                        "{reference} could be any of {}: give its folder",
                        many.iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
    }
    Err(ValidationError::new(
        field,
        ErrorCode::ImageNotFound,
        format!("{reference} is not in the zip"),
    ))
}

/// The image rule applied to a picture's bytes: its content, not its name,
/// must be a JPEG (`FF D8 FF`) of the right size.
pub fn jpeg(bytes: &[u8]) -> Result<(), ValidationError> {
    let size = match bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        true => imagesize::blob_size(bytes)
            .ok()
            .map(|s| (s.width, s.height)),
        false => None,
    };
    check_image("image", bytes.len(), size)
}

/// The main picture's background rule applied to a JPEG: decoded at an
/// eighth of its size (a few milliseconds), its edge pixels' brightness
/// goes to [`check_white_background`]. A picture that cannot be decoded
/// here was refused by [`jpeg`] already; CMYK pictures are not judged.
pub fn white_background(bytes: &[u8]) -> Result<(), ValidationError> {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    // The frame's size, read before anything is decoded: a picture over
    // the image rule's limits is never decoded, whatever called this.
    if decoder.read_info().is_err() {
        return Ok(());
    }
    if let Some(info) = decoder.info() {
        let size = (usize::from(info.width), usize::from(info.height));
        check_image("main_image", bytes.len(), Some(size))?;
    }
    decoder.set_max_decoding_buffer_size(MAX_IMAGE_PIXELS * 4);
    let Ok((w, h)) = decoder.scale(1, 1) else {
        return Ok(());
    };
    let (Ok(pixels), Some(info)) = (decoder.decode(), decoder.info()) else {
        return Ok(());
    };
    let luma: Vec<u8> = match info.pixel_format {
        jpeg_decoder::PixelFormat::L8 => pixels,
        jpeg_decoder::PixelFormat::L16 => pixels.chunks(2).map(|p| p[0]).collect(),
        jpeg_decoder::PixelFormat::RGB24 => pixels
            .chunks(3)
            .map(|p| {
                ((u32::from(p[0]) * 299 + u32::from(p[1]) * 587 + u32::from(p[2]) * 114) / 1000)
                    as u8
            })
            .collect(),
        jpeg_decoder::PixelFormat::CMYK32 => return Ok(()),
    };
    let (w, h) = (usize::from(w), usize::from(h));
    let (bw, bh) = ((w / 20).max(1), (h / 20).max(1));
    let edges: Vec<u8> = luma
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            let (x, y) = (i % w, i / w);
            x < bw || x >= w - bw || y < bh || y >= h - bh
        })
        .map(|(_, v)| *v)
        .collect();
    check_white_background("main_image", &edges)
}

/// The memory one [`white_background`] of `bytes` may take, in bytes, from
/// the frame header alone: a progressive JPEG keeps every coefficient of
/// the whole picture (2 bytes per pixel and channel) whatever the scale;
/// a baseline one decodes row by row at an eighth of its size.
pub fn decode_cost(bytes: &[u8]) -> usize {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    let (Ok(()), Some(info)) = (decoder.read_info(), decoder.info()) else {
        return 0;
    };
    let pixels = usize::from(info.width) * usize::from(info.height);
    let channels = info.pixel_format.pixel_bytes();
    match info.coding_process {
        jpeg_decoder::CodingProcess::DctProgressive => pixels * channels * 2,
        _ => pixels * channels / 64 + 64 * 1024,
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
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    /// A real JPEG: `w`×`h`, noisy when `noisy` (noise does not compress,
    /// so a big noisy picture is over 1 MB).
    pub fn jpeg_of(w: u16, h: u16, noisy: bool) -> Vec<u8> {
        let mut seed = 7u32;
        let pixels: Vec<u8> = (0..w as usize * h as usize * 3)
            .map(|i| match noisy {
                true => {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    (seed >> 16) as u8
                }
                // white, with a dark square in the middle third
                false => {
                    let (x, y) = ((i / 3) % w as usize, (i / 3) / w as usize);
                    let inside = |v: usize, n: u16| v > n as usize / 3 && v < 2 * n as usize / 3;
                    if inside(x, w) && inside(y, h) {
                        40
                    } else {
                        255
                    }
                }
            })
            .collect();
        let mut out = Vec::new();
        jpeg_encoder::Encoder::new(&mut out, 90)
            .encode(&pixels, w, h, jpeg_encoder::ColorType::Rgb)
            .unwrap();
        out
    }

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in files {
            zip.start_file(*name, SimpleFileOptions::default()).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn a_good_upload_in_chinese() {
        let big = jpeg_of(640, 640, false);
        let side = jpeg_of(800, 600, false);
        let sheet = "货号,标题,类目,规格,供货价,建议零售价,主图,附加图\n\
            MUG-11,陶瓷杯,Mugs,330ml 白色,¥4.20,12.90,mug.jpg,\"images/side.jpg，mug.jpg\"\n\
            MUG-12,大杯,Mugs,,5,,images/mug.jpg,\n";
        let zip = zip_of(&[
            ("products/产品.csv", sheet.as_bytes()),
            ("products/images/mug.jpg", &big),
            ("products/images/side.jpg", &side),
            ("__MACOSX/products/._mug.jpg", b"junk"),
        ]);
        let up = upload(&zip, "CNY").unwrap();
        assert_eq!(up.errors, vec![]);
        assert_eq!(up.sheet, "products/产品.csv");
        assert_eq!(up.rows.len(), 2);
        let first = &up.rows[0];
        assert_eq!(first.product.code, "MUG-11");
        assert_eq!(first.product.supplier_price.to_string(), "4.20");
        assert_eq!(first.product.currency.as_deref(), Some("CNY"));
        assert_eq!(first.main_image, "products/images/mug.jpg");
        assert_eq!(
            first.extra_images,
            ["products/images/side.jpg", "products/images/mug.jpg"]
        );
        assert_eq!(up.images.len(), 2, "each picture kept once");
    }

    #[test]
    fn every_violation_is_reported_by_row() {
        let ok = jpeg_of(600, 600, false);
        let small = jpeg_of(599, 800, false);
        let heavy = jpeg_of(1200, 1200, true);
        assert!(heavy.len() > MAX_IMAGE_BYTES);
        let png = b"\x89PNG\r\n\x1a\n rest of a png";
        let sheet = "code,title,category,supplier_price,main_image,extra_images\n\
            A,Mug,Mugs,4,ok.jpg,\n\
            B,Mug,Mugs,4,small.jpg,heavy.jpg\n\
            C,Mug,Mugs,abc,,logo.gif\n\
            D,Mug,Mugs,4,fake.jpg,missing.jpg\n\
            A,Mug,Mugs,4,ok.jpg,\n\
            E,,Mugs,4,ok.jpg,\n";
        let zip = zip_of(&[
            ("sheet.csv", sheet.as_bytes()),
            ("ok.jpg", &ok),
            ("small.jpg", &small),
            ("heavy.jpg", &heavy),
            ("fake.jpg", png),
        ]);
        let up = upload(&zip, "USD").unwrap();
        let got: Vec<(usize, &str, &str)> = up
            .errors
            .iter()
            .map(|e| (e.row, e.column.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (3, "main_image", "image_too_small"),
                (3, "extra_images", "image_too_large"),
                (4, "supplier_price", "invalid_number"),
                (4, "main_image", "required"),
                (4, "extra_images", "not_jpeg"),
                (5, "main_image", "not_jpeg"),
                (5, "extra_images", "image_not_found"),
                (6, "code", "duplicate_code"),
                (7, "title", "required"),
            ]
        );
        assert_eq!(up.rows.len(), 1);
        assert!(
            up.errors[0].reason.contains("599×800"),
            "{}",
            up.errors[0].reason
        );
    }

    #[test]
    fn unsafe_names_and_links_refuse_the_upload() {
        for name in [
            "../evil.jpg",
            "/etc/cron.d/x.jpg",
            "a/../../b.jpg",
            "..\\..\\x.jpg",
        ] {
            let zip = zip_of(&[("s.csv", b"code\n"), (name, b"x")]);
            let e = upload(&zip, "USD").map(|u| u.sheet);
            assert_eq!(e.map_err(|e| e.code), Err(ErrorCode::UnsafePath), "{name}");
        }
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.add_symlink("link.jpg", "/etc/passwd", SimpleFileOptions::default())
            .unwrap();
        zip.start_file("s.csv", SimpleFileOptions::default())
            .unwrap();
        zip.write_all(b"code\n").unwrap();
        let zip = zip.finish().unwrap().into_inner();
        assert_eq!(upload(&zip, "USD").unwrap_err().code, "unsafe_path");
    }

    #[test]
    fn zip_bombs_are_not_unpacked() {
        // 40 MB of zeros packs to about 40 KB; reads stop at the caps
        let zeros = vec![0u8; 40 * 1024 * 1024];
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let deflate = SimpleFileOptions::default().large_file(true);
        zip.start_file("sheet.csv", deflate).unwrap();
        zip.write_all(&zeros).unwrap();
        let zip = zip.finish().unwrap().into_inner();
        assert!(zip.len() < 1024 * 1024, "{}", zip.len());
        assert_eq!(upload(&zip, "USD").unwrap_err().code, "unreadable_file");

        // a picture that unpacks to 40 MB is read to 1 MB + 1 and refused
        let sheet = "code,title,category,supplier_price,main_image\nA,Mug,Mugs,4,bomb.jpg\n";
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("sheet.csv", SimpleFileOptions::default())
            .unwrap();
        zip.write_all(sheet.as_bytes()).unwrap();
        zip.start_file("bomb.jpg", deflate).unwrap();
        zip.write_all(&[0xFF, 0xD8, 0xFF]).unwrap();
        zip.write_all(&zeros).unwrap();
        let zip = zip.finish().unwrap().into_inner();
        let up = upload(&zip, "USD").unwrap();
        assert_eq!(up.errors[0].code, "image_too_large");
    }

    #[test]
    fn the_zip_needs_exactly_one_sheet() {
        let code = |files: &[(&str, &[u8])]| upload(&zip_of(files), "USD").unwrap_err().code;
        assert_eq!(code(&[("a.jpg", b"x")]), "no_sheet");
        assert_eq!(code(&[("a.csv", b"x"), ("b.tsv", b"y")]), "several_sheets");
        assert_eq!(upload(b"not a zip", "USD").unwrap_err().code, "not_a_zip");
        let up = upload(&zip_of(&[("a.csv", b"title,price\n")]), "USD").unwrap();
        let missing: Vec<_> = up.errors.iter().map(|e| e.column.as_str()).collect();
        assert_eq!(
            missing,
            ["code (货号)", "category (类目)", "main image (主图)"]
        );
    }

    #[test]
    fn the_main_picture_needs_a_white_background() {
        let grey: Vec<u8> = {
            let pixels = vec![150u8; 640 * 640 * 3];
            let mut out = Vec::new();
            jpeg_encoder::Encoder::new(&mut out, 90)
                .encode(&pixels, 640, 640, jpeg_encoder::ColorType::Rgb)
                .unwrap();
            out
        };
        assert!(white_background(&jpeg_of(640, 640, false)).is_ok());
        assert_eq!(white_background(&grey).unwrap_err().code, "main_not_white");
        // as an extra picture a grey backdrop is fine
        let sheet = "code,title,category,supplier_price,main_image,extra_images\n\
            A,Mug,Mugs,4,grey.jpg,\n\
            B,Mug,Mugs,4,white.jpg,grey.jpg\n";
        let white = jpeg_of(640, 640, false);
        let zip = zip_of(&[
            ("s.csv", sheet.as_bytes()),
            ("grey.jpg", &grey),
            ("white.jpg", &white),
        ]);
        let up = upload(&zip, "USD").unwrap();
        let got: Vec<(usize, &str)> = up.errors.iter().map(|e| (e.row, e.code.as_str())).collect();
        assert_eq!(got, [(2, "main_not_white")]);
        assert_eq!(up.rows.len(), 1);
    }

    #[test]
    fn the_template_reads_back() {
        let jpg = jpeg_of(600, 600, false);
        let zip = zip_of(&[
            ("template.csv", TEMPLATE_CSV.as_bytes()),
            ("images/mug-11.jpg", &jpg),
            ("images/mug-11-side.jpg", &jpg),
            ("images/mug-11-box.jpg", &jpg),
        ]);
        let up = upload(&zip, "USD").unwrap();
        assert_eq!((up.rows.len(), up.errors.len()), (1, 0), "{:?}", up.errors);
    }
}

//! A supplier's product catalogue (source document 001, "产品批量上传"):
//! what a supplier makes, at what price it supplies it, and its pictures.

use crate::ErrorCode;
use crate::money;
use crate::validate::{ValidationError, limits, optional_text, required_text};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

/// Images a product may have besides its main image.
pub const MAX_EXTRA_IMAGES: usize = 20;
/// The smallest width and height of a product image, in pixels.
pub const MIN_IMAGE_SIDE: usize = 600;
/// The longest side a product image may have, in pixels (Amazon's own
/// limit). A few-KB JPEG may declare 65,000×65,000 pixels; refusing it
/// before decoding is what keeps a decoder from allocating gigabytes.
pub const MAX_IMAGE_SIDE: usize = 10_000;
/// The most pixels a product image may have (25 megapixels, Shopify's
/// limit): a progressive JPEG is decoded whole, two bytes per pixel and
/// colour channel, so this bounds one decode at about 150 MB.
pub const MAX_IMAGE_PIXELS: usize = 25_000_000;
/// The largest product image file, in bytes (1 MB as 1,048,576 bytes).
pub const MAX_IMAGE_BYTES: usize = 1024 * 1024;

/// One product a supplier offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Product {
    pub id: String,
    pub supplier_id: String,
    pub category_id: String,
    /// The supplier's own product code (货号), unique per supplier: a
    /// re-upload of the same code updates the product.
    pub code: String,
    pub title: String,
    /// Specifications as the supplier writes them (size, material, …).
    pub specs: Option<String>,
    pub currency: String,
    /// What the supplier is paid per unit when it gets an order for it.
    #[schema(value_type = String, example = "4.20")]
    pub supplier_price: Decimal,
    /// The supplier's suggested retail price.
    #[schema(value_type = Option<String>, example = "12.90")]
    pub retail_price: Option<Decimal>,
    /// Stored image name (`<sha-256>.jpg`), served at
    /// `/products/{id}/images/{name}`.
    pub main_image: Option<String>,
    pub extra_images: Vec<String>,
    pub active: bool,
    /// Shown to purchasers in the B2B catalogue (title, specs, pictures,
    /// price, minimum order quantity; nothing else).
    pub published: bool,
    /// The fewest units a purchaser may ask for (起订量).
    pub min_order_qty: i64,
    /// Purchasers see "price on request" instead of the supply price.
    pub price_on_request: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// `POST /products`; also one row of a bulk upload (images apart).
#[derive(Debug, Clone, PartialEq, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProduct {
    /// Staff name the supplier; a supplier's own products need none.
    pub supplier_id: Option<String>,
    pub code: String,
    pub title: String,
    /// Category id or name.
    pub category: String,
    pub specs: Option<String>,
    /// ISO 4217; default `USD`.
    pub currency: Option<String>,
    #[schema(value_type = String, example = "4.20")]
    pub supplier_price: Decimal,
    #[schema(value_type = Option<String>, example = "12.90")]
    pub retail_price: Option<Decimal>,
    pub active: Option<bool>,
}

/// `PATCH /products/{id}`: only the fields given change.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductPatch {
    pub title: Option<String>,
    pub category: Option<String>,
    /// Empty text clears the specifications.
    pub specs: Option<String>,
    pub currency: Option<String>,
    #[schema(value_type = Option<String>)]
    pub supplier_price: Option<Decimal>,
    /// `null` or absent leaves it; send `clear_retail_price` to remove it.
    #[schema(value_type = Option<String>)]
    pub retail_price: Option<Decimal>,
    #[serde(default)]
    pub clear_retail_price: bool,
    pub active: Option<bool>,
    /// Show it in the B2B catalogue.
    pub published: Option<bool>,
    pub min_order_qty: Option<i64>,
    pub price_on_request: Option<bool>,
}

/// A product code: what a supplier's own catalogue calls the item.
fn product_code(c: &str) -> Result<String, ValidationError> {
    let c = required_text("code", c, limits::SHORT)?;
    if c.chars().any(char::is_whitespace) {
        return Err(ValidationError::new(
            "code",
            ErrorCode::InvalidCode,
            "a product code has no spaces",
        ));
    }
    Ok(c)
}

impl NewProduct {
    pub fn normalize(self) -> Result<Self, ValidationError> {
        let currency = money::currency("currency", self.currency.as_deref().unwrap_or("USD"))?;
        Ok(Self {
            supplier_id: self.supplier_id.map(|s| s.trim().to_owned()),
            code: product_code(&self.code)?,
            title: required_text("title", &self.title, limits::NAME)?,
            category: required_text("category", &self.category, limits::NAME)?,
            specs: optional_text("specs", self.specs.as_deref(), limits::TEXT)?,
            supplier_price: money::amount("supplier_price", self.supplier_price, &currency)?,
            retail_price: self
                .retail_price
                .map(|p| money::amount("retail_price", p, &currency))
                .transpose()?,
            active: Some(self.active.unwrap_or(true)),
            currency: Some(currency),
        })
    }
}

impl ProductPatch {
    /// Cleans the given fields; amounts are checked against the currency
    /// the product will have (`current` unless the patch changes it).
    pub fn normalize(self, current: &str) -> Result<Self, ValidationError> {
        let currency = self
            .currency
            .as_deref()
            .map(|c| money::currency("currency", c))
            .transpose()?;
        let in_currency = currency.clone().unwrap_or_else(|| current.to_owned());
        Ok(Self {
            title: self
                .title
                .map(|t| required_text("title", &t, limits::NAME))
                .transpose()?,
            category: self
                .category
                .map(|c| required_text("category", &c, limits::NAME))
                .transpose()?,
            specs: self
                .specs
                .map(|s| {
                    optional_text("specs", Some(&s), limits::TEXT).map(Option::unwrap_or_default)
                })
                .transpose()?,
            supplier_price: self
                .supplier_price
                .map(|p| money::amount("supplier_price", p, &in_currency))
                .transpose()?,
            retail_price: self
                .retail_price
                .map(|p| money::amount("retail_price", p, &in_currency))
                .transpose()?,
            clear_retail_price: self.clear_retail_price,
            active: self.active,
            currency,
            published: self.published,
            min_order_qty: self
                .min_order_qty
                .map(|q| {
                    crate::validate::in_range("min_order_qty", q, 1, crate::b2b::rfq::MAX_QUANTITY)
                })
                .transpose()?,
            price_on_request: self.price_on_request,
        })
    }
}

/// The image rule: JPEG only, at least [`MIN_IMAGE_SIDE`] on each side,
/// at most [`MAX_IMAGE_SIDE`] on a side and [`MAX_IMAGE_PIXELS`] in all,
/// at most [`MAX_IMAGE_BYTES`]. `size` is `None` when the file is not a
/// readable JPEG (its content, not its name, decides). `field` names the
/// image in the refusal.
pub fn check_image(
    field: &str,
    bytes: usize,
    size: Option<(usize, usize)>,
) -> Result<(), ValidationError> {
    if bytes > MAX_IMAGE_BYTES {
        return Err(ValidationError::new(
            field,
            ErrorCode::ImageTooLarge,
            format!("is over 1 MB ({MAX_IMAGE_BYTES} bytes); make it smaller"),
        ));
    }
    let Some((w, h)) = size else {
        return Err(ValidationError::new(
            field,
            ErrorCode::NotJpeg,
            "is not a JPEG image (only .jpg is accepted)",
        ));
    };
    if w > MAX_IMAGE_SIDE || h > MAX_IMAGE_SIDE || w * h > MAX_IMAGE_PIXELS {
        return Err(ValidationError::new(
            field,
            ErrorCode::ImageDimensionsTooLarge,
            format!(
                "is {w}×{h} pixels; at most {MAX_IMAGE_SIDE} on a side and {} megapixels are taken",
                MAX_IMAGE_PIXELS / 1_000_000
            ),
        ));
    }
    if w < MIN_IMAGE_SIDE || h < MIN_IMAGE_SIDE {
        return Err(ValidationError::new(
            field,
            ErrorCode::ImageTooSmall,
            format!("is {w}×{h} pixels; at least {MIN_IMAGE_SIDE}×{MIN_IMAGE_SIDE} are needed"),
        ));
    }
    Ok(())
}

/// The main picture's background must be white (source document 001:
/// "主图需是白色背景"): its edges — the outer 5 % all round — average at
/// least 235 of 255 in brightness, and nine in ten of their pixels are at
/// least 220 (JPEG noise and a soft shadow pass; a grey or coloured
/// backdrop does not). `edges` are the edge pixels' brightness.
pub fn check_white_background(field: &str, edges: &[u8]) -> Result<(), ValidationError> {
    if edges.is_empty() {
        return Ok(());
    }
    let mean = edges.iter().map(|v| u64::from(*v)).sum::<u64>() / edges.len() as u64;
    let light = edges.iter().filter(|v| **v >= 220).count();
    if mean >= 235 && light * 10 >= edges.len() * 9 {
        return Ok(());
    }
    Err(ValidationError::new(
        field,
        ErrorCode::MainNotWhite,
        format!(
            "the main picture needs a white background (its edges are {mean}/255 bright on average)"
        ),
    ))
}

/// Whether `name` is a stored image's name: `<64 hex digits>.jpg`. Names
/// come from content hashes, never from an upload, so a request can only
/// reach files orderhub wrote.
pub fn is_image_name(name: &str) -> bool {
    name.strip_suffix(".jpg").is_some_and(|h| {
        h.len() == 64
            && h.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn new(code: &str, price: &str) -> NewProduct {
        NewProduct {
            supplier_id: None,
            code: code.into(),
            title: " Mug 11oz ".into(),
            category: "Mugs".into(),
            specs: Some("  ".into()),
            currency: Some("cny".into()),
            supplier_price: dec(price),
            retail_price: None,
            active: None,
        }
    }

    #[test]
    fn new_products_are_cleaned() {
        let p = new(" MUG-11 ", "4.2").normalize().unwrap();
        assert_eq!(p.code, "MUG-11");
        assert_eq!(p.title, "Mug 11oz");
        assert_eq!(p.specs, None);
        assert_eq!(p.currency.as_deref(), Some("CNY"));
        assert_eq!(p.active, Some(true));
        let e = new("MUG 11", "4.2").normalize().unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.code.as_str()),
            ("code", "invalid_code")
        );
        let e = new("M", "-1").normalize().unwrap_err();
        assert_eq!(e.field, "supplier_price");
    }

    #[test]
    fn patches_check_amounts_in_the_new_currency() {
        let p = ProductPatch {
            currency: Some("jpy".into()),
            supplier_price: Some(dec("100.12345")),
            ..Default::default()
        };
        assert_eq!(p.normalize("USD").unwrap_err().field, "supplier_price");
        let p = ProductPatch {
            specs: Some(" ".into()),
            ..Default::default()
        };
        assert_eq!(p.normalize("USD").unwrap().specs.as_deref(), Some(""));
    }

    #[test]
    fn the_image_rule() {
        assert!(check_image("main_image", 200_000, Some((600, 600))).is_ok());
        let code = |b, s| check_image("main_image", b, s).unwrap_err().code;
        assert_eq!(code(200_000, Some((599, 800))), "image_too_small");
        assert_eq!(
            code(MAX_IMAGE_BYTES + 1, Some((800, 800))),
            "image_too_large"
        );
        assert_eq!(code(10, None), "not_jpeg");
        assert!(check_image("x", MAX_IMAGE_BYTES, Some((600, 601))).is_ok());
        assert_eq!(
            code(5_000, Some((65_000, 65_000))),
            "image_dimensions_too_large"
        );
        assert_eq!(
            code(5_000, Some((10_001, 600))),
            "image_dimensions_too_large"
        );
        assert_eq!(
            code(5_000, Some((6_000, 6_000))),
            "image_dimensions_too_large"
        );
        assert!(check_image("x", 5_000, Some((10_000, 2_500))).is_ok());
    }

    #[test]
    fn a_white_background() {
        assert!(check_white_background("main_image", &[255; 100]).is_ok());
        let mut shadowed = vec![250u8; 95];
        shadowed.extend([200; 5]);
        assert!(
            check_white_background("main_image", &shadowed).is_ok(),
            "a soft shadow passes"
        );
        let e = check_white_background("main_image", &[150; 100]).unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.detail.contains("150/255")),
            ("main_not_white", true)
        );
        let mut half = vec![255u8; 50];
        half.extend([120; 50]);
        assert!(
            check_white_background("main_image", &half).is_err(),
            "half a grey backdrop"
        );
    }

    #[test]
    fn image_names_are_hashes() {
        let h = "a".repeat(64);
        assert!(is_image_name(&format!("{h}.jpg")));
        for bad in [
            format!("{h}.jpeg"),
            format!("../{h}.jpg"),
            format!("{}.jpg", "A".repeat(64)),
            "x.jpg".into(),
        ] {
            assert!(!is_image_name(&bad), "{bad}");
        }
    }
}

//! Demo catalogues: two products per demo supplier, each with a picture
//! drawn here (a plain shape on white, 600×600, as the source document
//! asks of a main image), so the Products page shows what an upload makes.

use anyhow::Result;
use orderhub_domain::Scope;
use orderhub_domain::model::{Actor, NewProduct};
use orderhub_store::{Store, StoreError};
use rust_decimal::Decimal;

/// A demo product: title, supplier price and retail price in fen.
type Item = (&'static str, i64, i64);

/// Per category: two products and the shape of their pictures.
const CATALOGUE: &[(&str, [Item; 2], Shape)] = &[
    (
        "Cups",
        [
            ("Ceramic mug 11oz", 420, 1290),
            ("Enamel camping mug", 610, 1590),
        ],
        Shape::Mug,
    ),
    (
        "T-shirts",
        [
            ("Cotton tee, heavyweight", 550, 1900),
            ("Organic cotton tee", 720, 2400),
        ],
        Shape::Tee,
    ),
    (
        "Shoes",
        [
            ("Canvas sneaker", 1850, 5900),
            ("Leather loafer", 3400, 9900),
        ],
        Shape::Shoe,
    ),
    (
        "Phone cases",
        [
            ("Clear TPU case", 90, 990),
            ("Leather folio case", 480, 2490),
        ],
        Shape::Case,
    ),
];

#[derive(Clone, Copy)]
enum Shape {
    Mug,
    Tee,
    Shoe,
    Case,
}

/// Adds the demo products that are missing; returns how many were added.
pub async fn load(store: &Store, actor: &Actor) -> Result<usize> {
    let suppliers = store.list_suppliers().await?;
    let categories = store.list_categories().await?;
    let mut added = 0;
    for (category, items, shape) in CATALOGUE {
        let Some(c) = categories.iter().find(|c| c.name == *category) else {
            continue;
        };
        for (n, s) in suppliers
            .iter()
            .filter(|s| s.categories.contains(&c.id))
            .enumerate()
        {
            for (i, (title, cost, retail)) in items.iter().enumerate() {
                let new = NewProduct {
                    supplier_id: Some(s.id.clone()),
                    code: format!("{}-{}", s.code, 101 + i),
                    title: (*title).to_owned(),
                    category: c.id.clone(),
                    specs: Some(format!("{} · MOQ 50", s.name)),
                    currency: Some("CNY".into()),
                    supplier_price: Decimal::new(*cost, 2),
                    retail_price: Some(Decimal::new(*retail, 2)),
                    active: Some(true),
                };
                let product = match store.create_product(actor, &Scope::All, new).await {
                    Ok(p) => p,
                    // loaded before: the demo is safe to run twice
                    Err(StoreError::Conflict { .. }) => continue,
                    Err(e) => return Err(e.into()),
                };
                let name = store.put_image(picture(*shape, n * 2 + i)).await?;
                store
                    .set_product_images(actor, &Scope::All, &product.id, Some(&name), &[])
                    .await?;
                added += 1;
            }
        }
    }
    Ok(added)
}

/// A demo proof: a mug in one of six colours, as a supplier's mock-up.
pub fn mock_up(colour: usize) -> Vec<u8> {
    picture(Shape::Mug, colour)
}

/// A 600×600 JPEG: `shape` in one of six colours on white.
fn picture(shape: Shape, colour: usize) -> Vec<u8> {
    const COLOURS: [[u8; 3]; 6] = [
        [40, 90, 170],
        [200, 70, 60],
        [60, 140, 90],
        [230, 160, 40],
        [120, 80, 160],
        [50, 50, 60],
    ];
    let ink = COLOURS[colour % COLOURS.len()];
    let side = 600usize;
    let mut pixels = Vec::with_capacity(side * side * 3);
    for y in 0..side as i64 {
        for x in 0..side as i64 {
            let on = inside(shape, x, y);
            pixels.extend_from_slice(if on { &ink } else { &[255, 255, 255] });
        }
    }
    let mut out = Vec::new();
    // encoding a fixed-size RGB buffer into a Vec cannot fail
    let _ = jpeg_encoder::Encoder::new(&mut out, 82).encode(
        &pixels,
        600,
        600,
        jpeg_encoder::ColorType::Rgb,
    );
    out
}

fn inside(shape: Shape, x: i64, y: i64) -> bool {
    let ring = |cx: i64, cy: i64, r: i64, w: i64| {
        let d = (x - cx).pow(2) + (y - cy).pow(2);
        d < r * r && d > (r - w).pow(2)
    };
    match shape {
        Shape::Mug => {
            ((160..400).contains(&x) && (170..470).contains(&y))
                || (x > 400 && ring(420, 320, 80, 28))
        }
        Shape::Tee => {
            let body = (200..400).contains(&x) && (180..480).contains(&y);
            let sleeves = (120..480).contains(&x)
                && (180..280).contains(&y)
                && (y - 180) < 100 - (x - 300).abs() / 3;
            body || sleeves
        }
        Shape::Shoe => {
            ((120..480).contains(&x) && (330..420).contains(&y))
                || ((120..300).contains(&x) && (230..330).contains(&y))
        }
        Shape::Case => {
            let outer = (200..400).contains(&x) && (110..490).contains(&y);
            let lens = ring(250, 170, 30, 12);
            outer && !lens
        }
    }
}

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

/// Demo stock: a warehouse and a workshop holding some of the products
/// (one below its threshold, one counted, some reserved), so the Stock
/// page shows every figure. Skipped when the warehouse exists.
pub async fn stock(store: &Store, actor: &Actor) -> Result<()> {
    use orderhub_domain::inventory::{
        Count, NewLocation, NewReceipt, NewReservation, NewStocktake, SetThreshold,
    };
    let warehouse = NewLocation {
        code: "SZ-1".into(),
        name: "Shenzhen warehouse · 深圳仓".into(),
        supplier_id: None,
    };
    match store.create_stock_location(actor, warehouse).await {
        Ok(_) => {}
        Err(StoreError::Conflict { .. }) => return Ok(()),
        Err(e) => return Err(e.into()),
    }
    let workshop = NewLocation {
        code: "YW-2".into(),
        name: "Yiwu workshop · 义乌车间".into(),
        supplier_id: None,
    };
    store.create_stock_location(actor, workshop).await?;
    let products = store
        .list_products(
            &orderhub_store::ProductFilter {
                limit: 200,
                ..Default::default()
            },
            &Scope::All,
        )
        .await?;
    let levels = [120, 40, 6, 75, 300, 18, 9, 60];
    for (i, p) in products.items.iter().take(levels.len()).enumerate() {
        let receipt = NewReceipt {
            sku: p.code.clone(),
            location: ["SZ-1", "YW-2"][i % 3 / 2].into(),
            quantity: levels[i],
            title: Some(p.title.clone()),
            reference: Some(format!("DN-2026-{}", 101 + i)),
        };
        let item = store.receive_stock(actor, receipt).await?;
        if i % 3 == 2 {
            let low = SetThreshold { low_at: Some(10) };
            store.set_stock_threshold(&item.id, low).await?;
        }
    }
    if let Some(first) = products.items.first() {
        let count = NewStocktake {
            location: "SZ-1".into(),
            counts: vec![Count {
                sku: first.code.clone(),
                counted: 118,
            }],
            reason: "Monthly count · 月度盘点".into(),
        };
        store.count_stock(actor, count).await?;
        let hold = NewReservation {
            sku: first.code.clone(),
            location: None,
            quantity: 12,
            order_id: None,
            note: Some("Trade-show samples".into()),
        };
        store.reserve_stock(actor, hold).await?;
    }
    Ok(())
}

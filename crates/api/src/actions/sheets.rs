//! Printing tasks (出货单 · 生产单 · 拣货单 · 面单): what each selected task
//! needs on paper, gathered as the caller may see it (a supplier only its
//! own tasks, no prices), pictures shrunk and the PDF drawn off the async
//! threads.

use crate::AppState;
use crate::auth::Principal;
use crate::heavy;
use crate::problem::ApiError;
use axum::http::StatusCode;
use orderhub_documents::{Picture, Sheet, SheetLang, SheetTask, sheet_pdf};
use orderhub_domain::ErrorCode;
use orderhub_domain::model::{Order, Task};
use serde::Deserialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// The most tasks one document prints.
pub const MAX_SHEET_TASKS: usize = 200;
/// A picture's side on the sheet, in pixels.
const PICTURE_SIDE: u16 = 160;

/// Which paper (`POST /documents/sheets`).
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SheetKind {
    /// Each task as a card: SKU as a QR code, product, personalisation,
    /// quantity, due date, the product's picture.
    ProductionSheet,
    /// A page per order, without prices (it travels in the parcel).
    PackingSlip,
    /// What to take off the shelves, by product.
    PickList,
    /// A page per order with the address block, until the carrier's label.
    ShippingLabel,
}

impl SheetKind {
    pub fn parse(text: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(text.to_owned())).ok()
    }

    fn sheet(self) -> Sheet {
        match self {
            SheetKind::ProductionSheet => Sheet::ProductionSheet,
            SheetKind::PackingSlip => Sheet::PackingSlip,
            SheetKind::PickList => Sheet::PickList,
            SheetKind::ShippingLabel => Sheet::ShippingLabel,
        }
    }

    /// The file's name.
    pub fn file(self) -> &'static str {
        match self {
            SheetKind::ProductionSheet => "production-sheet.pdf",
            SheetKind::PackingSlip => "packing-slips.pdf",
            SheetKind::PickList => "pick-list.pdf",
            SheetKind::ShippingLabel => "shipping-labels.pdf",
        }
    }
}

/// `POST /documents/sheets`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SheetRequest {
    pub sheet: SheetKind,
    /// 1 to 200 tasks, printed in this order.
    pub task_ids: Vec<String>,
    /// `en` (default) or `zh`.
    #[serde(default)]
    pub language: Option<String>,
}

fn refused(field: &str, code: ErrorCode, detail: String) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, detail).field(field)
}

/// The buyer's name, address lines and phone, as the caller may see them.
fn ship_to(o: &Order) -> Vec<String> {
    let mut out = vec![o.customer.name.clone()];
    if let Some(a) = &o.shipping_address {
        out.extend(a.lines());
    }
    out.extend(o.customer.phone.clone());
    out
}

/// The PDF of `req.sheet` for `req.task_ids`; another party's task is not
/// found, exactly like a missing one.
pub(crate) async fn print(
    s: &AppState,
    p: &Principal,
    req: SheetRequest,
) -> Result<Vec<u8>, ApiError> {
    if req.task_ids.is_empty() || req.task_ids.len() > MAX_SHEET_TASKS {
        return Err(refused(
            "task_ids",
            ErrorCode::OutOfRange,
            format!("1 to {MAX_SHEET_TASKS} tasks"),
        ));
    }
    let lang = match req.language.as_deref() {
        None | Some("en") => SheetLang::En,
        Some("zh") | Some("zh-CN") => SheetLang::Zh,
        Some(other) => {
            return Err(refused(
                "language",
                ErrorCode::InvalidValue,
                format!("{other:?}: en or zh"),
            ));
        }
    };
    let mut tasks: Vec<Task> = Vec::new();
    for id in &req.task_ids {
        tasks.push(s.store.get_task(id, &p.scope).await?);
    }
    let work = s.store.task_work(&tasks, &p.scope).await?;
    let mut orders: HashMap<String, Order> = HashMap::new();
    let mut suppliers: HashMap<String, String> = HashMap::new();
    for t in &tasks {
        if !orders.contains_key(&t.order_id) {
            orders.insert(
                t.order_id.clone(),
                s.store.get_order(&t.order_id, &p.scope).await?,
            );
        }
        if !suppliers.contains_key(&t.supplier_id) {
            let name = s.store.get_supplier(&t.supplier_id).await?.name;
            suppliers.insert(t.supplier_id.clone(), name);
        }
    }
    let with_pictures = matches!(req.sheet, SheetKind::ProductionSheet);
    let mut out = Vec::new();
    for t in &tasks {
        let w = work.get(&t.line_id);
        let order = &orders[&t.order_id];
        let picture = match w.and_then(|w| w.pictures.get(&t.supplier_id)) {
            Some((_, name)) if with_pictures => picture(s, name).await?,
            _ => None,
        };
        out.push(SheetTask {
            sku: t.sku.clone(),
            title: w.map(|w| w.title.clone()).unwrap_or_default(),
            quantity: t.quantity,
            personalisation: crate::web::customization(w.and_then(|w| w.customization.as_ref()))
                .into_iter()
                .map(|(k, v)| if k.is_empty() { v } else { format!("{k}: {v}") })
                .collect(),
            due: t.due_at.map(|d| d.date().to_string()),
            order_number: order.external_number.clone(),
            supplier: suppliers[&t.supplier_id].clone(),
            platform_sku: w.and_then(|w| w.platform_sku.clone()),
            ship_to: ship_to(order),
            picture,
        });
    }
    let font = crate::routes::contracts::font(s).await?;
    let date = time::OffsetDateTime::now_utc().date().to_string();
    let sheet = req.sheet.sheet();
    heavy::run(out.len() * 256 * 1024, move |_| {
        sheet_pdf(sheet, out, lang, &date, &font)
    })
    .await?
    .map_err(ApiError::failed)
}

/// A product's picture, shrunk for print (none when it cannot be read).
async fn picture(s: &AppState, name: &str) -> Result<Option<Picture>, ApiError> {
    let Ok(bytes) = s.store.read_image(name).await else {
        return Ok(None);
    };
    let cost = orderhub_channels::catalogue::decode_cost(&bytes);
    let small = heavy::run(cost, move |_| {
        orderhub_channels::catalogue::thumbnail(&bytes, PICTURE_SIDE)
    })
    .await?;
    Ok(small.map(|(width, height, rgba)| Picture {
        width,
        height,
        rgba,
    }))
}

//! Demo data: the four categories of the source document's example shop
//! (cups, t-shirts, shoes, phone cases) with English and Chinese keywords,
//! two or three suppliers each, and orders across platforms and states.
//! Everything goes through the same store calls as the API, so the demo
//! shows real routing decisions and events. Safe to run twice: categories
//! and suppliers are matched by name and orders by their numbers.

use anyhow::Result;
use orderhub_domain::model::{
    Actor, Address, Customer, NewCategory, NewLine, NewOrder, NewSupplier, PaymentStatus,
    TaskTransition,
};
use orderhub_domain::model::{NewUser, Priority};
use orderhub_domain::proof::{ProofDecision, ProofFile, ProofKind, ProofPolicy, ProofVerdict};
use orderhub_domain::routing::Strategy;
use orderhub_domain::{OrderStatus, Party, Role, TaskStatus};
use orderhub_store::Store;
use rust_decimal::Decimal;
use serde_json::json;

struct DemoCategory {
    name: &'static str,
    keywords: &'static [&'static str],
    prefix: &'static str,
    template: &'static str,
    strategy: Strategy,
    suppliers: &'static [(&'static str, &'static str, i64)],
    /// Engraved mugs get a proof before production; the rest none.
    proof: ProofPolicy,
}

const CATEGORIES: &[DemoCategory] = &[
    DemoCategory {
        name: "Cups",
        keywords: &["mug", "cup", "tumbler", "杯", "马克杯"],
        prefix: "CUP",
        template: "SKU{rand:8}",
        strategy: Strategy::RoundRobin,
        suppliers: &[
            ("Jingdezhen Ceramics", "JDZ", 1),
            ("Shenzhen MugWorks", "MUGW", 1),
            ("Yiwu Drinkware", "YIWU", 1),
        ],
        proof: ProofPolicy::Personalised,
    },
    DemoCategory {
        name: "T-shirts",
        keywords: &["t-shirt", "tee", "shirt", "T恤", "短袖"],
        prefix: "TS",
        template: "{category}{seq:6}",
        strategy: Strategy::Weighted,
        suppliers: &[
            ("Guangzhou Cotton Print", "GZCP", 2),
            ("Hangzhou Tee Factory", "HZTF", 1),
        ],
        proof: ProofPolicy::None,
    },
    DemoCategory {
        name: "Shoes",
        keywords: &["shoe", "sneaker", "boot", "鞋", "运动鞋"],
        prefix: "SH",
        template: "{category}-{supplier}-{rand:7}",
        strategy: Strategy::LeastLoaded,
        suppliers: &[
            ("Putian Footwear", "PTFW", 1),
            ("Jinjiang Sneaker Lab", "JJSL", 1),
            ("Wenzhou Shoe Co", "WZSC", 1),
        ],
        proof: ProofPolicy::None,
    },
    DemoCategory {
        name: "Phone cases",
        keywords: &["phone case", "iphone case", "手机壳"],
        prefix: "PC",
        template: "PC{date:%y%m%d}{rand:8}",
        strategy: Strategy::RoundRobin,
        suppliers: &[
            ("Dongguan Case Maker", "DGCM", 1),
            ("Shenzhen Cover Tech", "SZCT", 1),
        ],
        proof: ProofPolicy::None,
    },
];

const TITLES: &[(&str, &str)] = &[
    ("Personalised ceramic mug 11oz", "19.90"),
    ("定制马克杯 情侣款", "59.00"),
    ("Custom photo t-shirt, unisex", "24.50"),
    ("纯棉T恤 定制印花", "79.00"),
    ("Custom name sneakers", "89.00"),
    ("定制运动鞋 白色", "399.00"),
    ("Engraved iPhone case", "18.00"),
    ("手机壳 定制照片", "39.00"),
    ("Insulated travel tumbler with name", "27.00"),
    ("Embroidered tee for teams", "21.00"),
];

const CUSTOMERS: &[(&str, &str, &str)] = &[
    ("Ada Lovelace", "GB", "London"),
    ("Grace Hopper", "US", "Arlington"),
    ("Li Wei", "CN", "Shanghai"),
    ("Sofia Rossi", "IT", "Milano"),
    ("Yuki Tanaka", "JP", "Osaka"),
    ("Lucas Martin", "FR", "Lyon"),
];

const PLATFORMS: &[(&str, &str)] = &[
    ("amazon", "USD"),
    ("etsy", "USD"),
    ("shopify", "EUR"),
    ("woocommerce", "GBP"),
    ("manual", "CNY"),
];

const CARRIERS: &[&str] = &["DHL", "FedEx", "UPS", "顺丰速运", "YunExpress"];

/// The `i`-th demo task's waybill: a well-formed number of its carrier.
fn demo_waybill(i: usize) -> String {
    let carrier = orderhub_domain::carrier::Carrier::find(CARRIERS[i % CARRIERS.len()])
        .expect("the demo's carriers are known");
    orderhub_domain::carrier::specimen(carrier, 7_000_000 + i as u64 * 131)
}

/// Demo accounts: (role, e-mail, password, supplier). Printed at each
/// `serve --demo` start; never use these passwords for real data.
const LOGINS: &[(Role, &str, &str, Option<&str>)] = &[
    (
        Role::Operator,
        "ops@demo.example",
        "demo-operator-pass",
        None,
    ),
    (
        Role::Supplier,
        "jdz@demo.example",
        "demo-supplier-one",
        Some("Jingdezhen Ceramics"),
    ),
    (
        Role::Supplier,
        "mugw@demo.example",
        "demo-supplier-two",
        Some("Shenzhen MugWorks"),
    ),
    (
        Role::Purchaser,
        "buyer@demo.example",
        "demo-purchasing-pass",
        None,
    ),
    (
        Role::Purchaser,
        "boss@demo.example",
        "demo-approving-pass",
        None,
    ),
];

/// The demo accounts to print: created along with the demo data
/// (`create`), or found from an earlier demo start. A database that holds
/// real data never gets accounts with these published passwords.
pub async fn ensure_logins(store: &Store, create: bool) -> Result<Vec<(String, String, String)>> {
    logins(store, create, true).await
}

/// The staff and supplier logins (not the purchasers, whose organisations
/// come later), made before the orders so their notices reach them.
async fn work_logins(store: &Store) -> Result<()> {
    logins(store, true, false).await.map(|_| ())
}

async fn logins(
    store: &Store,
    create: bool,
    purchasers: bool,
) -> Result<Vec<(String, String, String)>> {
    let actor = Actor {
        label: "demo".into(),
        party: Party::Operator,
    };
    let mut out = Vec::new();
    for (role, email, password, supplier) in LOGINS {
        let bought_for = crate::demo_b2b::purchaser(email);
        if bought_for.is_some() && !purchasers {
            continue;
        }
        let label = match (supplier, &bought_for) {
            (Some(s), _) => format!("{role} ({s})"),
            (None, Some((org, r))) => format!("{role} {r} ({org})"),
            (None, None) => role.to_string(),
        };
        if store.find_user_by_email(email).await.is_err() {
            if !create {
                continue;
            }
            let new = NewUser {
                email: (*email).into(),
                display_name: None,
                role: *role,
                supplier: supplier.map(str::to_owned),
                buyer: bought_for.as_ref().map(|(org, _)| org.clone()),
                org_role: bought_for.map(|(_, r)| r),
                password: (*password).into(),
            };
            store.create_user(&actor, new).await?;
        }
        out.push((label, (*email).to_owned(), (*password).to_owned()));
    }
    Ok(out)
}

/// Prints the demo accounts, one line each: (role, e-mail, password).
pub fn print_logins(logins: &[(String, String, String)]) {
    for (role, email, password) in logins {
        println!("Demo login, {role}: {email} / {password}");
    }
}

/// True when the database has neither categories nor orders.
pub async fn is_empty(store: &Store) -> Result<bool> {
    Ok(store.is_empty().await?)
}

/// Loads the demo set; returns a one-line summary.
/// With `fresh` (an empty database), the demo logins of staff and
/// suppliers are made before the orders, so the orders' notices reach them.
pub async fn load(store: &Store, orders: usize, fresh: bool) -> Result<String> {
    let actor = Actor {
        label: "demo".into(),
        party: Party::Operator,
    };
    let existing = store.list_categories().await?;
    for c in CATEGORIES {
        if existing.iter().any(|e| e.name == c.name) {
            continue;
        }
        store
            .create_category(
                &actor,
                NewCategory {
                    name: c.name.into(),
                    keywords: c.keywords.iter().map(|k| (*k).to_owned()).collect(),
                    sku_prefix: Some(c.prefix.into()),
                    sku_template: Some(c.template.into()),
                    strategy: Some(c.strategy),
                    proof: Some(c.proof),
                    min_on_time: None,
                    ship_within: None,
                    capacity_cap: None,
                    accept_within: None,
                    steps: None,
                },
            )
            .await?;
    }
    let suppliers = store.list_suppliers().await?;
    for c in CATEGORIES {
        for (name, code, weight) in c.suppliers {
            if suppliers.iter().any(|s| s.name == *name) {
                continue;
            }
            store
                .create_supplier(
                    &actor,
                    NewSupplier {
                        name: (*name).into(),
                        code: Some((*code).into()),
                        contact: Some(format!("{name} sales desk")),
                        email: Some(format!("orders@{}.example", code.to_lowercase())),
                        phone: None,
                        categories: vec![c.name.into()],
                        active: Some(true),
                        weight: Some(*weight),
                        sees_customer_phone: None,
                        internal: None,
                    },
                )
                .await?;
        }
    }
    // products first: an order's cost is its lines' catalogue prices then
    let products = crate::demo_products::load(store, &actor).await?;
    crate::demo_products::stock(store, &actor).await?;
    crate::demo_market::rates(store).await?;
    if fresh {
        work_logins(store).await?;
        teach(store, &actor).await?;
    }
    let mut created = 0;
    let showcase = orders.min(SHOWCASE);
    for i in 0..showcase {
        if demo_order(store, &actor, i).await? {
            created += 1;
        }
    }
    created += bulk(store, &actor, showcase, orders).await?;
    crate::demo_b2b::load(store, &actor).await?;
    crate::demo_cases::load(store, &actor).await?;
    // the dashboard's figures take seconds at a million orders: keep them
    // now, so its first view shows them at once; likewise the statistics
    store.refresh_dashboard().await?;
    store.fold_statistics().await?;
    Ok(format!(
        "{} categories, {} suppliers, {created} new orders, {products} new products",
        CATEGORIES.len(),
        CATEGORIES.iter().map(|c| c.suppliers.len()).sum::<usize>()
    ))
}

/// Titles the demo keywords miss, filed as a seller's people would, so
/// that category suggestions (`/classifier`) have something to go on.
const EXAMPLES: &[(&str, &str)] = &[
    ("Cups", "Stainless water bottle 750ml, engraved"),
    ("Cups", "保温壶 大容量 定制刻字"),
    ("Cups", "Etched wine glass, bridesmaid gift"),
    ("T-shirts", "Embroidered hoodie with initials"),
    ("T-shirts", "加绒卫衣 定制logo"),
    ("T-shirts", "Crewneck sweatshirt, custom print"),
    ("Shoes", "Leather loafers, monogrammed"),
    ("Shoes", "Running trainers with name"),
    ("Phone cases", "Galaxy S24 cover, personalised"),
    ("Phone cases", "苹果15 保护套 防摔 刻字"),
];

async fn teach(store: &Store, actor: &Actor) -> Result<()> {
    let examples = EXAMPLES
        .iter()
        .map(|(category, title)| orderhub_domain::classify::Example {
            title: (*title).into(),
            category: (*category).into(),
        })
        .collect();
    let examples = orderhub_domain::classify::Examples { examples };
    store.teach_examples(actor, examples).await?;
    Ok(())
}

/// Orders created one by one and moved through every state; the rest of
/// a large demo (`--orders 1000000`) is loaded in bulk.
const SHOWCASE: usize = 200;

/// Orders `from..to` in groups of [`BULK_GROUP`], one transaction each,
/// with a progress bar: a shop's two years ([`crate::demo_market`]), the
/// paid ones released to suppliers. Returns how many were new.
async fn bulk(store: &Store, actor: &Actor, from: usize, to: usize) -> Result<usize> {
    if from >= to {
        return Ok(0);
    }
    let bar = indicatif::ProgressBar::new((to - from) as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} orders  {per_sec}  eta {eta}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut created = 0;
    let now = time::OffsetDateTime::now_utc();
    for start in (from..to).step_by(BULK_GROUP) {
        let end = (start + BULK_GROUP).min(to);
        let orders = (start..end)
            .map(|i| crate::demo_market::order(i, now))
            .collect();
        created += store.intake_bulk(actor, orders).await?;
        bar.inc((end - start) as u64);
    }
    bar.finish_and_clear();
    Ok(created)
}

/// The supplier's mock-up for a task that needs one: approved when the
/// demo takes the task into production; otherwise waiting for the
/// operator, or (one in two) sent to the buyer.
async fn proof_round(
    store: &Store,
    actor: &Actor,
    task_id: &str,
    i: usize,
    approve: bool,
) -> Result<()> {
    let scope = orderhub_domain::Scope::All;
    let bytes = crate::demo_products::mock_up(i);
    let name = store.put_proof_file(bytes.clone(), ProofKind::Jpeg).await?;
    let file = ProofFile {
        name,
        kind: ProofKind::Jpeg,
        bytes: bytes.len() as i64,
        original_name: Some("mock-up.jpg".into()),
    };
    let note = Some("Engraving centred, script font".to_owned());
    store
        .submit_proof(actor, &scope, task_id, vec![file], note)
        .await?;
    if approve {
        let yes = ProofDecision {
            decision: ProofVerdict::Approve,
            comment: None,
        };
        store.answer_proof(actor, task_id, yes).await?;
    } else if i % 20 == 3 {
        store.send_proof(actor, task_id, 7).await?;
    }
    Ok(())
}

/// Orders per bulk transaction.
const BULK_GROUP: usize = 500;

/// Creates demo order `i` and moves it to a state picked by `i`, so the
/// demo shows every state. Returns whether it was new.
async fn demo_order(store: &Store, actor: &Actor, i: usize) -> Result<bool> {
    let stage = i % 10;
    let (order, created) = store.create_order(actor, new_order(i)).await?;
    if !created {
        return Ok(false);
    }
    if stage == 1 {
        store
            .transition_order(
                actor,
                &order.id,
                orderhub_domain::model::OrderTransition {
                    to: OrderStatus::Cancelled,
                    reason: Some("customer changed their mind".into()),
                },
            )
            .await?;
        return Ok(true);
    }
    let path: &[TaskStatus] = match stage {
        3 => &[TaskStatus::Accepted],
        4 => &[TaskStatus::Accepted, TaskStatus::InProduction],
        5 => &[
            TaskStatus::Accepted,
            TaskStatus::InProduction,
            TaskStatus::Produced,
        ],
        6 => &[
            TaskStatus::Accepted,
            TaskStatus::InProduction,
            TaskStatus::Produced,
            TaskStatus::Shipped,
        ],
        7 => &[
            TaskStatus::Accepted,
            TaskStatus::InProduction,
            TaskStatus::Produced,
            TaskStatus::Shipped,
            TaskStatus::Completed,
        ],
        _ => &[],
    };
    for task in &order.tasks {
        // due in a spread of days around now: a few late, some today
        let hours = (i % 9) as i64 * 24 - 40;
        let due = time::OffsetDateTime::now_utc() + time::Duration::hours(hours);
        let patch = orderhub_domain::model::TaskPatch {
            due_at: Some(due),
            ..Default::default()
        };
        store
            .update_task(actor, &orderhub_domain::Scope::All, &task.id, patch)
            .await?;
        if task.proof.is_some() && !path.is_empty() {
            proof_round(store, actor, &task.id, i, path.len() > 1).await?;
        }
        for to in path {
            let shipping = *to == TaskStatus::Shipped;
            store
                .transition_task(
                    actor,
                    &orderhub_domain::Scope::All,
                    &task.id,
                    TaskTransition {
                        to: *to,
                        reason: None,
                        carrier: shipping.then(|| CARRIERS[i % CARRIERS.len()].to_owned()),
                        tracking_number: shipping.then(|| demo_waybill(i)),
                    },
                )
                .await?;
        }
    }
    let now = store
        .get_order(&order.id, &orderhub_domain::Scope::All)
        .await?
        .status;
    if stage == 7 && now == OrderStatus::Shipped {
        // delivered: the operator confirms the receipt (an order with a
        // line nobody makes still needs attention, and stays so)
        let receipt = orderhub_domain::model::OrderTransition {
            to: OrderStatus::Completed,
            reason: None,
        };
        store.transition_order(actor, &order.id, receipt).await?;
    }
    Ok(true)
}

/// A showcase title's price (in yuan for a Chinese title, dollars
/// otherwise) in the order's currency, as a shop would list it.
fn showcase_price(title: &str, price: &str, currency: &str) -> Decimal {
    let p: f64 = price.parse().unwrap_or(1.0);
    let dollars = if title.is_ascii() { p } else { p / 7.2 };
    crate::demo_market::local(currency, (dollars * 100.0).round() as i64)
}

/// Demo order `i`: 1–3 lines across the categories (every tenth with a line
/// no category takes), platform, currency and customer picked by `i`.
fn new_order(i: usize) -> NewOrder {
    let (platform, currency) = PLATFORMS[i % PLATFORMS.len()];
    let (name, country, city) = CUSTOMERS[i % CUSTOMERS.len()];
    let line_count = 1 + i % 3;
    let mut lines: Vec<NewLine> = (0..line_count)
        .map(|k| {
            let (title, price) = TITLES[(i * 7 + k * 3) % TITLES.len()];
            NewLine {
                no_task: None,
                line_total: None,
                title: title.into(),
                category: None,
                quantity: 1 + ((i + k) % 3) as i64,
                unit_price: showcase_price(title, price, currency),
                platform_sku: Some(format!("DEMO-{:04}", 17 * k + 3)),
                customization: Some(
                    json!({ "engraving": format!("For {name}"), "font": "Script" }),
                ),
            }
        })
        .collect();
    let stage = i % 10;
    if stage == 2 {
        lines.push(NewLine {
            no_task: None,
            line_total: None,
            title: "Custom wooden keychain".into(),
            category: None,
            quantity: 1,
            unit_price: Decimal::new(900, 2),
            platform_sku: None,
            customization: None,
        });
    }
    let total: Decimal = lines
        .iter()
        .map(|l| l.unit_price * Decimal::from(l.quantity))
        .sum();
    NewOrder {
        tags: Vec::new(),
        note: None,
        platform: platform.into(),
        external_number: format!("DEMO-{}", 1000 + i),
        currency: currency.into(),
        total_amount: Some(total),
        // spread over the last three weeks, so the trend is not one spike
        placed_at: Some(
            time::OffsetDateTime::now_utc()
                - time::Duration::minutes((i * 7919 % (21 * 24 * 60)) as i64),
        ),
        ship_by: None,
        status: Some(if stage == 0 {
            OrderStatus::Pending
        } else {
            OrderStatus::Purchasing
        }),
        // the waiting ones are waiting for the money too
        payment_status: Some(if stage == 0 {
            PaymentStatus::Unpaid
        } else {
            PaymentStatus::Paid
        }),
        // a few rushed orders, so boards show urgent work first
        priority: Some(if i % 7 == 4 {
            Priority::Urgent
        } else {
            Priority::Normal
        }),
        customer: Customer {
            name: name.into(),
            email: Some(format!(
                "{}@example.com",
                name.split(' ').next().unwrap_or("buyer").to_lowercase()
            )),
            phone: None,
            id: None,
        },
        shipping_address: Some(Address {
            country: country.into(),
            region: None,
            city: Some(city.into()),
            line1: Some(format!("{} Demo Street", 10 + i)),
            line2: None,
            postal_code: Some(format!("{:05}", 10000 + i * 37)),
        }),
        lines,
    }
}

//! `orderhub import orders FILE`: a spreadsheet of orders (CSV, TSV, XLSX;
//! any common encoding; headers in English or Chinese), all or nothing.

use anyhow::{Context, bail};
use clap::Subcommand;
use orderhub_channels::spreadsheet;
use orderhub_domain::lifecycle::Party;
use orderhub_domain::model::Actor;
use orderhub_store::Store;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum ImportCommand {
    /// Orders, one row per line item, grouped by order number. Refuses the
    /// whole file (exit status 1) when any row is wrong, listing each.
    Orders {
        file: PathBuf,
        /// For rows without a platform column (a recognised export —
        /// Shopify, Etsy, Amazon, Taobao, JD, Pinduoduo… — names its own).
        #[arg(long, default_value = "csv")]
        platform: String,
        /// Check and report; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Headers orderhub does not know: "Bestellung=order, Artikel=product".
        #[arg(long)]
        map: Option<String>,
        /// How slash dates are written when the file does not show it: dmy or mdy.
        #[arg(long)]
        dates: Option<String>,
    },
    /// Suppliers, one per row (name, code, contact, e-mail, phone,
    /// categories, weight, active). Names already stored are skipped.
    Suppliers {
        file: PathBuf,
        /// Check and report; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

pub async fn run(store_url: &str, command: ImportCommand) -> anyhow::Result<()> {
    let (file, options, dry_run) = match command {
        ImportCommand::Orders {
            file,
            platform,
            dry_run,
            map,
            dates,
        } => {
            let options =
                spreadsheet::Options::from_text(Some(&platform), map.as_deref(), dates.as_deref())
                    .map_err(|e| anyhow::anyhow!("--{}: {}", e.field, e.detail))?;
            (file, options, dry_run)
        }
        ImportCommand::Suppliers { file, dry_run } => {
            return suppliers(store_url, file, dry_run).await;
        }
    };
    let bytes = std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let sheet = spreadsheet::orders_with(&name, &bytes, &options)
        .map_err(|e| anyhow::anyhow!("{}: {}", file.display(), e.reason))?;
    let store = crate::open(store_url).await?;
    let orders: Vec<_> = sheet.orders.iter().map(|(o, _)| o.clone()).collect();
    let stored = store.count_stored(&orders).await?;
    println!(
        "{}: {} rows ({}), {} orders, {} already stored",
        file.display(),
        sheet.rows,
        sheet.encoding,
        orders.len(),
        stored
    );
    if !sheet.errors.is_empty() {
        for e in &sheet.errors {
            eprintln!("row {}: {}: {} ({})", e.row, e.column, e.reason, e.code);
        }
        bail!("{} rows refused; nothing imported", sheet.errors.len());
    }
    if dry_run {
        println!(
            "dry run: {} orders would be new; nothing written",
            orders.len() - stored
        );
        return Ok(());
    }
    let bar = indicatif::ProgressBar::new(orders.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} orders")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let actor = Actor {
        label: format!("import:{name}"),
        party: Party::Operator,
    };
    let created = import(&store, &actor, &orders, &bar).await?;
    bar.finish_and_clear();
    println!(
        "imported: {created} new orders, {} already stored",
        orders.len() - created
    );
    Ok(())
}

async fn import(
    store: &Store,
    actor: &Actor,
    orders: &[orderhub_domain::model::NewOrder],
    bar: &indicatif::ProgressBar,
) -> anyhow::Result<usize> {
    Ok(store
        .import_orders(actor, orders, |n| bar.set_position(n as u64))
        .await?)
}

async fn suppliers(store_url: &str, file: PathBuf, dry_run: bool) -> anyhow::Result<()> {
    let bytes = std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (rows, errors, encoding) = spreadsheet::suppliers(&name, &bytes)
        .map_err(|e| anyhow::anyhow!("{}: {}", file.display(), e.reason))?;
    println!("{}: {} suppliers ({encoding})", file.display(), rows.len());
    let report =
        |row: usize, column: &str, reason: &str| eprintln!("row {row}: {column}: {reason}");
    if !errors.is_empty() {
        errors
            .iter()
            .for_each(|e| report(e.row, &e.column, &e.reason));
        bail!("{} rows refused; nothing imported", errors.len());
    }
    let store = crate::open(store_url).await?;
    let actor = Actor {
        label: format!("import:{name}"),
        party: Party::Operator,
    };
    let rows: Vec<_> = rows.into_iter().map(|r| (r.row, r.supplier)).collect();
    // a dry run makes every check the real run does, and keeps nothing
    match store.import_suppliers(&actor, &rows, dry_run).await? {
        Ok(created) if dry_run => {
            println!("dry run: {created} suppliers would be new; nothing written");
            Ok(())
        }
        Ok(created) => {
            println!(
                "imported: {created} new suppliers, {} already stored",
                rows.len() - created
            );
            Ok(())
        }
        Err(refused) => {
            for (row, e) in &refused {
                report(*row, "", &e.to_string());
            }
            bail!("{} rows refused; nothing imported", refused.len())
        }
    }
}

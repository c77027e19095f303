//! The `orderhub` binary: a thin edge over the store and the API.

mod accounts;
mod backup;
mod bench;
mod bench_moves;
mod bench_stats;
mod bench_upload;
mod config_file;
mod demo;
mod demo_b2b;
mod demo_cases;
mod demo_market;
mod demo_products;
mod import;
mod serve;

use anyhow::Context;
use clap::{Parser, Subcommand};
use orderhub_store::Store;

/// orderhub: orders in from every channel, supplier tasks out.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// `sqlite://FILE` (created if missing) or `postgres://USER@HOST/DB`.
    #[arg(
        long,
        global = true,
        env = "DATABASE_URL",
        default_value = "sqlite://orderhub.db"
    )]
    database_url: String,

    /// Where files are kept (product pictures under `images/`). Instances
    /// sharing a PostgreSQL database must share it too.
    #[arg(long, global = true, env = "ORDERHUB_DATA_DIR", default_value = orderhub_store::DEFAULT_DATA_DIR)]
    data_dir: std::path::PathBuf,

    /// Where pictures, proofs and documents are kept: empty for
    /// `--data-dir`, or `s3://bucket/prefix` for an S3-compatible bucket
    /// (endpoint, region and keys from `AWS_ENDPOINT_URL`, `AWS_REGION`,
    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`). Then instances share
    /// only the database and the bucket.
    #[arg(long, global = true, env = "ORDERHUB_FILES", default_value = "")]
    files: String,

    /// A TOML file of settings (`listen = "0.0.0.0:8080"`…), under flags
    /// and environment variables (docs/operations.md).
    #[arg(long, global = true, env = "ORDERHUB_CONFIG")]
    config: Option<std::path::PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (migrates first).
    Serve(Box<serve::ServeArgs>),
    /// Apply database migrations and exit.
    Migrate,
    /// Load demo categories, suppliers and orders (and, into an empty
    /// database, the demo logins `serve --demo` prints).
    Demo {
        /// How many demo orders to create.
        #[arg(long, default_value_t = 40)]
        orders: usize,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Print a lifecycle's diagram (SVG), as the workflow page draws it.
    Diagram {
        /// `order` or `task` (lifecycles), or `proof` (a proof's steps).
        #[arg(value_parser = ["order", "task", "proof"])]
        subject: String,
        /// `en` or `zh-CN`.
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: accounts::UserCommand,
    },
    /// Manage API tokens.
    Token {
        #[command(subcommand)]
        command: accounts::TokenCommand,
    },
    /// Import orders from a spreadsheet (CSV, TSV, XLSX).
    Import {
        #[command(subcommand)]
        command: import::ImportCommand,
    },
    /// Back up the database and the pictures into one zip, while orderhub
    /// serves (SQLite: VACUUM INTO; PostgreSQL: pg_dump).
    Backup {
        /// The zip to write (must not exist).
        file: std::path::PathBuf,
    },
    /// Restore a backup into an empty database (a new SQLite file, or an
    /// empty PostgreSQL database) and `--data-dir`, then migrate.
    Restore {
        /// The zip `orderhub backup` wrote.
        file: std::path::PathBuf,
    },
    /// Benchmarks: intake over HTTP, and the storage limit (BENCHMARKS.md).
    Bench {
        #[command(subcommand)]
        command: bench::BenchCommand,
    },
}

fn main() -> std::process::ExitCode {
    // The settings file fills the environment before anything else runs
    // (no other thread exists yet to read it), then clap reads it all.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(file) = config_file::path(&args) {
        match config_file::read(&file) {
            Ok(vars) => {
                for (name, value) in vars {
                    // SAFETY: single-threaded here; the runtime starts below.
                    unsafe { std::env::set_var(name, value) };
                }
            }
            Err(e) => {
                eprintln!("error: {e:#}");
                return std::process::ExitCode::FAILURE;
            }
        }
    }
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: starting the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // One line with its causes (`{:#}`); the backtrace only when
            // asked for with RUST_BACKTRACE.
            eprintln!("error: {e:#}");
            if std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0") {
                eprintln!("{}", e.backtrace());
            }
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let _ = DATA_DIR.set(cli.data_dir.clone());
    let files = orderhub_store::Files::parse(&cli.files, &cli.data_dir)?;
    let _ = FILES.set(files);
    serve::init_tracing();
    match cli.command {
        Command::Serve(args) => serve::run(&cli.database_url, *args).await,
        Command::Migrate => {
            open(&cli.database_url).await?;
            println!("migrations applied");
            Ok(())
        }
        Command::Demo { orders } => {
            let store = open(&cli.database_url).await?;
            let fresh = demo::is_empty(&store).await?;
            let summary = demo::load(&store, orders, fresh).await?;
            println!("{summary}");
            demo::print_logins(&demo::ensure_logins(&store, fresh).await?);
            Ok(())
        }
        Command::Openapi => {
            println!("{}", orderhub_api::openapi_json());
            Ok(())
        }
        Command::Diagram { subject, lang } => {
            let svg = orderhub_api::web::lifecycle_svg(&subject, &lang)
                .ok_or_else(|| anyhow::anyhow!("no diagram of {subject} in {lang}"))?;
            println!("{svg}");
            Ok(())
        }
        Command::User { command } => accounts::user(&open(&cli.database_url).await?, command).await,
        Command::Token { command } => {
            accounts::token(&open(&cli.database_url).await?, command).await
        }
        Command::Import { command } => import::run(&cli.database_url, command).await,
        Command::Backup { file } => {
            // as it is: never created or migrated by a backup
            if crate::missing_sqlite_file(&cli.database_url).is_some() {
                anyhow::bail!("no database at {}", redact(&cli.database_url));
            }
            let store = Store::connect(&cli.database_url)
                .await
                .with_context(|| format!("connecting to {}", redact(&cli.database_url)))?;
            let store = store.with_data_dir(&cli.data_dir);
            refuse_bucket(
                "back the bucket up with its own tools (versioning, replication), the database with pg_dump",
            )?;
            backup::backup(&store, &cli.database_url, &file).await
        }
        Command::Restore { file } => {
            refuse_bucket("restore the bucket with its own tools, the database with pg_restore")?;
            backup::restore(&cli.database_url, &cli.data_dir, &file).await
        }
        Command::Bench { command } => bench::run(command).await,
    }
}

/// `--data-dir`, set once from the command line.
static DATA_DIR: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
/// `backup` and `restore` carry the data directory's files: with files in
/// a bucket they would silently miss them, so they refuse and say what
/// to do instead.
fn refuse_bucket(instead: &str) -> anyhow::Result<()> {
    match FILES.get() {
        Some(orderhub_store::Files::Bucket(b)) => anyhow::bail!("files are in {b}: {instead}"),
        _ => Ok(()),
    }
}

/// `--files`, set once from the command line.
static FILES: std::sync::OnceLock<orderhub_store::Files> = std::sync::OnceLock::new();

/// Connects and migrates; files go to `--data-dir`. A SQLite file that
/// did not exist is created, and the user is told where (a typo in the
/// path otherwise looks like an empty database).
pub(crate) async fn open(url: &str) -> anyhow::Result<Store> {
    let created = missing_sqlite_file(url);
    let store = Store::connect(url)
        .await
        .with_context(|| format!("connecting to {}", redact(url)))?;
    let store = match DATA_DIR.get() {
        Some(dir) => store.with_data_dir(dir),
        None => store,
    };
    let store = match FILES.get() {
        Some(files) => store.with_files(files.clone()),
        None => store,
    };
    store.migrate().await.context("applying migrations")?;
    if let Some(path) = created {
        let path = std::fs::canonicalize(&path).unwrap_or(path);
        eprintln!("created a new SQLite database at {}", path.display());
    }
    Ok(store)
}

/// The file a SQLite URL names (`sqlite://FILE`, `sqlite:FILE` or a bare
/// path, options after `?`); `None` for PostgreSQL and in-memory SQLite.
pub(crate) fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return None;
    }
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    let (file, options) = rest.split_once('?').unwrap_or((rest, ""));
    if file.is_empty() || file == ":memory:" || options.contains("mode=memory") {
        return None;
    }
    Some(std::path::PathBuf::from(file))
}

/// [`sqlite_file`] when it does not exist yet.
fn missing_sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    sqlite_file(url).filter(|path| !path.exists())
}

/// The URL without its password, for messages.
pub(crate) fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

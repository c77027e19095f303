//! `orderhub user …` and `orderhub token …`: account and token management
//! from the shell. They talk to the database directly (the same
//! `--database-url`), so they work while a server runs.

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use orderhub_domain::b2b::OrgRole;
use orderhub_domain::model::{Actor, NewToken, NewUser};
use orderhub_domain::{Party, Role, Scope};
use orderhub_store::Store;
use std::io::BufRead;

#[derive(Subcommand)]
pub enum UserCommand {
    /// Create an account (prints a generated password unless --password-stdin).
    Add(UserAdd),
    /// Set a new password (ends the account's sessions).
    ResetPassword {
        #[arg(long)]
        email: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Args)]
pub struct UserAdd {
    #[arg(long)]
    email: String,
    /// admin, operator, supplier or purchaser.
    #[arg(long, value_parser = parse_role)]
    role: Role,
    /// Display name (defaults to the e-mail's local part).
    #[arg(long)]
    name: Option<String>,
    /// The supplier (id or name) a supplier account acts for.
    #[arg(long)]
    supplier: Option<String>,
    /// The buyer organisation (id or name; created if new) of a purchaser.
    #[arg(long)]
    buyer: Option<String>,
    /// A purchaser's role in its organisation: buyer (default) or approver.
    #[arg(long, value_parser = parse_org_role)]
    org_role: Option<OrgRole>,
    /// Read the password from the first line of standard input.
    #[arg(long)]
    password_stdin: bool,
}

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Create an API token; prints it alone on the last line.
    Create {
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// The supplier (id or name) a supplier token acts for.
        #[arg(long)]
        supplier: Option<String>,
        /// The organisation (id or name) a purchaser token buys for.
        #[arg(long)]
        organisation: Option<String>,
    },
}

fn parse_org_role(text: &str) -> Result<OrgRole, String> {
    OrgRole::parse(text).ok_or_else(|| format!("unknown role {text:?}; use buyer or approver"))
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text)
        .ok_or_else(|| format!("unknown role {text:?}; use admin, operator, supplier or purchaser"))
}

fn cli_actor() -> Actor {
    Actor {
        label: "cli".into(),
        party: Party::Operator,
    }
}

/// A password from stdin, or a generated one (returned to be printed).
fn password(from_stdin: bool) -> Result<(String, bool)> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("reading the password from stdin")?;
        let line = line.trim_end_matches(['\r', '\n']).to_owned();
        anyhow::ensure!(!line.is_empty(), "no password on standard input");
        return Ok((line, false));
    }
    Ok((generate_password(), true))
}

/// 20 characters of 62: about 119 random bits.
pub fn generate_password() -> String {
    orderhub_store::generate_token()[3..23].to_owned()
}

pub async fn user(store: &Store, cmd: UserCommand) -> Result<()> {
    match cmd {
        UserCommand::Add(a) => {
            let (password, generated) = password(a.password_stdin)?;
            let new = NewUser {
                email: a.email,
                display_name: a.name,
                role: a.role,
                supplier: a.supplier,
                buyer: a.buyer,
                org_role: a.org_role,
                password: password.clone(),
            };
            let user = store
                .create_user(&cli_actor(), new)
                .await
                .map_err(explain)?;
            println!("created {} ({}) {}", user.email, user.role, user.id);
            if generated {
                println!("password (shown once): {password}");
            }
        }
        UserCommand::ResetPassword {
            email,
            password_stdin,
        } => {
            let user = store.find_user_by_email(&email).await.map_err(explain)?;
            let (password, generated) = password(password_stdin)?;
            store
                .set_password(&cli_actor(), &user.id, password.clone())
                .await
                .map_err(explain)?;
            println!(
                "password changed for {}; its sessions are ended",
                user.email
            );
            if generated {
                println!("password (shown once): {password}");
            }
        }
    }
    Ok(())
}

pub async fn token(store: &Store, cmd: TokenCommand) -> Result<()> {
    let TokenCommand::Create {
        name,
        role,
        supplier,
        organisation,
    } = cmd;
    let created = store
        .create_token(
            &cli_actor(),
            &Scope::All,
            None,
            NewToken {
                name,
                role: Some(role),
                supplier,
                organisation,
                expires_at: None,
            },
        )
        .await
        .map_err(explain)?;
    println!(
        "created token {} ({}), shown once:",
        created.info.name, created.info.role
    );
    println!("{}", created.token);
    Ok(())
}

/// Store errors as a person should read them at a shell.
fn explain(e: orderhub_store::StoreError) -> anyhow::Error {
    match e {
        orderhub_store::StoreError::Invalid(v) => anyhow::anyhow!("{}: {}", v.field, v.detail),
        other => anyhow::Error::new(other),
    }
}

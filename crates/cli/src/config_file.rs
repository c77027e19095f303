//! An optional settings file: `--config FILE` (or `ORDERHUB_CONFIG`), TOML,
//! one `key = value` per setting, the keys being the long flags with `_`
//! for `-` (`database_url`, `listen`, `secure_cookies`, `public_url`…).
//! Flags win over the environment, which wins over the file, which wins
//! over the defaults: the file fills in the environment variables clap
//! already reads, so every setting keeps one name and one parser.

use anyhow::{Context, Result, bail};
use clap::CommandFactory;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::PathBuf;

/// The file named by `--config` in `args`, else by `ORDERHUB_CONFIG`.
pub fn path(args: &[OsString]) -> Option<PathBuf> {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let a = a.to_string_lossy();
        if a == "--config" {
            return it.next().map(PathBuf::from);
        }
        if let Some(p) = a.strip_prefix("--config=") {
            return Some(PathBuf::from(p));
        }
    }
    std::env::var_os("ORDERHUB_CONFIG").map(PathBuf::from)
}

/// Every setting a file may hold: the flag's name with `_`, and the
/// environment variable it fills.
pub fn settings() -> BTreeMap<String, String> {
    fn walk(cmd: &clap::Command, out: &mut BTreeMap<String, String>) {
        for arg in cmd.get_arguments() {
            if let (Some(long), Some(env)) = (arg.get_long(), arg.get_env())
                && long != "config"
            {
                out.insert(long.replace('-', "_"), env.to_string_lossy().into_owned());
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, out);
        }
    }
    let mut out = BTreeMap::new();
    walk(&crate::Cli::command(), &mut out);
    out
}

/// The environment the file asks for: (variable, value) for each of its
/// settings whose variable is not set already. An unknown key, or a value
/// that is a table or a list, is an error that names it.
pub fn read(file: &std::path::Path) -> Result<Vec<(String, String)>> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("reading the settings file {}", file.display()))?;
    let table: toml::Table = text
        .parse()
        .with_context(|| format!("{} is not valid TOML", file.display()))?;
    let known = settings();
    let mut out = Vec::new();
    for (key, value) in table {
        let Some(env) = known.get(&key) else {
            let names: Vec<&str> = known.keys().map(String::as_str).collect();
            bail!(
                "unknown setting `{key}` in {}; the settings are: {}",
                file.display(),
                names.join(", ")
            );
        };
        let value = match value {
            toml::Value::String(s) => s,
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Float(f) => f.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            _ => bail!(
                "`{key}` in {} must be a string, number or true/false",
                file.display()
            ),
        };
        if std::env::var_os(env).is_none() {
            out.push((env.clone(), value));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_speaks_the_flags_names() {
        let known = settings();
        assert_eq!(known["database_url"], "DATABASE_URL");
        assert_eq!(known["data_dir"], "ORDERHUB_DATA_DIR");
        assert_eq!(known["listen"], "ORDERHUB_LISTEN");
        assert_eq!(known["secure_cookies"], "ORDERHUB_SECURE_COOKIES");
        assert!(!known.contains_key("config"));
        let args: Vec<OsString> = ["orderhub", "--config", "a.toml", "serve"]
            .iter()
            .map(OsString::from)
            .collect();
        assert_eq!(path(&args), Some(PathBuf::from("a.toml")));
        let args: Vec<OsString> = ["orderhub", "serve", "--config=b.toml"]
            .iter()
            .map(OsString::from)
            .collect();
        assert_eq!(path(&args), Some(PathBuf::from("b.toml")));
    }

    #[test]
    fn unknown_or_nested_settings_are_refused_by_name() {
        let dir = std::env::temp_dir().join(format!("orderhub-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("bad.toml");
        std::fs::write(&file, "lisen = \"0.0.0.0:80\"\n").unwrap();
        let e = read(&file).unwrap_err().to_string();
        assert!(
            e.contains("unknown setting `lisen`") && e.contains("listen"),
            "{e}"
        );
        std::fs::write(&file, "[serve]\nlisten = \"x\"\n").unwrap();
        assert!(read(&file).unwrap_err().to_string().contains("`serve`"));
        std::fs::write(&file, "max_connections = 64\nsecure_cookies = false\n").unwrap();
        let got = read(&file).unwrap();
        assert!(
            got.contains(&("ORDERHUB_MAX_CONNECTIONS".into(), "64".into())),
            "{got:?}"
        );
        assert!(
            got.contains(&("ORDERHUB_SECURE_COOKIES".into(), "false".into())),
            "{got:?}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}

//! The sweeper: removes stored files that no row names any more (a
//! product's replaced picture, an upload whose transaction failed, a
//! temporary file a crash left) once they are older than a grace period. The grace period covers instances
//! that are writing a file now and will commit the row naming it shortly:
//! a file is always written (or written again) before that commit.

use super::{Folder, is_hash};
use crate::db::Store;
use crate::error::Result;
use crate::rows::RowExt;
use serde::Serialize;
use std::collections::HashSet;
use std::time::{Duration, SystemTime};

/// Every column that names stored files, as `(table, column)`. A column's
/// text may be a bare name or JSON holding names: every
/// `<sha-256>.<extension>` in it counts. A new column that names files
/// must be added here (a test reads the migrations for such columns).
const NAMED_BY: &[(&str, &str)] = &[
    ("products", "main_image"),
    ("products", "extra_images"),
    ("proof_rounds", "files"),
    ("rfqs", "files"),
    ("bid_messages", "files"),
    ("invoice_payments", "files"),
    ("returns", "files"),
    ("case_files", "name"),
    ("contracts", "pdf_name"),
    ("invoices", "pdf_name"),
];

/// What one sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Swept {
    /// Files some row names, or younger than the grace period.
    pub kept: u64,
    /// Files removed (expired previews included).
    pub removed: u64,
}

impl Store {
    /// Removes the stored files no row names that were last written more
    /// than `grace` ago. The files are listed before the names are read,
    /// and each one's time is read again just before it is removed, so a
    /// file written again meanwhile (the same picture uploaded anew) is
    /// kept.
    pub async fn sweep_files(&self, grace: Duration) -> Result<Swept> {
        let mut listed = Vec::new();
        for folder in Folder::ALL {
            for file in self.files.list(folder).await? {
                listed.push((folder, file));
            }
        }
        let named = self.named_files().await?;
        let old = |at: SystemTime| at.elapsed().is_ok_and(|age| age > grace);
        let mut swept = Swept::default();
        for (folder, file) in listed {
            if named.contains(&file.name) || !old(file.modified) {
                swept.kept += 1;
                continue;
            }
            match self.files.modified_key(&file.key).await? {
                Some(at) if old(at) => {
                    self.files.delete_key(&file.key).await?;
                    tracing::info!(folder = folder.name(), name = %file.name, "removed a file no row names");
                    swept.removed += 1;
                }
                Some(_) => swept.kept += 1,
                None => {}
            }
        }
        swept.removed += crate::previews::sweep_previews(&self.files).await?;
        Ok(swept)
    }

    /// Every stored name some row holds.
    async fn named_files(&self) -> Result<HashSet<String>> {
        let mut names = HashSet::new();
        for (table, column) in NAMED_BY {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {column} AS v FROM {table} WHERE {column} IS NOT NULL"
            )))
            .fetch_all(&self.read)
            .await?;
            for row in rows {
                names_in(&row.col::<String>("v")?, &mut names);
            }
        }
        Ok(names)
    }
}

/// Adds every `<sha-256>.<extension>` found in `text` to `out`.
fn names_in(text: &str, out: &mut HashSet<String>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 64 < bytes.len() {
        let hash = &text[i..i + 64];
        if bytes[i + 64] != b'.' || !text.is_char_boundary(i + 64) || !is_hash(hash) {
            i += 1;
            continue;
        }
        let ext_len = bytes[i + 65..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        out.insert(text[i..i + 65 + ext_len].to_owned());
        i += 65 + ext_len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_found_bare_and_inside_json() {
        let a = format!("{}.jpg", "a".repeat(64));
        let b = format!("{}.pdf", "0123456789abcdef".repeat(4));
        let mut out = HashSet::new();
        names_in(&a, &mut out);
        names_in(
            &format!(
                r#"[{{"name":"{b}","kind":"pdf"}},"{}x.png"]"#,
                "f".repeat(63)
            ),
            &mut out,
        );
        names_in("née 中文 no names here", &mut out);
        assert_eq!(out, HashSet::from([a, b]));
    }

    /// Every column of the schema that looks like it names files is one
    /// the sweeper reads: a column it missed would lose its files.
    #[test]
    fn every_column_naming_files_is_read() {
        let mut seen = Vec::new();
        for (_, _, sql) in crate::migrations::MIGRATIONS {
            for text in sql.texts() {
                let mut table = String::new();
                for line in text.lines() {
                    let words: Vec<&str> = line.split_whitespace().collect();
                    match words.as_slice() {
                        ["CREATE", "TABLE", name, ..] => table = name.to_string(),
                        ["ALTER", "TABLE", name, "ADD", "COLUMN", column, ..] => {
                            seen.push((name.to_string(), column.to_string()))
                        }
                        [column, ..] if !table.is_empty() => {
                            seen.push((table.clone(), column.to_string()))
                        }
                        _ => {}
                    }
                    if line.trim_start().starts_with(");") {
                        table.clear();
                    }
                }
            }
        }
        let files_like = |c: &str| c == "files" || c.contains("image") || c == "pdf_name";
        for (table, column) in seen.iter().filter(|(_, c)| files_like(c)) {
            assert!(
                NAMED_BY.contains(&(table.as_str(), column.as_str())),
                "{table}.{column} may name stored files: add it to NAMED_BY"
            );
        }
        assert!(seen.contains(&("case_files".into(), "name".into())));
    }
}

//! `orderhub backup FILE` and `orderhub restore FILE`: the database and the
//! stored files (pictures, proofs, printed documents) in one zip, taken
//! while orderhub serves.
//!
//! - SQLite: `VACUUM INTO` (a consistent snapshot, writers carry on).
//! - PostgreSQL: `pg_dump --format=custom` (the documented route; the
//!   PostgreSQL client tools must be on the PATH), restored with
//!   `pg_restore`.
//!
//! The database is copied first, then the files: a file is on disk before
//! any row names it, so every file the copy names is there (a few newer
//! ones may come along; nothing names them). A restore goes only
//! into an empty database and migrates it to this version afterwards, so a
//! backup from an older orderhub restores into a newer one.

use anyhow::{Context, Result, bail};
use orderhub_store::{Backend, Folder, Store};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The archive's layout version.
const FORMAT: u32 = 1;
const MANIFEST: &str = "orderhub-backup.json";
const SQLITE_ENTRY: &str = "database.sqlite";
const PG_ENTRY: &str = "database.pgdump";

/// What a backup says about itself.
#[derive(serde::Serialize, serde::Deserialize)]
struct Manifest {
    format: u32,
    backend: String,
    orderhub: String,
    created_at: String,
    /// Files of every folder (backups before proofs and documents were
    /// included counted pictures only).
    pictures: usize,
}

fn backend_name(b: Backend) -> &'static str {
    match b {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}

/// Writes the backup of `store` (at `url`) to `file`, atomically: a
/// half-written backup never carries the final name.
pub async fn backup(store: &Store, url: &str, file: &Path) -> Result<()> {
    if file.exists() {
        bail!("{} exists already; choose another name", file.display());
    }
    let dir = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let work = WorkDir::new(dir)?;
    let (entry, db) = match store.backend() {
        Backend::Sqlite => {
            let db = work.join(SQLITE_ENTRY);
            store
                .snapshot_sqlite(&db)
                .await
                .context("copying the SQLite database")?;
            (SQLITE_ENTRY, db)
        }
        Backend::Postgres => {
            let db = work.join(PG_ENTRY);
            let (mut pg_dump, url) = pg_tool("pg_dump", url);
            let out = pg_dump
                .args(["--format=custom", "--no-owner", "--no-privileges", "--file"])
                .arg(&db)
                .arg(url)
                .output()
                .await
                .context("running pg_dump (install the PostgreSQL client tools)")?;
            if !out.status.success() {
                bail!(
                    "pg_dump failed: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                );
            }
            (PG_ENTRY, db)
        }
    };
    let data = store.data_dir().to_path_buf();
    let backend = backend_name(store.backend());
    let partial = work.join("backup.zip");
    let written = partial.clone();
    let files =
        tokio::task::spawn_blocking(move || write_zip(&written, entry, &db, &data, backend))
            .await??;
    std::fs::rename(&partial, file).with_context(|| format!("writing {}", file.display()))?;
    eprintln!(
        "backed up the {backend} database and {files} files to {}",
        file.display()
    );
    Ok(())
}

/// `program` (`pg_dump`, `pg_restore`) for the database at `url`, and the
/// URL to give it: a password moves into the child's environment
/// (`PGPASSWORD`), never onto a command line every local user's `ps` shows.
fn pg_tool(program: &str, url: &str) -> (tokio::process::Command, String) {
    let mut cmd = tokio::process::Command::new(program);
    let bare = match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => match url[s + 3..at].split_once(':') {
            Some((user, password)) => {
                cmd.env("PGPASSWORD", password);
                format!("{}{user}{}", &url[..s + 3], &url[at..])
            }
            None => url.to_owned(),
        },
        _ => url.to_owned(),
    };
    (cmd, bare)
}

/// The zip: the manifest, the database copy (deflated), the files of each
/// folder of `data` (stored: JPEGs and PDFs do not shrink).
fn write_zip(to: &Path, entry: &str, db: &Path, data: &Path, backend: &str) -> Result<usize> {
    use zip::write::SimpleFileOptions;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let out = options.open(to)?;
    let mut zip = zip::ZipWriter::new(out);
    let deflate = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    // a database may pass 4 GiB: ZIP64 for it
    let big = deflate.large_file(true);
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file(entry, big)?;
    std::io::copy(&mut std::fs::File::open(db)?, &mut zip)?;
    let mut files = 0;
    for folder in Folder::ALL {
        for path in stored_files(&data.join(folder.name()))? {
            let name = path
                .strip_prefix(data)?
                .to_string_lossy()
                .replace('\\', "/");
            // only finished files: an upload in progress leaves a temporary
            // file beside them, which may vanish while it is read
            if file_entry(&name).is_none() {
                continue;
            }
            let Ok(mut file) = std::fs::File::open(&path) else {
                continue;
            };
            zip.start_file(name, stored)?;
            std::io::copy(&mut file, &mut zip)?;
            files += 1;
        }
    }
    let manifest = Manifest {
        format: FORMAT,
        backend: backend.to_owned(),
        orderhub: env!("CARGO_PKG_VERSION").to_owned(),
        created_at: time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
        pictures: files,
    };
    zip.start_file(MANIFEST, deflate)?;
    zip.write_all(&serde_json::to_vec_pretty(&manifest)?)?;
    let file = zip.finish()?;
    file.sync_all()?;
    Ok(files)
}

/// Every file under `dir` (none when it does not exist), sorted.
fn stored_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let e = e?;
            match e.file_type()?.is_dir() {
                true => todo.push(e.path()),
                false => found.push(e.path()),
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Restores `file` into the empty database at `url` and the data
/// directory `data_dir`, then migrates.
pub async fn restore(url: &str, data_dir: &Path, file: &Path) -> Result<()> {
    let archive =
        std::fs::File::open(file).with_context(|| format!("opening {}", file.display()))?;
    let mut zip = zip::ZipArchive::new(archive).context("reading the backup (not a zip?)")?;
    let manifest: Manifest = {
        let mut m = zip
            .by_name(MANIFEST)
            .context("not an orderhub backup (no manifest)")?;
        let mut text = Vec::new();
        m.by_ref().take(64 * 1024).read_to_end(&mut text)?;
        serde_json::from_slice(&text).context("reading the backup's manifest")?
    };
    check_entries(&mut zip)?;
    if manifest.format != FORMAT {
        bail!(
            "backup format {} is not one this orderhub reads ({FORMAT})",
            manifest.format
        );
    }
    let target = match crate::sqlite_file(url) {
        Some(_) => "sqlite",
        None => "postgres",
    };
    if manifest.backend != target {
        bail!(
            "this is a {} backup; restore it into a {} database",
            manifest.backend,
            manifest.backend
        );
    }
    match crate::sqlite_file(url) {
        Some(path) => {
            if path.exists() && std::fs::metadata(&path)?.len() > 0 {
                bail!("{} exists already; restore into a new file", path.display());
            }
            let partial = path.with_extension("restoring");
            extract(&mut zip, SQLITE_ENTRY, &partial)?;
            std::fs::rename(&partial, &path)?;
        }
        None => {
            let store = Store::connect(url)
                .await
                .context("connecting to the database")?;
            if store.table_count().await? > 0 {
                bail!("the database is not empty; restore into a new, empty one");
            }
            let work = WorkDir::new(&std::env::temp_dir())?;
            let dump = work.join(PG_ENTRY);
            extract(&mut zip, PG_ENTRY, &dump)?;
            let (mut pg_restore, url) = pg_tool("pg_restore", url);
            let out = pg_restore
                .args([
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--dbname",
                ])
                .arg(url)
                .arg(&dump)
                .output()
                .await
                .context("running pg_restore (install the PostgreSQL client tools)")?;
            drop(work);
            if !out.status.success() {
                bail!(
                    "pg_restore failed: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                );
            }
        }
    }
    let files = restore_files(&mut zip, data_dir)?;
    let store = crate::open(url).await?;
    drop(store);
    eprintln!(
        "restored the {} database and {files} files from {} (taken {})",
        manifest.backend,
        file.display(),
        manifest.created_at
    );
    Ok(())
}

/// Copies one entry out of the zip into `to`.
fn extract(zip: &mut zip::ZipArchive<std::fs::File>, name: &str, to: &Path) -> Result<()> {
    let mut entry = zip
        .by_name(name)
        .with_context(|| format!("the backup has no {name}"))?;
    let mut out = std::fs::File::create(to)?;
    std::io::copy(&mut entry, &mut out)?;
    out.sync_all()?;
    Ok(())
}

/// `images/ab/<sha-256>.jpg` (or `proofs/…`, `documents/…`) as orderhub
/// lays files out (`orderhub_store::Folder`): the folder, its sub-folder
/// and the file name, or `None` for any other shape — so no entry of a
/// backup can name a path outside the data directory's folders.
fn file_entry(name: &str) -> Option<(Folder, &str, &str)> {
    let mut parts = name.split('/');
    let (top, dir, file) = (parts.next()?, parts.next()?, parts.next()?);
    let folder = Folder::ALL.into_iter().find(|f| f.name() == top)?;
    let ok =
        parts.next().is_none() && folder.holds(file) && dir.len() == 2 && file.starts_with(dir);
    ok.then_some((folder, dir, file))
}

/// Every entry is the manifest, the database or a picture as orderhub
/// writes them; checked before anything is restored.
fn check_entries(zip: &mut zip::ZipArchive<std::fs::File>) -> Result<()> {
    for i in 0..zip.len() {
        let entry = zip.by_index(i)?;
        let name = entry.name()?.into_owned();
        let known = [MANIFEST, SQLITE_ENTRY, PG_ENTRY].contains(&name.as_str())
            || file_entry(&name).is_some();
        if !known {
            bail!("the backup holds a file orderhub did not write: {name}");
        }
    }
    Ok(())
}

/// The stored files, under `data`, at the paths [`file_entry`] allows.
fn restore_files(zip: &mut zip::ZipArchive<std::fs::File>, data: &Path) -> Result<usize> {
    let mut count = 0;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i)?;
        let name = entry.name()?.into_owned();
        let Some((folder, dir, file)) = file_entry(&name) else {
            continue;
        };
        let into = data.join(folder.name()).join(dir);
        std::fs::create_dir_all(&into)?;
        let mut out = std::fs::File::create(into.join(file))?;
        std::io::copy(&mut entry, &mut out)?;
        count += 1;
    }
    Ok(count)
}

/// A directory for work in progress (it holds a copy of the database):
/// readable by this user only, and removed when dropped, whatever happens.
struct WorkDir(PathBuf);

impl WorkDir {
    fn new(under: &Path) -> Result<Self> {
        let path = under.join(format!(
            ".orderhub-backup-{}",
            uuid::Uuid::now_v7().simple()
        ));
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(&path)
            .with_context(|| format!("creating {}", path.display()))?;
        Ok(Self(path))
    }

    fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_laid_out_as_orderhub_writes_them() {
        let hash = format!("ab{}", "0".repeat(62));
        for good in [
            format!("images/ab/{hash}.jpg"),
            format!("proofs/ab/{hash}.png"),
            format!("documents/ab/{hash}.pdf"),
        ] {
            assert!(file_entry(&good).is_some(), "{good}");
        }
        for bad in [
            format!("images/etc/{hash}.jpg"),
            format!("/etc/ab/{hash}.jpg"),
            format!("images/../../{hash}.jpg"),
            format!("images/cd/{hash}.jpg"),
            format!("images/ab/{hash}.jpg.0190.tmp"),
            format!("images/ab/x/{hash}.jpg"),
            format!("images/ab/{hash}.pdf"),
            format!("documents/ab/{hash}.jpg"),
            format!("secrets/ab/{hash}.jpg"),
            "images/ab/passwd".to_owned(),
        ] {
            assert!(file_entry(&bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn a_password_never_reaches_the_command_line() {
        let (_, url) = pg_tool("pg_dump", "postgres://orderhub:s3cret@db:5432/orderhub");
        assert_eq!(url, "postgres://orderhub@db:5432/orderhub");
        let (_, url) = pg_tool("pg_dump", "postgres://postgres@127.0.0.1/x");
        assert_eq!(url, "postgres://postgres@127.0.0.1/x");
    }
}

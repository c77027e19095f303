//! A PostgreSQL cluster of the test's own (`initdb` on a free port), to
//! stop and start again, or to stream to a standby, without touching the
//! machine's server, which other tests use at the same time. PostgreSQL refuses to run as root:
//! as root, its programs run as the `postgres` user (`runuser`).

use crate::helpers::in_ci;
use std::path::PathBuf;
use std::process::{Command, Output};

/// A running cluster; stopped and removed when dropped.
pub(crate) struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    pub port: u16,
}

/// Where PostgreSQL's server programs are (`pg_config --bindir`).
fn bin_dir() -> Option<PathBuf> {
    let out = Command::new("pg_config").arg("--bindir").output().ok()?;
    let dir = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
    dir.join("initdb").exists().then_some(dir)
}

/// A port nothing listens on now.
pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn new_dir() -> PathBuf {
    std::env::temp_dir().join(format!("orderhub-pg-{}", uuid::Uuid::now_v7().simple()))
}

fn as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

impl Cluster {
    /// A new cluster, started; `None` without PostgreSQL's server
    /// programs, outside CI.
    pub async fn start() -> Option<Cluster> {
        let Some(bin) = bin_dir() else {
            assert!(
                !in_ci(),
                "PostgreSQL's server programs (pg_config --bindir) are required under CI=true"
            );
            eprintln!("skipping: no PostgreSQL server programs (pg_config --bindir)");
            return None;
        };
        let cluster = Cluster {
            dir: new_dir(),
            bin,
            port: free_port(),
        };
        cluster.run("mkdir", &["-p", "-m", "700", cluster.data()]);
        cluster.ok(
            "initdb",
            &[
                "-D",
                cluster.data(),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
        cluster.start_again();
        Some(cluster)
    }

    fn data(&self) -> &str {
        self.dir.to_str().expect("a UTF-8 temp dir")
    }

    /// `args` after the arguments that reach this cluster as postgres.
    fn connected(&self, args: &[&str]) -> Vec<String> {
        let port = self.port.to_string();
        ["-h", "127.0.0.1", "-p", &port, "-U", "postgres"]
            .iter()
            .chain(args)
            .map(|a| a.to_string())
            .collect()
    }

    /// Runs `program` (a PostgreSQL program, or a plain one) as the user
    /// PostgreSQL runs as.
    fn run<S: AsRef<std::ffi::OsStr>>(&self, program: &str, args: &[S]) -> Output {
        let path = match self.bin.join(program).exists() {
            true => self.bin.join(program),
            false => PathBuf::from(program),
        };
        let mut cmd = match as_root() {
            true => {
                let mut c = Command::new("runuser");
                c.args(["-u", "postgres", "--"]).arg(path);
                c
            }
            false => Command::new(path),
        };
        cmd.args(args).output().expect("a PostgreSQL program runs")
    }

    #[track_caller]
    fn ok<S: AsRef<std::ffi::OsStr>>(&self, program: &str, args: &[S]) {
        let out = self.run(program, args);
        assert!(
            out.status.success(),
            "{program}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `postgres://…/name` on this cluster, the database made first.
    pub fn database(&self, name: &str) -> String {
        self.ok("createdb", &self.connected(&[name]));
        self.url(name)
    }

    /// `postgres://…/name` on this cluster.
    pub fn url(&self, name: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }

    /// A hot standby of this cluster, streaming from it
    /// (`pg_basebackup -R`), started on a port of its own.
    pub fn standby(&self) -> Cluster {
        let standby = Cluster {
            dir: new_dir(),
            bin: self.bin.clone(),
            port: free_port(),
        };
        let args = [
            "-D",
            standby.data(),
            "-R",
            "-X",
            "stream",
            "--no-sync",
            "--checkpoint=fast",
        ];
        self.ok("pg_basebackup", &self.connected(&args));
        standby.start_again();
        standby
    }

    /// Runs `sql` in database `db`; what it printed.
    pub fn sql(&self, db: &str, sql: &str) -> String {
        let out = self.run("psql", &self.connected(&["-d", db, "-Atc", sql]));
        assert!(
            out.status.success(),
            "{sql}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// A clean shutdown (`pg_ctl stop -m fast`): open connections are
    /// ended, new ones refused until [`Cluster::start_again`].
    pub fn stop(&self) {
        self.ok("pg_ctl", &["-D", self.data(), "-m", "fast", "-w", "stop"]);
    }

    /// Starts the (stopped) cluster and waits until it takes connections.
    pub fn start_again(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c max_connections=60",
            self.port,
            self.data()
        );
        let log = format!("{}/server.log", self.data());
        self.ok(
            "pg_ctl",
            &["-D", self.data(), "-l", &log, "-o", &options, "-w", "start"],
        );
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.run(
            "pg_ctl",
            &["-D", self.data(), "-m", "immediate", "-w", "stop"],
        );
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

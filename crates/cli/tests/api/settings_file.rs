//! `--config FILE`: a TOML file of settings under flags and environment.

use std::process::Command;

#[test]
fn a_settings_file_fills_in_what_flags_and_environment_leave_out() {
    let dir = std::env::temp_dir().join(format!(
        "orderhub-settings-{}",
        uuid::Uuid::now_v7().simple()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("orderhub.toml");
    let from_file = dir.join("from-file.db");
    std::fs::write(
        &file,
        format!(
            "database_url = \"sqlite://{}\"\nmax_connections = 64\n",
            from_file.display()
        ),
    )
    .unwrap();
    let run = |env: Option<(&str, String)>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_orderhub"));
        cmd.arg("--config")
            .arg(&file)
            .arg("migrate")
            .env_remove("DATABASE_URL");
        if let Some((k, v)) = env {
            cmd.env(k, v);
        }
        cmd.output().expect("orderhub runs")
    };
    assert!(run(None).status.success());
    assert!(from_file.exists(), "the file's database");
    // the environment wins over the file
    let from_env = dir.join("from-env.db");
    let out = run(Some((
        "DATABASE_URL",
        format!("sqlite://{}", from_env.display()),
    )));
    assert!(out.status.success());
    assert!(from_env.exists(), "the environment's database");
    // a typo is named, with the settings there are
    std::fs::write(&file, "lisen = \"0.0.0.0:8080\"\n").unwrap();
    let out = run(None);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown setting `lisen`") && err.contains("listen"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

//! Every `resolute` command the README shows runs as written and exits 0,
//! from a folder that holds only the project's `examples/` and `tests/`
//! (as a fresh clone does). The `cargo` and `npm` lines (building, the
//! test suite itself, benchmarks, the browser test) are not run here.

use std::path::Path;

/// The command lines of the README's `sh` blocks, continuation lines
/// joined.
fn readme_commands() -> Vec<String> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("the README");
    let mut commands = Vec::new();
    let mut in_sh = false;
    let mut pending = String::new();
    for line in readme.lines() {
        if line.starts_with("```") {
            in_sh = line == "```sh";
            continue;
        }
        if !in_sh {
            continue;
        }
        let line = line.trim();
        if let Some(head) = line.strip_suffix('\\') {
            pending.push_str(head);
            continue;
        }
        pending.push_str(line);
        commands.push(std::mem::take(&mut pending));
    }
    commands
}

#[test]
fn every_readme_command_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = Path::new(env!("CARGO_BIN_EXE_resolute"));
    let work = tempfile::tempdir().unwrap();
    for dir in ["examples", "tests"] {
        std::os::unix::fs::symlink(root.join(dir), work.path().join(dir)).unwrap();
    }
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let commands: Vec<String> = readme_commands()
        .into_iter()
        .filter(|c| c.starts_with("resolute "))
        .collect();
    assert!(commands.len() >= 15, "{commands:#?}");
    for c in &commands {
        let out = std::process::Command::new("sh")
            .args(["-c", c])
            .current_dir(work.path())
            .env("PATH", &path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{c}\nexit {:?}\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // What the commands said they wrote is there.
    for f in [
        "corpus.jsonl",
        "unodc.html",
        "member-states.csv",
        "italy.html",
        "reference.json",
    ] {
        assert!(work.path().join(f).is_file(), "{f}");
    }
    assert!(work.path().join("checklists/index.html").is_file());
    assert!(work.path().join("man/resolute-checklist.1").is_file());
    assert!(work.path().join("my-rules/verbs.yaml").is_file());
}

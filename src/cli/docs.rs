//! `resolute completions SHELL` and `resolute man`: the command line
//! described for shells and for `man`, generated from its definition.

use std::path::Path;

use anyhow::Result;
use clap::CommandFactory;

use super::args::Cli;
use super::output::{OutputError, exit, print_stdout, write_output};

/// Prints the completion script of `shell`.
pub fn completions(shell: clap_complete::Shell) -> Result<u8> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "resolute", &mut buf);
    print_stdout(&String::from_utf8_lossy(&buf))?;
    Ok(exit::OK)
}

/// Prints the manual page, or writes one page per command into `dir`.
pub fn man(dir: Option<&Path>) -> Result<u8> {
    let cmd = Cli::command();
    let Some(dir) = dir else {
        print_stdout(&page(&cmd)?)?;
        return Ok(exit::OK);
    };
    std::fs::create_dir_all(dir).map_err(|error| OutputError {
        path: dir.display().to_string(),
        error,
    })?;
    let mut pages = vec![("resolute.1".to_string(), page(&cmd)?)];
    for sub in cmd.get_subcommands() {
        // A page per command, named as `man` looks it up: resolute-extract.1.
        let name = format!("resolute-{}", sub.get_name());
        let sub = sub
            .clone()
            .display_name(name.clone())
            .bin_name(format!("resolute {}", sub.get_name()));
        pages.push((format!("{name}.1"), page(&sub)?));
    }
    for (name, text) in &pages {
        write_output(&dir.join(name), text)?;
    }
    println!("wrote {} manual pages to {}", pages.len(), dir.display());
    Ok(exit::OK)
}

fn page(cmd: &clap::Command) -> Result<String> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut buf)?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

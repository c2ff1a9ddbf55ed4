//! `onus frameworks list|show`: the compliance frameworks compiled into onus
//! and the checks that evidence each control.

use crate::{ListFormat, write_stdout};
use anyhow::Result;
use clap::Subcommand;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};

#[derive(Subcommand, Debug)]
pub(crate) enum FrameworksCommand {
    /// List the built-in frameworks.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Show a framework's controls and the checks that evidence them.
    Show {
        /// The framework id (see `onus frameworks list`).
        id: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
}

pub(crate) fn run(command: &FrameworksCommand) -> Result<()> {
    match command {
        FrameworksCommand::List { format } => {
            let all = onus_frameworks::builtin()?;
            match format {
                ListFormat::Json => {
                    let list: Vec<_> = all
                        .iter()
                        .map(|f| {
                            serde_json::json!({
                                "id": f.id, "name": f.name, "version": f.version, "url": f.url,
                                "controls": f.controls.len(),
                                "covered": f.controls.iter().filter(|c| !c.checks.is_empty()).count(),
                            })
                        })
                        .collect();
                    let mut buf = serde_json::to_vec_pretty(&list)?;
                    buf.push(b'\n');
                    write_stdout(&buf)
                }
                ListFormat::Table => {
                    let mut t = Table::new();
                    t.load_preset(UTF8_FULL_CONDENSED);
                    t.set_header(vec!["Id", "Name", "Version", "Controls", "Covered by checks", "Manual"]);
                    for f in all {
                        let covered = f.controls.iter().filter(|c| !c.checks.is_empty()).count();
                        let manual = f.controls.iter().filter(|c| c.checks.is_empty() && c.manual).count();
                        t.add_row(vec![
                            f.id.clone(),
                            f.name.clone(),
                            f.version.clone(),
                            f.controls.len().to_string(),
                            covered.to_string(),
                            manual.to_string(),
                        ]);
                    }
                    write_stdout(format!("{t}\n").as_bytes())
                }
            }
        }
        FrameworksCommand::Show { id, format } => {
            let f = onus_frameworks::find(id)?;
            match format {
                ListFormat::Json => {
                    let mut buf = serde_json::to_vec_pretty(f)?;
                    buf.push(b'\n');
                    write_stdout(&buf)
                }
                ListFormat::Table => {
                    let mut t = Table::new();
                    t.load_preset(UTF8_FULL_CONDENSED);
                    t.set_content_arrangement(ContentArrangement::Dynamic).set_width(160);
                    t.set_header(vec!["Control", "Title", "Evidence"]);
                    for c in &f.controls {
                        let evidence = if !c.checks.is_empty() {
                            c.checks.join("\n")
                        } else if c.manual {
                            "manual".to_owned()
                        } else {
                            "not covered".to_owned()
                        };
                        t.add_row(vec![c.id.clone(), c.title.clone(), evidence]);
                    }
                    write_stdout(format!("{} {} ({})\n{}\n\n{t}\n", f.name, f.version, f.id, f.url).as_bytes())
                }
            }
        }
    }
}

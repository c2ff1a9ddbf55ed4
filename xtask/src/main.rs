//! Generates the files derived from code — check documentation and JSON
//! Schemas — and checks that the committed copies are current.
//!
//! `cargo run -p xtask -- generate` writes them; `cargo run -p xtask -- check`
//! fails when any is stale (the test suite runs the same comparison).

use anyhow::{Context, Result, bail};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn pretty(value: &serde_json::Value) -> Result<String> {
    Ok(serde_json::to_string_pretty(value)? + "\n")
}

/// Every generated file, relative to the repository root, with its content.
fn generated() -> Result<BTreeMap<PathBuf, String>> {
    let mut files = BTreeMap::new();
    for check in onus_checks::CHECKS {
        let meta = check.meta();
        files.insert(
            PathBuf::from(format!("docs/checks/{}.md", meta.id)),
            onus_checks::docs::check_markdown(meta),
        );
    }
    files.insert(PathBuf::from("docs/checks/README.md"), onus_checks::docs::index_markdown(onus_checks::CHECKS));
    let model = onus_matrix::builtin()?;
    files.insert(PathBuf::from("docs/responsibility-model.md"), responsibility_markdown(model));
    files.insert(PathBuf::from("schema/inventory.schema.json"), pretty(&onus_model::inventory_schema())?);
    files.insert(PathBuf::from("schema/report.schema.json"), pretty(&onus_report::report_schema())?);
    let frameworks = onus_frameworks::builtin()?;
    for f in frameworks {
        files.insert(PathBuf::from(format!("docs/frameworks/{}.md", f.id)), onus_frameworks::framework_markdown(f));
    }
    files.insert(PathBuf::from("docs/frameworks/README.md"), frameworks_index(frameworks));
    Ok(files)
}

/// The responsibility model as a reference page: an ownership grid, then
/// each service's duties in full.
fn responsibility_markdown(model: &onus_matrix::ResponsibilityModel) -> String {
    use onus_matrix::model::Owner;
    use onus_model::Domain;
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(s, "# The responsibility model\n");
    let _ = writeln!(
        s,
        "<!-- Generated from crates/onus-matrix/data/services/*.yaml by `cargo run -p xtask -- generate`. Do not edit. -->\n"
    );
    let _ = writeln!(
        s,
        "{} services × {} domains. **A** = AWS (provider-owned), **C** = customer-owned, **S** = shared. \
         Each customer part is evidenced by checks, or by a question a person answers (an attestation).\n",
        model.services.len(),
        Domain::ALL.len()
    );
    let _ = write!(s, "| Service | Tier |");
    for d in Domain::ALL {
        let _ = write!(s, " {} |", onus_report::matrix::short_title(*d));
    }
    let _ = write!(s, "\n|---|---|");
    for _ in Domain::ALL {
        let _ = write!(s, "---|");
    }
    s.push('\n');
    for svc in &model.services {
        let _ = write!(s, "| [{}](#{}) | {} |", svc.name, svc.id, svc.category.label());
        for d in Domain::ALL {
            let mark = match svc.domains.get(d).map(|duty| duty.owner) {
                Some(Owner::Aws) => "A",
                Some(Owner::Customer) => "C",
                Some(Owner::Shared) => "S",
                None => "",
            };
            let _ = write!(s, " {mark} |");
        }
        s.push('\n');
    }
    for svc in &model.services {
        let _ = writeln!(s, "\n## {} <a id=\"{}\"></a>\n", svc.name, svc.id);
        let aws_term = serde_json::to_value(svc.aws_category).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        let _ = writeln!(s, "`{}` · {} (AWS: {aws_term}) · [AWS security documentation]({})\n", svc.id, svc.category.label(), svc.docs);
        let _ = writeln!(s, "| Domain | Owner | AWS | Customer | Evidence |\n|---|---|---|---|---|");
        for d in Domain::ALL {
            let Some(duty) = svc.domains.get(d) else { continue };
            let mut evidence: Vec<String> = duty.checks.iter().map(|c| format!("[`{c}`](checks/{c}.md)")).collect();
            if let Some(q) = &duty.manual {
                evidence.push(format!("Ask: {q}"));
            }
            let cell = |t: &str| t.replace('|', "\\|");
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} |",
                d.title(),
                duty.owner.ssrm_term(),
                cell(duty.aws.as_deref().unwrap_or("")),
                cell(duty.customer.as_deref().unwrap_or("")),
                cell(&evidence.join("<br>"))
            );
        }
        for v in &svc.variants {
            let _ = writeln!(s, "\n**Variant: {}** (`{}`). {}", v.name, v.id, v.description);
            for (d, duty) in &v.overrides {
                let _ = writeln!(
                    s,
                    "- {}: {}{}",
                    d.title(),
                    duty.owner.ssrm_term(),
                    duty.customer.as_deref().map(|c| format!(" — {c}")).unwrap_or_default()
                );
            }
        }
    }
    s
}

/// The index of the framework pages.
fn frameworks_index(frameworks: &[onus_frameworks::Framework]) -> String {
    use std::fmt::Write as _;
    let mut s = String::from("# Compliance frameworks\n\n");
    let _ = writeln!(
        s,
        "<!-- Generated from crates/onus-frameworks/frameworks/*.yaml by `cargo run -p xtask -- generate`. Do not edit. -->\n"
    );
    let _ = writeln!(s, "`onus frameworks list` lists them; `onus scan … --framework ID` reports per control.\n");
    let _ = writeln!(s, "| Id | Framework | Controls | Evidenced by checks | Manual |\n|---|---|---:|---:|---:|");
    for f in frameworks {
        let covered = f.controls.iter().filter(|c| !c.checks.is_empty()).count();
        let manual = f.controls.iter().filter(|c| c.checks.is_empty() && c.manual).count();
        let _ = writeln!(s, "| [`{}`]({}.md) | {} {} | {} | {covered} | {manual} |", f.id, f.id, f.name, f.version, f.controls.len());
    }
    s
}

/// Generated directories in which any file not generated is stale.
const OWNED_DIRS: &[&str] = &["docs/checks", "docs/frameworks"];

/// Lists stale, missing and orphaned generated files.
fn stale() -> Result<Vec<String>> {
    let root = root();
    let files = generated()?;
    let mut problems = Vec::new();
    for (rel, content) in &files {
        match std::fs::read_to_string(root.join(rel)) {
            Ok(existing) if existing == *content => {}
            Ok(_) => problems.push(format!("{} is stale", rel.display())),
            Err(_) => problems.push(format!("{} is missing", rel.display())),
        }
    }
    for dir in OWNED_DIRS {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else { continue };
        for entry in entries.filter_map(Result::ok) {
            let rel = Path::new(dir).join(entry.file_name());
            if !files.contains_key(&rel) {
                problems.push(format!("{} is not generated by any check (remove it)", rel.display()));
            }
        }
    }
    Ok(problems)
}

fn write_all() -> Result<()> {
    let root = root();
    for dir in OWNED_DIRS {
        let _ = std::fs::remove_dir_all(root.join(dir));
    }
    for (rel, content) in generated()? {
        let path = root.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, content).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
fn main() -> Result<()> {
    match std::env::args().nth(1).as_deref() {
        Some("generate") => {
            write_all()?;
            println!("generated files written");
            Ok(())
        }
        Some("check") => {
            let problems = stale()?;
            if problems.is_empty() {
                println!("generated files are current");
                Ok(())
            } else {
                for p in &problems {
                    eprintln!("{p}");
                }
                bail!("generated files are stale: run `cargo run -p xtask -- generate`")
            }
        }
        _ => bail!("usage: cargo run -p xtask -- generate|check"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn generated_files_are_current() {
        let problems = match super::stale() {
            Ok(p) => p,
            Err(e) => panic!("{e:#}"),
        };
        assert!(
            problems.is_empty(),
            "generated files are stale; run `cargo run -p xtask -- generate`:\n{}",
            problems.join("\n")
        );
    }
}

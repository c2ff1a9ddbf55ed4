//! Documentation generated from check metadata: `docs/checks/<id>.md`,
//! `onus checks explain`, and the index page.

use crate::check::Check;
use crate::meta::CheckMeta;
use std::fmt::Write;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
}

/// The fixtures of one check: (file name, contents).
pub fn fixtures(check_id: &str) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    embedded::FIXTURES.iter().filter(move |(id, _, _)| *id == check_id).map(|(_, name, json)| (*name, *json))
}

const EXPECT_TAG: &str = "onus:expect";

fn source_words(source: onus_model::SourceKind) -> &'static str {
    match source {
        onus_model::SourceKind::Live => "live account",
        onus_model::SourceKind::TerraformPlan => "Terraform plan",
        onus_model::SourceKind::TerraformState => "Terraform state",
        onus_model::SourceKind::TerraformHcl => "Terraform configuration",
        onus_model::SourceKind::CloudFormation => "CloudFormation",
    }
}

fn write_example(s: &mut String, check_id: &str, file: &str, json: &str, want: &str) {
    let Ok(inv) = onus_model::snapshot::from_slice(std::path::Path::new(file), json.as_bytes()) else {
        return;
    };
    let title = if want == "fail" { "Failing" } else { "Passing" };
    let _ = writeln!(s, "### {title} example ({}, `fixtures/{check_id}/{file}`)\n", source_words(inv.metadata.source));
    if let Some(d) = &inv.metadata.description {
        let _ = writeln!(s, "{d}\n");
    }
    let judged: Vec<_> = inv.resources.iter().filter(|r| r.tags.contains_key(EXPECT_TAG)).collect();
    let _ = writeln!(s, "| Expected | Resource | Kind |\n|---|---|---|");
    for r in &judged {
        let _ = writeln!(s, "| {} | `{}` | `{}` |", r.tags.get(EXPECT_TAG).map_or("", String::as_str), r.name, r.kind());
    }
    if let Some(first) = judged.iter().find(|r| r.tags.get(EXPECT_TAG).is_some_and(|e| e == want)) {
        // The properties as the fixture writes them (absent ones stay absent).
        let raw: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
        let props = raw["resources"]
            .as_array()
            .and_then(|rs| rs.iter().find(|r| r["id"] == first.id.as_str()))
            .and_then(|r| serde_json::to_string_pretty(&r["properties"]).ok())
            .unwrap_or_default();
        let _ = writeln!(s, "\n`{}` ({want}):\n\n```json\n{props}\n```\n", first.name);
    }
}

/// The Markdown page of one check.
pub fn check_markdown(meta: &CheckMeta) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {}: {}\n", meta.id, meta.title);
    let _ = writeln!(s, "<!-- Generated from the check's metadata by `cargo run -p xtask -- generate`. Do not edit. -->\n");
    let _ = writeln!(s, "| | |\n|---|---|");
    let _ = writeln!(s, "| **Severity** | {} |", meta.severity);
    let _ = writeln!(s, "| **Service** | `{}` |", meta.service);
    let _ = writeln!(s, "| **Domain** | {} (`{}`) |", meta.domain.title(), meta.domain.id());
    let kinds: Vec<String> = meta.kinds.iter().map(|k| format!("`{k}`")).collect();
    let _ = writeln!(s, "| **Resource kinds** | {} |", kinds.join(", "));
    if !meta.aliases.is_empty() {
        let aliases: Vec<String> = meta.aliases.iter().map(|a| format!("`{a}`")).collect();
        let _ = writeln!(s, "| **Aliases** | {} |", aliases.join(", "));
    }
    let _ = writeln!(s, "\n## Customer duty\n\n{}\n", meta.duty);
    let _ = writeln!(s, "## Why it matters\n\n{}\n", meta.rationale);
    let _ = writeln!(s, "## Remediation\n\n{}\n", meta.remediation.text);
    if let Some(cli) = meta.remediation.cli {
        let _ = writeln!(s, "### AWS CLI\n\n```sh\n{}\n```\n", cli.trim_end());
    }
    if let Some(tf) = meta.remediation.terraform {
        let _ = writeln!(s, "### Terraform\n\n```hcl\n{}\n```\n", tf.trim_end());
    }
    if let Some(cfn) = meta.remediation.cloudformation {
        let _ = writeln!(s, "### CloudFormation\n\n```yaml\n{}\n```\n", cfn.trim_end());
    }
    let files: Vec<_> = fixtures(meta.id).collect();
    if !files.is_empty() {
        let _ = writeln!(s, "## Examples\n");
        let _ = writeln!(s, "These are the check's test fixtures: each resource's expected result is part of the test.\n");
        for (want, file) in [("fail", "fail.json"), ("pass", "pass.json")] {
            if let Some((name, json)) = files.iter().find(|(n, _)| *n == file) {
                write_example(&mut s, meta.id, name, json, want);
            }
        }
        let others: Vec<_> = files.iter().filter(|(n, _)| *n != "fail.json" && *n != "pass.json").collect();
        if !others.is_empty() {
            let _ = writeln!(s, "Further cases:\n");
            for (name, json) in others {
                let desc = onus_model::snapshot::from_slice(std::path::Path::new(name), json.as_bytes())
                    .ok()
                    .and_then(|inv| inv.metadata.description)
                    .unwrap_or_default();
                let _ = writeln!(s, "- `fixtures/{}/{name}`: {desc}", meta.id);
            }
            s.push('\n');
        }
    }
    let _ = writeln!(s, "## References\n");
    for r in meta.references {
        let _ = writeln!(s, "- <{r}>");
    }
    s
}

/// The index page listing every check.
pub fn index_markdown(checks: &[&'static dyn Check]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Checks\n");
    let _ = writeln!(s, "<!-- Generated from the check registry by `cargo run -p xtask -- generate`. Do not edit. -->\n");
    let _ = writeln!(s, "{} checks.\n", checks.len());
    let _ = writeln!(s, "| Id | Severity | Service | Domain | Title |\n|---|---|---|---|---|");
    for c in checks {
        let m = c.meta();
        let _ = writeln!(s, "| [`{}`]({}.md) | {} | `{}` | {} | {} |", m.id, m.id, m.severity, m.service, m.domain.title(), m.title);
    }
    s
}

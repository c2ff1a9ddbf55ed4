//! Documentation generated from check metadata: `docs/checks/<id>.md`,
//! `onus checks explain`, and the index page.

use crate::check::Check;
use crate::meta::CheckMeta;
use std::fmt::Write;

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

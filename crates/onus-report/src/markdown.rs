//! Markdown for a pull-request comment: a summary, then the failing findings
//! with collapsible details. GitHub rejects comments over 65,536 characters,
//! so the output stops adding findings below [`MAX_CHARS`] and says how many
//! were left out.

use crate::util::{meta, region, title};
use crate::{Report, ReportError};
use onus_checks::{Severity, Status};
use std::fmt::Write as _;
use std::io::Write;

/// The hard cap on the comment's length, in characters (GitHub's limit is 65,536).
pub const MAX_CHARS: usize = 65_000;

/// Escapes text from the account for Markdown and HTML, for use inside a
/// line: HTML's special characters become entities and Markdown's inline
/// punctuation is backslash-escaped, so a resource name can neither inject
/// markup, links or mentions nor format the comment.
pub fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Inline only (the text never starts a line): emphasis, code, links,
            // tables, strikethrough and mentions are what it could trigger.
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '@' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes text inside an HTML block (`<summary>`): HTML's special
/// characters and Markdown's punctuation become character references, which
/// render literally whether or not a renderer applies Markdown there.
fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' | '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '#' | '|' | '~' | '@' | '!' => {
                out.push_str(&format!("&#{};", u32::from(c)));
            }
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn severity_icon(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "🟣",
        Severity::High => "🔴",
        Severity::Medium => "🟠",
        Severity::Low => "🟡",
        Severity::Info => "⚪",
    }
}

/// Writes the comment.
pub fn write(report: &Report, out: &mut dyn Write) -> Result<(), ReportError> {
    let mut head = String::new();
    let s = &report.summary;
    let _ = writeln!(head, "## onus: {} failed, {} passed\n", s.count(Status::Fail), s.count(Status::Pass));
    let _ = writeln!(
        head,
        "{} checks on {} resources · accounts: {} · collected {}\n",
        s.checks,
        s.resources,
        if report.scan.accounts.is_empty() { "-".to_owned() } else { md_escape(&report.scan.accounts.join(", ")) },
        report.scan.collected_at.format("%Y-%m-%d %H:%M UTC")
    );
    let _ = writeln!(head, "| Status | Results |\n|---|---:|");
    for st in Status::ALL {
        let n = s.count(*st);
        if n > 0 {
            let _ = writeln!(head, "| {st} | {n} |");
        }
    }
    if !s.failed_by_severity.is_empty() {
        let _ = writeln!(head, "\n| Failed by severity | Results |\n|---|---:|");
        for sev in Severity::ALL_DESC {
            if let Some(n) = s.failed_by_severity.get(sev) {
                let _ = writeln!(head, "| {} {sev} | {n} |", severity_icon(*sev));
            }
        }
    }
    for view in &report.compliance {
        let _ = writeln!(
            head,
            "\n**{} {}**: {} of controls passed ({} pass, {} fail, {} unknown, {} manual, {} not covered)",
            md_escape(&view.name),
            md_escape(&view.version),
            view.percent_passed.map_or("n/a".to_owned(), |p| format!("{p}%")),
            view.count(onus_frameworks::ControlStatus::Pass),
            view.count(onus_frameworks::ControlStatus::Fail),
            view.count(onus_frameworks::ControlStatus::Unknown),
            view.count(onus_frameworks::ControlStatus::Manual),
            view.count(onus_frameworks::ControlStatus::NotCovered),
        );
    }
    for w in &report.warnings {
        let _ = writeln!(head, "\n> ⚠️ {}", md_escape(w));
    }

    let failing: Vec<_> = report.results.iter().filter(|r| r.status == Status::Fail).collect();
    let mut body = String::new();
    if failing.is_empty() {
        let _ = writeln!(body, "\nNo failing findings. 🎉");
    } else {
        let _ = writeln!(body, "\n### Failing findings\n");
    }
    let footer_reserve = 300;
    let budget = MAX_CHARS.saturating_sub(head.chars().count() + footer_reserve);
    let mut used = body.chars().count();
    let mut shown = 0usize;
    for r in &failing {
        let mut block = String::new();
        let _ = writeln!(
            block,
            "<details><summary>{} <b>{}</b> <code>{}</code> — {}</summary>\n",
            severity_icon(r.severity),
            r.severity,
            html_escape(&r.check_id),
            html_escape(&r.resource.name)
        );
        let _ = writeln!(block, "- **Finding:** {}", md_escape(&r.message));
        let _ = writeln!(block, "- **Check:** {}", md_escape(title(r)));
        let _ = writeln!(block, "- **Resource:** `{}`", r.resource.id.replace('`', "'").replace(['\n', '\r'], " "));
        let acct = r.resource.account.as_deref().unwrap_or("-");
        let reg = region(r);
        let _ = writeln!(block, "- **Account / region:** {} / {}", md_escape(acct), md_escape(if reg.is_empty() { "-" } else { reg }));
        if let Some(loc) = &r.location {
            let line = loc.span.map(|s| format!(":{}", s.start_line)).unwrap_or_default();
            let _ = writeln!(block, "- **Location:** {}{line}", md_escape(&loc.file));
        }
        if let Some(m) = meta(r) {
            let _ = writeln!(block, "- **Fix:** {}", md_escape(m.remediation.text));
        }
        let _ = writeln!(block, "\n</details>\n");
        let n = block.chars().count();
        if used + n > budget {
            break;
        }
        used += n;
        shown += 1;
        body.push_str(&block);
    }
    let left_out = failing.len() - shown;
    if left_out > 0 {
        let _ = writeln!(
            body,
            "\n> **{left_out} more failing finding{} not shown** to stay under GitHub's comment size limit; see the full report (e.g. `--format html`).",
            if left_out == 1 { "" } else { "s" }
        );
    }
    let _ = writeln!(body, "\n<sub>onus {}</sub>", md_escape(&report.onus_version));
    out.write_all(head.as_bytes())?;
    out.write_all(body.as_bytes())?;
    Ok(())
}

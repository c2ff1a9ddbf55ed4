//! JUnit XML for CI dashboards: one test suite per check, one test case per
//! check × resource. Failures are `<failure>`, unknown and error results are
//! `<error>`, muted and manual results are `<skipped>`.

use crate::util::{region, title};
use crate::{Report, ReportError};
use onus_checks::Status;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

/// Escapes text for XML attribute values and content, and drops the
/// characters XML 1.0 cannot carry (control characters other than tab and
/// newline), which a resource name could contain.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Writes the JUnit report.
pub fn write(report: &Report, out: &mut dyn Write) -> Result<(), ReportError> {
    let mut suites: BTreeMap<&str, Vec<&onus_checks::CheckResult>> = BTreeMap::new();
    for r in &report.results {
        suites.entry(r.check_id.as_str()).or_default().push(r);
    }
    let count = |rs: &[&onus_checks::CheckResult], pred: &dyn Fn(Status) -> bool| rs.iter().filter(|r| pred(r.status)).count();
    let is_fail = |s: Status| s == Status::Fail;
    let is_error = |s: Status| matches!(s, Status::Unknown | Status::Error);
    let is_skip = |s: Status| matches!(s, Status::Muted | Status::Manual);
    let all: Vec<&onus_checks::CheckResult> = report.results.iter().collect();
    let timestamp = report.scan.collected_at.format("%Y-%m-%dT%H:%M:%S");
    let mut s = String::new();
    let _ = writeln!(s, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        s,
        r#"<testsuites name="onus" tests="{}" failures="{}" errors="{}" skipped="{}" time="0">"#,
        all.len(),
        count(&all, &is_fail),
        count(&all, &is_error),
        count(&all, &is_skip)
    );
    for (check, rs) in &suites {
        let name = rs.first().map_or(*check, |r| title(r));
        let _ = writeln!(
            s,
            r#"  <testsuite name="{}" tests="{}" failures="{}" errors="{}" skipped="{}" time="0" timestamp="{timestamp}">"#,
            xml_escape(check),
            rs.len(),
            count(rs, &is_fail),
            count(rs, &is_error),
            count(rs, &is_skip)
        );
        let _ = writeln!(s, r#"    <properties><property name="title" value="{}"/></properties>"#, xml_escape(name));
        for r in rs {
            let case = match (r.resource.account.as_deref(), region(r)) {
                (Some(a), reg) if !reg.is_empty() => format!("{} ({a}/{reg})", r.resource.id),
                (Some(a), _) => format!("{} ({a})", r.resource.id),
                (None, _) => r.resource.id.clone(),
            };
            let open = format!(
                r#"    <testcase name="{}" classname="onus.{}.{}" time="0""#,
                xml_escape(&case),
                xml_escape(&r.service),
                xml_escape(&r.check_id)
            );
            let msg = xml_escape(&r.message);
            let body = match r.status {
                Status::Pass => None,
                Status::Fail => Some(format!(
                    r#"      <failure message="{msg}" type="{}">{}: {msg}</failure>"#,
                    r.severity,
                    xml_escape(&r.resource.name)
                )),
                Status::Unknown | Status::Error => Some(format!(r#"      <error message="{msg}" type="{}">{msg}</error>"#, r.status)),
                Status::Muted => {
                    let reason = r.muted.as_ref().map_or(String::new(), |m| xml_escape(&m.reason));
                    Some(format!(r#"      <skipped message="muted: {reason}"/>"#))
                }
                Status::Manual => Some(format!(r#"      <skipped message="manual: {msg}"/>"#)),
            };
            match body {
                None => {
                    let _ = writeln!(s, "{open}/>");
                }
                Some(b) => {
                    let _ = writeln!(s, "{open}>\n{b}\n    </testcase>");
                }
            }
        }
        let _ = writeln!(s, "  </testsuite>");
    }
    let _ = writeln!(s, "</testsuites>");
    out.write_all(s.as_bytes())?;
    Ok(())
}

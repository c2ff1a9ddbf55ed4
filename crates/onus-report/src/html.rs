//! The HTML report: one self-contained file a person can open, filter,
//! search and print, with no network requests at all.
//!
//! Security model, since resource names, tags and policy text come from the
//! customer's account and may be hostile:
//! - the data is embedded as JSON in `<script type="application/json">` with
//!   `<`, `>`, `&`, U+2028 and U+2029 escaped, so no string can close the
//!   element or start markup;
//! - the page's only script builds the DOM with `textContent`, never
//!   `innerHTML` of data; links are made only from check metadata and only
//!   for `http(s)` URLs;
//! - a Content-Security-Policy meta with `default-src 'none'` allows exactly
//!   the page's own inline style and script, by SHA-256 hash.

use crate::util::{meta, region};
use crate::{Report, ReportError};
use onus_matrix::compute::Matrix;
use onus_model::Domain;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Write;

const STYLE: &str = include_str!("html/report.css");
const SCRIPT: &str = include_str!("html/report.js");

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Serializes `value` as JSON that is inert inside an HTML `<script>`
/// element: `<`, `>`, `&`, U+2028 and U+2029 are written as `\uXXXX`
/// escapes (they can only occur inside JSON strings, where the escapes mean
/// the same characters).
pub fn script_safe_json(value: &Value) -> Result<String, serde_json::Error> {
    let raw = serde_json::to_string(value)?;
    let mut out = String::with_capacity(raw.len() + raw.len() / 16);
    for c in raw.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    Ok(out)
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The CSP source for an inline element with this content.
fn csp_hash(content: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(content.as_bytes())))
}

/// The Content-Security-Policy the report carries.
pub fn content_security_policy() -> String {
    format!(
        "default-src 'none'; script-src {}; style-src {}; img-src data:; base-uri 'none'; form-action 'none'",
        csp_hash(SCRIPT),
        csp_hash(STYLE)
    )
}

fn matrix_json(m: &Matrix) -> Value {
    let rows: Vec<Value> = m
        .rows
        .iter()
        .map(|r| {
            let cells: Vec<Value> = r
                .cells
                .iter()
                .map(|c| {
                    json!({
                        "domain": c.domain.id(),
                        "owner": c.owner,
                        "status": c.status,
                        "fail": c.checks.iter().map(|e| e.fail).sum::<usize>(),
                        "customer": c.customer,
                        "aws": c.aws,
                    })
                })
                .collect();
            json!({ "service": r.service, "name": r.name, "resources": r.resources, "cells": cells })
        })
        .collect();
    json!({
        "rows": rows,
        "automated_percent": m.coverage.automated_percent,
        "customer_duties": m.coverage.customer_duties,
    })
}

/// The data the page renders, as a JSON value.
pub fn data(report: &Report, matrix: Option<&Matrix>) -> Value {
    let mut checks: BTreeMap<&str, Value> = BTreeMap::new();
    let results: Vec<Value> = report
        .results
        .iter()
        .map(|r| {
            if let Some(m) = meta(r) {
                checks.entry(m.id).or_insert_with(|| {
                    json!({
                        "title": m.title,
                        "duty": m.duty,
                        "rationale": m.rationale,
                        "remediation": m.remediation,
                        "references": m.references,
                    })
                });
            }
            let mut v = json!({
                "c": r.check_id,
                "s": r.status,
                "v": r.severity,
                "sv": r.service,
                "d": r.domain.id(),
                "a": r.resource.account.as_deref().unwrap_or(""),
                "r": region(r),
                "id": r.resource.id,
                "n": r.resource.name,
                "t": r.resource.kind.type_name(),
                "m": r.message,
            });
            if let Some(a) = &r.attribute {
                v["at"] = json!(a);
            }
            if let Some(p) = &r.resource.provenance {
                v["p"] = json!(p.describe());
            }
            if let Some(loc) = &r.location {
                v["loc"] = json!(match loc.span {
                    Some(s) => format!("{}:{}", loc.file, s.start_line),
                    None => loc.file.clone(),
                });
            }
            if let Some(m) = &r.muted {
                v["mu"] = json!({ "reason": m.reason, "expires": m.expires, "was": m.original_status, "entry": m.entry });
            }
            v
        })
        .collect();
    let domains: BTreeMap<&str, &str> = Domain::ALL.iter().map(|d| (d.id(), d.title())).collect();
    let short: BTreeMap<&str, &str> = Domain::ALL.iter().map(|d| (d.id(), crate::matrix::short_title(*d))).collect();
    json!({
        "meta": {
            "onus_version": report.onus_version,
            "source": report.scan.source,
            "accounts": report.scan.accounts,
            "regions": report.scan.regions,
            "collected_at": report.scan.collected_at,
            "description": report.scan.description,
        },
        "summary": report.summary,
        "domains": domains,
        "domain_short": short,
        "domain_order": Domain::ALL.iter().map(|d| d.id()).collect::<Vec<_>>(),
        "checks": checks,
        "results": results,
        "matrix": matrix.map(matrix_json),
        "compliance": report.compliance,
        "warnings": report.warnings,
        "gaps": report.gaps.iter().map(|g| json!({
            "service": g.service,
            "account": g.account,
            "region": g.region,
            "reason": g.reason.describe(),
            "message": g.message,
        })).collect::<Vec<_>>(),
    })
}

/// Writes the report page. `matrix` is the responsibility matrix of the same
/// scan, shown as a heat map when given.
pub fn write(report: &Report, matrix: Option<&Matrix>, out: &mut dyn Write) -> Result<(), ReportError> {
    let data = script_safe_json(&data(report, matrix))?;
    let title = match report.scan.accounts.as_slice() {
        [] => "onus report".to_owned(),
        accounts => format!("onus report · {}", accounts.join(", ")),
    };
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"referrer\" content=\"no-referrer\">\n\
<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
<noscript><p class=\"noscript\">This report needs JavaScript to render; the data is in the <code>onus-data</code> element of this file.</p></noscript>\n\
<div id=\"app\"></div>\n\
<script type=\"application/json\" id=\"onus-data\">{data}</script>\n\
<script>{SCRIPT}</script>\n</body>\n</html>\n",
        // The policy holds only quotes, letters, digits and base64: in a
        // double-quoted attribute, `&` and `"` are all that could need escaping.
        csp = content_security_policy().replace('&', "&amp;").replace('"', "&quot;"),
        title = escape_html(&title),
    );
    out.write_all(page.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_vectors() {
        for (input, expected) in [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")] {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }

    #[test]
    fn embedded_json_cannot_close_its_element() {
        let v = json!({ "n": "</script><script>alert(1)</script>&\u{2028}\u{2029}" });
        let s = match script_safe_json(&v) { Ok(s) => s, Err(e) => panic!("{e}") };
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        assert!(!s.contains('\u{2028}') && !s.contains('\u{2029}'));
        let back: Value = match serde_json::from_str(&s) { Ok(v) => v, Err(e) => panic!("{e}") };
        assert_eq!(back, v, "the escapes decode to the same data");
    }

    #[test]
    fn the_page_script_never_uses_html_sinks() {
        for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setAttribute('on", "javascript:"] {
            assert!(!SCRIPT.contains(sink), "report.js uses {sink}");
        }
        assert!(!STYLE.contains("url(") && !STYLE.contains("@import"), "the stylesheet loads nothing");
    }
}

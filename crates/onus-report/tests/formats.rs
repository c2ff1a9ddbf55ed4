//! Every format on one canned result set: the bundled demo account, evaluated
//! with every check, muted with the shipped example mutelist on a fixed day,
//! with the CIS compliance view. Golden files (insta) for every format, plus
//! schema validation for OCSF and the documented required fields for ASFF.

use chrono::NaiveDate;
use onus_checks::Status;
use onus_model::Inventory;
use onus_report::Report;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn demo() -> Inventory {
    match onus_model::snapshot::read(&root().join("examples/demo-account.json")) {
        Ok(i) => i,
        Err(e) => panic!("demo: {e}"),
    }
}

/// A fixed set of checks, so the golden files change only when these checks
/// or the formats change, not whenever a check is added.
const CANNED_CHECKS: &[&str] = &[
    "cloudtrail-log-file-validation-disabled", "cloudtrail-trail-not-multi-region", "dynamodb-table-pitr-disabled",
    "ebs-encryption-by-default-disabled", "ebs-snapshot-public", "ebs-volume-unencrypted", "ec2-instance-imdsv1-allowed",
    "ec2-security-group-admin-ports-open", "ec2-security-group-all-traffic-open", "elb-listener-outdated-tls-policy",
    "elb-listener-plain-http", "guardduty-not-enabled", "iam-access-key-not-rotated", "iam-console-user-without-mfa",
    "iam-password-policy-weak", "iam-root-user-access-keys", "iam-root-user-without-mfa", "kms-key-rotation-disabled",
    "lambda-function-runtime-deprecated", "lambda-function-url-unauthenticated", "rds-instance-backups-insufficient",
    "rds-instance-publicly-accessible", "rds-instance-storage-unencrypted", "rds-snapshot-public",
    "s3-bucket-allows-insecure-transport", "s3-bucket-policy-allows-public-access", "s3-bucket-public-access-block-disabled",
    "s3-bucket-versioning-disabled",
];

fn canned_checks() -> Vec<&'static dyn onus_checks::Check> {
    CANNED_CHECKS
        .iter()
        .map(|id| match onus_checks::selection::find(id) {
            Some(c) => c,
            None => panic!("check {id} is gone"),
        })
        .collect()
}

/// The canned report: fixed checks, fixed inventory, fixed mutelist, fixed "today".
fn canned() -> (Inventory, Report) {
    let inv = demo();
    let checks = canned_checks();
    let mut results = onus_checks::evaluate(&inv, &checks);
    // Parsed under its repository-relative name, so the golden files name no machine path.
    let text = match std::fs::read_to_string(root().join("examples/mutelist.yaml")) {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    };
    let list = match onus_mutelist::parse("examples/mutelist.yaml", &text) {
        Ok(l) => l,
        Err(e) => panic!("{e}"),
    };
    let today = NaiveDate::from_ymd_opt(2027, 2, 1).unwrap_or_default();
    let applied = list.apply(&inv, &mut results, today);
    let mut report = Report::new(&inv, results, checks.len());
    report.warnings = applied.warnings.iter().map(ToString::to_string).collect();
    let cis = match onus_frameworks::find("cis-aws-3.0.0") {
        Ok(f) => f,
        Err(e) => panic!("{e}"),
    };
    report.compliance.push(onus_frameworks::ComplianceView::evaluate(cis, &report.results));
    (inv, report)
}

fn render(f: impl FnOnce(&mut Vec<u8>) -> Result<(), onus_report::ReportError>) -> String {
    let mut buf = Vec::new();
    if let Err(e) = f(&mut buf) {
        panic!("render: {e}");
    }
    match String::from_utf8(buf) {
        Ok(s) => s,
        Err(e) => panic!("not UTF-8: {e}"),
    }
}

#[test]
fn the_canned_set_has_every_status_worth_showing() {
    let (_, report) = canned();
    for st in [Status::Pass, Status::Fail, Status::Muted] {
        assert!(report.results.iter().any(|r| r.status == st), "no {st} result");
    }
    assert_eq!(report.warnings.len(), 1, "the sandbox entry expired on 2027-01-15: {:?}", report.warnings);
    assert!(report.warnings[0].starts_with("examples/mutelist.yaml:21: mutelist entry expired on 2027-01-15"), "{}", report.warnings[0]);
}

#[test]
fn golden_json() {
    let (_, report) = canned();
    insta::assert_snapshot!("json", render(|b| onus_report::json::write(&report, b)));
}

#[test]
fn golden_csv() {
    let (_, report) = canned();
    let out = render(|b| onus_report::csv::write(&report, b));
    // Parses back: a header of the documented columns and one row per result.
    let mut rd = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = match rd.headers() {
        Ok(h) => h.iter().map(str::to_owned).collect(),
        Err(e) => panic!("{e}"),
    };
    assert_eq!(header, onus_report::csv::COLUMNS);
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap_or_default()).collect();
    assert_eq!(rows.len(), report.results.len());
    assert!(rows.iter().all(|r| r.len() == onus_report::csv::COLUMNS.len()));
    assert!(rows.iter().any(|r| &r[0] == "muted" && !r[15].is_empty()), "muted rows carry their reason");
    insta::assert_snapshot!("csv", out);
}

#[test]
fn csv_quotes_and_neutralizes_hostile_cells() {
    let (_, mut report) = canned();
    report.results.truncate(1);
    report.results[0].resource.name = "=HYPERLINK(\"http://x\",\"a,b\")\nline2".to_owned();
    let out = render(|b| onus_report::csv::write(&report, b));
    let mut rd = csv::Reader::from_reader(out.as_bytes());
    let row = match rd.records().next() {
        Some(Ok(r)) => r,
        other => panic!("{other:?}"),
    };
    assert_eq!(&row[10], "'=HYPERLINK(\"http://x\",\"a,b\")\nline2", "round-trips with quoting, formula neutralized");
}

#[test]
fn golden_junit() {
    let (_, report) = canned();
    let out = render(|b| onus_report::junit::write(&report, b));
    let cases = out.matches("<testcase ").count();
    assert_eq!(cases, report.results.len(), "one test case per check × resource");
    let n = |s: Status| report.results.iter().filter(|r| r.status == s).count();
    assert_eq!(out.matches("<failure ").count(), n(Status::Fail));
    assert_eq!(out.matches("<error ").count(), n(Status::Unknown) + n(Status::Error));
    assert_eq!(out.matches("<skipped ").count(), n(Status::Muted) + n(Status::Manual));
    assert_eq!(out.matches("<testsuite ").count(), out.matches("</testsuite>").count());
    insta::assert_snapshot!("junit", out);
}

#[test]
fn junit_escapes_markup_and_drops_control_characters() {
    assert_eq!(onus_report::junit::xml_escape("a<b>&\"'\u{1b}"), "a&lt;b&gt;&amp;&quot;&apos;\u{fffd}");
}

#[test]
fn golden_markdown() {
    let (_, report) = canned();
    let out = render(|b| onus_report::markdown::write(&report, b));
    assert!(out.chars().count() < 65_536);
    let fails = report.results.iter().filter(|r| r.status == Status::Fail).count();
    assert_eq!(out.matches("<details>").count(), fails, "every failing finding, nothing else");
    insta::assert_snapshot!("markdown", out);
}

#[test]
fn markdown_stays_under_the_comment_limit_and_says_what_it_left_out() {
    let (_, mut report) = canned();
    let template = match report.results.iter().find(|r| r.status == Status::Fail) {
        Some(r) => r.clone(),
        None => panic!("a failure"),
    };
    report.results = (0..5000)
        .map(|i| {
            let mut r = template.clone();
            r.resource.name = format!("bucket-{i}-<script>alert(1)</script>-**bold**-[link](javascript:x)");
            r.resource.id = format!("arn:aws:s3:::bucket-{i}");
            r
        })
        .collect();
    let out = render(|b| onus_report::markdown::write(&report, b));
    let chars = out.chars().count();
    assert!(chars < 65_536, "{chars} characters");
    let shown = out.matches("<details>").count();
    assert!(shown > 10 && shown < 5000);
    let note = format!("{} more failing findings not shown", 5000 - shown);
    assert!(out.contains(&note), "the note counts what was left out ({note})");
    for raw in ["<script>", "[link](javascript", "**bold**"] {
        let at = out.find(raw).map(|i| &out[i.saturating_sub(200)..(i + 50).min(out.len())]);
        assert!(at.is_none(), "account text {raw:?} is escaped: {at:?}");
    }
}

#[test]
fn markdown_escapes_markup() {
    let e = onus_report::markdown::md_escape("<img src=x onerror=alert(1)> **b** [l](u) @team |");
    assert!(!e.contains('<') && !e.contains("**") && !e.contains(" |"), "{e}");
    assert!(e.contains("\\[l\\](u)") && e.contains("\\@team"), "links and mentions are inert: {e}");
}

fn ocsf_validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ocsf-1.5.0-detection-finding.schema.json");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => panic!("{}: {e}", path.display()),
    };
    let schema: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => panic!("{e}"),
    };
    match jsonschema::validator_for(&schema) {
        Ok(v) => v,
        Err(e) => panic!("schema: {e}"),
    }
}

#[test]
fn ocsf_findings_validate_against_the_detection_finding_schema() {
    let (_, report) = canned();
    let v = ocsf_validator();
    let findings = onus_report::ocsf::findings(&report);
    assert_eq!(findings.len(), report.results.len());
    for f in &findings {
        let errors: Vec<String> = v.iter_errors(f).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", f["finding_info"]["uid"]);
        assert_eq!(f["class_uid"], 2004);
    }
    // The validator is not vacuous: a finding without finding_info, or with a bad class, is rejected.
    let mut bad = findings[0].clone();
    bad.as_object_mut().map(|o| o.remove("finding_info"));
    assert!(!v.is_valid(&bad));
    let mut bad = findings[0].clone();
    bad["class_uid"] = 2001.into();
    assert!(!v.is_valid(&bad));
    let muted = findings.iter().find(|f| f["status_code"] == "MUTED");
    assert!(muted.is_some_and(|f| f["status_id"] == 3), "muted findings are Suppressed");
    insta::assert_snapshot!("ocsf", render(|b| onus_report::ocsf::write(&report, b)));
}

fn is_iso8601_utc(s: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(s).is_ok() && s.ends_with('Z')
}

#[test]
fn asff_findings_have_every_required_field_well_formed() {
    let (_, report) = canned();
    let findings = onus_report::asff::findings(&report);
    assert_eq!(findings.len(), report.results.len());
    let mut ids = std::collections::HashSet::new();
    for f in &findings {
        let s = |k: &str| f[k].as_str().unwrap_or_default().to_owned();
        assert_eq!(s("SchemaVersion"), "2018-10-08");
        let id = s("Id");
        assert!(!id.is_empty() && id.chars().count() <= 512, "Id {id}");
        assert!(ids.insert(id.clone()), "Id {id} is unique");
        let acct = s("AwsAccountId");
        assert!(acct.len() == 12 && acct.chars().all(|c| c.is_ascii_digit()), "AwsAccountId {acct}");
        let product = s("ProductArn");
        assert!(product.starts_with("arn:aws:securityhub:") && product.ends_with(&format!(":{acct}:product/{acct}/default")), "{product}");
        let gen_id = s("GeneratorId");
        assert!(!gen_id.is_empty() && gen_id.chars().count() <= 512);
        let types = f["Types"].as_array().map(Vec::len).unwrap_or(0);
        assert!((1..=50).contains(&types));
        for t in f["Types"].as_array().into_iter().flatten() {
            assert_eq!(t.as_str().map(|t| t.split('/').count()), Some(3), "namespace/category/classifier");
        }
        assert!(is_iso8601_utc(&s("CreatedAt")) && is_iso8601_utc(&s("UpdatedAt")));
        let label = f["Severity"]["Label"].as_str().unwrap_or_default();
        assert!(["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"].contains(&label), "{label}");
        let title = s("Title");
        assert!(!title.is_empty() && title.chars().count() <= 256);
        let desc = s("Description");
        assert!(!desc.is_empty() && desc.chars().count() <= 1024);
        let resources = f["Resources"].as_array().cloned().unwrap_or_default();
        assert!(!resources.is_empty() && resources.len() <= 32);
        for r in &resources {
            assert!(r["Type"].as_str().is_some_and(|t| !t.is_empty() && t.len() <= 256));
            assert!(r["Id"].as_str().is_some_and(|t| !t.is_empty() && t.chars().count() <= 512));
        }
        let compliance = f["Compliance"]["Status"].as_str().unwrap_or_default();
        assert!(["PASSED", "WARNING", "FAILED", "NOT_AVAILABLE"].contains(&compliance));
    }
    assert!(findings.iter().any(|f| f["Workflow"]["Status"] == "SUPPRESSED"), "muted → suppressed");
    insta::assert_snapshot!("asff", render(|b| onus_report::asff::write(&report, b)));
}

#[test]
fn asff_enforces_field_limits() {
    let (_, mut report) = canned();
    report.results.truncate(1);
    report.results[0].resource.id = "x".repeat(2000);
    report.results[0].message = "m".repeat(5000);
    let f = &onus_report::asff::findings(&report)[0];
    assert!(f["Id"].as_str().is_some_and(|s| s.chars().count() <= 512));
    assert!(f["Resources"][0]["Id"].as_str().is_some_and(|s| s.chars().count() <= 512));
    assert!(f["Description"].as_str().is_some_and(|s| s.chars().count() <= 1024));
}

#[test]
fn golden_html() {
    let (inv, report) = canned();
    let model = match onus_matrix::builtin() {
        Ok(m) => m,
        Err(e) => panic!("{e}"),
    };
    let all = onus_checks::evaluate(&inv, &canned_checks());
    let matrix = onus_matrix::compute(model, &inv, &all, &[], NaiveDate::from_ymd_opt(2027, 2, 1).unwrap_or_default());
    let out = render(|b| onus_report::html::write(&report, Some(&matrix), b));
    assert!(out.contains("Content-Security-Policy") && out.contains("default-src 'none'"));
    assert!(!out.contains("http://") || !out.contains("src=\"http"), "no external resources");
    for external in ["<link", "src=\"", "@import", "url("] {
        assert!(!out.contains(external), "the page loads nothing external ({external})");
    }
    insta::assert_snapshot!("html", out);
}

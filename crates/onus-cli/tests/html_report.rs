//! The HTML report in a real browser: a snapshot whose resource names, tags
//! and ids carry script payloads is scanned, and the report is opened in
//! headless Chromium (Debian's `chromium` + `chromium-driver`), driven over
//! the W3C WebDriver protocol. The test proves that no payload executes, that
//! the filters and the search change the visible rows, and that expanding a
//! finding shows its remediation. Screenshots are saved under
//! `<target>/onus-test-artifacts/` and their paths printed.
//!
//! Chromium is required: when it is missing the test fails and says how to
//! install it (`scripts/install-test-deps`). It never skips.
//!
//! The WebDriver client is the few commands this test needs, spoken as JSON
//! over HTTP/1.1 to chromedriver on loopback — no async runtime and no extra
//! dependency for a handful of requests.

use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PAYLOAD_SCRIPT: &str = "<script>window.__pwned='script';document.title='PWNED'</script>";
const PAYLOAD_IMG: &str = "\"><img src=x onerror=\"window.__pwned='img';alert('img')\">";
const PAYLOAD_JS_URL: &str = "javascript:window.__pwned='url';alert('url')";
const PAYLOAD_SVG: &str = "</script><svg onload=\"window.__pwned='svg'\">\u{2028}";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn target_dir() -> PathBuf {
    // The test binary's onus lives in <target>/<profile>/onus.
    let bin = Path::new(env!("CARGO_BIN_EXE_onus"));
    bin.parent().and_then(Path::parent).map(Path::to_path_buf).unwrap_or_else(std::env::temp_dir)
}

fn find_tool(env: &str, candidates: &[&str]) -> PathBuf {
    if let Some(p) = std::env::var_os(env) {
        return PathBuf::from(p);
    }
    for c in candidates {
        let p = Path::new(c);
        if p.exists() {
            return p.to_path_buf();
        }
    }
    panic!(
        "{env} is not set and none of {candidates:?} exists: the HTML report test needs Debian's Chromium. \
         Install it with `scripts/install-test-deps` (apt-get install chromium chromium-driver) or run the suite with `scripts/test`."
    );
}

/// The demo snapshot with hostile names, tags and ids.
fn hostile_snapshot(dir: &Path) -> PathBuf {
    let text = match std::fs::read_to_string(repo().join("examples/demo-account.json")) {
        Ok(t) => t,
        Err(e) => panic!("demo: {e}"),
    };
    let mut inv: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => panic!("demo: {e}"),
    };
    let Some(resources) = inv["resources"].as_array_mut() else { panic!("demo has resources") };
    let payloads = [PAYLOAD_SCRIPT, PAYLOAD_IMG, PAYLOAD_JS_URL, PAYLOAD_SVG];
    for (i, r) in resources.iter_mut().enumerate() {
        let p = payloads[i % payloads.len()];
        let name = r["name"].as_str().unwrap_or_default().to_owned();
        r["name"] = json!(format!("{name} {p}"));
        r["tags"] = json!({ "owner": p, p: "tag-key-payload", "link": PAYLOAD_JS_URL });
        if r["type"] == "AWS::S3::Bucket" && name == "northwind-website-assets" {
            r["id"] = json!(format!("{PAYLOAD_JS_URL}{PAYLOAD_IMG}"));
        }
    }
    inv["metadata"]["description"] = json!(format!("hostile {PAYLOAD_SCRIPT}{PAYLOAD_IMG}"));
    let path = dir.join("hostile.json");
    if let Err(e) = std::fs::write(&path, inv.to_string()) {
        panic!("{e}");
    }
    path
}

struct ChromeDriver {
    child: Child,
    port: u16,
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    match TcpListener::bind(("127.0.0.1", 0)).and_then(|l| l.local_addr()) {
        Ok(a) => a.port(),
        Err(e) => panic!("no free port: {e}"),
    }
}

/// One HTTP/1.1 request to chromedriver; the JSON body of the response.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Value {
    let mut stream = match TcpStream::connect(("127.0.0.1", port)) {
        Ok(s) => s,
        Err(e) => panic!("chromedriver: {e}"),
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(90)));
    let body = body.map(Value::to_string).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    if let Err(e) = stream.write_all(request.as_bytes()) {
        panic!("chromedriver {method} {path}: {e}");
    }
    // chromedriver keeps the connection open: read the head, then exactly
    // Content-Length bytes (or chunks up to the terminating empty chunk).
    let mut raw: Vec<u8> = Vec::new();
    let mut buf = [0u8; 65536];
    let (head, body_start) = loop {
        if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break (String::from_utf8_lossy(&raw[..i]).to_ascii_lowercase(), i + 4);
        }
        match stream.read(&mut buf) {
            Ok(0) => panic!("chromedriver {method} {path}: connection closed before the response head"),
            Ok(n) => raw.extend_from_slice(&buf[..n]),
            Err(e) => panic!("chromedriver {method} {path}: {e}"),
        }
    };
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0)));
    let chunked = head.contains("transfer-encoding: chunked");
    loop {
        let body = &raw[body_start..];
        let done = match length {
            Some(n) => body.len() >= n,
            None if chunked => body.ends_with(b"0\r\n\r\n"),
            None => false,
        };
        if done {
            break;
        }
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
            Err(e) => panic!("chromedriver {method} {path}: {e}"),
        }
    }
    let mut payload = String::from_utf8_lossy(&raw[body_start..]).into_owned();
    if let Some(n) = length {
        payload.truncate(n);
    }
    if chunked {
        let mut out = String::new();
        let mut rest = payload.as_str();
        while let Some((size, after)) = rest.split_once("\r\n") {
            let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            if n == 0 || after.len() < n {
                break;
            }
            out.push_str(&after[..n]);
            rest = after[n..].trim_start_matches("\r\n");
        }
        payload = out;
    }
    match serde_json::from_str(&payload) {
        Ok(v) => v,
        Err(e) => panic!("chromedriver {method} {path}: {e}: {payload:?}"),
    }
}

struct Session {
    port: u16,
    id: String,
}

impl Session {
    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let v = http(self.port, method, &format!("/session/{}{path}", self.id), body.as_ref());
        if v["value"]["error"].is_string() && path != "/alert/text" {
            panic!("WebDriver {method} {path}: {}", v["value"]);
        }
        v["value"].clone()
    }
    fn js(&self, script: &str) -> Value {
        self.cmd("POST", "/execute/sync", Some(json!({ "script": script, "args": [] })))
    }
    fn element(&self, css: &str) -> String {
        let v = self.cmd("POST", "/element", Some(json!({ "using": "css selector", "value": css })));
        match v.as_object().and_then(|o| o.values().next()).and_then(Value::as_str) {
            Some(id) => id.to_owned(),
            None => panic!("no element {css}: {v}"),
        }
    }
    fn click(&self, css: &str) {
        let id = self.element(css);
        self.cmd("POST", &format!("/element/{id}/click"), Some(json!({})));
    }
    fn type_text(&self, css: &str, text: &str) {
        let id = self.element(css);
        self.cmd("POST", &format!("/element/{id}/clear"), Some(json!({})));
        self.cmd("POST", &format!("/element/{id}/value"), Some(json!({ "text": text })));
    }
    fn visible_rows(&self) -> Vec<Value> {
        match self.js(
            "return Array.from(document.querySelectorAll('#findings tbody tr.finding')).map(function(tr){\
               var c = tr.children; return {sev: c[0].textContent, status: c[1].textContent, check: c[2].textContent, resource: c[3].textContent, account: c[4].textContent, region: c[5].textContent, message: c[6].textContent};});",
        ) {
            Value::Array(a) => a,
            other => panic!("rows: {other}"),
        }
    }
    fn screenshot(&self, name: &str) -> PathBuf {
        let b64 = self.cmd("GET", "/screenshot", None);
        let bytes = decode_base64(b64.as_str().unwrap_or_default());
        assert!(bytes.starts_with(b"\x89PNG"), "a PNG");
        let dir = target_dir().join("onus-test-artifacts");
        if let Err(e) = std::fs::create_dir_all(&dir) {
            panic!("{}: {e}", dir.display());
        }
        let path = dir.join(name);
        if let Err(e) = std::fs::write(&path, bytes) {
            panic!("{}: {e}", path.display());
        }
        #[allow(clippy::print_stdout)]
        {
            println!("screenshot: {}", path.display());
        }
        path
    }
    fn assert_nothing_executed(&self, when: &str) {
        let state = self.js(
            "return {pwned: typeof window.__pwned === 'undefined' ? null : String(window.__pwned), title: document.title,\
              handlers: document.querySelectorAll('[onerror],[onload],[onclick]').length, imgs: document.images.length, svgs: document.querySelectorAll('svg').length,\
              scripts: document.scripts.length, jsLinks: Array.from(document.links).filter(function(a){return !/^https?:/.test(a.href);}).length,\
              requests: performance.getEntriesByType('resource').length};",
        );
        assert_eq!(state["pwned"], Value::Null, "{when}: a payload ran: {state}");
        assert!(state["title"].as_str().is_some_and(|t| t.starts_with("onus report") && !t.contains("PWNED")), "{when}: {state}");
        assert_eq!(state["handlers"], 0, "{when}: event-handler attributes in the DOM: {state}");
        assert_eq!(state["imgs"], 0, "{when}: {state}");
        assert_eq!(state["svgs"], 0, "{when}: {state}");
        assert_eq!(state["scripts"], 2, "{when}: only the data block and the page script: {state}");
        assert_eq!(state["jsLinks"], 0, "{when}: only http(s) links: {state}");
        assert_eq!(state["requests"], 0, "{when}: the page fetched something: {state}");
        let alert = http(self.port, "GET", &format!("/session/{}/alert/text", self.id), None);
        assert_eq!(alert["value"]["error"], "no such alert", "{when}: a dialog opened: {alert}");
    }
}

fn decode_base64(s: &str) -> Vec<u8> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        let Some(v) = val(c) else { continue };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

#[test]
fn hostile_names_do_not_execute_and_the_report_works_in_chromium() {
    let chromium = find_tool("ONUS_CHROMIUM", &["/usr/bin/chromium", "/usr/bin/chromium-browser"]);
    let chromedriver = find_tool("ONUS_CHROMEDRIVER", &["/usr/bin/chromedriver"]);
    let tmp = match tempfile::tempdir() {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    };
    let snapshot = hostile_snapshot(tmp.path());
    let out_dir = tmp.path().join("out");
    let o = match Command::new(env!("CARGO_BIN_EXE_onus"))
        .args(["scan", "snapshot"])
        .arg(&snapshot)
        .args(["--format", "html,json", "--framework", "cis-aws-3.0.0", "--fail-on", "none", "--output-dir"])
        .arg(&out_dir)
        .env_remove("ONUS_LOG")
        .output()
    {
        Ok(o) => o,
        Err(e) => panic!("cannot run onus: {e}"),
    };
    assert!(o.status.success(), "onus failed: {}", String::from_utf8_lossy(&o.stderr));
    let html_path = out_dir.join("report.html");
    let html = match std::fs::read_to_string(&html_path) {
        Ok(h) => h,
        Err(e) => panic!("{}: {e}", html_path.display()),
    };
    // Statically: no payload survives as markup.
    for p in [PAYLOAD_SCRIPT, PAYLOAD_IMG, PAYLOAD_SVG, "<img", "<svg", "onerror=\""] {
        assert!(!html.contains(p), "raw payload {p:?} in the HTML");
    }
    let report: Value = match std::fs::read_to_string(out_dir.join("report.json")).map(|t| serde_json::from_str(&t)) {
        Ok(Ok(v)) => v,
        other => panic!("report.json: {other:?}"),
    };
    let total = report["results"].as_array().map(Vec::len).unwrap_or(0);
    assert!(total > 20);

    let port = free_port();
    let user_data = tmp.path().join("chromium-profile");
    let driver = ChromeDriver {
        child: match Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
        {
            Ok(c) => c,
            Err(e) => panic!("cannot start {}: {e}", chromedriver.display()),
        },
        port,
    };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", driver.port)).is_err() {
        assert!(started.elapsed() < Duration::from_secs(30), "chromedriver did not listen on {port}");
        std::thread::sleep(Duration::from_millis(100));
    }
    let caps = json!({ "capabilities": { "alwaysMatch": {
        "browserName": "chrome",
        "unhandledPromptBehavior": "ignore",
        "goog:chromeOptions": {
            "binary": chromium.to_string_lossy(),
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", "--window-size=1400,1000",
                     format!("--user-data-dir={}", user_data.display())],
        },
    }}});
    let created = http(port, "POST", "/session", Some(&caps));
    let Some(id) = created["value"]["sessionId"].as_str() else { panic!("no WebDriver session: {created}") };
    let s = Session { port, id: id.to_owned() };

    let url = format!("file://{}", html_path.display());
    s.cmd("POST", "/url", Some(json!({ "url": url })));
    s.assert_nothing_executed("after load");

    // The hostile text is shown as text.
    let body_text = s.js("return document.body.textContent;");
    let body_text = body_text.as_str().unwrap_or_default();
    assert!(body_text.contains(PAYLOAD_SCRIPT), "script payload shown literally");
    assert!(body_text.contains("<img src=x onerror="), "img payload shown literally");
    // The page rendered: summary, matrix heat map, compliance view, findings.
    let shape = s.js("return {heat: document.querySelectorAll('table.heat tbody tr').length, fw: document.querySelectorAll('.fw-controls tbody tr').length};");
    assert!(shape["heat"].as_u64().unwrap_or(0) > 3, "heat map rows: {shape}");
    assert_eq!(shape["fw"], 62, "CIS controls listed: {shape}");

    let all = s.visible_rows();
    assert_eq!(all.len(), total.min(500), "every result listed at first");
    s.screenshot("html-report-overview.png");

    // Severity filter: only critical rows remain, and fewer than before.
    s.click("#filter-v option[value=critical]");
    let critical = s.visible_rows();
    assert!(!critical.is_empty() && critical.len() < all.len(), "{} of {}", critical.len(), all.len());
    assert!(critical.iter().all(|r| r["sev"] == "critical"));
    // Status filter on top: failing criticals only.
    s.click("#filter-s option[value=fail]");
    let crit_fail = s.visible_rows();
    assert!(!crit_fail.is_empty() && crit_fail.iter().all(|r| r["sev"] == "critical" && r["status"] == "fail"));
    assert!(crit_fail.len() <= critical.len());
    s.click("#filter-v option[value='']");
    s.click("#filter-s option[value='']");
    assert_eq!(s.visible_rows().len(), all.len(), "clearing the filters restores every row");
    // Service, account and region filters.
    s.click("#filter-sv option[value=s3]");
    let s3 = s.visible_rows();
    assert!(!s3.is_empty() && s3.len() < all.len() && s3.iter().all(|r| r["check"].as_str().is_some_and(|c| c.starts_with("s3-"))));
    s.click("#filter-sv option[value='']");
    s.click("#filter-a option[value='444455556666']");
    let sandbox = s.visible_rows();
    assert!(!sandbox.is_empty() && sandbox.len() < all.len() && sandbox.iter().all(|r| r["account"] == "444455556666"));
    s.click("#filter-a option[value='']");
    s.click("#filter-r option[value='us-east-1']");
    let us = s.visible_rows();
    assert!(!us.is_empty() && us.len() < all.len() && us.iter().all(|r| r["region"] == "us-east-1"));
    s.click("#filter-r option[value='']");
    s.click("#filter-d option[value='identity-access']");
    let idn = s.visible_rows();
    assert!(!idn.is_empty() && idn.len() < all.len());
    s.click("#filter-d option[value='']");

    // Text search narrows to the matching resource.
    s.type_text("#filter-q", "website-assets");
    let found = s.visible_rows();
    assert!(!found.is_empty() && found.len() < all.len(), "{} rows", found.len());
    let mentions = |r: &Value, key: &str| r[key].as_str().is_some_and(|t| t.contains("website-assets"));
    assert!(found.iter().all(|r| mentions(r, "resource") || mentions(r, "message") || mentions(r, "check")));
    assert!(found.iter().any(|r| mentions(r, "resource")));
    s.assert_nothing_executed("after filtering");

    // Expanding a finding shows its remediation.
    s.type_text("#filter-q", "");
    s.click("#filter-s option[value=fail]");
    s.click("#findings tbody tr.finding");
    let detail = s.js(
        "var d = document.querySelector('#findings tr.detail'); if (!d) return null;\
         var rem = d.querySelector('.remediation'); return {text: d.textContent, remediation: rem ? rem.textContent : ''};",
    );
    assert!(detail.is_object(), "a detail row opened");
    assert!(detail["remediation"].as_str().is_some_and(|t| t.len() > 20), "remediation shown: {detail}");
    assert!(detail["text"].as_str().is_some_and(|t| t.contains("Why it matters") && t.contains("Resource")), "{detail}");
    s.cmd("POST", "/window/rect", Some(json!({ "width": 1400, "height": 3000 })));
    s.assert_nothing_executed("after expanding");
    s.screenshot("html-report-expanded.png");

    s.cmd("DELETE", "", None);
    drop(driver);
}

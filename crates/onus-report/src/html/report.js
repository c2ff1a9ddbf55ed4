"use strict";
(function () {
  var D = JSON.parse(document.getElementById("onus-data").textContent);
  var app = document.getElementById("app");
  var SEV = ["critical", "high", "medium", "low", "info"];
  var STATUS = ["fail", "unknown", "error", "manual", "muted", "pass"];
  var PAGE = 500;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  function pill(kind, value) { return el("span", kind + " " + kind + "-" + value, value); }
  function safeUrl(u) { return typeof u === "string" && /^https?:\/\//i.test(u) ? u : null; }
  function th(row, text, cls) { return add(row, el("th", cls || "", text)); }
  function td(row, text, cls) { return add(row, el("td", cls || "", text)); }
  function uniq(key) {
    var seen = {};
    D.results.forEach(function (r) { if (r[key]) seen[r[key]] = true; });
    return Object.keys(seen).sort();
  }
  function domainTitle(id) { return D.domains[id] || id; }

  // Header
  var m = D.meta;
  add(app, el("h1", "", "onus report"));
  add(app, el("p", "sub", "Accounts: " + (m.accounts.length ? m.accounts.join(", ") : "-") +
    " · Regions: " + (m.regions.length ? m.regions.join(", ") : "-") +
    " · Source: " + m.source + " · Collected " + m.collected_at + " · onus " + m.onus_version));
  if (m.description) add(app, el("p", "desc", m.description));
  D.warnings.forEach(function (w) { add(app, el("div", "warn", "Warning: " + w)); });

  // Summary cards
  var s = D.summary, by = s.by_status || {};
  var cards = add(app, el("div", "cards"));
  function card(n, label) { var c = add(cards, el("div", "card")); add(c, el("b", "", n)); add(c, el("span", "", label)); }
  card(s.checks, "checks"); card(s.resources, "resources");
  STATUS.forEach(function (st) { if (by[st]) card(by[st], st); });

  // Pass/fail breakdowns over the shown results
  add(app, el("h2", "", "Summary"));
  var grid = add(app, el("div", "grid"));
  function breakdown(title, key, order, label) {
    var counts = {};
    D.results.forEach(function (r) {
      var k = r[key]; var c = counts[k] || (counts[k] = { pass: 0, fail: 0, other: 0 });
      if (r.s === "pass") c.pass++; else if (r.s === "fail") c.fail++; else c.other++;
    });
    var keys = order ? order.filter(function (k) { return counts[k]; }) : Object.keys(counts).sort();
    var box = add(grid, el("div"));
    add(box, el("h3", "", title));
    var t = add(box, el("table")), h = add(add(t, el("thead")), el("tr"));
    th(h, title.replace("By ", "")); th(h, "Fail", "num"); th(h, "Pass", "num"); th(h, "Other", "num"); th(h, "Passing");
    var tb = add(t, el("tbody"));
    keys.forEach(function (k) {
      var c = counts[k], tr = add(tb, el("tr"));
      var first = td(tr, "");
      if (key === "v") add(first, pill("sev", k)); else first.textContent = label ? label(k) : k;
      td(tr, c.fail, "num"); td(tr, c.pass, "num"); td(tr, c.other, "num");
      var bar = add(add(tr, el("td")), el("div", "bar")), fill = add(bar, el("i"));
      var decided = c.pass + c.fail;
      fill.style.width = (decided ? Math.round(100 * c.pass / decided) : 0) + "%";
    });
    if (!keys.length) add(box, el("p", "count", "No results."));
  }
  breakdown("By severity", "v", SEV);
  breakdown("By domain", "d", D.domain_order, domainTitle);
  breakdown("By service", "sv");

  // Responsibility matrix heat map
  if (D.matrix && D.matrix.rows.length) {
    add(app, el("h2", "", "Responsibility matrix"));
    add(app, el("p", "sub", "Who owns each security domain for the services in use, and whether the customer's part is met. " +
      "Customer duties evidenced automatically: " + D.matrix.automated_percent.toFixed(1) + "% of " + D.matrix.customer_duties + "."));
    var lg = add(app, el("div", "legend"));
    [["h-aws", "AWS's duty"], ["h-met", "met"], ["h-not-met", "not met"], ["h-unknown", "unknown"], ["h-manual", "manual"]].forEach(function (p) { add(lg, el("span", p[0], p[1])); });
    var wrap = add(app, el("div")); wrap.style.overflowX = "auto";
    var ht = add(wrap, el("table", "heat")), hh = add(add(ht, el("thead")), el("tr"));
    th(hh, "Service");
    D.domain_order.forEach(function (d) { var c = th(hh, D.domain_short[d] || d); c.title = domainTitle(d); });
    var hb = add(ht, el("tbody"));
    D.matrix.rows.forEach(function (row) {
      var tr = add(hb, el("tr"));
      td(tr, row.name + " (" + row.resources + ")", "svc");
      var cells = {};
      row.cells.forEach(function (c) { cells[c.domain] = c; });
      D.domain_order.forEach(function (d) {
        var c = cells[d];
        if (!c) { td(tr, "", "h-none"); return; }
        var text = c.status === "aws" ? "AWS" : c.status === "not-met" ? "✗ " + c.fail : c.status === "met" ? "✓" : c.status === "manual" ? "✎" : "?";
        if (c.owner === "shared" && c.status !== "aws") text = "AWS + " + text;
        var cell = td(tr, text, "h-" + c.status);
        cell.title = domainTitle(d) + ": " + c.owner + " · " + c.status + (c.customer ? " · Customer: " + c.customer : "");
      });
    });
  }

  // Compliance
  if (D.compliance.length) {
    add(app, el("h2", "", "Compliance"));
    D.compliance.forEach(function (v) {
      add(app, el("h3", "", v.name + " " + v.version));
      var cs = add(app, el("div", "cards"));
      function c2(n, label) { var c = add(cs, el("div", "card")); add(c, el("b", "", n)); add(c, el("span", "", label)); }
      c2(v.percent_passed === null ? "n/a" : v.percent_passed + "%", "controls passed");
      ["pass", "fail", "unknown", "manual", "not-covered"].forEach(function (k) { c2(v.counts[k] || 0, k.replace("-", " ")); });
      var det = add(app, el("details", "fw-controls"));
      add(det, el("summary", "", "Controls (" + v.controls.length + ")"));
      var t = add(det, el("table")), h = add(add(t, el("thead")), el("tr"));
      ["Control", "Title", "Status", "Checks", "Fail", "Pass", "Muted"].forEach(function (x, i) { th(h, x, i >= 4 ? "num" : ""); });
      var tb = add(t, el("tbody"));
      v.controls.forEach(function (c) {
        var tr = add(tb, el("tr"));
        td(tr, c.id); td(tr, c.title); add(add(tr, el("td")), pill("st", c.status));
        td(tr, (c.checks || []).join(", ")); td(tr, c.fail, "num"); td(tr, c.pass, "num"); td(tr, c.muted, "num");
      });
    });
  }

  // Findings
  add(app, el("h2", "", "Findings"));
  var bar = add(app, el("div", "filters"));
  var filters = {};
  function select(key, label, values, fmt) {
    var l = add(bar, el("label", "", label));
    var sel = add(l, el("select"));
    sel.id = "filter-" + key;
    add(sel, el("option", "", "all")).value = "";
    values.forEach(function (v) { var o = add(sel, el("option", "", fmt ? fmt(v) : v)); o.value = v; });
    sel.addEventListener("change", render);
    filters[key] = sel;
  }
  select("v", "Severity", SEV.filter(function (v) { return uniq("v").indexOf(v) >= 0; }));
  select("s", "Status", STATUS.filter(function (v) { return uniq("s").indexOf(v) >= 0; }));
  select("sv", "Service", uniq("sv"));
  select("d", "Domain", uniq("d"), domainTitle);
  select("a", "Account", uniq("a"));
  select("r", "Region", uniq("r"));
  var sl = add(bar, el("label", "", "Search"));
  var search = add(sl, el("input"));
  search.type = "search"; search.id = "filter-q"; search.placeholder = "check, resource, message…";
  search.addEventListener("input", render);
  var count = add(app, el("p", "count"));
  count.id = "finding-count";
  var table = add(app, el("table"));
  table.id = "findings";
  var hr = add(add(table, el("thead")), el("tr"));
  ["Severity", "Status", "Check", "Resource", "Account", "Region", "Finding"].forEach(function (x) { th(hr, x); });
  var body = add(table, el("tbody"));
  var more = add(app, el("button", "more", "Show more"));
  var limit = PAGE;
  more.addEventListener("click", function () { limit += PAGE; render(true); });

  var haystacks = D.results.map(function (r) {
    return [r.c, r.id, r.n, r.m, r.sv, r.a, r.r, r.t, (D.checks[r.c] || {}).title || ""].join("\n").toLowerCase();
  });

  function detail(r, tr) {
    var row = el("tr", "detail"), cell = add(row, el("td"));
    cell.colSpan = 7;
    var c = D.checks[r.c] || {};
    add(cell, el("h4", "", c.title || r.c));
    if (c.duty) add(cell, el("p", "", "Customer duty: " + c.duty));
    if (c.rationale) { add(cell, el("h4", "", "Why it matters")); add(cell, el("p", "", c.rationale)); }
    if (r.mu) {
      add(cell, el("h4", "", "Muted"));
      add(cell, el("p", "", r.mu.reason + (r.mu.expires ? " (until " + r.mu.expires + ")" : "") + " · was " + r.mu.was + (r.mu.entry ? " · " + r.mu.entry : "")));
    }
    var rem = c.remediation;
    if (rem) {
      add(cell, el("h4", "", "Remediation"));
      add(cell, el("p", "remediation", rem.text));
      [["cli", "AWS CLI"], ["terraform", "Terraform"], ["cloudformation", "CloudFormation"]].forEach(function (k) {
        if (rem[k[0]]) { add(cell, el("h4", "", k[1])); add(cell, el("pre", "code-" + k[0], rem[k[0]])); }
      });
    }
    add(cell, el("h4", "", "Resource"));
    var dl = add(cell, el("dl"));
    [["Id", r.id], ["Name", r.n], ["Type", r.t], ["Account", r.a], ["Region", r.r], ["Attribute", r.at], ["Location", r.loc], ["Observed", r.p], ["Check", r.c]].forEach(function (p) {
      if (p[1]) { add(dl, el("dt", "", p[0])); add(dl, el("dd", "", p[1])); }
    });
    var refs = (c.references || []).map(safeUrl).filter(Boolean);
    if (refs.length) {
      add(cell, el("h4", "", "References"));
      var ul = add(cell, el("ul"));
      refs.forEach(function (u) { var a = add(add(ul, el("li")), el("a", "", u)); a.href = u; a.rel = "noopener noreferrer"; });
    }
    tr.parentNode.insertBefore(row, tr.nextSibling);
    return row;
  }

  function render(keepLimit) {
    if (keepLimit !== true) limit = PAGE;
    var q = search.value.trim().toLowerCase();
    var want = {};
    Object.keys(filters).forEach(function (k) { want[k] = filters[k].value; });
    while (body.firstChild) body.removeChild(body.firstChild);
    var shown = 0, matched = 0;
    for (var i = 0; i < D.results.length; i++) {
      var r = D.results[i], ok = true;
      for (var k in want) { if (want[k] && r[k] !== want[k]) { ok = false; break; } }
      if (!ok || (q && haystacks[i].indexOf(q) < 0)) continue;
      matched++;
      if (shown >= limit) continue;
      shown++;
      var tr = add(body, el("tr", "finding"));
      tr.dataset.index = String(i);
      add(add(tr, el("td")), pill("sev", r.v));
      add(add(tr, el("td")), pill("st", r.s));
      td(tr, r.c);
      td(tr, r.n + (r.n !== r.id ? " — " + r.id : ""), "res");
      td(tr, r.a || "-"); td(tr, r.r || "-"); td(tr, r.m);
      tr.addEventListener("click", (function (res) {
        return function () {
          var next = this.nextSibling;
          if (next && next.className === "detail") { body.removeChild(next); this.setAttribute("aria-expanded", "false"); }
          else { detail(res, this); this.setAttribute("aria-expanded", "true"); }
        };
      })(r));
    }
    count.textContent = matched + " of " + D.results.length + " results" + (shown < matched ? " (showing " + shown + ")" : "");
    more.hidden = shown >= matched;
  }
  render();

  if (D.gaps.length) {
    add(app, el("h2", "", "Could not see"));
    var gl = add(app, el("ul"));
    D.gaps.forEach(function (g) { add(gl, el("li", "", g.service + " in " + (g.region || "all regions") + (g.account ? " (" + g.account + ")" : "") + ": " + g.reason + " — " + g.message)); });
  }
})();

//! Terraform configuration (`*.tf`) read without a plan: variables' defaults,
//! `locals` and literal values are resolved; everything else is unknown
//! (`unresolvable`), and references between resources are recorded so that
//! split resources can still be joined.
//!
//! `count` and `for_each` with resolvable values expand into one instance per
//! index or key (`count.index`, `each.key` and `each.value` resolved), as
//! Terraform would plan them: `count = 0` creates nothing. Module calls are
//! followed into local sources (`./modules/x`) and, after `terraform init`,
//! into the modules it installed (`.terraform/modules/modules.json`), with the
//! call's arguments as the module's variables; a module whose source is not on
//! disk is reported, never silently dropped.

use crate::TerraformError;
use crate::raw::{LineIndex, RawResource, absolute_ref, attach_ignores, ignore_comments};
use crate::value::{contains_unknown, is_unknown, unknown};
use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use hcl_edit::structure::{Block, BlockLabel, Body, Structure};
use hcl_edit::template::Element;
use hcl_edit::Span as _;
use onus_model::UnknownCause;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// One parsed `.tf` file.
pub struct TfFile {
    /// The path as reported.
    pub name: String,
    /// The text.
    pub text: String,
    /// The body.
    pub body: Body,
}

/// Parses one file; a syntax error names the file, line and column.
pub fn parse_file(name: &str, text: String) -> Result<TfFile, TerraformError> {
    match hcl_edit::parser::parse_body(&text) {
        Ok(body) => Ok(TfFile { name: name.to_owned(), text, body }),
        Err(e) => Err(TerraformError::Hcl {
            file: name.to_owned(),
            line: e.location().line(),
            column: e.location().column(),
            message: e.message().to_owned(),
        }),
    }
}

/// Reads every `*.tf` file directly in `dir` (one module).
pub fn read_dir(dir: &Path) -> Result<Vec<TfFile>, TerraformError> {
    let entries = std::fs::read_dir(dir).map_err(|source| TerraformError::Io { file: dir.display().to_string(), source })?;
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "tf") && p.is_file())
        .collect();
    paths.sort();
    let mut files = Vec::new();
    for p in paths {
        let name = p.display().to_string();
        let text = std::fs::read_to_string(&p).map_err(|source| TerraformError::Io { file: name.clone(), source })?;
        files.push(parse_file(&name, text)?);
    }
    Ok(files)
}

/// Symbols of a module: the values its call passes, variables' defaults and
/// locals' expressions.
struct Scope<'a> {
    inputs: &'a HashMap<String, Value>,
    /// For each variable the call sets, the caller's resources its value
    /// refers to (full addresses, see [`absolute_ref`]).
    input_refs: &'a HashMap<String, Vec<String>>,
    /// For each module this one calls, what each of its outputs refers to
    /// (full addresses), filled as the calls are read.
    module_outputs: std::cell::RefCell<HashMap<String, Outputs>>,
    vars: HashMap<String, Option<&'a Expression>>,
    locals: HashMap<String, &'a Expression>,
}

/// What each output of a module refers to, by output name (full addresses).
type Outputs = HashMap<String, Vec<String>>;

/// Which instance of a `count` or `for_each` block is being read.
#[derive(Clone, Debug)]
enum Iteration {
    Count(u64),
    Each { key: Value, value: Value },
}

impl Iteration {
    /// The instance key in an address (`[0]`, `["a"]`).
    fn index(&self) -> Value {
        match self {
            Iteration::Count(i) => Value::from(*i),
            Iteration::Each { key, .. } => key.clone(),
        }
    }

    fn suffix(&self) -> String {
        format!("[{}]", self.index())
    }
}

struct Eval<'a> {
    scope: &'a Scope<'a>,
    depth: usize,
    refs: Vec<String>,
    /// The resources the block's `for_each` refers to: what `each.*` names.
    each_refs: Vec<String>,
    iteration: Option<Iteration>,
}

const MAX_DEPTH: usize = 64;

fn label(l: &BlockLabel) -> &str {
    match l {
        BlockLabel::Ident(i) => i.as_str(),
        BlockLabel::String(s) => s.as_str(),
    }
}

fn source_text(e: &Expression, text: &str) -> String {
    e.span().and_then(|r| text.get(r)).map(|s| s.trim().to_owned()).unwrap_or_else(|| "expression".to_owned())
}

impl<'a> Eval<'a> {
    fn unresolvable(&self, detail: String) -> Value {
        unknown(UnknownCause::Unresolvable, detail)
    }

    fn eval(&mut self, e: &'a Expression, text: &str) -> Value {
        if self.depth > MAX_DEPTH {
            return self.unresolvable(format!("{} refers to itself", source_text(e, text)));
        }
        self.depth += 1;
        let v = self.eval_inner(e, text);
        self.depth -= 1;
        v
    }

    fn eval_inner(&mut self, e: &'a Expression, text: &str) -> Value {
        match e {
            Expression::Null(_) => Value::Null,
            Expression::Bool(b) => Value::Bool(*b.value()),
            Expression::Number(n) => n
                .value()
                .as_i64()
                .map(Value::from)
                .or_else(|| n.value().as_f64().and_then(serde_json::Number::from_f64).map(Value::Number))
                .unwrap_or(Value::Null),
            Expression::String(s) => Value::String(s.value().clone()),
            Expression::Array(a) => Value::Array(a.iter().map(|x| self.eval(x, text)).collect()),
            Expression::Object(o) => {
                let mut m = Map::new();
                for (k, v) in o.iter() {
                    let key = match k {
                        ObjectKey::Ident(i) => i.as_str().to_owned(),
                        ObjectKey::Expression(ke) => match self.eval(ke, text) {
                            Value::String(s) => s,
                            _ => return self.unresolvable(format!("object key {}", source_text(ke, text))),
                        },
                    };
                    let val = self.eval(v.expr(), text);
                    m.insert(key, val);
                }
                Value::Object(m)
            }
            Expression::StringTemplate(t) => {
                let mut out = String::new();
                for el in t.iter() {
                    match el {
                        Element::Literal(l) => out.push_str(l.value()),
                        Element::Interpolation(i) => match self.eval(&i.expr, text) {
                            Value::String(s) => out.push_str(&s),
                            Value::Number(n) => out.push_str(&n.to_string()),
                            Value::Bool(b) => out.push_str(&b.to_string()),
                            _ => return self.unresolvable(source_text(e, text)),
                        },
                        Element::Directive(_) => return self.unresolvable(source_text(e, text)),
                    }
                }
                Value::String(out)
            }
            Expression::HeredocTemplate(h) => {
                let mut out = String::new();
                for el in h.template.iter() {
                    match el {
                        Element::Literal(l) => out.push_str(l.value()),
                        _ => return self.unresolvable("heredoc with interpolation".to_owned()),
                    }
                }
                Value::String(out)
            }
            Expression::Parenthesis(p) => self.eval(p.inner(), text),
            Expression::Variable(v) => self.unresolvable(format!("{} is not a value", v.as_str())),
            Expression::Conditional(c) => match self.eval(&c.cond_expr, text) {
                Value::Bool(true) => self.eval(&c.true_expr, text),
                Value::Bool(false) => self.eval(&c.false_expr, text),
                _ => {
                    // Still record references on both branches.
                    let _ = self.eval(&c.true_expr, text);
                    let _ = self.eval(&c.false_expr, text);
                    self.unresolvable(source_text(e, text))
                }
            },
            Expression::FuncCall(f) => {
                let name = f.name.name.as_str();
                let args: Vec<Value> = f.args.iter().map(|a| self.eval(a, text)).collect();
                match (name, args.as_slice()) {
                    ("jsonencode", [v]) if !contains_unknown(v) => Value::String(v.to_string()),
                    ("jsondecode", [Value::String(s)]) => {
                        serde_json::from_str(s).unwrap_or_else(|_| self.unresolvable(source_text(e, text)))
                    }
                    ("tostring" | "tonumber" | "tobool" | "tolist" | "toset", [v]) if !contains_unknown(v) => v.clone(),
                    _ => self.unresolvable(source_text(e, text)),
                }
            }
            Expression::Traversal(t) => self.traversal(e, t, text),
            Expression::UnaryOp(u) => {
                let v = self.eval(&u.expr, text);
                match (u.operator.value(), v) {
                    (hcl_edit::expr::UnaryOperator::Not, Value::Bool(b)) => Value::Bool(!b),
                    (hcl_edit::expr::UnaryOperator::Neg, Value::Number(n)) => {
                        n.as_i64().map(|i| Value::from(-i)).unwrap_or_else(|| self.unresolvable(source_text(e, text)))
                    }
                    _ => self.unresolvable(source_text(e, text)),
                }
            }
            Expression::BinaryOp(b) => {
                let l = self.eval(&b.lhs_expr, text);
                let r = self.eval(&b.rhs_expr, text);
                use hcl_edit::expr::BinaryOperator as Op;
                match (b.operator.value(), &l, &r) {
                    (Op::Eq, _, _) if !contains_unknown(&l) && !contains_unknown(&r) => Value::Bool(l == r),
                    (Op::NotEq, _, _) if !contains_unknown(&l) && !contains_unknown(&r) => Value::Bool(l != r),
                    (Op::And, Value::Bool(x), Value::Bool(y)) => Value::Bool(*x && *y),
                    (Op::Or, Value::Bool(x), Value::Bool(y)) => Value::Bool(*x || *y),
                    _ => self.unresolvable(source_text(e, text)),
                }
            }
            Expression::ForExpr(_) => self.unresolvable(source_text(e, text)),
        }
    }

    fn traversal(&mut self, whole: &'a Expression, t: &'a hcl_edit::expr::Traversal, text: &str) -> Value {
        let Expression::Variable(root) = &t.expr else {
            let base = self.eval(&t.expr, text);
            return self.apply_ops(base, &t.operators, whole, text);
        };
        let root = root.as_str();
        let first = t.operators.first().and_then(|o| match o.value() {
            TraversalOperator::GetAttr(i) => Some(i.as_str()),
            _ => None,
        });
        match (root, first) {
            ("var", Some(name)) if self.scope.inputs.contains_key(name) => {
                for r in self.scope.input_refs.get(name).into_iter().flatten() {
                    if !self.refs.contains(r) {
                        self.refs.push(r.clone());
                    }
                }
                let base = self.scope.inputs.get(name).cloned().unwrap_or_default();
                self.apply_ops(base, &t.operators[1..], whole, text)
            }
            ("count", Some("index")) => match &self.iteration {
                Some(Iteration::Count(i)) => {
                    let base = Value::from(*i);
                    self.apply_ops(base, &t.operators[1..], whole, text)
                }
                _ => self.unresolvable(format!("{} outside a resolvable count", source_text(whole, text))),
            },
            ("each", Some(part @ ("key" | "value"))) => {
                for r in &self.each_refs {
                    if !self.refs.contains(r) {
                        self.refs.push(r.clone());
                    }
                }
                match &self.iteration {
                    Some(Iteration::Each { key, value }) => {
                        let base = if part == "key" { key.clone() } else { value.clone() };
                        self.apply_ops(base, &t.operators[1..], whole, text)
                    }
                    _ => self.unresolvable(format!("{} outside a resolvable for_each", source_text(whole, text))),
                }
            }
            ("var", Some(name)) => {
                let base = match self.scope.vars.get(name) {
                    Some(Some(default)) => self.eval(default, text),
                    Some(None) => return self.unresolvable(format!("var.{name} has no default")),
                    None => return self.unresolvable(format!("var.{name} is not declared")),
                };
                self.apply_ops(base, &t.operators[1..], whole, text)
            }
            ("local", Some(name)) => {
                let Some(expr) = self.scope.locals.get(name).copied() else {
                    return self.unresolvable(format!("local.{name} is not declared"));
                };
                let base = self.eval(expr, text);
                self.apply_ops(base, &t.operators[1..], whole, text)
            }
            ("module", Some(call)) => {
                // `module.<call>[key].<output>`: what the output refers to.
                let output = t.operators.iter().skip(1).find_map(|o| match o.value() {
                    TraversalOperator::GetAttr(i) => Some(i.as_str()),
                    _ => None,
                });
                let outputs = self.scope.module_outputs.borrow();
                for r in output.and_then(|o| outputs.get(call).and_then(|m| m.get(o))).into_iter().flatten() {
                    if !self.refs.contains(r) {
                        self.refs.push(r.clone());
                    }
                }
                unknown(UnknownCause::Unresolvable, format!("{} is a module's output", source_text(whole, text)))
            }
            (r, Some(name)) if r.contains('_') || r.starts_with("aws") => {
                let addr = format!("{r}.{name}");
                if !self.refs.contains(&addr) {
                    self.refs.push(addr);
                }
                unknown(UnknownCause::Unresolvable, format!("{} refers to another resource", source_text(whole, text)))
            }
            _ => self.unresolvable(source_text(whole, text)),
        }
    }

    fn apply_ops(&mut self, mut v: Value, ops: &'a [hcl_edit::Decorated<TraversalOperator>], whole: &'a Expression, text: &str) -> Value {
        for op in ops {
            if is_unknown(&v) {
                return v;
            }
            v = match op.value() {
                TraversalOperator::GetAttr(i) => match v.get(i.as_str()) {
                    Some(x) => x.clone(),
                    None => return self.unresolvable(source_text(whole, text)),
                },
                TraversalOperator::Index(ie) => {
                    let idx = self.eval(ie, text);
                    let next = match (&v, &idx) {
                        (Value::Array(a), Value::Number(n)) => n.as_u64().and_then(|i| a.get(i as usize)).cloned(),
                        (Value::Object(m), Value::String(k)) => m.get(k).cloned(),
                        _ => None,
                    };
                    match next {
                        Some(x) => x,
                        None => return self.unresolvable(source_text(whole, text)),
                    }
                }
                _ => return self.unresolvable(source_text(whole, text)),
            };
        }
        v
    }
}

/// What reading a configuration gives: its resources, and the module calls
/// whose source is not on disk.
#[derive(Debug, Default)]
pub struct Configuration {
    /// Every resource instance, modules included.
    pub resources: Vec<RawResource>,
    /// Module calls that could not be followed.
    pub skipped_modules: Vec<SkippedModule>,
    /// Directories read as called modules (not root modules of their own).
    pub module_dirs: Vec<PathBuf>,
}

/// A module call whose source is not on disk (a registry or Git module before
/// `terraform init`): its resources are not evaluated.
#[derive(Clone, Debug)]
pub struct SkippedModule {
    /// The file and line of the `module` block.
    pub file: String,
    /// Its line.
    pub line: usize,
    /// The module's address (`module.network`).
    pub address: String,
    /// Its `source`.
    pub source: String,
}

/// How deep module calls may nest (Terraform has no limit; a module that
/// calls itself would recurse forever).
const MAX_MODULE_DEPTH: usize = 16;
/// The most instances one `count` or `for_each` expands into.
const MAX_INSTANCES: u64 = 10_000;

/// The state of one read: the installed modules, and what was read so far.
struct Walk<'i> {
    installed: &'i HashMap<String, PathBuf>,
    out: Configuration,
}

/// One module instance being read.
struct ModuleInstance {
    /// Its address (`""` for the root, `module.a`, `module.a[0].module.b`).
    path: String,
    /// Its key in `.terraform/modules/modules.json` (`a.b`; `""` for the root).
    key: String,
    /// The directory its files are in.
    dir: PathBuf,
    /// The values its call passes to its variables.
    inputs: HashMap<String, Value>,
    /// The caller's resources each of those values refers to.
    input_refs: HashMap<String, Vec<String>>,
    /// The region of the root module's AWS provider.
    region: Option<String>,
    depth: usize,
}

/// The resources of one module's files (the root module), and of the modules
/// it calls.
pub fn module_resources(files: &[TfFile]) -> Result<Configuration, TerraformError> {
    let dir = files.first().and_then(|f| Path::new(&f.name).parent()).map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let installed = installed_modules(&dir);
    let root = ModuleInstance { path: String::new(), key: String::new(), dir: dir.clone(), inputs: HashMap::new(), input_refs: HashMap::new(), region: None, depth: 0 };
    let mut walk = Walk { installed: &installed, out: Configuration::default() };
    read_module(files, &root, &mut walk)?;
    Ok(walk.out)
}

/// The modules `terraform init` installed under `root`, by module key.
fn installed_modules(root: &Path) -> HashMap<String, PathBuf> {
    #[derive(serde::Deserialize)]
    struct Manifest {
        #[serde(rename = "Modules", default)]
        modules: Vec<Installed>,
    }
    #[derive(serde::Deserialize)]
    struct Installed {
        #[serde(rename = "Key")]
        key: String,
        #[serde(rename = "Dir")]
        dir: String,
    }
    let path = root.join(".terraform").join("modules").join("modules.json");
    let Ok(text) = std::fs::read_to_string(&path) else { return HashMap::new() };
    match serde_json::from_str::<Manifest>(&text) {
        Ok(m) => m.modules.into_iter().filter(|m| !m.key.is_empty()).map(|m| (m.key, root.join(m.dir))).collect(),
        Err(e) => {
            tracing::warn!(file = %path.display(), error = %e, "cannot read the installed modules; modules from registries are not followed");
            HashMap::new()
        }
    }
}

fn hcl_error(file: &str, text: &str, span: Option<std::ops::Range<usize>>, message: String) -> TerraformError {
    let line = span.and_then(|r| text.get(..r.start)).map_or(1, |before| before.matches('\n').count() + 1);
    TerraformError::Hcl { file: file.to_owned(), line, column: 1, message }
}

/// The instances a `resource` or `module` block declares with `count` or
/// `for_each`: `None` for a block without either (one instance, no key).
/// A value that cannot be resolved keeps one instance without a key, whose
/// `count.index`/`each` references are unknown.
fn instances<'a>(ev: &mut Eval<'a>, block: &'a Block, file: &TfFile) -> Result<Option<Vec<Iteration>>, TerraformError> {
    let attr = |name: &str| block.body.attributes().find(|a| a.key.as_str() == name);
    let too_many = |a: &hcl_edit::structure::Attribute, n: u64| {
        hcl_error(&file.name, &file.text, a.span(), format!("{} expands into {n} instances; onus expands at most {MAX_INSTANCES}", a.key.as_str()))
    };
    if let Some(a) = attr("count") {
        return match ev.eval(&a.value, &file.text) {
            Value::Number(n) => match n.as_u64() {
                Some(n) if n > MAX_INSTANCES => Err(too_many(a, n)),
                Some(n) => Ok(Some((0..n).map(Iteration::Count).collect())),
                None => Err(hcl_error(&file.name, &file.text, a.span(), format!("count = {n}: expected a whole number, not negative"))),
            },
            _ => Ok(None),
        };
    }
    if let Some(a) = attr("for_each") {
        let each: Vec<Iteration> = match ev.eval(&a.value, &file.text) {
            Value::Object(m) if !is_unknown(&Value::Object(m.clone())) => {
                m.into_iter().map(|(k, v)| Iteration::Each { key: Value::String(k), value: v }).collect()
            }
            // A set of strings (`toset([...])` or a list literal).
            Value::Array(items) if items.iter().all(Value::is_string) => {
                let mut keys: Vec<String> = items.into_iter().filter_map(|v| v.as_str().map(str::to_owned)).collect();
                keys.sort();
                keys.dedup();
                keys.into_iter().map(|k| Iteration::Each { key: Value::String(k.clone()), value: Value::String(k) }).collect()
            }
            _ => return Ok(None),
        };
        if each.len() as u64 > MAX_INSTANCES {
            return Err(too_many(a, each.len() as u64));
        }
        return Ok(Some(each));
    }
    Ok(None)
}

/// Meta-arguments: how many instances, in which order, with which provider —
/// not the resource's attributes.
const META_ARGUMENTS: &[&str] = &["count", "for_each", "depends_on", "provider", "providers"];

/// Reads one module instance's files (and the modules they call, first, so
/// resources can refer to their outputs); returns what its outputs refer to.
fn read_module(
    files: &[TfFile],
    m: &ModuleInstance,
    walk: &mut Walk<'_>,
) -> Result<Outputs, TerraformError> {
    let mut scope = Scope { inputs: &m.inputs, input_refs: &m.input_refs, module_outputs: Default::default(), vars: HashMap::new(), locals: HashMap::new() };
    let mut region_expr = None;
    for f in files {
        for block in f.body.blocks() {
            match (block.ident.as_str(), block.labels.first().map(label)) {
                ("variable", Some(name)) => {
                    let default = block.body.attributes().find(|a| a.key.as_str() == "default").map(|a| &a.value);
                    scope.vars.insert(name.to_owned(), default);
                }
                ("locals", _) => {
                    for a in block.body.attributes() {
                        scope.locals.insert(a.key.as_str().to_owned(), &a.value);
                    }
                }
                ("provider", Some("aws")) if region_expr.is_none() => {
                    region_expr = block.body.attributes().find(|a| a.key.as_str() == "region").map(|a| (&a.value, f.text.as_str()));
                }
                _ => {}
            }
        }
    }
    let region = m.region.clone().or_else(|| {
        region_expr.and_then(|(e, text)| {
            let mut ev = Eval { scope: &scope, depth: 0, refs: Vec::new(), each_refs: Vec::new(), iteration: None };
            ev.eval(e, text).as_str().map(str::to_owned)
        })
    });
    let prefix = if m.path.is_empty() { String::new() } else { format!("{}.", m.path) };
    // Module calls, each after the calls whose outputs its arguments read
    // (file order when they form a cycle).
    let mut calls: Vec<(&Block, &TfFile, &str)> = files
        .iter()
        .flat_map(|f| f.body.blocks().map(move |b| (b, f)))
        .filter_map(|(b, f)| match (b.ident.as_str(), b.labels.first().map(label)) {
            ("module", Some(name)) => Some((b, f, name)),
            _ => None,
        })
        .collect();
    while !calls.is_empty() {
        let reads = |b: &Block, f: &TfFile, other: &str| {
            let text = b.span().and_then(|r| f.text.get(r)).unwrap_or_default();
            text.contains(&format!("module.{other}.")) || text.contains(&format!("module.{other}["))
        };
        let next = calls.iter().position(|(b, f, _)| !calls.iter().any(|(_, _, other)| reads(b, f, other))).unwrap_or(0);
        let (block, f, name) = calls.remove(next);
        let outputs = call_module(&scope, block, f, name, m, region.as_ref(), walk)?;
        scope.module_outputs.borrow_mut().insert(name.to_owned(), outputs);
    }
    for f in files {
        let lines = LineIndex::new(&f.text);
        let mut resources = Vec::new();
        for block in f.body.blocks() {
            if let ("resource", Some(rtype), Some(name)) = (block.ident.as_str(), block.labels.first().map(label), block.labels.get(1).map(label)) {
                let mut ev = Eval { scope: &scope, depth: 0, refs: Vec::new(), each_refs: Vec::new(), iteration: None };
                let each = match instances(&mut ev, block, f)? {
                    Some(list) => list.into_iter().map(Some).collect(),
                    None => vec![None],
                };
                let each_refs = ev.refs;
                for iteration in each {
                    let suffix = iteration.as_ref().map(Iteration::suffix).unwrap_or_default();
                    let mut ev = Eval { scope: &scope, depth: 0, refs: Vec::new(), each_refs: each_refs.clone(), iteration: iteration.clone() };
                    let mut raw = RawResource {
                        address: format!("{prefix}{rtype}.{name}{suffix}"),
                        module: m.path.clone(),
                        config_address: format!("{rtype}.{name}"),
                        index: iteration.as_ref().map(Iteration::index),
                        rtype: rtype.to_owned(),
                        provider: if rtype.starts_with("aws_") {
                            "registry.terraform.io/hashicorp/aws".to_owned()
                        } else {
                            rtype.split('_').next().unwrap_or_default().to_owned()
                        },
                        values: Value::Null,
                        declared: Default::default(),
                        file: f.name.clone(),
                        span: block.span().map(|r| lines.span(r)),
                        attr_spans: BTreeMap::new(),
                        suppressions: Vec::new(),
                        region: region.clone(),
                    };
                    raw.values = body_values(&mut ev, block, "", &f.text, &lines, &mut raw);
                    resources.push(raw);
                }
            }
        }
        let comments = ignore_comments(&f.name, &f.text)?;
        let mut refs: Vec<&mut RawResource> = resources.iter_mut().collect();
        for orphan in attach_ignores(&f.text, comments, &mut refs) {
            tracing::warn!(file = %f.name, line = orphan.line, check = %orphan.suppression.check, "onus:ignore comment is not on or above a resource; ignored");
        }
        walk.out.resources.extend(resources);
    }
    let mut outputs = Outputs::new();
    for f in files {
        for block in f.body.blocks() {
            if let ("output", Some(name)) = (block.ident.as_str(), block.labels.first().map(label))
                && let Some(value) = block.body.attributes().find(|a| a.key.as_str() == "value")
            {
                let mut ev = Eval { scope: &scope, depth: 0, refs: Vec::new(), each_refs: Vec::new(), iteration: None };
                let _ = ev.eval(&value.value, &f.text);
                outputs.insert(name.to_owned(), ev.refs.iter().map(|r| absolute_ref(&m.path, r)).collect());
            }
        }
    }
    Ok(outputs)
}

/// Follows one `module` block into its source, once per instance.
fn call_module<'a>(
    scope: &'a Scope<'a>,
    block: &'a Block,
    f: &TfFile,
    name: &str,
    caller: &ModuleInstance,
    region: Option<&String>,
    walk: &mut Walk<'_>,
) -> Result<Outputs, TerraformError> {
    let mut ev = Eval { scope, depth: 0, refs: Vec::new(), each_refs: Vec::new(), iteration: None };
    let source = block
        .body
        .attributes()
        .find(|a| a.key.as_str() == "source")
        .and_then(|a| ev.eval(&a.value, &f.text).as_str().map(str::to_owned))
        .unwrap_or_default();
    let key = if caller.key.is_empty() { name.to_owned() } else { format!("{}.{name}", caller.key) };
    let base = if caller.path.is_empty() { format!("module.{name}") } else { format!("{}.module.{name}", caller.path) };
    let line = block.span().and_then(|r| f.text.get(..r.start)).map_or(1, |b| b.matches('\n').count() + 1);
    let dir = if source.starts_with("./") || source.starts_with("../") {
        Some(caller.dir.join(&source).components().collect::<PathBuf>())
    } else {
        walk.installed.get(&key).cloned()
    };
    let Some(dir) = dir.filter(|d| d.is_dir()) else {
        tracing::debug!(file = %f.name, line, module = %base, source = %source, "module source is not on disk");
        walk.out.skipped_modules.push(SkippedModule { file: f.name.clone(), line, address: base, source });
        return Ok(Outputs::new());
    };
    if caller.depth + 1 > MAX_MODULE_DEPTH {
        return Err(hcl_error(
            &f.name,
            &f.text,
            block.span(),
            format!("module \"{name}\" nests modules more than {MAX_MODULE_DEPTH} deep (a module that calls itself?)"),
        ));
    }
    let files = read_dir(&dir)?;
    if !walk.out.module_dirs.contains(&dir) {
        walk.out.module_dirs.push(dir.clone());
    }
    let each = match instances(&mut ev, block, f)? {
        Some(list) => list.into_iter().map(Some).collect(),
        None => vec![None],
    };
    let mut outputs = Outputs::new();
    for iteration in each {
        let mut ev = Eval { scope, depth: 0, refs: Vec::new(), each_refs: Vec::new(), iteration: iteration.clone() };
        let mut inputs = HashMap::new();
        let mut input_refs = HashMap::new();
        for a in block.body.attributes().filter(|a| !matches!(a.key.as_str(), "source" | "version") && !META_ARGUMENTS.contains(&a.key.as_str())) {
            ev.refs.clear();
            inputs.insert(a.key.as_str().to_owned(), ev.eval(&a.value, &f.text));
            if !ev.refs.is_empty() {
                input_refs.insert(a.key.as_str().to_owned(), ev.refs.iter().map(|r| absolute_ref(&caller.path, r)).collect());
            }
        }
        let suffix = iteration.as_ref().map(Iteration::suffix).unwrap_or_default();
        let instance = ModuleInstance {
            path: format!("{base}{suffix}"),
            key: key.clone(),
            dir: dir.clone(),
            inputs,
            input_refs,
            region: region.cloned(),
            depth: caller.depth + 1,
        };
        // The instances' outputs together: a reference through any instance
        // may name any of their resources.
        for (name, refs) in read_module(&files, &instance, walk)? {
            let all = outputs.entry(name).or_default();
            for r in refs {
                if !all.contains(&r) {
                    all.push(r);
                }
            }
        }
    }
    Ok(outputs)
}

fn body_values<'a>(ev: &mut Eval<'a>, block: &'a Block, prefix: &str, text: &str, lines: &LineIndex, raw: &mut RawResource) -> Value {
    let mut m = Map::new();
    for s in block.body.iter() {
        match s {
            Structure::Attribute(a) => {
                if prefix.is_empty() && META_ARGUMENTS.contains(&a.key.as_str()) {
                    continue;
                }
                let key = a.key.as_str().to_owned();
                let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
                ev.refs.clear();
                let v = ev.eval(&a.value, text);
                if prefix.is_empty() {
                    let declared = std::sync::Arc::make_mut(&mut raw.declared);
                    declared.configured.push(key.clone());
                    if !ev.refs.is_empty() {
                        declared.set_refs(&key, ev.refs.clone());
                    }
                }
                if let Some(r) = a.span() {
                    raw.attr_spans.entry(path).or_insert_with(|| lines.span(r));
                }
                m.insert(key, v);
            }
            Structure::Block(b) => {
                let (name, dynamic) = if b.ident.as_str() == "dynamic" {
                    (b.labels.first().map(label).unwrap_or("dynamic").to_owned(), true)
                } else {
                    (b.ident.as_str().to_owned(), false)
                };
                if matches!(name.as_str(), "lifecycle" | "provisioner" | "connection" | "timeouts") {
                    continue;
                }
                let path = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
                if let Some(r) = b.span() {
                    raw.attr_spans.entry(path.clone()).or_insert_with(|| lines.span(r));
                }
                if prefix.is_empty() {
                    std::sync::Arc::make_mut(&mut raw.declared).configured.push(name.clone());
                }
                if dynamic {
                    // A dynamic block's content depends on its iterator: unknown.
                    let _ = body_values(ev, b, &path, text, lines, raw);
                    m.insert(name.clone(), unknown(UnknownCause::Unresolvable, format!("dynamic \"{name}\" block")));
                    continue;
                }
                let v = body_values(ev, b, &path, text, lines, raw);
                if let Value::Array(items) = m.entry(name).or_insert_with(|| Value::Array(Vec::new())) {
                    items.push(v);
                }
            }
        }
    }
    Value::Object(m)
}

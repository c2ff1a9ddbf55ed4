//! Evaluating a template: parameters, mappings, conditions and intrinsic
//! functions, resolved statically where possible and unknown otherwise.

use crate::CfnError;
use crate::node::{Kind, Node};
use crate::value::{contains_unknown, is_unknown, symbol_of, symbolic, unknown};
use onus_model::{Span, UnknownCause};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

/// One resource of a template, evaluated.
#[derive(Clone, Debug)]
pub struct RawResource {
    /// The logical id.
    pub logical_id: String,
    /// The type, e.g. `AWS::S3::Bucket`.
    pub rtype: String,
    /// The evaluated `Properties`, with unknown markers.
    pub props: Value,
    /// Properties the template sets (top level).
    pub configured: Vec<String>,
    /// For each top-level property, the logical ids it refers to.
    pub refs: BTreeMap<String, Vec<String>>,
    /// The resource's span.
    pub span: Span,
    /// Spans of properties by dotted path (`VersioningConfiguration.Status`).
    pub spans: BTreeMap<String, Span>,
    /// Suppressions from `Metadata.onus.ignore`.
    pub suppressions: Vec<onus_model::Suppression>,
    /// The evaluated `Metadata`, for SAM `Globals` and friends.
    pub metadata: Value,
}

/// A template with its parameters, mappings and conditions.
pub struct Template<'a> {
    file: &'a str,
    root: &'a Node,
    params: HashMap<String, Value>,
    conditions: HashMap<String, Option<bool>>,
    resource_ids: HashSet<String>,
}

fn to_value(n: &Node) -> Value {
    match &n.kind {
        Kind::Null => Value::Null,
        Kind::Bool(b) => Value::Bool(*b),
        Kind::Number(x) => Value::Number(x.clone()),
        Kind::Str(s) => Value::String(s.clone()),
        Kind::Seq(items) => Value::Array(items.iter().map(to_value).collect()),
        Kind::Map(items) => Value::Object(items.iter().map(|(k, _, v)| (k.clone(), to_value(v))).collect()),
    }
}

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl<'a> Template<'a> {
    /// Prepares a template: parameters (overrides first, then defaults) and conditions.
    pub fn new(file: &'a str, root: &'a Node, overrides: &BTreeMap<String, String>) -> Result<Template<'a>, CfnError> {
        let mut params = HashMap::new();
        for (name, _, decl) in root.get("Parameters").map(Node::entries).unwrap_or(&[]) {
            let ptype = decl.get("Type").and_then(Node::as_str).unwrap_or("String");
            let value = match overrides.get(name) {
                Some(v) => Value::String(v.clone()),
                None => match decl.get("Default") {
                    Some(d) => to_value(d),
                    None => unknown(UnknownCause::Unresolvable, format!("parameter {name} has no default and no --parameter value")),
                },
            };
            let value = match (&value, ptype.starts_with("List<") || ptype == "CommaDelimitedList") {
                (Value::String(s), true) => Value::Array(s.split(',').map(|x| Value::String(x.trim().to_owned())).collect()),
                _ => value,
            };
            params.insert(name.clone(), value);
        }
        let resource_ids = root.get("Resources").map(Node::entries).unwrap_or(&[]).iter().map(|(k, _, _)| k.clone()).collect();
        let mut t = Template { file, root, params, conditions: HashMap::new(), resource_ids };
        let names: Vec<String> = root.get("Conditions").map(Node::entries).unwrap_or(&[]).iter().map(|(k, _, _)| k.clone()).collect();
        for name in names {
            let mut visiting = Vec::new();
            t.condition(&name, &mut visiting)?;
        }
        Ok(t)
    }

    fn condition(&mut self, name: &str, visiting: &mut Vec<String>) -> Result<Option<bool>, CfnError> {
        if let Some(v) = self.conditions.get(name) {
            return Ok(*v);
        }
        let Some(node) = self.root.get("Conditions").and_then(|c| c.get(name)) else {
            return Ok(None);
        };
        if visiting.iter().any(|v| v == name) {
            visiting.push(name.to_owned());
            return Err(CfnError::Cycle { file: self.file.to_owned(), line: node.span.start_line, cycle: visiting.join(" → ") });
        }
        visiting.push(name.to_owned());
        let v = self.eval_condition(node, visiting)?;
        visiting.pop();
        self.conditions.insert(name.to_owned(), v);
        Ok(v)
    }

    fn eval_condition(&mut self, node: &Node, visiting: &mut Vec<String>) -> Result<Option<bool>, CfnError> {
        let Kind::Map(items) = &node.kind else {
            return Ok(match &node.kind {
                Kind::Bool(b) => Some(*b),
                _ => None,
            });
        };
        let Some((f, _, arg)) = items.first() else { return Ok(None) };
        let args: &[Node] = match &arg.kind {
            Kind::Seq(a) => a,
            _ => std::slice::from_ref(arg),
        };
        Ok(match f.as_str() {
            "Condition" => match arg.as_str() {
                Some(n) => self.condition(n, visiting)?,
                None => None,
            },
            "Fn::Not" => args.first().map(|a| self.eval_condition(a, visiting)).transpose()?.flatten().map(|b| !b),
            "Fn::And" | "Fn::Or" => {
                let mut vals = Vec::new();
                for a in args {
                    vals.push(self.eval_condition(a, visiting)?);
                }
                let and = f == "Fn::And";
                if vals.contains(&Some(!and)) {
                    Some(!and)
                } else if vals.iter().all(Option::is_some) {
                    Some(and)
                } else {
                    None
                }
            }
            "Fn::Equals" => {
                let (Some(a), Some(b)) = (args.first(), args.get(1)) else { return Ok(None) };
                let (a, b) = (self.eval(a), self.eval(b));
                if contains_unknown(&a) || contains_unknown(&b) {
                    None
                } else {
                    Some(as_text(&a).is_some_and(|x| as_text(&b).is_some_and(|y| x == y)) || a == b)
                }
            }
            _ => None,
        })
    }

    /// A condition's value: `Some(true|false)`, or `None` when it cannot be resolved.
    pub fn condition_value(&self, name: &str) -> Option<bool> {
        self.conditions.get(name).copied().flatten()
    }

    /// Evaluates a node; what cannot be resolved becomes an unknown marker.
    pub fn eval(&self, node: &Node) -> Value {
        self.eval_depth(node, 0)
    }

    fn eval_depth(&self, node: &Node, depth: usize) -> Value {
        if depth > 128 {
            return unknown(UnknownCause::Unresolvable, "expression nested too deeply");
        }
        let d = depth + 1;
        match &node.kind {
            Kind::Seq(items) => Value::Array(
                items.iter().map(|i| self.eval_depth(i, d)).filter(|v| !is_no_value(v)).collect(),
            ),
            Kind::Map(items) if items.len() == 1 && is_intrinsic(&items[0].0) => self.intrinsic(&items[0].0, &items[0].2, d),
            Kind::Map(items) => {
                let mut m = Map::new();
                for (k, _, v) in items {
                    let val = self.eval_depth(v, d);
                    if !is_no_value(&val) {
                        m.insert(k.clone(), val);
                    }
                }
                Value::Object(m)
            }
            _ => to_value(node),
        }
    }

    fn intrinsic(&self, f: &str, arg: &Node, d: usize) -> Value {
        let args: Vec<&Node> = match &arg.kind {
            Kind::Seq(a) => a.iter().collect(),
            _ => vec![arg],
        };
        let unresolvable = |what: String| unknown(UnknownCause::Unresolvable, what);
        match f {
            "Ref" => {
                let Some(name) = arg.as_str() else { return unresolvable("Ref to a non-string".into()) };
                if let Some(v) = self.params.get(name) {
                    return v.clone();
                }
                match name {
                    "AWS::NoValue" => Value::String(NO_VALUE.to_owned()),
                    "AWS::NotificationARNs" => unresolvable(format!("pseudo parameter {name} is known only at deploy time")),
                    _ if is_scalar_pseudo(name) => {
                        symbolic(UnknownCause::Unresolvable, format!("pseudo parameter {name} is known only at deploy time"), format!("${{{name}}}"))
                    }
                    _ if self.resource_ids.contains(name) => symbolic(UnknownCause::ComputedAtApply, format!("Ref {name}"), format!("${{{name}}}")),
                    _ => unresolvable(format!("Ref {name}: no such parameter or resource")),
                }
            }
            "Fn::GetAtt" => {
                let parts: Vec<String> = args.iter().filter_map(|a| a.as_str().map(str::to_owned)).collect();
                let path = parts.join(".");
                match parts.first() {
                    Some(id) if parts.len() >= 2 && self.resource_ids.contains(id) => {
                        symbolic(UnknownCause::ComputedAtApply, format!("Fn::GetAtt {path}"), format!("${{{path}}}"))
                    }
                    _ => unknown(UnknownCause::ComputedAtApply, format!("Fn::GetAtt {path}")),
                }
            }
            "Fn::If" => {
                let Some(cond) = args.first().and_then(|a| a.as_str()) else { return unresolvable("Fn::If".into()) };
                match self.condition_value(cond) {
                    Some(true) => args.get(1).map_or(Value::Null, |n| self.eval_depth(n, d)),
                    Some(false) => args.get(2).map_or(Value::Null, |n| self.eval_depth(n, d)),
                    None => unresolvable(format!("Fn::If on condition {cond}, which cannot be resolved")),
                }
            }
            "Fn::Sub" => {
                let (tpl, vars) = match args.as_slice() {
                    [t] => (self.eval_depth(t, d), Map::new()),
                    [t, v, ..] => (self.eval_depth(t, d), self.eval_depth(v, d).as_object().cloned().unwrap_or_default()),
                    [] => return unresolvable("Fn::Sub".into()),
                };
                let Some(tpl) = tpl.as_str() else { return unresolvable("Fn::Sub template".into()) };
                let mut out = String::new();
                // The first reference that cannot be resolved; the text stays a
                // symbol while every such reference is a deploy-time value.
                let mut unresolved: Option<&str> = None;
                let mut symbolic_only = true;
                let mut rest = tpl;
                while let Some(start) = rest.find("${") {
                    out.push_str(&rest[..start]);
                    let after = &rest[start + 2..];
                    if let Some(lit) = after.strip_prefix('!') {
                        out.push_str("${");
                        rest = lit;
                        continue;
                    }
                    let Some(end) = after.find('}') else { return unresolvable(format!("Fn::Sub {tpl}")) };
                    let name = &after[..end];
                    let val = vars.get(name).cloned().or_else(|| self.params.get(name).cloned());
                    match val.as_ref().and_then(|v| if is_unknown(v) { None } else { as_text(v) }) {
                        Some(s) => out.push_str(&s),
                        None => {
                            unresolved.get_or_insert(name);
                            let symbol = match val.as_ref() {
                                Some(v) => symbol_of(v).map(str::to_owned),
                                None if is_scalar_pseudo(name) => Some(format!("${{{name}}}")),
                                None if name.split('.').next().is_some_and(|id| self.resource_ids.contains(id)) => Some(format!("${{{name}}}")),
                                None => None,
                            };
                            match symbol {
                                Some(s) => out.push_str(&s),
                                None => symbolic_only = false,
                            }
                        }
                    }
                    rest = &after[end + 1..];
                }
                out.push_str(rest);
                match unresolved {
                    None => Value::String(out),
                    Some(name) => {
                        let detail = format!("Fn::Sub {tpl}: ${{{name}}} cannot be resolved");
                        if symbolic_only { symbolic(UnknownCause::Unresolvable, detail, out) } else { unknown(UnknownCause::Unresolvable, detail) }
                    }
                }
            }
            "Fn::Join" => {
                let (Some(sep), Some(list)) = (args.first(), args.get(1)) else { return unresolvable("Fn::Join".into()) };
                let sep = self.eval_depth(sep, d);
                let list = self.eval_depth(list, d);
                match (as_text(&sep), list) {
                    (Some(sep), Value::Array(items)) if !items.iter().any(contains_unknown) => {
                        Value::String(items.iter().filter_map(as_text).collect::<Vec<_>>().join(&sep))
                    }
                    // Deploy-time values joined with text: still one definite value.
                    (Some(sep), Value::Array(items)) if items.iter().all(|i| symbol_of(i).is_some() || !contains_unknown(i)) => {
                        let text = items.iter().filter_map(|i| symbol_of(i).map(str::to_owned).or_else(|| as_text(i))).collect::<Vec<_>>().join(&sep);
                        symbolic(UnknownCause::Unresolvable, "Fn::Join over values that cannot be resolved", text)
                    }
                    _ => unresolvable("Fn::Join over values that cannot be resolved".into()),
                }
            }
            "Fn::Select" => {
                let (Some(i), Some(list)) = (args.first(), args.get(1)) else { return unresolvable("Fn::Select".into()) };
                let i = self.eval_depth(i, d);
                let list = self.eval_depth(list, d);
                let idx = as_text(&i).and_then(|s| s.parse::<usize>().ok());
                match (idx, list) {
                    (Some(i), Value::Array(items)) => items.get(i).cloned().unwrap_or_else(|| unresolvable(format!("Fn::Select index {i} out of range"))),
                    _ => unresolvable("Fn::Select over values that cannot be resolved".into()),
                }
            }
            "Fn::Split" => {
                let (Some(sep), Some(s)) = (args.first(), args.get(1)) else { return unresolvable("Fn::Split".into()) };
                match (as_text(&self.eval_depth(sep, d)), self.eval_depth(s, d)) {
                    (Some(sep), Value::String(s)) if !sep.is_empty() => Value::Array(s.split(sep.as_str()).map(|x| Value::String(x.to_owned())).collect()),
                    _ => unresolvable("Fn::Split over values that cannot be resolved".into()),
                }
            }
            "Fn::FindInMap" => {
                let keys: Vec<Value> = args.iter().map(|a| self.eval_depth(a, d)).collect();
                let keys: Option<Vec<String>> = keys.iter().map(|k| if is_unknown(k) { None } else { as_text(k) }).collect();
                let found = keys.as_ref().filter(|k| k.len() >= 3).and_then(|k| {
                    self.root.get("Mappings")?.get(&k[0])?.get(&k[1])?.get(&k[2]).map(|n| self.eval_depth(n, d))
                });
                found.unwrap_or_else(|| unresolvable("Fn::FindInMap with keys that cannot be resolved".into()))
            }
            "Fn::Equals" | "Fn::Not" | "Fn::And" | "Fn::Or" | "Condition" => unresolvable(format!("{f} outside Conditions")),
            "Fn::ToJsonString" => {
                let v = self.eval_depth(arg, d);
                if contains_unknown(&v) { unresolvable("Fn::ToJsonString".into()) } else { Value::String(v.to_string()) }
            }
            other => unresolvable(format!("{other} cannot be resolved statically")),
        }
    }

    /// The resources, without those whose condition is false; a cycle in
    /// `Ref`/`Fn::GetAtt`/`Fn::Sub`/`DependsOn` is an error.
    pub fn resources(&self) -> Result<Vec<RawResource>, CfnError> {
        let entries = self.root.get("Resources").map(Node::entries).unwrap_or(&[]);
        // References between resources, for cycles and joins.
        let mut graph: BTreeMap<&str, (Span, Vec<String>)> = BTreeMap::new();
        for (id, _, node) in entries {
            let mut deps = Vec::new();
            if let Some(props) = node.get("Properties") {
                self.refs_in(props, &mut deps);
            }
            match node.get("DependsOn").map(|n| &n.kind) {
                Some(Kind::Str(s)) => deps.push(s.clone()),
                Some(Kind::Seq(items)) => deps.extend(items.iter().filter_map(|i| i.as_str().map(str::to_owned))),
                _ => {}
            }
            graph.insert(id, (node.span, deps));
        }
        self.check_cycles(&graph)?;

        let mut out = Vec::new();
        for (id, key_span, node) in entries {
            if let Some(cond) = node.get("Condition").and_then(Node::as_str)
                && self.condition_value(cond) == Some(false)
            {
                tracing::debug!(resource = %id, condition = cond, "condition is false; not created");
                continue;
            }
            let rtype = node.get("Type").and_then(Node::as_str).unwrap_or_default().to_owned();
            let props_node = node.get("Properties");
            let props = props_node.map_or(Value::Object(Map::new()), |p| self.eval(p));
            let mut spans = BTreeMap::new();
            let mut configured = Vec::new();
            let mut refs = BTreeMap::new();
            if let Some(p) = props_node {
                collect_spans(p, "", &mut spans);
                for (k, _, v) in p.entries() {
                    configured.push(k.clone());
                    let mut r = Vec::new();
                    self.refs_in(v, &mut r);
                    if !r.is_empty() {
                        refs.insert(k.clone(), r);
                    }
                }
            }
            let suppressions = self.metadata_suppressions(node)?;
            out.push(RawResource {
                logical_id: id.clone(),
                rtype,
                props,
                configured,
                refs,
                span: Span { start_line: key_span.start_line, start_column: key_span.start_column, end_line: node.span.end_line, end_column: node.span.end_column },
                spans,
                suppressions,
                metadata: node.get("Metadata").map_or(Value::Null, |m| self.eval(m)),
            });
        }
        Ok(out)
    }

    fn metadata_suppressions(&self, node: &Node) -> Result<Vec<onus_model::Suppression>, CfnError> {
        let Some(list) = node.get("Metadata").and_then(|m| m.get("onus")).and_then(|o| o.get("ignore")) else {
            return Ok(Vec::new());
        };
        let items: Vec<&Node> = match &list.kind {
            Kind::Seq(items) => items.iter().collect(),
            _ => vec![list],
        };
        let mut out = Vec::new();
        for item in items {
            let check = item.get("check").and_then(Node::as_str).unwrap_or_default().trim().to_owned();
            let reason = item.get("reason").and_then(Node::as_str).unwrap_or_default().trim().to_owned();
            if check.is_empty() || reason.is_empty() {
                return Err(CfnError::SuppressionWithoutReason { file: self.file.to_owned(), line: item.span.start_line, check });
            }
            out.push(onus_model::Suppression { check, reason, file: Some(self.file.to_owned()), line: Some(item.span.start_line) });
        }
        Ok(out)
    }

    /// Logical ids a node refers to through `Ref`, `Fn::GetAtt` or `Fn::Sub`.
    fn refs_in(&self, node: &Node, out: &mut Vec<String>) {
        let mut push = |id: &str| {
            if self.resource_ids.contains(id) && !out.iter().any(|o| o == id) {
                out.push(id.to_owned());
            }
        };
        match &node.kind {
            Kind::Map(items) => {
                for (k, _, v) in items {
                    match k.as_str() {
                        "Ref" => {
                            if let Some(s) = v.as_str() {
                                push(s);
                            }
                        }
                        "Fn::GetAtt" => {
                            let first = match &v.kind {
                                Kind::Seq(a) => a.first().and_then(Node::as_str),
                                Kind::Str(s) => s.split('.').next(),
                                _ => None,
                            };
                            if let Some(s) = first {
                                push(s);
                            }
                        }
                        "Fn::Sub" => {
                            let tpl = match &v.kind {
                                Kind::Str(s) => Some(s.as_str()),
                                Kind::Seq(a) => a.first().and_then(Node::as_str),
                                _ => None,
                            };
                            let mut rest = tpl.unwrap_or_default();
                            while let Some(start) = rest.find("${") {
                                let after = &rest[start + 2..];
                                let Some(end) = after.find('}') else { break };
                                let name = after[..end].split('.').next().unwrap_or_default();
                                push(name);
                                rest = &after[end + 1..];
                            }
                        }
                        _ => {}
                    }
                }
                for (_, _, v) in items {
                    self.refs_in(v, out);
                }
            }
            Kind::Seq(items) => items.iter().for_each(|i| self.refs_in(i, out)),
            _ => {}
        }
    }

    fn check_cycles(&self, graph: &BTreeMap<&str, (Span, Vec<String>)>) -> Result<(), CfnError> {
        // 0 = unvisited, 1 = on the stack, 2 = done. Iterative, so a deep chain cannot overflow.
        let mut state: HashMap<&str, u8> = HashMap::new();
        for start in graph.keys() {
            if state.get(start).copied().unwrap_or(0) != 0 {
                continue;
            }
            let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
            state.insert(start, 1);
            while let Some((node, i)) = stack.pop() {
                let deps = graph.get(node).map(|(_, d)| d.as_slice()).unwrap_or(&[]);
                if let Some(dep) = deps.get(i) {
                    stack.push((node, i + 1));
                    let Some((dep_key, _)) = graph.get_key_value(dep.as_str()) else { continue };
                    match state.get(dep_key).copied().unwrap_or(0) {
                        0 => {
                            state.insert(dep_key, 1);
                            stack.push((dep_key, 0));
                        }
                        1 => {
                            let pos = stack.iter().position(|(n, _)| n == dep_key).unwrap_or(0);
                            let mut cycle: Vec<&str> = stack[pos..].iter().map(|(n, _)| *n).collect();
                            cycle.push(dep_key);
                            let line = graph.get(dep_key).map_or(1, |(s, _)| s.start_line);
                            return Err(CfnError::Cycle { file: self.file.to_owned(), line, cycle: cycle.join(" → ") });
                        }
                        _ => {}
                    }
                } else {
                    state.insert(node, 2);
                }
            }
        }
        Ok(())
    }
}

/// Pseudo parameters that stand for one value fixed at deploy time.
fn is_scalar_pseudo(name: &str) -> bool {
    matches!(name, "AWS::Region" | "AWS::AccountId" | "AWS::StackName" | "AWS::StackId" | "AWS::Partition" | "AWS::URLSuffix")
}

const NO_VALUE: &str = "\u{0}onus:no-value";

fn is_no_value(v: &Value) -> bool {
    v.as_str() == Some(NO_VALUE)
}

fn is_intrinsic(k: &str) -> bool {
    k == "Ref" || k == "Condition" || k.starts_with("Fn::")
}

fn collect_spans(node: &Node, prefix: &str, out: &mut BTreeMap<String, Span>) {
    match &node.kind {
        Kind::Map(items) => {
            if items.len() == 1 && is_intrinsic(&items[0].0) {
                return;
            }
            for (k, key_span, v) in items {
                let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                let span = Span { start_line: key_span.start_line, start_column: key_span.start_column, end_line: v.span.end_line.max(key_span.end_line), end_column: v.span.end_column };
                out.entry(path.clone()).or_insert(span);
                collect_spans(v, &path, out);
            }
        }
        Kind::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                let indexed = format!("{prefix}.{i}");
                out.entry(indexed.clone()).or_insert(item.span);
                collect_spans(item, &indexed, out);
                if i == 0 {
                    collect_spans(item, prefix, out);
                }
            }
        }
        _ => {}
    }
}

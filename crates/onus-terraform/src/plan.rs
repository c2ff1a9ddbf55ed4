//! `terraform show -json` output: plans and states.

use crate::raw::RawResource;
use crate::value::unknown;
use onus_model::UnknownCause;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Which kind of document a JSON file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Document {
    /// A plan (`resource_changes`).
    Plan,
    /// A state (`values`).
    State,
}

/// Tells a plan from a state by its top-level keys.
pub fn document_kind(doc: &Value) -> Option<Document> {
    let obj = doc.as_object()?;
    if !obj.contains_key("format_version") && !obj.contains_key("terraform_version") {
        return None;
    }
    if obj.contains_key("resource_changes") || obj.contains_key("planned_values") {
        Some(Document::Plan)
    } else if obj.contains_key("values") || obj.contains_key("terraform_version") {
        Some(Document::State)
    } else {
        None
    }
}

/// Marks every path `after_unknown` flags as unknown (`computed_at_apply`).
fn merge_unknown(after: &mut Value, after_unknown: &Value, path: &str) {
    match after_unknown {
        Value::Bool(true) => *after = unknown(UnknownCause::ComputedAtApply, format!("{path} is known only after apply")),
        Value::Object(m) => {
            if !after.is_object() {
                if after.is_null() {
                    *after = Value::Object(Map::new());
                } else {
                    return;
                }
            }
            if let Value::Object(target) = after {
                for (k, u) in m {
                    let child = target.entry(k.clone()).or_insert(Value::Null);
                    merge_unknown(child, u, &join(path, k));
                }
            }
        }
        Value::Array(items) => {
            if after.is_null() {
                *after = Value::Array(Vec::new());
            }
            if let Value::Array(target) = after {
                for (i, u) in items.iter().enumerate() {
                    if target.len() <= i {
                        target.push(Value::Null);
                    }
                    if let Some(child) = target.get_mut(i) {
                        merge_unknown(child, u, &format!("{path}[{i}]"));
                    }
                }
            }
        }
        _ => {}
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") }
}

/// The configuration of one module: resources by config address, with the
/// attributes they set and what those refer to.
/// The attributes a resource's configuration sets, and what each refers to.
type ResourceConfig = (Vec<String>, BTreeMap<String, Vec<String>>);

#[derive(Default)]
struct ModuleConfig {
    resources: BTreeMap<String, ResourceConfig>,
}

fn collect_config(module: &Value, path: &str, out: &mut BTreeMap<String, ModuleConfig>) {
    let mut cfg = ModuleConfig::default();
    for r in module.get("resources").and_then(Value::as_array).into_iter().flatten() {
        let Some(address) = r.get("address").and_then(Value::as_str) else { continue };
        let mut configured = Vec::new();
        let mut refs = BTreeMap::new();
        if let Some(exprs) = r.get("expressions").and_then(Value::as_object) {
            for (attr, expr) in exprs {
                configured.push(attr.clone());
                let mut found = Vec::new();
                collect_references(expr, &mut found);
                if !found.is_empty() {
                    refs.insert(attr.clone(), found);
                }
            }
        }
        cfg.resources.insert(address.to_owned(), (configured, refs));
    }
    if let Some(calls) = module.get("module_calls").and_then(Value::as_object) {
        for (name, call) in calls {
            if let Some(child) = call.get("module") {
                collect_config(child, &join(path, &format!("module.{name}")), out);
            }
        }
    }
    out.insert(path.to_owned(), cfg);
}

/// Resource addresses (`type.name`) an expression tree refers to.
fn collect_references(expr: &Value, out: &mut Vec<String>) {
    match expr {
        Value::Object(m) => {
            if let Some(Value::Array(refs)) = m.get("references") {
                for r in refs.iter().filter_map(Value::as_str) {
                    if let Some(addr) = resource_of_reference(r)
                        && !out.contains(&addr)
                    {
                        out.push(addr);
                    }
                }
            }
            for (k, v) in m {
                if k != "references" {
                    collect_references(v, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|v| collect_references(v, out)),
        _ => {}
    }
}

/// `aws_s3_bucket.logs.id` or `aws_s3_bucket.logs[0]` → `aws_s3_bucket.logs`.
pub fn resource_of_reference(reference: &str) -> Option<String> {
    let mut parts = reference.split('.');
    let rtype = parts.next()?;
    if matches!(rtype, "var" | "local" | "module" | "data" | "each" | "count" | "path" | "terraform" | "self") {
        return None;
    }
    let name = parts.next()?;
    let name = name.split('[').next()?;
    if name.is_empty() {
        return None;
    }
    Some(format!("{rtype}.{name}"))
}


/// The parts of `terraform show -json` output onus reads. Everything else
/// (`planned_values`, `prior_state`, …) is skipped while parsing, never built.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ShowJson {
    /// Present in plans and states.
    pub format_version: Option<Value>,
    /// Present in plans and states.
    pub terraform_version: Option<Value>,
    /// A plan's changes.
    pub resource_changes: Option<Vec<Value>>,
    /// A plan's configuration (references, provider settings).
    pub configuration: Option<Value>,
    /// A state's values.
    pub values: Option<Value>,
    /// A plan's planned values (only its presence is used).
    pub planned_values: Option<serde::de::IgnoredAny>,
}

impl ShowJson {
    /// Which document this is, if any.
    pub fn kind(&self) -> Option<Document> {
        if self.format_version.is_none() && self.terraform_version.is_none() {
            return None;
        }
        if self.resource_changes.is_some() || self.planned_values.is_some() {
            Some(Document::Plan)
        } else if self.values.is_some() || self.terraform_version.is_some() {
            Some(Document::State)
        } else {
            None
        }
    }
}

/// The resources of a plan: every managed resource change except deletions.
/// Takes the changes by value so that each `after` tree moves into its resource.
pub fn plan_resources(changes: Vec<Value>, configuration: Option<&Value>, file: &str) -> Vec<RawResource> {
    let mut config = BTreeMap::new();
    if let Some(root) = configuration.and_then(|c| c.get("root_module")) {
        collect_config(root, "", &mut config);
    }
    let region = configuration
        .and_then(|c| c.pointer("/provider_config/aws/expressions/region/constant_value"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let mut out = Vec::with_capacity(changes.len());
    for mut rc in changes {
        if rc.get("mode").and_then(Value::as_str).is_some_and(|m| m != "managed") {
            continue;
        }
        let actions: Vec<&str> = rc
            .pointer("/change/actions")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if actions == ["delete"] || actions == ["forget"] {
            continue;
        }
        let mut after = rc.pointer_mut("/change/after").map(Value::take).unwrap_or(Value::Null);
        let after_unknown = rc.pointer_mut("/change/after_unknown").map(Value::take).unwrap_or(Value::Null);
        if after.is_null() && after_unknown.is_null() {
            continue;
        }
        merge_unknown(&mut after, &after_unknown, "");
        if after.is_null() {
            after = Value::Object(Map::new());
        }
        out.push(raw_from(&rc, after, &config, file, region.clone()));
    }
    out
}

fn raw_from(r: &Value, values: Value, config: &BTreeMap<String, ModuleConfig>, file: &str, region: Option<String>) -> RawResource {
    let s = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
    let rtype = s("type");
    let name = s("name");
    let module = s("module_address");
    let config_address = format!("{rtype}.{name}");
    let (configured, refs) = config
        .get(&module)
        .and_then(|m| m.resources.get(&config_address))
        .cloned()
        .unwrap_or_default();
    let address = match r.get("address").and_then(Value::as_str) {
        Some(a) => a.to_owned(),
        None if module.is_empty() => config_address.clone(),
        None => format!("{module}.{config_address}"),
    };
    RawResource {
        address,
        module,
        config_address,
        index: r.get("index").cloned(),
        rtype,
        provider: s("provider_name"),
        values,
        configured,
        refs,
        file: file.to_owned(),
        span: None,
        attr_spans: BTreeMap::new(),
        suppressions: Vec::new(),
        region,
    }
}

/// The resources of a state: every managed resource of every module.
pub fn state_resources(doc: &Value, file: &str) -> Vec<RawResource> {
    let mut out = Vec::new();
    let config = BTreeMap::new();
    if let Some(root) = doc.pointer("/values/root_module") {
        walk_state_module(root, "", &config, file, &mut out);
    }
    out
}

fn walk_state_module(module: &Value, path: &str, config: &BTreeMap<String, ModuleConfig>, file: &str, out: &mut Vec<RawResource>) {
    for r in module.get("resources").and_then(Value::as_array).into_iter().flatten() {
        if r.get("mode").and_then(Value::as_str).is_some_and(|m| m != "managed") {
            continue;
        }
        let values = r.get("values").cloned().unwrap_or(Value::Object(Map::new()));
        let mut raw = raw_from(r, values, config, file, None);
        if raw.module.is_empty() {
            raw.module = path.to_owned();
        }
        // Every attribute of a state is as AWS reported it.
        raw.configured = raw.values.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default();
        out.push(raw);
    }
    for child in module.get("child_modules").and_then(Value::as_array).into_iter().flatten() {
        let child_path = child.get("address").and_then(Value::as_str).unwrap_or(path);
        walk_state_module(child, child_path, config, file, out);
    }
}

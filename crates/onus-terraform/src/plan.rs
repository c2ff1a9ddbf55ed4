//! `terraform show -json` output: plans and states.
//!
//! A plan is read into typed structures that borrow from the file's text:
//! only each change's `after` and `after_unknown` become JSON trees, the
//! configuration is reduced to the attributes each resource sets and the
//! resources they refer to while it is parsed, and `planned_values` and
//! `prior_state` are validated but never built. Large plans are split into
//! their resource changes (see [`crate::scan`]) and parsed on several threads.

use crate::TerraformError;
use crate::raw::{Declared, RawResource, absolute_ref};
use crate::scan;
use onus_model::SourceKind;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// Which kind of document a JSON file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Document {
    /// A plan (`resource_changes`).
    Plan,
    /// A state (`values`).
    State,
}

/// Which document the present (non-null) top-level keys make.
fn document_kind(format_version: bool, terraform_version: bool, resource_changes: bool, planned_values: bool, values: bool) -> Option<Document> {
    if !format_version && !terraform_version {
        return None;
    }
    if resource_changes || planned_values {
        Some(Document::Plan)
    } else if values || terraform_version {
        Some(Document::State)
    } else {
        None
    }
}

/// Marks every path `after_unknown` flags as unknown (`computed_at_apply`).
/// `path` is the dotted path of `after`, extended and restored on the way down.
fn merge_unknown(after: &mut Value, after_unknown: &Value, path: &mut String) {
    match after_unknown {
        Value::Bool(true) => *after = computed_at_apply(path),
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
                    if matches!(u, Value::Bool(false) | Value::Null) && target.contains_key(k) {
                        continue;
                    }
                    let len = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(k);
                    let child = target.entry(k.clone()).or_insert(Value::Null);
                    merge_unknown(child, u, path);
                    path.truncate(len);
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
                        let len = path.len();
                        path.push('[');
                        path.push_str(&i.to_string());
                        path.push(']');
                        merge_unknown(child, u, path);
                        path.truncate(len);
                    }
                }
            }
        }
        _ => {}
    }
}

/// The attributes a resource's configuration sets, and what each refers to.
type ResourceConfig = Arc<Declared>;

/// The configuration of every module, by module path (`""` for the root,
/// `module.a.module.b` below it): resources by config address.
#[derive(Default)]
pub struct Config {
    modules: HashMap<String, HashMap<String, ResourceConfig>>,
    region: Option<String>,
    /// For resources the configuration does not describe.
    none: ResourceConfig,
}

impl Config {
    fn from_parsed(c: Option<Configuration<'_>>) -> Config {
        let mut out = Config::default();
        let Some(c) = c else { return out };
        out.region = c
            .provider_config
            .as_ref()
            .and_then(|p| p.pointer("/aws/expressions/region/constant_value"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        if let Some(root) = c.root_module {
            collect_config(root, String::new(), &HashMap::new(), &mut out.modules);
        }
        out
    }

    fn resource(&self, module: &str, config_address: &str) -> Option<&ResourceConfig> {
        self.modules.get(module)?.get(config_address)
    }
}

/// Collects the configuration of `module` (at `path`) and of the modules it
/// calls, and returns what each of its outputs refers to (full addresses).
/// `vars` holds, for each of the module's variables, the caller's resources
/// the call's argument refers to: a reference to `var.x` becomes a reference
/// to them, so a module's bucket policy joins the root's bucket; a reference
/// to `module.m.out` becomes what that output refers to, so a root's policy
/// joins a module's bucket.
fn collect_config(
    module: ConfigModule<'_>,
    path: String,
    vars: &HashMap<String, Vec<String>>,
    out: &mut HashMap<String, HashMap<String, ResourceConfig>>,
) -> HashMap<String, Vec<String>> {
    // Each called module's outputs, by call name.
    let mut outputs_of: HashMap<String, HashMap<String, Vec<String>>> = HashMap::new();
    let resolve = |found: Vec<String>, outputs_of: &HashMap<String, HashMap<String, Vec<String>>>| -> Vec<String> {
        let mut refs = Vec::with_capacity(found.len());
        for r in found {
            let through: Option<&Vec<String>> = if let Some(var) = r.strip_prefix("var.") {
                Some(vars.get(var).unwrap_or(const { &Vec::new() }))
            } else if let Some((call, output)) = r.strip_prefix("module.").and_then(|m| m.split_once('.')) {
                Some(outputs_of.get(call).and_then(|o| o.get(output)).unwrap_or(const { &Vec::new() }))
            } else {
                None
            };
            match through {
                Some(list) => list.iter().for_each(|a| push_unique(&mut refs, a.clone())),
                None => push_unique(&mut refs, r),
            }
        }
        refs
    };
    // Calls first, each after the calls its arguments read outputs of (when
    // they form no cycle).
    let mut calls: Vec<(String, ModuleCall<'_>)> = module.module_calls.unwrap_or_default().into_iter().collect();
    while !calls.is_empty() {
        let waits_on = |c: &ModuleCall<'_>| {
            c.expressions.iter().flat_map(|e| e.0.iter()).flat_map(|(_, refs)| refs).any(|r| {
                r.strip_prefix("module.").and_then(|m| m.split_once('.')).is_some_and(|(m, _)| !outputs_of.contains_key(m) && calls.iter().any(|(n, _)| n == m))
            })
        };
        let next = calls.iter().position(|(_, c)| !waits_on(c)).unwrap_or(0);
        let (name, call) = calls.remove(next);
        let child_path = if path.is_empty() { format!("module.{name}") } else { format!("{path}.module.{name}") };
        let Expressions(args) = call.expressions.unwrap_or_default();
        let child_vars: HashMap<String, Vec<String>> = args
            .into_iter()
            .map(|(arg, found)| (arg, resolve(found, &outputs_of).iter().map(|r| absolute_ref(&path, r)).collect::<Vec<_>>()))
            .filter(|(_, refs)| !refs.is_empty())
            .collect();
        let outputs = match call.module {
            Some(child) => collect_config(child, child_path, &child_vars, out),
            None => HashMap::new(),
        };
        outputs_of.insert(name, outputs);
    }
    let mut resources = HashMap::new();
    for r in module.resources.unwrap_or_default() {
        let Some(address) = r.address else { continue };
        let Expressions(exprs) = r.expressions.unwrap_or_default();
        let each: Vec<String> = r.for_each_expression.map(|OutputRefs(f)| f).unwrap_or_default();
        let mut declared = Declared { configured: Vec::with_capacity(exprs.len()), refs: Vec::new() };
        for (attr, found) in exprs {
            let found = if found.iter().any(|r| r == "each") {
                found.into_iter().flat_map(|r| if r == "each" { each.clone() } else { vec![r] }).collect()
            } else {
                found
            };
            let found = resolve(found, &outputs_of);
            if !found.is_empty() {
                declared.set_refs(&attr, found);
            }
            declared.configured.push(attr);
        }
        resources.insert(address.into_owned(), Arc::new(declared));
    }
    let outputs = module
        .outputs
        .unwrap_or_default()
        .into_iter()
        .map(|(name, OutputRefs(found))| (name, resolve(found, &outputs_of).iter().map(|r| absolute_ref(&path, r)).collect()))
        .collect();
    out.insert(path, resources);
    outputs
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

// ---------------------------------------------------------------------------
// Typed views of the document.

/// The parts of `terraform show -json` output onus reads. Everything else
/// (`planned_values`, `prior_state`, …) is skipped while parsing, never built.
#[derive(Debug, Default, Deserialize)]
struct ShowJson<'a> {
    format_version: Option<IgnoredAny>,
    terraform_version: Option<IgnoredAny>,
    #[serde(borrow)]
    resource_changes: Option<Vec<ResourceChange<'a>>>,
    #[serde(borrow)]
    configuration: Option<Configuration<'a>>,
    values: Option<Value>,
    planned_values: Option<IgnoredAny>,
}

/// One entry of `resource_changes`.
#[derive(Debug, Deserialize)]
struct ResourceChange<'a> {
    #[serde(borrow, default)]
    address: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    module_address: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    mode: Option<Cow<'a, str>>,
    #[serde(borrow, default, rename = "type")]
    rtype: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    name: Option<Cow<'a, str>>,
    /// `Some(Null)` when the key is present with `null`, as a tree lookup would give.
    #[serde(default, deserialize_with = "present")]
    index: Option<Value>,
    #[serde(borrow, default)]
    provider_name: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    change: Option<Change<'a>>,
}

fn present<'de, D: de::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

/// A change: its actions, and `after` with the unknown markers of
/// `after_unknown` merged in while `after_unknown` is read (no tree is built
/// for it when it follows `after`, as Terraform writes it).
#[derive(Debug, Default)]
struct Change<'a> {
    actions: Option<Vec<Cow<'a, str>>>,
    /// `after`, merged with `after_unknown`.
    after: Value,
    /// Whether `after_unknown` was present and not null.
    any_unknown: bool,
}

impl<'de: 'a, 'a> Deserialize<'de> for Change<'a> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Change<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("struct Change")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Change<'a>, A::Error> {
                let mut actions: Option<Option<Vec<Cow<'a, str>>>> = None;
                let mut after: Option<Value> = None;
                // `after_unknown` read before `after`: merged once both are known.
                let mut pending: Option<Value> = None;
                let mut seen_unknown = false;
                let mut any_unknown = false;
                while let Some(key) = m.next_key::<BorrowedStr<'a>>()? {
                    match key.0.as_ref() {
                        "actions" => {
                            if actions.is_some() {
                                return Err(de::Error::duplicate_field("actions"));
                            }
                            actions = Some(m.next_value::<Option<Vec<BorrowedStr<'a>>>>()?.map(|v| v.into_iter().map(|s| s.0).collect()));
                        }
                        "after" => {
                            if after.is_some() {
                                return Err(de::Error::duplicate_field("after"));
                            }
                            after = Some(m.next_value_seed(ExactValue)?);
                        }
                        "after_unknown" => {
                            if seen_unknown {
                                return Err(de::Error::duplicate_field("after_unknown"));
                            }
                            seen_unknown = true;
                            match after.as_mut() {
                                Some(target) => {
                                    any_unknown = m.next_value_seed(MergeUnknown { target, path: &mut String::new() })?;
                                }
                                None => {
                                    let u: Value = m.next_value()?;
                                    any_unknown = !u.is_null();
                                    pending = Some(u);
                                }
                            }
                        }
                        _ => {
                            m.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                let mut after = after.unwrap_or(Value::Null);
                if let Some(u) = pending {
                    merge_unknown(&mut after, &u, &mut String::new());
                }
                Ok(Change { actions: actions.flatten(), after, any_unknown })
            }
        }
        d.deserialize_struct("Change", &["actions", "after", "after_unknown"], V(std::marker::PhantomData))
    }
}

/// A string borrowed from the text when it has no escapes.
struct BorrowedStr<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for BorrowedStr<'a> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = BorrowedStr<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<BorrowedStr<'a>, E> {
                Ok(BorrowedStr(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<BorrowedStr<'a>, E> {
                Ok(BorrowedStr(Cow::Owned(s.to_owned())))
            }
        }
        d.deserialize_str(V(std::marker::PhantomData))
    }
}

/// The marker of a value known only after apply (the compact form: a plan
/// holds hundreds of thousands of them).
fn computed_at_apply(path: &str) -> Value {
    onus_model::source_value::computed_at_apply(path)
}

/// Reads an `after_unknown` tree into the `after` value it describes, as
/// [`merge_unknown`] does with both trees built. Returns whether the value
/// was not null.
struct MergeUnknown<'t> {
    target: &'t mut Value,
    path: &'t mut String,
}

impl<'de> DeserializeSeed<'de> for MergeUnknown<'_> {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for MergeUnknown<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("after_unknown")
    }
    fn visit_bool<E>(self, b: bool) -> Result<bool, E> {
        if b {
            *self.target = computed_at_apply(self.path);
        }
        Ok(true)
    }
    fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
        Ok(true)
    }
    fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
        Ok(true)
    }
    fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
        Ok(true)
    }
    fn visit_str<E>(self, _: &str) -> Result<bool, E> {
        Ok(true)
    }
    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_none<E>(self) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<bool, A::Error> {
        if self.target.is_null() {
            *self.target = Value::Object(Map::new());
        }
        let Value::Object(target) = self.target else {
            while m.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(true);
        };
        while let Some(k) = m.next_key::<String>()? {
            let len = self.path.len();
            if !self.path.is_empty() {
                self.path.push('.');
            }
            self.path.push_str(&k);
            let child = target.entry(k).or_insert(Value::Null);
            m.next_value_seed(MergeUnknown { target: child, path: &mut *self.path })?;
            self.path.truncate(len);
        }
        Ok(true)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<bool, A::Error> {
        if self.target.is_null() {
            *self.target = Value::Array(Vec::new());
        }
        let Value::Array(target) = self.target else {
            while s.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(true);
        };
        let mut i = 0;
        loop {
            // Padding, as for every element `after_unknown` describes.
            let padded = target.len() <= i;
            if padded {
                target.push(Value::Null);
            }
            let len = self.path.len();
            self.path.push('[');
            self.path.push_str(&i.to_string());
            self.path.push(']');
            let more = match target.get_mut(i) {
                Some(child) => s.next_element_seed(MergeUnknown { target: child, path: &mut *self.path })?.is_some(),
                None => s.next_element::<IgnoredAny>()?.is_some(),
            };
            self.path.truncate(len);
            if !more {
                // No such element after all.
                if padded {
                    target.pop();
                }
                break;
            }
            i += 1;
        }
        Ok(true)
    }
}

/// A JSON value, with objects and arrays allocated to their exact size.
struct ExactValue;

impl<'de> DeserializeSeed<'de> for ExactValue {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ExactValue {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ExactValue)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = s.next_element_seed(ExactValue)? {
            items.push(v);
        }
        items.shrink_to_fit();
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Value, A::Error> {
        let mut entries: Vec<(String, Value)> = Vec::new();
        while let Some(k) = m.next_key::<String>()? {
            let v = m.next_value_seed(ExactValue)?;
            entries.push((k, v));
        }
        let mut map = Map::with_capacity(entries.len());
        for (k, v) in entries {
            map.insert(k, v);
        }
        Ok(Value::Object(map))
    }
}

#[derive(Debug, Default, Deserialize)]
struct Configuration<'a> {
    #[serde(default)]
    provider_config: Option<Value>,
    #[serde(borrow, default)]
    root_module: Option<ConfigModule<'a>>,
}

#[derive(Debug, Default, Deserialize)]
struct ConfigModule<'a> {
    #[serde(borrow, default)]
    resources: Option<Vec<ConfigResource<'a>>>,
    /// Its outputs, with what their expressions refer to.
    #[serde(default)]
    outputs: Option<BTreeMap<String, OutputRefs>>,
    #[serde(borrow, default)]
    module_calls: Option<BTreeMap<String, ModuleCall<'a>>>,
}

#[derive(Debug, Default, Deserialize)]
struct ModuleCall<'a> {
    #[serde(borrow, default)]
    module: Option<ConfigModule<'a>>,
    /// The arguments the call passes, with what they refer to.
    #[serde(default)]
    expressions: Option<Expressions>,
}

#[derive(Debug, Default, Deserialize)]
struct ConfigResource<'a> {
    #[serde(borrow, default)]
    address: Option<Cow<'a, str>>,
    #[serde(default)]
    expressions: Option<Expressions>,
    /// What its `for_each` refers to: what `each.key`/`each.value` name.
    #[serde(default)]
    for_each_expression: Option<OutputRefs>,
}

/// What one output's expression refers to.
#[derive(Debug, Default)]
struct OutputRefs(Vec<String>);

impl<'de> Deserialize<'de> for OutputRefs {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut refs = Vec::new();
        Refs(&mut refs).deserialize(d)?;
        Ok(OutputRefs(refs))
    }
}

/// A resource's `expressions`: each attribute it sets, with the resource
/// addresses its expression refers to (in the order a depth-first walk meets
/// them, an object's own `references` first), read without building the tree.
#[derive(Debug, Default)]
struct Expressions(Vec<(String, Vec<String>)>);

impl<'de> Deserialize<'de> for Expressions {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Expressions;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of expressions")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Expressions, A::Error> {
                let mut out = Vec::new();
                while let Some(attr) = m.next_key::<String>()? {
                    let mut refs = Vec::new();
                    m.next_value_seed(Refs(&mut refs))?;
                    out.push((attr, refs));
                }
                Ok(Expressions(out))
            }
        }
        d.deserialize_map(V)
    }
}

fn push_unique(out: &mut Vec<String>, addr: String) {
    if !out.contains(&addr) {
        out.push(addr);
    }
}

/// Collects the resources an expression tree refers to into a list.
struct Refs<'v>(&'v mut Vec<String>);

impl<'de> DeserializeSeed<'de> for Refs<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Refs<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an expression")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<(), A::Error> {
        while s.next_element_seed(Refs(&mut *self.0))?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<(), A::Error> {
        let mut own = Vec::new();
        let mut nested = Vec::new();
        while let Some(is_references) = m.next_key_seed(IsReferences)? {
            if is_references {
                m.next_value_seed(ReferenceList(&mut own))?;
            } else {
                m.next_value_seed(Refs(&mut nested))?;
            }
        }
        for addr in own.into_iter().chain(nested) {
            push_unique(self.0, addr);
        }
        Ok(())
    }
}

/// Whether an object key is `references`, read without allocating.
struct IsReferences;

impl<'de> DeserializeSeed<'de> for IsReferences {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for IsReferences {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E>(self, s: &str) -> Result<bool, E> {
        Ok(s == "references")
    }
}

/// A `references` value: its string elements, as resource addresses (and
/// `var.<name>`, `module.<call>.<output>` and `each`, resolved in
/// [`collect_config`]).
struct ReferenceList<'v>(&'v mut Vec<String>);

impl<'de> DeserializeSeed<'de> for ReferenceList<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ReferenceList<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of references")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<(), A::Error> {
        while m.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<(), A::Error> {
        while let Some(r) = s.next_element::<Scalar<'de>>()? {
            let Scalar::Str(r) = r else { continue };
            if let Some(var) = r.strip_prefix("var.") {
                let name = var.split(['.', '[']).next().unwrap_or_default();
                if !name.is_empty() {
                    push_unique(self.0, format!("var.{name}"));
                }
            } else if r == "each.value" || r == "each.key" || r.starts_with("each.value.") || r.starts_with("each.value[") {
                push_unique(self.0, "each".to_owned());
            } else if let Some(m) = r.strip_prefix("module.") {
                // `module.<call>[key].<output>…` → `module.<call>.<output>`.
                let mut parts = m.split('.');
                let call = parts.next().and_then(|c| c.split('[').next()).unwrap_or_default();
                let output = parts.next().and_then(|o| o.split('[').next()).unwrap_or_default();
                if !call.is_empty() && !output.is_empty() {
                    push_unique(self.0, format!("module.{call}.{output}"));
                }
            } else if let Some(addr) = resource_of_reference(&r) {
                push_unique(self.0, addr);
            }
        }
        Ok(())
    }
}

/// A string, or anything else (skipped).
enum Scalar<'a> {
    Str(Cow<'a, str>),
    Other,
}

impl<'de> Deserialize<'de> for Scalar<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Str(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Str(Cow::Owned(s.to_owned())))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Other)
            }
            fn visit_unit<E>(self) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Other)
            }
            fn visit_none<E>(self) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Other)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Scalar<'de>, A::Error> {
                while s.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Scalar::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Scalar<'de>, A::Error> {
                while m.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Scalar::Other)
            }
        }
        d.deserialize_any(V)
    }
}

// ---------------------------------------------------------------------------
// From changes to raw resources.

fn text(s: Option<Cow<'_, str>>) -> String {
    s.map(Cow::into_owned).unwrap_or_default()
}

/// The resource of one change, or `None` for data sources, deletions, and
/// changes without values.
fn raw_from_change(rc: ResourceChange<'_>, config: &Config, file: &str) -> Option<RawResource> {
    if rc.mode.as_deref().is_some_and(|m| m != "managed") {
        return None;
    }
    let change = rc.change.unwrap_or_default();
    if let Some(actions) = &change.actions
        && actions.len() == 1
        && matches!(actions.first().map(Cow::as_ref), Some("delete" | "forget"))
    {
        return None;
    }
    let mut after = change.after;
    if after.is_null() && !change.any_unknown {
        return None;
    }
    if after.is_null() {
        after = Value::Object(Map::new());
    }
    let rtype = text(rc.rtype);
    let name = text(rc.name);
    let module = text(rc.module_address);
    let config_address = format!("{rtype}.{name}");
    let declared = Arc::clone(config.resource(&module, &config_address).unwrap_or(&config.none));
    let address = match rc.address {
        Some(a) => a.into_owned(),
        None if module.is_empty() => config_address.clone(),
        None => format!("{module}.{config_address}"),
    };
    Some(RawResource {
        address,
        module,
        config_address,
        index: rc.index,
        rtype,
        provider: text(rc.provider_name),
        values: after,
        declared,
        file: file.to_owned(),
        span: None,
        attr_spans: BTreeMap::new(),
        suppressions: Vec::new(),
        region: config.region.clone(),
    })
}

/// The resources of a state: every managed resource of every module.
fn state_resources(values: Option<&Value>, file: &str) -> Vec<RawResource> {
    let mut out = Vec::new();
    if let Some(root) = values.and_then(|v| v.get("root_module")) {
        walk_state_module(root, "", file, &mut out);
    }
    out
}

fn walk_state_module(module: &Value, path: &str, file: &str, out: &mut Vec<RawResource>) {
    for r in module.get("resources").and_then(Value::as_array).into_iter().flatten() {
        if r.get("mode").and_then(Value::as_str).is_some_and(|m| m != "managed") {
            continue;
        }
        let s = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
        let rtype = s("type");
        let name = s("name");
        let mut module = s("module_address");
        let config_address = format!("{rtype}.{name}");
        let address = match r.get("address").and_then(Value::as_str) {
            Some(a) => a.to_owned(),
            None if module.is_empty() => config_address.clone(),
            None => format!("{module}.{config_address}"),
        };
        if module.is_empty() {
            path.clone_into(&mut module);
        }
        let values = r.get("values").cloned().unwrap_or(Value::Object(Map::new()));
        // Every attribute of a state is as AWS reported it.
        let configured = values.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default();
        let declared = Arc::new(Declared { configured, refs: Vec::new() });
        out.push(RawResource {
            address,
            module,
            config_address,
            index: r.get("index").cloned(),
            rtype,
            provider: s("provider_name"),
            values,
            declared,
            file: file.to_owned(),
            span: None,
            attr_spans: BTreeMap::new(),
            suppressions: Vec::new(),
            region: None,
        });
    }
    for child in module.get("child_modules").and_then(Value::as_array).into_iter().flatten() {
        let child_path = child.get("address").and_then(Value::as_str).unwrap_or(path);
        walk_state_module(child, child_path, file, out);
    }
}

// ---------------------------------------------------------------------------
// Reading a document.

fn json_error(file: &str, e: &serde_json::Error) -> TerraformError {
    TerraformError::Json { file: file.to_owned(), line: e.line(), column: e.column(), message: e.to_string() }
}

/// Reads a plan or state from JSON text.
pub fn read(file: &str, text: &[u8]) -> Result<(SourceKind, Vec<RawResource>), TerraformError> {
    if let Some(read) = read_in_parts(file, text) {
        return read;
    }
    // The text is malformed (or shaped in a way the splitter does not follow):
    // one sequential parse gives the same result, or the error with its line.
    let doc: ShowJson<'_> = serde_json::from_slice(text).map_err(|e| json_error(file, &e))?;
    let kind = document_kind(
        doc.format_version.is_some(),
        doc.terraform_version.is_some(),
        doc.resource_changes.is_some(),
        doc.planned_values.is_some(),
        doc.values.is_some(),
    );
    match kind {
        Some(Document::Plan) => {
            let config = Config::from_parsed(doc.configuration);
            let raws = doc.resource_changes.unwrap_or_default().into_iter().filter_map(|rc| raw_from_change(rc, &config, file)).collect();
            Ok((SourceKind::TerraformPlan, raws))
        }
        Some(Document::State) => Ok((SourceKind::TerraformState, state_resources(doc.values.as_ref(), file))),
        None => Err(TerraformError::NotTerraform { file: file.to_owned() }),
    }
}

/// Below this many resource changes a plan is parsed on one thread.
const PARALLEL_MIN_CHANGES: usize = 2048;

/// The threads to use for work that splits evenly.
pub(crate) fn workers(items: usize) -> usize {
    if items < PARALLEL_MIN_CHANGES {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get).clamp(1, 8)
}

/// Reads the document member by member, and the resource changes in chunks
/// on several threads, with the same result as one sequential parse. `None`
/// when anything does not parse: the caller then parses sequentially, for the
/// error's position.
fn read_in_parts(file: &str, text: &[u8]) -> Option<Result<(SourceKind, Vec<RawResource>), TerraformError>> {
    const KNOWN: [&[u8]; 6] = [b"format_version", b"terraform_version", b"resource_changes", b"configuration", b"values", b"planned_values"];
    let (members, elements) = scan::object_members_split(text, 0..text.len(), b"resource_changes")?;
    let mut spans: HashMap<&[u8], Range<usize>> = HashMap::new();
    // Members onus does not read are validated, as a parse would.
    let mut validate: Vec<Range<usize>> = Vec::new();
    for (key, span) in members {
        if KNOWN.contains(&key) {
            // A repeated key is an error the sequential parse reports.
            if spans.insert(key, span).is_some() {
                return None;
            }
        } else {
            validate.push(span);
        }
    }
    let span = |key: &[u8]| spans.get(key).cloned().filter(|s| text.get(s.clone()) != Some(&b"null"[..]));
    let kind = document_kind(
        span(b"format_version").is_some(),
        span(b"terraform_version").is_some(),
        span(b"resource_changes").is_some(),
        span(b"planned_values").is_some(),
        span(b"values").is_some(),
    )?;
    validate.extend([&b"format_version"[..], b"terraform_version", b"planned_values"].iter().filter_map(|k| span(k)));
    // The configuration, parsed while the parts onus does not read are validated.
    let parse_configuration = || -> Option<Option<Configuration<'_>>> {
        match span(b"configuration") {
            Some(s) => Some(Some(serde_json::from_slice(text.get(s)?).ok()?)),
            None => Some(None),
        }
    };
    let changes = match span(b"resource_changes") {
        // Not an array: the sequential parse reports it.
        Some(_) => elements?,
        None => Vec::new(),
    };
    if kind == Document::State {
        // Parsed only to be refused as a parse would refuse it.
        parse_configuration()?;
        if !changes.iter().all(|c| text.get(c.clone()).is_some_and(|t| serde_json::from_slice::<ResourceChange<'_>>(t).is_ok())) || !all_valid(text, &validate) {
            return None;
        }
        let values: Option<Value> = match span(b"values") {
            Some(s) => Some(serde_json::from_slice(text.get(s)?).ok()?),
            None => None,
        };
        return Some(Ok((SourceKind::TerraformState, state_resources(values.as_ref(), file))));
    }
    validate.extend(span(b"values"));
    let threads = workers(changes.len());
    let (configuration, valid) = if threads > 1 {
        std::thread::scope(|s| {
            let parsed = s.spawn(parse_configuration);
            let valid = all_valid(text, &validate);
            (parsed.join().unwrap_or_else(|e| std::panic::resume_unwind(e)), valid)
        })
    } else {
        (parse_configuration(), all_valid(text, &validate))
    };
    if !valid {
        return None;
    }
    let config = Config::from_parsed(configuration?);
    let chunk = changes.len().div_ceil(threads).max(1);
    let parse_chunk = |chunk: &[Range<usize>]| -> Option<Vec<RawResource>> {
        let mut out = Vec::with_capacity(chunk.len());
        for span in chunk {
            let rc: ResourceChange<'_> = serde_json::from_slice(text.get(span.clone())?).ok()?;
            out.extend(raw_from_change(rc, &config, file));
        }
        Some(out)
    };
    let parse_chunk = &parse_chunk;
    let parsed = std::thread::scope(|s| {
        let handles: Vec<_> = changes.chunks(chunk).skip(1).map(|c| s.spawn(move || parse_chunk(c))).collect();
        let mut parsed = vec![parse_chunk(changes.chunks(chunk).next().unwrap_or_default())];
        parsed.extend(handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))));
        parsed
    });
    let mut raws = Vec::with_capacity(changes.len());
    for p in parsed {
        raws.extend(p?);
    }
    Some(Ok((SourceKind::TerraformPlan, raws)))
}

fn all_valid(text: &[u8], spans: &[Range<usize>]) -> bool {
    spans.iter().all(|s| text.get(s.clone()).is_some_and(|t| serde_json::from_slice::<IgnoredAny>(t).is_ok()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use onus_model::UnknownCause;

    #[test]
    fn the_compact_marker_reads_as_the_model_encoding() {
        let marker = computed_at_apply("a.b");
        assert!(onus_model::source_value::is_unknown(&marker));
        assert_eq!(
            onus_model::source_value::to_unknown::<bool>(&marker),
            onus_model::Attr::unknown_because(UnknownCause::ComputedAtApply, "a.b is known only after apply")
        );
        let read: onus_model::Attr<bool> = serde_json::from_value(marker).unwrap_or_default();
        assert_eq!(read, onus_model::Attr::unknown_because(UnknownCause::ComputedAtApply, "a.b is known only after apply"));
    }

    fn change(text: &str) -> Value {
        match serde_json::from_str::<Change<'_>>(text) {
            Ok(c) => c.after,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn unknowns_merge_while_reading_as_with_both_trees() {
        let cases = [
            (r#"{"a": 1, "b": {"c": [1, {"d": 2}]}, "e": null}"#, r#"{"b": {"c": [false, {"d": false, "x": true}, true]}, "e": true, "f": {"g": [true]}, "a": {"z": true}}"#),
            ("null", r#"{"id": true, "tags": {}}"#),
            (r#"{"l": [1]}"#, r#"{"l": [false, false, true], "m": []}"#),
            (r#"{"s": "x"}"#, r#"{"s": [true], "t": false}"#),
            (r#"{"o": {}}"#, "true"),
        ];
        for (after, unknown) in cases {
            let mut expected: Value = serde_json::from_str(after).unwrap_or_default();
            let u: Value = serde_json::from_str(unknown).unwrap_or_default();
            merge_unknown(&mut expected, &u, &mut String::new());
            assert_eq!(change(&format!(r#"{{"after": {after}, "after_unknown": {unknown}}}"#)), expected, "{after} / {unknown}");
            assert_eq!(change(&format!(r#"{{"after_unknown": {unknown}, "actions": ["create"], "after": {after}}}"#)), expected, "{after} / {unknown}");
        }
    }
}

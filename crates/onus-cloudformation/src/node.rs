//! A YAML (or JSON) document as a tree whose every node knows its position,
//! with CloudFormation's short-form intrinsic tags (`!Ref`, `!Sub`…) turned
//! into their long form (`{"Ref": …}`, `{"Fn::Sub": …}`).

use crate::CfnError;
use granit_parser::{Event, Parser, ScalarStyle};
use onus_model::Span;

/// A node with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
    pub kind: Kind,
    /// Where it is.
    pub span: Span,
}

/// The value of a node.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// `null`, `~` or empty.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(serde_json::Number),
    /// A string.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order (the key's own span first).
    Map(Vec<(String, Span, Node)>),
}

impl Node {
    /// The value under `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            Kind::Map(items) => items.iter().find(|(k, _, _)| k == key).map(|(_, _, v)| v),
            _ => None,
        }
    }

    /// The entries of a mapping.
    pub fn entries(&self) -> &[(String, Span, Node)] {
        match &self.kind {
            Kind::Map(items) => items,
            _ => &[],
        }
    }

    /// The string, for a string node.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// Short-form tags and the long-form keys they stand for.
const TAGS: &[(&str, &str)] = &[
    ("Ref", "Ref"),
    ("Condition", "Condition"),
    ("Sub", "Fn::Sub"),
    ("GetAtt", "Fn::GetAtt"),
    ("If", "Fn::If"),
    ("Join", "Fn::Join"),
    ("Select", "Fn::Select"),
    ("FindInMap", "Fn::FindInMap"),
    ("ImportValue", "Fn::ImportValue"),
    ("Base64", "Fn::Base64"),
    ("Split", "Fn::Split"),
    ("Equals", "Fn::Equals"),
    ("Not", "Fn::Not"),
    ("And", "Fn::And"),
    ("Or", "Fn::Or"),
    ("Cidr", "Fn::Cidr"),
    ("GetAZs", "Fn::GetAZs"),
    ("Length", "Fn::Length"),
    ("ToJsonString", "Fn::ToJsonString"),
    ("Transform", "Fn::Transform"),
];

fn span_of(s: &granit_parser::Span) -> Span {
    Span {
        start_line: u32::try_from(s.start.line()).unwrap_or(u32::MAX),
        start_column: u32::try_from(s.start.col() + 1).ok(),
        end_line: u32::try_from(s.end.line()).unwrap_or(u32::MAX),
        end_column: u32::try_from(s.end.col() + 1).ok(),
    }
}

fn plain_scalar(s: &str) -> Kind {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => Kind::Null,
        "true" | "True" | "TRUE" => Kind::Bool(true),
        "false" | "False" | "FALSE" => Kind::Bool(false),
        _ => {
            if let Ok(i) = s.parse::<i64>() {
                return Kind::Number(i.into());
            }
            // Keep leading-zero strings ("0123") and version-like values as strings.
            if s.contains('.') && !s.starts_with('.') && !s.ends_with('.') && s.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == 'e' || c == 'E' || c == '+')
                && let Ok(f) = s.parse::<f64>()
                && let Some(n) = serde_json::Number::from_f64(f)
            {
                return Kind::Number(n);
            }
            Kind::Str(s.to_owned())
        }
    }
}

/// Parses a template's text (YAML or JSON) into a node tree.
pub fn parse(file: &str, text: &str) -> Result<Node, CfnError> {
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    let mut anchors: std::collections::HashMap<usize, Node> = std::collections::HashMap::new();
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| CfnError::Yaml {
            file: file.to_owned(),
            line: e.marker().line(),
            column: e.marker().col() + 1,
            message: e.info().to_owned(),
        })?;
        let sp = span_of(&span);
        let tag_key = |tag: Option<&granit_parser::Tag>| -> Result<Option<&'static str>, CfnError> {
            let Some(tag) = tag else { return Ok(None) };
            if !tag.is_custom() {
                return Ok(None);
            }
            let (handle, suffix) = tag.parts();
            if handle == "!" && let Some((_, long)) = TAGS.iter().find(|(short, _)| *short == suffix) {
                return Ok(Some(long));
            }
            Err(CfnError::UnknownTag { file: file.to_owned(), line: sp.start_line, column: sp.start_column.unwrap_or(1), tag: tag.to_string() })
        };
        let finished: Option<(Node, usize)> = match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentStart(..) | Event::DocumentEnd => None,
            Event::Alias(id) => match anchors.get(&id) {
                Some(n) => Some((n.clone(), 0)),
                None => return Err(CfnError::Yaml { file: file.to_owned(), line: sp.start_line as usize, column: sp.start_column.unwrap_or(1) as usize, message: "unknown alias".to_owned() }),
            },
            Event::UnresolvedAlias(name) => {
                return Err(CfnError::Yaml { file: file.to_owned(), line: sp.start_line as usize, column: sp.start_column.unwrap_or(1) as usize, message: format!("unknown alias *{name}") });
            }
            Event::Scalar(value, style, anchor, tag) => {
                let long = tag_key(tag.as_deref())?;
                let kind = if matches!(style, ScalarStyle::Plain) && tag.as_ref().is_none_or(|t| !t.is_custom()) {
                    plain_scalar(&value)
                } else {
                    Kind::Str(value.into_owned())
                };
                let node = Node { kind, span: sp };
                Some((wrap(long, node), anchor))
            }
            Event::SequenceStart(_, anchor, tag) => {
                let long = tag_key(tag.as_deref())?;
                stack.push(Frame { span: sp, long, anchor, items: Collection::Seq(Vec::new()) });
                None
            }
            Event::MappingStart(_, anchor, tag) => {
                let long = tag_key(tag.as_deref())?;
                stack.push(Frame { span: sp, long, anchor, items: Collection::Map(Vec::new(), None) });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(frame) => {
                    let mut span = frame.span;
                    span.end_line = sp.end_line;
                    span.end_column = sp.end_column;
                    let kind = match frame.items {
                        Collection::Seq(items) => Kind::Seq(items),
                        Collection::Map(items, _) => Kind::Map(items),
                    };
                    Some((wrap(frame.long, Node { kind, span }), frame.anchor))
                }
                None => None,
            },
            // Comments, anchor metadata and events of later parser versions carry no data.
            _ => None,
        };
        let Some((node, anchor)) = finished else { continue };
        if anchor != 0 {
            anchors.insert(anchor, node.clone());
        }
        match stack.last_mut() {
            None => {
                if root.is_none() {
                    root = Some(node);
                }
            }
            Some(Frame { items: Collection::Seq(items), .. }) => items.push(node),
            Some(Frame { items: Collection::Map(items, pending), .. }) => match pending.take() {
                None => {
                    let key = match &node.kind {
                        Kind::Str(s) => s.clone(),
                        Kind::Bool(b) => b.to_string(),
                        Kind::Number(n) => n.to_string(),
                        Kind::Null => String::new(),
                        _ => {
                            return Err(CfnError::Yaml { file: file.to_owned(), line: node.span.start_line as usize, column: node.span.start_column.unwrap_or(1) as usize, message: "a mapping key must be a scalar".to_owned() });
                        }
                    };
                    *pending = Some((key, node.span));
                }
                Some((key, key_span)) => items.push((key, key_span, node)),
            },
        }
    }
    Ok(root.unwrap_or(Node { kind: Kind::Null, span: Span { start_line: 1, start_column: None, end_line: 1, end_column: None } }))
}

enum Collection {
    Seq(Vec<Node>),
    Map(Vec<(String, Span, Node)>, Option<(String, Span)>),
}

struct Frame {
    span: Span,
    long: Option<&'static str>,
    anchor: usize,
    items: Collection,
}

fn wrap(long: Option<&'static str>, node: Node) -> Node {
    match long {
        None => node,
        Some(key) => {
            // `!GetAtt Res.Attr` is the string form of `Fn::GetAtt: [Res, Attr]`.
            let inner = match (&node.kind, key) {
                (Kind::Str(s), "Fn::GetAtt") => match s.split_once('.') {
                    Some((a, b)) => Node {
                        kind: Kind::Seq(vec![
                            Node { kind: Kind::Str(a.to_owned()), span: node.span },
                            Node { kind: Kind::Str(b.to_owned()), span: node.span },
                        ]),
                        span: node.span,
                    },
                    None => node.clone(),
                },
                _ => node.clone(),
            };
            Node { kind: Kind::Map(vec![(key.to_owned(), node.span, inner)]), span: node.span }
        }
    }
}

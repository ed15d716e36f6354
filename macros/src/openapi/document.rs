//! The parts of an OpenAPI document (3.x, JSON or YAML) that say which errors an
//! operation returns: its responses and the components they refer to, with `$ref`s
//! inside the document resolved. Shared with the `openapi-gen` tool, so it depends
//! on nothing of the derive.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

/// How many `$ref`s one lookup follows before calling it a cycle.
const MAX_REFS: usize = 32;

/// Only what the checks read: the rest of a document (examples, parameters, the
/// success schemas' own text) is skipped by the parser without being kept, which
/// is most of a large vendor's document.
#[derive(Deserialize, Default)]
pub struct Document {
    #[allow(dead_code)] // Read by `openapi-gen` for the vendor's name.
    #[serde(default)]
    pub info: Info,
    #[serde(default)]
    pub paths: BTreeMap<String, PathItem>,
    #[serde(default)]
    pub components: Components,
    /// The paths whose `$ref` could not be followed, each with its error.
    #[serde(skip)]
    pub unresolved: BTreeMap<String, String>,
}

/// Read by `openapi-gen` for the vendor's name.
#[derive(Deserialize, Default)]
#[allow(dead_code)]
pub struct Info {
    pub title: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct Components {
    #[serde(default)]
    pub responses: BTreeMap<String, Value>,
    #[serde(default)]
    pub schemas: BTreeMap<String, Value>,
    /// OpenAPI 3.1's reusable path items.
    #[serde(default, rename = "pathItems")]
    path_items: BTreeMap<String, PathItem>,
}

#[derive(Deserialize, Default, Clone)]
pub struct PathItem {
    /// A path item that is a reference: OpenAPI 3.1's `#/components/pathItems/...`,
    /// or another file's, which is not followed.
    #[serde(rename = "$ref")]
    reference: Option<String>,
    get: Option<Operation>,
    put: Option<Operation>,
    post: Option<Operation>,
    delete: Option<Operation>,
    options: Option<Operation>,
    head: Option<Operation>,
    patch: Option<Operation>,
    trace: Option<Operation>,
}

impl PathItem {
    /// The operations of `target` that this item does not have itself.
    fn fill_from(&mut self, target: &PathItem) {
        let fill = |own: &mut Option<Operation>, theirs: &Option<Operation>| {
            if own.is_none() {
                own.clone_from(theirs);
            }
        };
        fill(&mut self.get, &target.get);
        fill(&mut self.put, &target.put);
        fill(&mut self.post, &target.post);
        fill(&mut self.delete, &target.delete);
        fill(&mut self.options, &target.options);
        fill(&mut self.head, &target.head);
        fill(&mut self.patch, &target.patch);
        fill(&mut self.trace, &target.trace);
        self.reference.clone_from(&target.reference);
    }
}

#[derive(Deserialize, Default, Clone)]
#[allow(clippy::struct_field_names)] // OpenAPI's own name.
pub struct Operation {
    #[serde(rename = "operationId")]
    pub operation_id: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub responses: BTreeMap<String, Value>,
}

/// One operation, where it is.
pub struct Located<'a> {
    pub path: &'a str,
    pub method: &'static str,
    pub operation: &'a Operation,
}

impl Located<'_> {
    /// The operation's id, or its method and path when it has none.
    pub fn name(&self) -> String {
        match &self.operation.operation_id {
            Some(id) => id.clone(),
            None => format!("{} {}", self.method.to_ascii_uppercase(), self.path),
        }
    }
}

/// A response key that names errors: OpenAPI's `4XX` / `5XX` classes or one status.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Documented {
    Status(u16),
    /// `4XX` is `Class(4)`.
    Class(u16),
}

impl Documented {
    /// The error status a response key names; `None` for `default`, successes and
    /// anything else.
    pub fn from_key(key: &str) -> Option<Documented> {
        let key = key.trim();
        if let [class @ (b'4' | b'5'), b'X' | b'x', b'X' | b'x'] = key.as_bytes() {
            return Some(Documented::Class(u16::from(class - b'0')));
        }
        let status: u16 = key.parse().ok()?;
        (400..=599)
            .contains(&status)
            .then_some(Documented::Status(status))
    }

    /// The statuses it stands for.
    #[allow(dead_code)] // The derive's; openapi-gen writes ranges as text.
    pub fn range(self) -> std::ops::RangeInclusive<u16> {
        match self {
            Documented::Status(status) => status..=status,
            Documented::Class(class) => class * 100..=class * 100 + 99,
        }
    }
}

impl std::fmt::Display for Documented {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Documented::Status(status) => write!(f, "{status}"),
            Documented::Class(class) => write!(f, "{class}XX"),
        }
    }
}

impl Document {
    /// Reads a document, as YAML when its name ends in `.yaml` or `.yml` and as
    /// JSON otherwise, its schemas only when `schemas` (most of a large document,
    /// and only the code check reads them). The error is a sentence for the user.
    pub fn read(path: &Path, schemas: bool) -> Result<Document, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|error| format!("cannot read it: {}", lowercase_first(&error.to_string())))?;
        let yaml = path
            .extension()
            .and_then(|extension| extension.to_str())
            .is_some_and(|extension| matches!(extension, "yaml" | "yml"));
        Document::parse_text(&text, yaml, schemas)
    }

    pub fn parse_text(text: &str, yaml: bool, schemas: bool) -> Result<Document, String> {
        let mut document = if schemas {
            parse(text, yaml)?
        } else {
            let lean: Lean = parse(text, yaml)?;
            Document {
                info: lean.info,
                paths: lean.paths,
                components: Components {
                    responses: lean.components.responses,
                    schemas: BTreeMap::new(),
                    path_items: lean.components.path_items,
                },
                unresolved: BTreeMap::new(),
            }
        };
        document.unresolved =
            resolve_path_items(&mut document.paths, &document.components.path_items);
        Ok(document)
    }

    /// Every operation, in path order, then in OpenAPI's method order.
    pub fn operations(&self) -> impl Iterator<Item = Located<'_>> {
        self.paths.iter().flat_map(|(path, item)| {
            [
                ("get", &item.get),
                ("put", &item.put),
                ("post", &item.post),
                ("delete", &item.delete),
                ("options", &item.options),
                ("head", &item.head),
                ("patch", &item.patch),
                ("trace", &item.trace),
            ]
            .into_iter()
            .filter_map(move |(method, operation)| {
                Some(Located {
                    path: path.as_str(),
                    method,
                    operation: operation.as_ref()?,
                })
            })
        })
    }

    /// `value` with its `$ref`s to `#/components/responses/...` and
    /// `#/components/schemas/...` followed; a reference elsewhere, to nothing, or
    /// in a cycle gives an error sentence.
    pub fn resolve<'a>(&'a self, value: &'a Value) -> Result<&'a Value, String> {
        let mut value = value;
        for _ in 0..MAX_REFS {
            let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
                return Ok(value);
            };
            value = self.target(reference)?;
        }
        Err(a_cycle())
    }

    fn target(&self, reference: &str) -> Result<&Value, String> {
        let (table, name) = if let Some(name) = reference.strip_prefix("#/components/responses/") {
            (&self.components.responses, name)
        } else if let Some(name) = reference.strip_prefix("#/components/schemas/") {
            (&self.components.schemas, name)
        } else {
            return Err(format!(
                "`$ref: {reference}` is outside `#/components/responses` and \
                 `#/components/schemas`, which are the references followed"
            ));
        };
        table
            .get(&fragment_name(name))
            .ok_or_else(|| nothing_there(reference))
    }

    /// The schemas of a response's JSON (or any) content, resolved.
    pub fn response_schemas<'a>(&'a self, response: &'a Value) -> Vec<&'a Value> {
        let Ok(response) = self.resolve(response) else {
            return Vec::new();
        };
        let Some(content) = response.get("content").and_then(Value::as_object) else {
            return Vec::new();
        };
        // JSON first: a body read as JSON is what the derive decodes.
        let mut media: Vec<(&String, &Value)> = content.iter().collect();
        media.sort_by_key(|(name, _)| !name.contains("json"));
        media
            .into_iter()
            .filter_map(|(_, media)| self.resolve(media.get("schema")?).ok())
            .collect()
    }

    /// The schemas a JSON pointer into an instance of `schema` reaches, through
    /// `properties`, array `items` (for a numeric segment) and `allOf` / `oneOf` /
    /// `anyOf` branches.
    pub fn at_pointer<'a>(&'a self, schema: &'a Value, pointer: &str) -> Vec<&'a Value> {
        let segments: Vec<String> = pointer
            .split('/')
            .skip(1)
            .map(|segment| segment.replace("~1", "/").replace("~0", "~"))
            .collect();
        let mut found = Vec::new();
        self.walk(schema, &segments, 0, &mut found);
        found
    }

    fn walk<'a>(
        &'a self,
        schema: &'a Value,
        segments: &[String],
        depth: usize,
        found: &mut Vec<&'a Value>,
    ) {
        if depth > MAX_REFS {
            return;
        }
        let Ok(schema) = self.resolve(schema) else {
            return;
        };
        for combinator in ["allOf", "oneOf", "anyOf"] {
            for branch in schema
                .get(combinator)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                self.walk(branch, segments, depth + 1, found);
            }
        }
        let Some((first, rest)) = segments.split_first() else {
            found.push(schema);
            return;
        };
        if let Some(property) = schema.get("properties").and_then(|p| p.get(first)) {
            self.walk(property, rest, depth + 1, found);
        }
        if first.parse::<usize>().is_ok() {
            if let Some(items) = schema.get("items") {
                self.walk(items, rest, depth + 1, found);
            }
        }
    }

    /// The string values a schema enumerates (`enum`, `const`), in its branches too.
    pub fn enumerated(&self, schema: &Value) -> Vec<String> {
        let mut values = Vec::new();
        self.enumerated_into(schema, 0, &mut values);
        values
    }

    fn enumerated_into(&self, schema: &Value, depth: usize, values: &mut Vec<String>) {
        if depth > MAX_REFS {
            return;
        }
        let Ok(schema) = self.resolve(schema) else {
            return;
        };
        let listed = schema
            .get("enum")
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        let constant = schema.get("const").into_iter();
        for value in listed.chain(constant) {
            if let Some(value) = value.as_str() {
                if !values.iter().any(|seen| seen == value) {
                    values.push(value.to_owned());
                }
            }
        }
        for combinator in ["allOf", "oneOf", "anyOf"] {
            for branch in schema
                .get(combinator)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                self.enumerated_into(branch, depth + 1, values);
            }
        }
    }
}

/// A document read without its schemas, which the parser skips unkept.
#[derive(Deserialize)]
struct Lean {
    #[serde(default)]
    info: Info,
    #[serde(default)]
    paths: BTreeMap<String, PathItem>,
    #[serde(default)]
    components: LeanComponents,
}

#[derive(Deserialize, Default)]
struct LeanComponents {
    #[serde(default)]
    responses: BTreeMap<String, Value>,
    #[serde(default, rename = "pathItems")]
    path_items: BTreeMap<String, PathItem>,
}

/// Path items that are `$ref`s, followed inside the document: to
/// `#/components/pathItems/...` (OpenAPI 3.1) or to another path
/// (`#/paths/~1pets`, as bundlers write them). The item's own operations stay
/// beside what it refers to, and win where both have a method. A reference that
/// cannot be followed (another file, nothing, a cycle) is kept as the path's
/// error, reported when the path is checked: an operation left out unseen would
/// let the check pass for it.
fn resolve_path_items(
    paths: &mut BTreeMap<String, PathItem>,
    components: &BTreeMap<String, PathItem>,
) -> BTreeMap<String, String> {
    let referring: Vec<String> = paths
        .iter()
        .filter(|(_, item)| item.reference.is_some())
        .map(|(path, _)| path.clone())
        .collect();
    let mut unresolved = BTreeMap::new();
    for path in referring {
        // Followed on a copy: a path that fails keeps its `$ref`, so that another
        // path referring to it fails the same way.
        let mut item = paths[&path].clone();
        match follow(&mut item, components, paths) {
            Ok(()) => drop(paths.insert(path, item)),
            Err(error) => drop(unresolved.insert(path.clone(), format!("path `{path}`: {error}"))),
        }
    }
    unresolved
}

/// `item`'s `$ref`s followed, at most [`MAX_REFS`] in a row.
fn follow(
    item: &mut PathItem,
    components: &BTreeMap<String, PathItem>,
    paths: &BTreeMap<String, PathItem>,
) -> Result<(), String> {
    for _ in 0..=MAX_REFS {
        let Some(reference) = item.reference.take() else {
            return Ok(());
        };
        item.fill_from(path_item_target(&reference, components, paths)?);
    }
    match item.reference {
        Some(_) => Err(a_cycle()),
        None => Ok(()),
    }
}

fn path_item_target<'a>(
    reference: &str,
    components: &'a BTreeMap<String, PathItem>,
    paths: &'a BTreeMap<String, PathItem>,
) -> Result<&'a PathItem, String> {
    let found = if let Some(name) = reference.strip_prefix("#/components/pathItems/") {
        components.get(&fragment_name(name))
    } else if let Some(name) = reference.strip_prefix("#/paths/") {
        paths.get(&fragment_name(name))
    } else if reference.starts_with('#') {
        return Err(format!(
            "`$ref: {reference}` is neither a path nor in `#/components/pathItems`"
        ));
    } else {
        return Err(format!(
            "`$ref: {reference}` is in another file; bundle the document into one file \
             (`redocly bundle`, `swagger-cli bundle`) and check that"
        ));
    };
    found.ok_or_else(|| nothing_there(reference))
}

fn nothing_there(reference: &str) -> String {
    format!("`$ref: {reference}` refers to nothing in the document")
}

fn a_cycle() -> String {
    format!("more than {MAX_REFS} `$ref`s in a row: a cycle of references")
}

/// The name a `$ref`'s fragment gives one step of its JSON pointer: the URI's
/// `%XX` escapes decoded (bundlers write a path's `{id}` as `%7Bid%7D`), then
/// the pointer's `~1` and `~0` (RFC 6901, section 6). Any other `%` is kept.
fn fragment_name(step: &str) -> String {
    let bytes = step.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = bytes
            .get(at + 1..at + 3)
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (bytes[at], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                at += 3;
            }
            (byte, _) => {
                out.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8_lossy(&out)
        .replace("~1", "/")
        .replace("~0", "~")
}

fn parse<T: serde::de::DeserializeOwned>(text: &str, yaml: bool) -> Result<T, String> {
    if yaml {
        serde_norway::from_str(text).map_err(|error| format!("it is not valid YAML: {error}"))
    } else {
        serde_json::from_str(text).map_err(|error| format!("it is not valid JSON: {error}"))
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Document, Documented};

    #[test]
    fn response_keys() {
        assert_eq!(Documented::from_key("404"), Some(Documented::Status(404)));
        assert_eq!(Documented::from_key("4XX"), Some(Documented::Class(4)));
        assert_eq!(Documented::from_key("5xx"), Some(Documented::Class(5)));
        for ignored in ["default", "200", "304", "600", "3XX", "4XXX", ""] {
            assert_eq!(Documented::from_key(ignored), None, "{ignored}");
        }
    }

    #[test]
    fn yaml_status_keys_may_be_integers() {
        let document = Document::parse_text(
            "paths:\n  /a:\n    get:\n      responses:\n        404:\n          description: gone\n",
            true,
            false,
        )
        .unwrap_or_default();
        let keys: Vec<&String> = document
            .operations()
            .flat_map(|op| op.operation.responses.keys())
            .collect();
        assert_eq!(keys, ["404"]);
    }

    #[test]
    fn a_path_item_ref_is_followed_inside_the_document_and_kept_as_an_error_outside() {
        let operations = |document: &Document| -> Vec<(String, Vec<String>)> {
            document
                .operations()
                .map(|op| (op.name(), op.operation.responses.keys().cloned().collect()))
                .collect()
        };
        // To a component, with an operation of its own beside the reference.
        let shared = r##"{"paths": {"/a": {"$ref": "#/components/pathItems/a",
                "post": {"operationId": "postA", "responses": {"409": {"description": "taken"}}}}},
            "components": {"pathItems": {"a": {"get": {"operationId": "getA",
                "responses": {"429": {"description": "slow down"}}}}}}}"##;
        for schemas in [false, true] {
            let document = Document::parse_text(shared, false, schemas).unwrap_or_default();
            assert_eq!(
                operations(&document),
                [
                    ("getA".to_owned(), vec!["429".to_owned()]),
                    ("postA".to_owned(), vec!["409".to_owned()]),
                ]
            );
            assert!(document.unresolved.is_empty());
        }
        // To another path, as bundlers write them.
        let between = r##"{"paths": {"/b": {"$ref": "#/paths/~1c~1%7Bid%7D"},
            "/c/{id}": {"get": {"operationId": "getC", "responses": {"404": {"description": "gone"}}}}}}"##;
        let document = Document::parse_text(between, false, false).unwrap_or_default();
        let names: Vec<String> = operations(&document)
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        assert_eq!(names, ["getC", "getC"]);
        // Not followed: kept as the path's error, each saying why.
        for (outside, why) in [
            (
                r#"{"paths": {"/b": {"$ref": "paths/b.yaml"}}}"#,
                "in another file",
            ),
            (
                r##"{"paths": {"/b": {"$ref": "#/components/pathItems/none"}}}"##,
                "refers to nothing",
            ),
            (
                r##"{"paths": {"/b": {"$ref": "#/info"}}}"##,
                "neither a path nor",
            ),
            (
                r##"{"paths": {"/b": {"$ref": "#/components/pathItems/c"}},
                "components": {"pathItems": {"c": {"$ref": "#/components/pathItems/c"}}}}"##,
                "a cycle of references",
            ),
        ] {
            let document = Document::parse_text(outside, false, false).unwrap_or_default();
            let error = document.unresolved.get("/b").cloned().unwrap_or_default();
            assert!(
                error.starts_with("path `/b`: ") && error.contains(why),
                "{error}"
            );
        }
    }

    #[test]
    fn a_component_reference_is_decoded_as_a_uri_fragment() {
        let document = Document::parse_text(
            r#"{"components": {"responses": {"Too Many/Fast": {"description": "slow down"}}}}"#,
            false,
            false,
        )
        .unwrap_or_default();
        let reference = serde_json::json!({"$ref": "#/components/responses/Too%20Many~1Fast"});
        let found = document.resolve(&reference).ok().cloned();
        assert_eq!(found, Some(serde_json::json!({"description": "slow down"})));
    }

    #[test]
    fn a_cycle_of_references_ends() {
        let document = Document::parse_text(
            r##"{"components": {"schemas": {
                "a": {"$ref": "#/components/schemas/b"},
                "b": {"$ref": "#/components/schemas/a"}}}}"##,
            false,
            true,
        )
        .unwrap_or_default();
        let start = serde_json::json!({"$ref": "#/components/schemas/a"});
        assert!(document.resolve(&start).is_err());
        assert!(document.at_pointer(&start, "/error/code").is_empty());
        assert!(document.enumerated(&start).is_empty());
    }

    #[test]
    fn a_pointer_reaches_an_enum_through_items_and_all_of() {
        let document = Document::parse_text(
            r#"{"components": {"schemas": {
                "entry": {"allOf": [{"properties": {"code": {"enum": ["missing", "invalid"]}}}]}}}}"#,
            false,
            true,
        )
        .unwrap_or_default();
        let body = serde_json::json!({"properties": {"errors": {"type": "array",
            "items": {"$ref": "#/components/schemas/entry"}}}});
        let codes: Vec<String> = document
            .at_pointer(&body, "/errors/0/code")
            .into_iter()
            .flat_map(|schema| document.enumerated(schema))
            .collect();
        assert_eq!(codes, ["missing", "invalid"]);
    }

    #[test]
    fn malformed_documents_are_sentences() {
        let json = Document::parse_text("{\"paths\": [", false, false).err();
        assert!(json.is_some_and(|error| error.starts_with("it is not valid JSON")));
        let yaml = Document::parse_text("paths: [\n", true, false).err();
        assert!(yaml.is_some_and(|error| error.starts_with("it is not valid YAML")));
    }
}

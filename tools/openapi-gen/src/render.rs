//! The declaration as Rust source: one variant per documented error status (a
//! range for `4XX` / `5XX`), one per enumerated code, serde structs for the error
//! schemas, the responses' descriptions as doc comments, and the `#[api(...)]`
//! that checks it against the document.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::Value;

use crate::document::{Document, Documented, Located};
use crate::names::{camel, variant_name};

#[derive(Default)]
pub struct Options {
    pub enum_name: Option<String>,
    pub vendor: Option<String>,
    /// A JSON pointer into the error body whose schema enumerates the codes.
    pub code: Option<String>,
    /// The document's path as the `#[api(openapi(...))]` will say it: relative to
    /// the crate's manifest directory. The path given on the command line otherwise.
    pub attr_path: Option<String>,
    pub operations: Vec<String>,
    pub tags: Vec<String>,
    pub paths: Vec<String>,
}

/// One documented status (or class) of the selected operations.
struct Status<'a> {
    documented: Documented,
    operations: Vec<String>,
    description: Option<&'a str>,
    /// The first JSON schema its responses give, resolved.
    schema: Option<&'a Value>,
    /// The `$ref` name of that schema, when it has one.
    schema_name: Option<String>,
    codes: Vec<String>,
}

pub fn declaration(document: &Document, path: &str, options: &Options) -> String {
    let selected: Vec<Located> = document
        .operations()
        .filter(|op| selected(op, options))
        .collect();
    let mut statuses = statuses(document, &selected, options);
    let listed_under = listed_under(&statuses);
    let mut bodies = Bodies::default();
    let vendor = options
        .vendor
        .clone()
        .or_else(|| document.info.title.clone())
        .unwrap_or_else(|| "Vendor".to_owned());
    let enum_name = options
        .enum_name
        .clone()
        .unwrap_or_else(|| format!("{}Error", camel(&vendor)));
    let mut variants = String::new();
    let mut taken: Vec<String> = vec!["Unexpected".to_owned()];
    // Each code goes to the first status whose schema lists it: a schema shared by
    // many statuses cannot say which one sends it, and the user moves it.
    let mut placed: Vec<String> = Vec::new();
    for status in &mut statuses {
        let body = status.schema.map(|schema| {
            bodies.body(
                document,
                schema,
                status.schema_name.as_deref(),
                status.documented,
            )
        });
        let fields = match &body {
            Some(body) => format!("#[body] {body}, #[context] ::http_api_error::Context"),
            None => "#[context] ::http_api_error::Context".to_owned(),
        };
        let (attribute, name) = match status.documented {
            Documented::Status(code) => (code.to_string(), variant_name(code)),
            Documented::Class(4) => ("400..=499".to_owned(), "ClientError".to_owned()),
            Documented::Class(_) => ("500..=599".to_owned(), "ServerError".to_owned()),
        };
        let name = unique(&name, &mut taken);
        doc_comment(&mut variants, status.description, &status.operations);
        let _ = writeln!(
            variants,
            "    #[status({attribute})]\n    {name}({fields}),"
        );
        let Documented::Status(code) = status.documented else {
            continue;
        };
        for error_code in &status.codes {
            if placed.contains(error_code) {
                continue;
            }
            placed.push(error_code.clone());
            let variant = unique(&camel(error_code), &mut taken);
            let _ = writeln!(
                variants,
                "    /// `{error_code}`, which the document's error schema enumerates."
            );
            if let Some(under) = listed_under.get(error_code).filter(|under| under.len() > 1) {
                let _ = writeln!(
                    variants,
                    "    ///\n    /// The schema that lists it is shared by statuses {}: \
                     move it to the one that sends it.",
                    under.join(", ")
                );
            }
            let _ = writeln!(
                variants,
                "    #[status({code}, code = {error_code:?})]\n    {variant}({fields}),"
            );
        }
    }
    let exact: Vec<String> = statuses
        .iter()
        .filter_map(|status| match status.documented {
            Documented::Status(code) => Some(code.to_string()),
            Documented::Class(_) => None,
        })
        .collect();

    let mut out = String::new();
    let _ = writeln!(
        out,
        "// Written by openapi-gen from `{path}`: a starting declaration, yours to edit.\n\
         // It needs `serde` (with `derive`) and `serde_json` beside `http-api-error`\n\
         // (feature `openapi`).\n"
    );
    out.push_str(&bodies.source);
    let api = api_attribute(options, path, &vendor, &exact);
    let _ = write!(
        out,
        "#[derive(Debug, ::http_api_error::ApiError)]\n\
         #[api({api})]\n\
         pub enum {enum_name} {{\n\
         {variants}    \
         /// Any other status, and bodies that do not decode.\n    \
         #[status(other)]\n    \
         Unexpected(#[context] ::http_api_error::Context),\n\
         }}\n"
    );
    out
}

/// The arguments of `#[api(...)]`: the vendor, the documented statuses, the code
/// pointer, and the `openapi(...)` that checks the declaration.
fn api_attribute(options: &Options, path: &str, vendor: &str, exact: &[String]) -> String {
    let attr_path = options.attr_path.as_deref().unwrap_or(path);
    let mut openapi = format!("path = {attr_path:?}");
    for (key, names) in [
        ("operations", &options.operations),
        ("tags", &options.tags),
        ("paths", &options.paths),
    ] {
        if !names.is_empty() {
            let quoted: Vec<String> = names.iter().map(|name| format!("{name:?}")).collect();
            let _ = write!(openapi, ", {key}({})", quoted.join(", "));
        }
    }
    let mut api = format!("vendor = {vendor:?}");
    if !exact.is_empty() {
        let _ = write!(api, ", codes({})", exact.join(", "));
    }
    if let Some(code) = &options.code {
        let _ = write!(api, ", code = {code:?}");
        let _ = write!(openapi, ", code = {code:?}");
    }
    let _ = write!(api, ", openapi({openapi})");
    api
}

/// Each code with every status whose schema lists it.
fn listed_under(statuses: &[Status]) -> BTreeMap<String, Vec<String>> {
    let mut listed: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for status in statuses {
        for code in &status.codes {
            listed
                .entry(code.clone())
                .or_default()
                .push(status.documented.to_string());
        }
    }
    listed
}

fn selected(op: &Located, options: &Options) -> bool {
    let id = op.operation.operation_id.as_deref().unwrap_or_default();
    let listed = |names: &[String], name: &str| names.is_empty() || names.iter().any(|n| n == name);
    listed(&options.operations, id)
        && (options.tags.is_empty()
            || op
                .operation
                .tags
                .iter()
                .any(|tag| listed(&options.tags, tag)))
        && listed(&options.paths, op.path)
}

fn statuses<'a>(
    document: &'a Document,
    selected: &[Located<'a>],
    options: &Options,
) -> Vec<Status<'a>> {
    let mut found: BTreeMap<Documented, Status<'a>> = BTreeMap::new();
    for op in selected {
        for (key, response) in &op.operation.responses {
            let Some(documented) = Documented::from_key(key) else {
                continue;
            };
            let status = found.entry(documented).or_insert_with(|| Status {
                documented,
                operations: Vec::new(),
                description: None,
                schema: None,
                schema_name: None,
                codes: Vec::new(),
            });
            status.operations.push(op.name());
            let resolved = document.resolve(response).ok();
            if status.description.is_none() {
                status.description = resolved
                    .and_then(|response| response.get("description"))
                    .and_then(Value::as_str);
            }
            let schemas = document.response_schemas(response);
            if status.schema.is_none() {
                status.schema = schemas.first().copied();
                status.schema_name = schema_name(response, document);
            }
            if let Some(pointer) = &options.code {
                for schema in schemas {
                    for member in document.at_pointer(schema, pointer) {
                        for code in document.enumerated(member) {
                            if !status.codes.contains(&code) {
                                status.codes.push(code);
                            }
                        }
                    }
                }
            }
        }
    }
    found.into_values().collect()
}

/// The component name of a response's first schema, through a shared response.
fn schema_name(response: &Value, document: &Document) -> Option<String> {
    let response = document.resolve(response).ok()?;
    let content = response.get("content")?.as_object()?;
    let mut media: Vec<(&String, &Value)> = content.iter().collect();
    media.sort_by_key(|(name, _)| !name.contains("json"));
    let reference = media.first()?.1.get("schema")?.get("$ref")?.as_str()?;
    Some(reference.rsplit('/').next()?.to_owned())
}

fn doc_comment(out: &mut String, description: Option<&str>, operations: &[String]) {
    if let Some(description) = description {
        doc_lines(out, "    ", description);
        out.push_str("    ///\n");
    }
    let shown: Vec<String> = operations
        .iter()
        .take(3)
        .map(|op| format!("`{op}`"))
        .collect();
    let more = operations.len().saturating_sub(3);
    let tail = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    let _ = writeln!(out, "    /// Documented for {}{tail}.", shown.join(", "));
}

/// A description as doc comment lines. Its code fences become `text` blocks, which
/// rustdoc does not run as doctests.
fn doc_lines(out: &mut String, indent: &str, description: &str) {
    let mut in_fence = false;
    for line in description.lines() {
        let line = line.trim_end();
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            let fence = if in_fence { "```text" } else { "```" };
            let _ = writeln!(out, "{indent}/// {fence}");
        } else {
            let _ = writeln!(out, "{indent}/// {line}");
        }
    }
}

fn unique(name: &str, taken: &mut Vec<String>) -> String {
    let mut candidate = name.to_owned();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{name}{n}");
        n += 1;
    }
    taken.push(candidate.clone());
    candidate
}

/// The serde structs written so far, by schema.
#[derive(Default)]
struct Bodies {
    source: String,
    /// Component names already written (or being written), with their type name.
    written: Vec<(String, String)>,
    taken: Vec<String>,
}

impl Bodies {
    /// The body type for a response schema: a struct for an object with
    /// properties, `serde_json::Value` for anything else.
    fn body(
        &mut self,
        document: &Document,
        schema: &Value,
        name: Option<&str>,
        documented: Documented,
    ) -> String {
        let fallback = match documented {
            Documented::Status(code) => format!("{}Body", variant_name(code)),
            Documented::Class(class) => format!("Status{class}xxBody"),
        };
        self.type_for(document, schema, name.map(ToOwned::to_owned), &fallback, 0)
    }

    fn type_for(
        &mut self,
        document: &Document,
        schema: &Value,
        component: Option<String>,
        fallback: &str,
        depth: usize,
    ) -> String {
        if let Some(component) = &component {
            if let Some((_, ty)) = self.written.iter().find(|(name, _)| name == component) {
                return ty.clone();
            }
        }
        let Ok(schema) = document.resolve(schema) else {
            return "::serde_json::Value".to_owned();
        };
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
            return "::serde_json::Value".to_owned();
        };
        if depth > 8 {
            return "::serde_json::Value".to_owned();
        }
        let base = match &component {
            Some(component) if component == "Error" => "ErrorBody".to_owned(),
            Some(component) => camel(component),
            None => fallback.to_owned(),
        };
        let ty = unique(&base, &mut self.taken);
        if let Some(component) = component {
            // Before the fields: a schema that contains itself ends at its own name.
            self.written.push((component, ty.clone()));
        }
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut fields = String::new();
        for (name, property) in properties {
            let field_type =
                self.field_type(document, property, &format!("{ty}{}", camel(name)), depth);
            let field_type = if required.contains(&name.as_str()) {
                field_type
            } else {
                format!("::core::option::Option<{field_type}>")
            };
            let ident = field_name(name);
            if let Some(description) = property.get("description").and_then(Value::as_str) {
                doc_lines(&mut fields, "    ", description);
            }
            if ident.trim_start_matches("r#") != name {
                let _ = writeln!(fields, "    #[serde(rename = {name:?})]");
            }
            let _ = writeln!(fields, "    pub {ident}: {field_type},");
        }
        let title = schema
            .get("title")
            .and_then(Value::as_str)
            .map(|title| format!("/// {title}.\n"))
            .unwrap_or_default();
        let _ = write!(
            self.source,
            "{title}#[derive(Debug, ::serde::Deserialize)]\npub struct {ty} {{\n{fields}}}\n\n"
        );
        ty
    }

    fn field_type(
        &mut self,
        document: &Document,
        property: &Value,
        fallback: &str,
        depth: usize,
    ) -> String {
        let component = property
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.strip_prefix("#/components/schemas/"))
            .map(ToOwned::to_owned);
        let Ok(resolved) = document.resolve(property) else {
            return "::serde_json::Value".to_owned();
        };
        match resolved.get("type").and_then(Value::as_str) {
            Some("string") => "::std::string::String".to_owned(),
            Some("integer") => "i64".to_owned(),
            Some("number") => "f64".to_owned(),
            Some("boolean") => "bool".to_owned(),
            Some("array") => {
                let item = resolved.get("items").map_or_else(
                    || "::serde_json::Value".to_owned(),
                    |items| self.field_type(document, items, &format!("{fallback}Item"), depth + 1),
                );
                format!("::std::vec::Vec<{item}>")
            }
            _ if component.is_some() || resolved.get("properties").is_some() => {
                self.type_for(document, resolved, component, fallback, depth + 1)
            }
            _ => "::serde_json::Value".to_owned(),
        }
    }
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof",
    "unsized", "virtual", "yield", "try", "gen",
];

/// A JSON member's name as a Rust field: snake case, keywords raw.
fn field_name(name: &str) -> String {
    let mut ident = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 && !ident.ends_with('_') {
                ident.push('_');
            }
            ident.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            ident.push(c);
        } else if !ident.ends_with('_') {
            ident.push('_');
        }
    }
    if ident.is_empty() || ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, '_');
    }
    if matches!(ident.as_str(), "self" | "super" | "crate") {
        // The keywords that cannot be raw identifiers.
        format!("{ident}_")
    } else if KEYWORDS.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else {
        ident
    }
}

//! XML error bodies (feature `xml`): AWS's query, REST-XML and EC2 protocols and
//! other XML APIs, parsed by quick-xml into the same tree as JSON, so that one
//! reading, one classification by code and one typed-body decode serve both.
//!
//! The tree of `<Error><Code>SlowDown</Code><Message>…</Message></Error>` is
//! `{"Error": {"Code": "SlowDown", "Message": "…"}}`: an element with child
//! elements is an object of them (a name repeated is a list, in document order),
//! any other element is its text. Attributes, comments and processing
//! instructions are passed over. A typed `#[body]` is decoded from the root
//! element's content, as quick-xml's own serde support does it; its values are
//! text, as XML's are.
//!
//! Nothing is ever expanded beyond the five predefined entities and character
//! references: a document type declaration (where entities are defined, the
//! billion laughs and external entities among them) is refused, as is nesting
//! deeper than 128 elements, as serde_json refuses deeper JSON.

use std::borrow::Cow;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::decode::BodyError;
use super::json::{Json, Object};

const MAX_DEPTH: usize = 128;

/// Whether bytes that are not JSON are an XML document, not an HTML page: an XML
/// declaration, a document type other than `html` (refused when read, with the
/// reason), or a first element that is not `html`.
pub(crate) fn is_xml(body: &[u8]) -> bool {
    let start = body.trim_ascii_start();
    if start.starts_with(b"<?xml") {
        return true;
    }
    let doctype = b"<!doctype";
    if start
        .get(..doctype.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(doctype))
    {
        let name = start[doctype.len()..].trim_ascii_start();
        return !name
            .get(..4)
            .is_some_and(|name| name.eq_ignore_ascii_case(b"html"));
    }
    let Some(rest) = start.strip_prefix(b"<") else {
        return false;
    };
    let name_start = rest
        .first()
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_');
    name_start
        && !rest
            .get(..4)
            .is_some_and(|name| name.eq_ignore_ascii_case(b"html"))
}

/// An element being read: its name, its children so far, its text so far.
struct Open<'a> {
    name: Cow<'a, str>,
    children: Vec<(Cow<'a, str>, Json<'a>)>,
    text: Option<Cow<'a, str>>,
}

impl<'a> Open<'a> {
    fn new(name: Cow<'a, str>) -> Self {
        Open {
            name,
            children: Vec::new(),
            text: None,
        }
    }

    fn push_text(&mut self, piece: Cow<'a, str>) {
        self.text = Some(match self.text.take() {
            None => piece,
            Some(text) => Cow::Owned(text.into_owned() + &piece),
        });
    }

    fn close(self) -> (Cow<'a, str>, Json<'a>) {
        let value = if self.children.is_empty() {
            Json::String(self.text.unwrap_or_default())
        } else {
            Json::Object(grouped(self.children))
        };
        (self.name, value)
    }
}

/// Children as members: a name that comes more than once becomes a list of its
/// values, in document order.
fn grouped<'a>(mut children: Vec<(Cow<'a, str>, Json<'a>)>) -> Object<'a> {
    // A stable sort keeps each name's values in document order.
    children.sort_by(|a, b| a.0.cmp(&b.0));
    let mut members: Vec<(Cow<'a, str>, Json<'a>)> = Vec::with_capacity(children.len());
    for (name, value) in children {
        match members.last_mut() {
            // An element's value is text or an object, never a list: a list is a
            // name seen again.
            Some((last, Json::Array(items))) if *last == name => items.push(value),
            Some((last, slot)) if *last == name => {
                let first = core::mem::replace(slot, Json::Null);
                *slot = Json::Array(vec![first, value]);
            }
            _ => members.push((name, value)),
        }
    }
    Object::from_members(members)
}

/// The tree of an XML document: `{root name: root content}`.
pub(crate) fn tree(body: &[u8]) -> Result<Json<'_>, BodyError> {
    let text = core::str::from_utf8(body).map_err(|error| malformed(&error.to_string()))?;
    let mut reader = Reader::from_str(text);
    let mut open: Vec<Open<'_>> = Vec::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|error| malformed(&error.to_string()))?;
        match event {
            Event::Start(start) => {
                if open.len() >= MAX_DEPTH {
                    return Err(malformed("elements nested deeper than 128"));
                }
                open.push(Open::new(name(start.local_name().as_ref())));
            }
            Event::Empty(empty) => {
                let child = (
                    name(empty.local_name().as_ref()),
                    Json::String(Cow::Borrowed("")),
                );
                match open.last_mut() {
                    Some(parent) => parent.children.push(child),
                    None => return Ok(root(child)),
                }
            }
            Event::End(_) => {
                let Some(element) = open.pop() else {
                    return Err(malformed("an end tag that closes nothing"));
                };
                let child = element.close();
                match open.last_mut() {
                    Some(parent) => parent.children.push(child),
                    None => return Ok(root(child)),
                }
            }
            Event::Text(text) => {
                if let Some(element) = open.last_mut() {
                    element.push_text(text.xml10_content());
                }
            }
            Event::CData(data) => {
                if let Some(element) = open.last_mut() {
                    element.push_text(data.into_inner());
                }
            }
            Event::GeneralRef(reference) => {
                let resolved = entity(&reference)?;
                if let Some(element) = open.last_mut() {
                    element.push_text(Cow::Owned(resolved.to_string()));
                }
            }
            Event::DocType(_) => {
                return Err(malformed(
                    "a document type declaration, refused: no entity is ever expanded",
                ))
            }
            Event::Eof => return Err(malformed("the document ends before its root element")),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
}

fn root<'a>((name, value): (Cow<'a, str>, Json<'a>)) -> Json<'a> {
    Json::Object(Object::from_members(vec![(name, value)]))
}

/// What a typed body is decoded from: the root element's content.
pub(crate) fn content<'t, 'a>(tree: &'t Json<'a>) -> &'t Json<'a> {
    tree.as_object()
        .and_then(|root| root.values().next())
        .unwrap_or(tree)
}

fn name(local: &str) -> Cow<'static, str> {
    Cow::Owned(local.to_owned())
}

/// The five predefined entities and character references; any other entity
/// would need a declaration, and none is read.
fn entity(reference: &quick_xml::events::BytesRef<'_>) -> Result<char, BodyError> {
    if reference.is_char_ref() {
        return reference
            .resolve_char_ref()
            .ok()
            .flatten()
            .ok_or_else(|| malformed("a character reference to no character"));
    }
    match &**reference {
        "amp" => Ok('&'),
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "apos" => Ok('\''),
        "quot" => Ok('"'),
        other => Err(malformed(&format!(
            "the entity `&{};`, which no declaration defines",
            super::text::capped(other, 64)
        ))),
    }
}

fn malformed(message: &str) -> BodyError {
    BodyError::Malformed {
        message: format!("XML: {message}"),
        line: 0,
        column: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Json<'_> {
        tree(text.as_bytes()).unwrap()
    }

    #[test]
    fn elements_become_objects_and_repeats_lists() {
        let tree = parse(
            r#"<?xml version="1.0"?>
            <Response xmlns="urn:x"><Errors><Error><Code>A</Code></Error><Error><Code>B</Code></Error></Errors>
            <RequestID>r-1</RequestID><Empty/></Response>"#,
        );
        assert_eq!(
            tree.pointer("/Response/Errors/Error/1/Code")
                .and_then(Json::as_str),
            Some("B")
        );
        assert_eq!(
            tree.pointer("/Response/RequestID").and_then(Json::as_str),
            Some("r-1")
        );
        assert_eq!(
            tree.pointer("/Response/Empty").and_then(Json::as_str),
            Some("")
        );
        assert_eq!(
            content(&tree).get("RequestID").and_then(Json::as_str),
            Some("r-1")
        );
    }

    #[test]
    fn text_is_unescaped_and_joined() {
        let tree = parse("<e><m>a &amp; b &#x263A; <![CDATA[<c>]]> &lt;</m></e>");
        assert_eq!(
            tree.pointer("/e/m").and_then(Json::as_str),
            Some("a & b ☺ <c> <")
        );
    }

    #[test]
    fn hostile_documents_are_refused_with_a_reason() {
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><lolz>&lol2;</lolz>"#;
        let external =
            r#"<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>"#;
        let deep = "<a>".repeat(100_000) + &"</a>".repeat(100_000);
        for (body, reason) in [
            (laughs.as_bytes(), "document type"),
            (external.as_bytes(), "document type"),
            (deep.as_bytes(), "deeper than 128"),
            (b"<a>&undefined;</a>".as_slice(), "no declaration"),
            (b"<a>\xff\xfe</a>".as_slice(), "utf-8"),
            (b"<a><b></a>".as_slice(), "XML"),
            (b"<a>".as_slice(), "XML"),
        ] {
            let error = tree(body).unwrap_err().to_string();
            assert!(
                error.to_lowercase().contains(&reason.to_lowercase()),
                "{error}"
            );
        }
    }

    #[test]
    fn html_is_not_xml() {
        assert!(is_xml(b"  <?xml version='1.0'?><a/>"));
        assert!(is_xml(b"<Error><Code>x</Code></Error>"));
        assert!(!is_xml(b"<html><body>502</body></html>"));
        assert!(!is_xml(b"<HTML>"));
        assert!(!is_xml(b"<!DOCTYPE html><html>"));
        assert!(!is_xml(b"<!doctype HTML>"));
        assert!(is_xml(
            b"<!DOCTYPE e [<!ENTITY x SYSTEM \"file:///\">]><e/>"
        ));
        assert!(!is_xml(b"{\"a\": 1}"));
    }
}

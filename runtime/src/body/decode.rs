//! Turning body bytes into a typed body: look at the bytes, not the `Content-Type`,
//! and say precisely why when they are not the JSON (or, with the `xml` feature,
//! the XML) that was declared.

use core::fmt;

use serde::de::{Deserialize, DeserializeOwned};

use super::json::Json;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes a JSON error body into `T`, whatever `Content-Type` claimed.
///
/// A UTF-8 byte-order mark is skipped. Empty bodies, bodies that cannot be JSON
/// (HTML, text) and compressed bodies are told apart without running the parser;
/// everything else goes to `serde_json`, whose recursion limit stays on. With the
/// `xml` feature, an XML document is decoded too: `T` from its root element's
/// content, every value as text (see the README's XML section).
///
/// ```
/// use http_api_error::body::{decode_body, BodyError};
///
/// let value: serde_json::Value = decode_body(b"\xEF\xBB\xBF{\"detail\":\"x\"}").unwrap();
/// assert_eq!(value["detail"], "x");
/// assert_eq!(decode_body::<serde_json::Value>(b"<html></html>"), Err(BodyError::NotJson));
/// ```
pub fn decode_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, BodyError> {
    decode_sniffed(json_bytes(body)?)
}

/// [`decode_body`] for bytes already sniffed by [`json_bytes`] (through
/// `Context::capture`): only the byte-order mark is skipped again.
pub(crate) fn decode_sniffed<T: DeserializeOwned>(body: &[u8]) -> Result<T, BodyError> {
    let body = without_bom(body);
    #[cfg(feature = "xml")]
    if super::xml::is_xml(body) {
        return typed(&super::xml::tree(body)?, body);
    }
    parse(body)
}

/// The parse tree of bytes already sniffed, that the reading and a typed body share.
pub(crate) fn tree(body: &[u8]) -> Result<Json<'_>, BodyError> {
    let body = without_bom(body);
    #[cfg(feature = "xml")]
    if super::xml::is_xml(body) {
        return super::xml::tree(body);
    }
    parse(body)
}

/// A typed body from the `tree` of `body`: a JSON document whole, an XML
/// document's root element's content (the root's name is no member of `T`).
pub(crate) fn typed<T: DeserializeOwned>(tree: &Json<'_>, body: &[u8]) -> Result<T, BodyError> {
    #[cfg(feature = "xml")]
    let tree = if super::xml::is_xml(without_bom(body)) {
        super::xml::content(tree)
    } else {
        tree
    };
    #[cfg(not(feature = "xml"))]
    let _ = body;
    T::deserialize(tree).map_err(|error| BodyError::Malformed {
        message: error.to_string(),
        line: 0,
        column: 0,
    })
}

fn parse<'a, T: Deserialize<'a>>(json: &'a [u8]) -> Result<T, BodyError> {
    // Valid UTF-8 is checked once, over the whole body, instead of string by string;
    // other bytes go through the byte parser, which gives the same answers.
    let parsed = match core::str::from_utf8(json) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(json),
    };
    parsed.map_err(|error| BodyError::malformed(&error))
}

pub(crate) fn without_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(UTF8_BOM).unwrap_or(body)
}

pub(crate) fn json_bytes(body: &[u8]) -> Result<&[u8], BodyError> {
    if body.starts_with(&[0x1f, 0x8b]) {
        return Err(BodyError::Compressed { encoding: "gzip" });
    }
    if body.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        return Err(BodyError::Compressed { encoding: "zstd" });
    }
    let json = without_bom(body);
    match json.iter().find(|b| !b.is_ascii_whitespace()) {
        None => Err(BodyError::Empty),
        Some(b'{' | b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n') => Ok(json),
        #[cfg(feature = "xml")]
        Some(b'<') if super::xml::is_xml(json) => Ok(json),
        Some(_) => Err(BodyError::NotJson),
    }
}

/// Why a body was not decoded into the variant's body type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BodyError {
    /// No bytes, or only whitespace.
    Empty,
    /// The bytes are not JSON: an HTML page from a proxy, plain text.
    NotJson,
    /// Compressed bytes that nobody decompressed.
    Compressed {
        /// `gzip` or `zstd`, from the magic bytes.
        encoding: &'static str,
    },
    /// JSON that did not parse, or not of the declared shape.
    Malformed {
        /// serde_json's message.
        message: String,
        /// Where it stopped, 1-based; 0 when serde_json gives no position.
        line: usize,
        /// The column on that line, 1-based; 0 when serde_json gives no position.
        column: usize,
    },
}

impl BodyError {
    pub(crate) fn malformed(error: &serde_json::Error) -> Self {
        BodyError::Malformed {
            message: error.to_string(),
            line: error.line(),
            column: error.column(),
        }
    }
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyError::Empty => f.write_str("the body is empty"),
            BodyError::NotJson => f.write_str("the body is not JSON"),
            BodyError::Compressed { encoding } => {
                write!(
                    f,
                    "the body is {encoding}-compressed and was not decompressed"
                )
            }
            BodyError::Malformed { message, .. } => {
                write!(f, "the body is not the expected JSON: {message}")
            }
        }
    }
}

impl std::error::Error for BodyError {}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// Bodies of valid UTF-8, good and bad JSON, each read by the text parser
    /// (`parse`) and by the byte parser, which must agree on the value or the error.
    const BODIES: &[&str] = &[
        r#"{"detail": "plain"}"#,
        r#"{"detail": "caf\u00e9 \ud83d\ude00", "x": "é ✓ 😀"}"#,
        r#"{"detail": "\ud800"}"#,
        r#"{"detail": "\udc00\ud800"}"#,
        r#"{"detail": "tab	inside"}"#,
        r#"{"detail": "\q"}"#,
        r#"{"detail": 1e400}"#,
        r#"{"detail": 1e-400, "n": 18446744073709551616}"#,
        r#"{"detail": "x"} trailing"#,
        r#"{"detail": "x",}"#,
        r#"{"a": [1, 2"#,
        "[\"é\", {\"é\": \"\\u00e9\"}]",
        "\"only a string\"",
    ];

    #[test]
    fn the_text_parser_answers_as_the_byte_parser() {
        for body in BODIES {
            let by_bytes = serde_json::from_slice::<Value>(body.as_bytes())
                .map_err(|error| BodyError::malformed(&error));
            assert_eq!(parse::<Value>(body.as_bytes()), by_bytes, "{body}");
            let by_bytes = serde_json::from_slice::<crate::body::FieldErrors>(body.as_bytes())
                .map_err(|error| BodyError::malformed(&error));
            assert_eq!(
                parse::<crate::body::FieldErrors>(body.as_bytes()),
                by_bytes,
                "{body}"
            );
        }
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(
            parse::<Value>(deep.as_bytes()),
            serde_json::from_slice::<Value>(deep.as_bytes()).map_err(|e| BodyError::malformed(&e))
        );
    }

    #[test]
    fn bytes_that_are_not_utf8_go_to_the_byte_parser() {
        // An ignored member may hold any bytes in a string; a `Value` may not.
        #[derive(Debug, serde::Deserialize, PartialEq)]
        struct Detail {
            detail: String,
        }
        let body = b"{\"detail\": \"x\", \"junk\": \"\xff\xfe\"}";
        assert_eq!(parse::<Detail>(body), Ok(Detail { detail: "x".into() }));
        assert!(matches!(
            parse::<Value>(body),
            Err(BodyError::Malformed { .. })
        ));
    }
}

//! The small pieces every dialect reads with: text that counts, field paths, error
//! entries, the limits that keep a reading bounded, and the keys whose values are
//! never shown.

use std::borrow::Cow;

use crate::body::json::{Json, Object};

use super::{pointer, FieldError};

/// At most this many field errors are kept from one body.
pub const MAX_FIELD_ERRORS: usize = 100;
/// A field's path, a message, a code or a request id longer than this many bytes
/// is cut (at a character boundary) and ends in `…`.
pub const MAX_TEXT_BYTES: usize = 1024;
/// The general message is cut at this many bytes and ends in `…`.
pub const MAX_MESSAGE_BYTES: usize = 16 * 1024;

pub(crate) fn trimmed(text: &str) -> Option<&str> {
    // Most text starts and ends in a visible ASCII character: nothing to trim.
    if let (Some(first), Some(last)) = (text.as_bytes().first(), text.as_bytes().last()) {
        if first.is_ascii_graphic() && last.is_ascii_graphic() {
            return Some(text);
        }
    }
    let text = text.trim();
    (!text.is_empty()).then_some(text)
}

pub(crate) fn capped(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

pub(crate) fn short(text: &str) -> Option<String> {
    trimmed(text).map(|text| capped(text, MAX_TEXT_BYTES))
}

/// [`short`] of a string already built, kept without a copy when it needs no cut.
pub(crate) fn short_owned(text: String) -> Option<String> {
    match trimmed(&text) {
        Some(kept) if kept.len() == text.len() && text.len() <= MAX_TEXT_BYTES => Some(text),
        _ => short(&text),
    }
}

pub(crate) fn scalar_text(value: &Json<'_>) -> Option<String> {
    match value {
        Json::String(text) => short(text),
        Json::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

pub(crate) fn string_member(object: &Object<'_>, key: &str) -> Option<String> {
    object.get(key)?.as_str().and_then(short)
}

pub(crate) fn first_text(object: &Object<'_>, keys: &[&str]) -> Option<String> {
    keys.iter()
        .find_map(|key| object.get(key).and_then(scalar_text))
}

pub(crate) fn joined<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut out = String::new();
    for text in texts.into_iter().filter_map(trimmed) {
        if !out.is_empty() {
            out.push_str("; ");
        }
        out.push_str(text);
        if out.len() > MAX_MESSAGE_BYTES {
            return Some(capped(&out, MAX_MESSAGE_BYTES));
        }
    }
    (!out.is_empty()).then_some(out)
}

/// For DRF's list of messages, `["..."]`.
pub(crate) fn joined_strings(items: &[Json<'_>]) -> Option<String> {
    joined(items.iter().filter_map(Json::as_str))
}

pub(crate) fn message_text(text: &str) -> Option<String> {
    trimmed(text).map(|text| capped(text, MAX_MESSAGE_BYTES))
}

pub(crate) fn message_member(object: &Object<'_>, key: &str) -> Option<String> {
    object.get(key)?.as_str().and_then(message_text)
}

/// Whether a member named `key` holds a secret: its value is never shown.
/// Matched without case, `_` or `-`: `password`, `api_key`, `X-Auth-Token`, ….
pub(crate) fn is_secret_key(key: &str) -> bool {
    // By first letter: a position is compared only with the parts that start
    // with its letter (every key of every body is asked, most of them short).
    fn parts_from(first: u8) -> &'static [&'static [u8]] {
        match first {
            b'p' => &[b"password", b"passwd", b"passphrase", b"privatekey"],
            b's' => &[b"secret", b"sessionid", b"ssn"],
            b't' => &[b"token"],
            b'a' => &[b"apikey", b"authorization", b"accesskey"],
            b'c' => &[b"cookie", b"credential", b"cvv", b"cvc"],
            _ => &[],
        }
    }
    fn holds_secret(folded: &[u8]) -> bool {
        (0..folded.len()).any(|at| {
            let rest = &folded[at..];
            // Compared byte by byte: most candidates differ at their second byte,
            // sooner than a call to `memcmp` returns.
            parts_from(folded[at])
                .iter()
                .any(|part| rest.len() >= part.len() && part.iter().zip(rest).all(|(a, b)| a == b))
        })
    }
    // Most keys are short ASCII: folded on the stack. Others are folded in full.
    let mut buffer = [0u8; 64];
    let mut len = 0;
    for b in key.bytes().filter(|b| !matches!(b, b'_' | b'-')) {
        if !b.is_ascii() || len == buffer.len() {
            let folded: String = key
                .chars()
                .filter(|c| *c != '_' && *c != '-')
                .flat_map(char::to_lowercase)
                .collect();
            return holds_secret(folded.as_bytes());
        }
        buffer[len] = b.to_ascii_lowercase();
        len += 1;
    }
    holds_secret(&buffer[..len])
}

/// Field errors as a dialect finds them, within [`MAX_FIELD_ERRORS`] and a total
/// size, so that a hostile body cannot make the reading large.
#[derive(Debug, Default)]
pub(crate) struct Fields {
    pub(crate) list: Vec<FieldError>,
    bytes: usize,
}

impl Fields {
    /// Most bytes of paths and messages kept in all.
    const MAX_BYTES: usize = 64 * 1024;

    pub(crate) fn full(&self) -> bool {
        self.list.len() >= MAX_FIELD_ERRORS || self.bytes >= Self::MAX_BYTES
    }

    pub(crate) fn push(&mut self, field: &str, message: &str) {
        if self.full() {
            return;
        }
        let (Some(field), Some(message)) = (short(field), short(message)) else {
            return;
        };
        self.bytes += field.len() + message.len();
        self.list.push(FieldError { field, message });
    }
}

/// Keys of an error entry that name its field, in the order they are tried.
/// `location`, `in` and a string `source` say where a value was sent, not which
/// field it is, so they are not here.
const FIELD_KEYS: &[&str] = &[
    "field",
    "path",
    "key",
    "param",
    "parameter",
    "name",
    "loc",
    "pointer",
    "target",
    "attribute",
    "property",
];

/// Keys of an error entry whose value is its message, in the order they are tried.
pub(crate) const ENTRY_MESSAGE_KEYS: &[&str] = &[
    "message",
    "Message",
    "msg",
    "detail",
    "reason",
    "description",
    "defaultMessage",
    "title",
];

/// The field an entry names: a string (a JSON pointer read as a path), a `loc`
/// list joined with `.` (FastAPI), or JSON:API's `source.pointer` /
/// `source.parameter`.
pub(crate) fn entry_field(entry: &Object<'_>) -> Option<String> {
    let named = FIELD_KEYS.iter().find_map(|key| match entry.get(key)? {
        Json::String(text) if text.starts_with('/') || text.starts_with("#/") => {
            pointer_as_path(text)
        }
        Json::String(text) => short(&dotted(text)),
        Json::Array(steps) => location(steps),
        _ => None,
    });
    // Google's older `errors[]` name the field in `location` beside a `locationType`.
    let located = || {
        entry.get("locationType")?;
        string_member(entry, "location")
    };
    named.or_else(located).or_else(|| {
        let source = entry.get("source")?.as_object()?;
        match source.get("pointer").and_then(Json::as_str) {
            Some(pointer) => pointer_as_path(pointer),
            None => string_member(source, "parameter"),
        }
    })
}

pub(crate) fn entry_message(entry: &Object<'_>) -> Option<String> {
    first_text(entry, ENTRY_MESSAGE_KEYS)
}

/// Entries that name a field become field errors; the others' messages are
/// returned joined, for a dialect that has no better general message.
pub(crate) fn entries(items: &[Json<'_>], fields: &mut Fields) -> Option<String> {
    let mut general = Vec::new();
    for entry in items.iter().filter_map(Json::as_object) {
        let message = entry_message(entry);
        match entry_field(entry) {
            Some(field) => {
                if let Some(message) = message.or_else(|| string_member(entry, "code")) {
                    fields.push(&field, &message);
                }
            }
            None => general.extend(message),
        }
    }
    joined(general.iter().map(String::as_str))
}

/// `lines[1].quantity` (express-validator, Litestar) as `lines.1.quantity`.
fn dotted(path: &str) -> Cow<'_, str> {
    if !path.contains('[') {
        return Cow::Borrowed(path);
    }
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '[' if !out.is_empty() => out.push('.'),
            '[' | ']' => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether an object is one error entry (`{"msg", "path", "location"}`), not a map
/// of fields: it has a message key beside a key that names or places a field.
pub(crate) fn is_entry(object: &Object<'_>) -> bool {
    object.get("msg").is_some_and(Json::is_string)
        || (object.get("message").is_some_and(Json::is_string)
            && ["path", "location", "param", "field", "key"]
                .iter()
                .any(|key| object.contains_key(key)))
}

/// `["body", "items", 1, "qty"]` as `body.items.1.qty`.
pub(crate) fn location(steps: &[Json<'_>]) -> Option<String> {
    let steps: Vec<String> = steps.iter().filter_map(scalar_text).collect();
    (!steps.is_empty()).then(|| capped(&steps.join("."), MAX_TEXT_BYTES))
}

/// `/data/attributes/first~1name` (or `#/age`) as `data.attributes.first/name`.
pub(crate) fn pointer_as_path(pointer: &str) -> Option<String> {
    let pointer = pointer.strip_prefix('#').unwrap_or(pointer);
    let mut path = String::with_capacity(pointer.len());
    for (i, step) in pointer::steps(pointer).enumerate() {
        if i > 0 {
            path.push('.');
        }
        path.push_str(&step);
    }
    short_owned(path)
}

/// A code as text: a string or an integer. One equal to the response's status
/// (Google's `"code": 429`, JSON:API's `"status": "422"`) says nothing and is skipped.
pub(crate) fn code_text(value: &Json<'_>, status: u16) -> Option<String> {
    let text = match value {
        Json::String(text) => short(text)?,
        Json::Number(number) if number.is_u64() || number.is_i64() => number.to_string(),
        _ => return None,
    };
    (text.parse::<u16>().ok() != Some(status) || status == 0).then_some(text)
}

pub(crate) fn first_code(object: &Object<'_>, keys: &[&str], status: u16) -> Option<String> {
    keys.iter()
        .find_map(|key| object.get(key).and_then(|value| code_text(value, status)))
}

const REQUEST_ID_KEYS: &[&str] = &["request_id", "requestId", "requestID", "RequestId"];

pub(crate) fn request_id(object: &Object<'_>) -> Option<String> {
    let in_object = |object: &Object<'_>| {
        let key = REQUEST_ID_KEYS
            .iter()
            .find(|key| object.contains_key(key))?;
        object.get(key).and_then(scalar_text)
    };
    in_object(object).or_else(|| in_object(object.get("error")?.as_object()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_known_by_any_spelling() {
        for key in [
            "password",
            "Password",
            "api_key",
            "apiKey",
            "X-Auth-Token",
            "client_secret",
            "new_password2",
            "Cookie",
        ] {
            assert!(is_secret_key(key), "{key}");
        }
        for key in ["email", "title", "detail", "username", "status", "amount"] {
            assert!(!is_secret_key(key), "{key}");
        }
        // Past the stack buffer, and beyond ASCII: folded in full.
        let long = format!("{}_PASS-word", "x".repeat(70));
        assert!(is_secret_key(&long));
        assert!(!is_secret_key(&"x".repeat(70)));
        assert!(is_secret_key("Ärger_Api-Key"));
        assert!(!is_secret_key("Ärger_title"));
        // Every part, in any case and at the start, middle or end of a key.
        for part in [
            "password",
            "passwd",
            "passphrase",
            "secret",
            "token",
            "api_key",
            "authorization",
            "cookie",
            "credential",
            "private-key",
            "access_key",
            "session_id",
            "ssn",
            "cvv",
            "cvc",
        ] {
            let upper = part.to_uppercase();
            for key in [
                part.to_owned(),
                format!("x_{upper}_y"),
                format!("user{part}"),
            ] {
                assert!(is_secret_key(&key), "{key}");
            }
        }
    }

    #[test]
    fn capping_keeps_whole_characters() {
        assert_eq!(capped("ééé", 3), "é…");
        assert_eq!(capped("abc", 3), "abc");
    }

    #[test]
    fn fields_stop_at_their_limits() {
        let mut fields = Fields::default();
        for i in 0..(MAX_FIELD_ERRORS + 10) {
            fields.push(&format!("f{i}"), "m");
        }
        assert_eq!(fields.list.len(), MAX_FIELD_ERRORS);
        let mut fields = Fields::default();
        let long = "k".repeat(32 * 1024);
        for _ in 0..1000 {
            fields.push(&long, "1");
        }
        assert!(fields.list.len() < 100);
        assert!(fields
            .list
            .iter()
            .all(|e| e.field.len() <= MAX_TEXT_BYTES + '…'.len_utf8()));
    }
}

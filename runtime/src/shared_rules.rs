//! Rules that the derive checks at compile time and the runtime applies to
//! responses. Both crates compile this one file: `macros/src/shared_rules.rs` is a
//! symlink to it, since a proc-macro crate can export no functions and the runtime
//! cannot be a dependency of its own derive. So it names nothing outside `core`.

/// RFC 6901: empty (the whole document), or `/`-separated steps in which `~` is
/// only ever `~0` (a `~`) or `~1` (a `/`).
pub fn is_json_pointer(pointer: &str) -> bool {
    if pointer.is_empty() {
        return true;
    }
    if !pointer.starts_with('/') {
        return false;
    }
    let bytes = pointer.as_bytes();
    bytes
        .iter()
        .enumerate()
        .all(|(i, b)| *b != b'~' || matches!(bytes.get(i + 1), Some(b'0' | b'1')))
}

/// An RFC 9110 token: the names `http::HeaderName` accepts, in either case. The
/// runtime's tests hold the two together.
#[allow(
    dead_code,
    reason = "the runtime reads headers through `http::HeaderName`; only the derive and the tests call this"
)]
pub fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// An error code as the AWS SDKs compare it, before trimming: cut at the first
/// `:`, then without a namespace before the last `#`.
pub fn code_without_namespace(code: &str) -> &str {
    // Byte searches: `:` and `#` are ASCII, so every cut falls on a char boundary.
    let bytes = code.as_bytes();
    let end = bytes.iter().position(|&b| b == b':').unwrap_or(bytes.len());
    let start = bytes[..end]
        .iter()
        .rposition(|&b| b == b'#')
        .map_or(0, |i| i + 1);
    &code[start..end]
}

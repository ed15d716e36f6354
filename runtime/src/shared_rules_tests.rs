//! The header-name rule the derive checks against the names `http` accepts, which
//! are the ones the runtime can look up.

use http::HeaderName;

use crate::shared_rules::is_header_name;

#[test]
fn a_header_name_is_what_http_accepts() {
    for byte in 0..=u8::MAX {
        let name = [b'x', byte];
        let text = String::from_utf8_lossy(&name);
        assert_eq!(
            is_header_name(&text),
            HeaderName::from_bytes(text.as_bytes()).is_ok(),
            "{text:?}"
        );
    }
    for name in [
        "",
        "x-request-id",
        "X-Request-Id",
        "x request id",
        "x:y",
        "é",
        "a~b|c",
    ] {
        assert_eq!(
            is_header_name(name),
            HeaderName::from_bytes(name.as_bytes()).is_ok(),
            "{name:?}"
        );
    }
}

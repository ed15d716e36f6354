//! RFC 6901 JSON pointers, the way an enum names where its API puts a message or a
//! code that its dialect would not find.

use std::borrow::Cow;

/// Whether `pointer` is an RFC 6901 JSON pointer: empty (the whole document), or
/// `/`-separated steps in which `~` is only ever `~0` (a `~`) or `~1` (a `/`).
///
/// The derive runs the same check on `#[api(message = "...")]` and its siblings.
///
/// ```
/// use http_api_error::body::is_json_pointer;
///
/// assert!(is_json_pointer("/error/message"));
/// assert!(is_json_pointer("/errors/0/detail"));
/// assert!(is_json_pointer("/a~1b/c~0d"));
/// assert!(is_json_pointer(""));
/// assert!(!is_json_pointer("error.message"));
/// assert!(!is_json_pointer("/bad~2escape"));
/// ```
#[must_use]
pub fn is_json_pointer(pointer: &str) -> bool {
    crate::shared_rules::is_json_pointer(pointer)
}

/// A pointer's steps after the first `/`, unescaped (`~1` is `/`, then `~0` is `~`),
/// borrowed where they hold no `~`. Text before the first `/` is no step.
pub(crate) fn steps(pointer: &str) -> impl Iterator<Item = Cow<'_, str>> {
    pointer.split('/').skip(1).map(|step| {
        if step.contains('~') {
            Cow::Owned(step.replace("~1", "/").replace("~0", "~"))
        } else {
            Cow::Borrowed(step)
        }
    })
}

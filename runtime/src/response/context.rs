//! What a response leaves behind besides its typed body: the status, the raw bytes,
//! `Retry-After`, the request id, the headers that advise on retrying, and why the
//! body was not decoded when it was not.

use core::fmt;
use core::time::Duration;
use std::sync::OnceLock;
use std::time::SystemTime;

use http::header::RETRY_AFTER;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};

use super::retry_after::RetryAfter;
use crate::body::{BodyError, Pointers, Reading};

/// Request-id headers looked up when an enum names none of its own, first match wins.
pub const DEFAULT_REQUEST_ID_HEADERS: &[&str] = &["x-request-id", "request-id", "x-correlation-id"];

/// Headers kept whatever an enum declares: the rate-limit dialects and the
/// should-retry header that the advice reads (see the README's dialect table).
pub const DEFAULT_KEPT_HEADERS: &[&str] = &[
    "retry-after-ms",
    "ratelimit",
    "ratelimit-policy",
    "ratelimit-remaining",
    "ratelimit-reset",
    "x-should-retry",
];

/// Everything kept from an error response, byte for byte.
///
/// `Debug` shows the body's length, never its bytes: error bodies echo requests
/// and tokens. Use [`Context::raw_body`] to read them on purpose.
///
/// ```
/// use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
/// use http_api_error::{BodyError, Context, DEFAULT_REQUEST_ID_HEADERS};
///
/// let mut headers = HeaderMap::new();
/// headers.insert("retry-after", HeaderValue::from_static("120"));
/// headers.insert("x-request-id", HeaderValue::from_static("req-9"));
/// let context = Context::capture(
///     StatusCode::SERVICE_UNAVAILABLE,
///     &headers,
///     b"<html>down</html>",
///     DEFAULT_REQUEST_ID_HEADERS,
///     &[],
/// );
/// assert_eq!(context.retry_after(), Some(core::time::Duration::from_secs(120)));
/// assert_eq!(context.request_id(), Some("req-9"));
/// assert_eq!(context.body_error(), Some(&BodyError::NotJson));
/// assert_eq!(context.body_preview(6), "<html>");
/// assert!(!format!("{context:?}").contains("down"));
/// ```
#[derive(Clone)]
pub struct Context {
    status: StatusCode,
    body: Vec<u8>,
    retry_after: Option<RetryAfter>,
    request_id: Option<String>,
    body_error: Option<BodyError>,
    truncated: bool,
    headers: Vec<(HeaderName, HeaderValue)>,
    /// What the conventions read from `body`, on first use; boxed, so that a
    /// context that is never read stays small to move.
    reading: OnceLock<Box<Reading>>,
}

/// Equal when everything kept from the response is; what was read from it since
/// does not count.
impl PartialEq for Context {
    fn eq(&self, other: &Self) -> bool {
        self.status == other.status
            && self.body == other.body
            && self.retry_after == other.retry_after
            && self.request_id == other.request_id
            && self.body_error == other.body_error
            && self.truncated == other.truncated
            && self.headers == other.headers
    }
}

impl Eq for Context {}

impl Context {
    /// A context for `status` with no body and no headers.
    #[must_use]
    pub fn new(status: StatusCode) -> Self {
        Context {
            status,
            body: Vec::new(),
            retry_after: None,
            request_id: None,
            body_error: None,
            truncated: false,
            headers: Vec::new(),
            reading: OnceLock::new(),
        }
    }

    /// Captures a response: its status, a copy of its body, its `Retry-After` (of
    /// several values that parse, the longest wait, so no server is asked too
    /// early), the first non-empty header of `request_id_headers`
    /// (case-insensitive), the headers named in [`DEFAULT_KEPT_HEADERS`] or
    /// `kept_headers`, and whether the bytes are empty, compressed or plainly not
    /// JSON.
    #[must_use]
    pub fn capture(
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
        request_id_headers: &[&str],
        kept_headers: &[&str],
    ) -> Self {
        let read = read_headers(headers, request_id_headers, kept_headers);
        Context {
            status,
            body: body.to_vec(),
            retry_after: read.retry_after,
            request_id: read.request_id,
            body_error: crate::body::decode::json_bytes(body).err(),
            truncated: false,
            headers: read.kept,
            reading: OnceLock::new(),
        }
    }

    /// Replaces the raw body.
    #[must_use]
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self.reading = OnceLock::new();
        self
    }

    /// Adds a kept header, as if the response had sent it.
    ///
    /// ```
    /// use http::{HeaderName, HeaderValue, StatusCode};
    /// use http_api_error::Context;
    ///
    /// let context = Context::new(StatusCode::FORBIDDEN)
    ///     .with_header(HeaderName::from_static("x-ratelimit-remaining"), HeaderValue::from_static("0"));
    /// assert_eq!(context.header("X-RateLimit-Remaining").next().unwrap(), "0");
    /// ```
    #[must_use]
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    /// Sets the `Retry-After` advice.
    #[must_use]
    pub fn with_retry_after(mut self, retry_after: RetryAfter) -> Self {
        self.retry_after = Some(retry_after);
        self
    }

    /// Sets the request id.
    #[must_use]
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Marks the raw body as a prefix of what the server sent.
    pub fn set_truncated(&mut self, truncated: bool) {
        self.truncated = truncated;
    }

    /// The response status.
    #[must_use]
    #[inline]
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The body exactly as it arrived (a prefix of it when [`Context::is_truncated`]).
    #[must_use]
    pub fn raw_body(&self) -> &[u8] {
        &self.body
    }

    /// At most `max_chars` characters of the body as text, invalid UTF-8 replaced.
    /// For logs: it may show whatever the server echoed.
    #[must_use]
    pub fn body_preview(&self, max_chars: usize) -> String {
        String::from_utf8_lossy(&self.body)
            .chars()
            .take(max_chars)
            .collect()
    }

    /// Whether the body was cut at a size limit while it was read.
    #[must_use]
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }

    /// How long the server asked to wait, from now; a date in the past is zero.
    #[must_use]
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after.map(RetryAfter::delay)
    }

    /// The `Retry-After` value as sent: a delay or a date.
    #[must_use]
    pub fn retry_after_header(&self) -> Option<RetryAfter> {
        self.retry_after
    }

    /// The request id from a request-id header. [`ApiError::request_id`](crate::ApiError::request_id)
    /// also looks in the body.
    #[must_use]
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The kept headers (see [`Context::capture`]), in the order they arrived.
    #[must_use]
    pub fn headers(&self) -> &[(HeaderName, HeaderValue)] {
        &self.headers
    }

    /// The values of one kept header, in the order they arrived; `name` is
    /// case-insensitive.
    pub fn header<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a HeaderValue> + 'a {
        self.headers
            .iter()
            .filter(move |(kept, _)| kept.as_str().eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    }

    /// What the conventions read from the raw body, with `pointers` first; read
    /// once, on first use, and kept.
    ///
    /// ```
    /// use http::StatusCode;
    /// use http_api_error::body::Pointers;
    /// use http_api_error::Context;
    ///
    /// let context = Context::new(StatusCode::TOO_MANY_REQUESTS)
    ///     .with_body(r#"{"error": {"message": "Slow down", "code": "rate_limit_exceeded"}}"#);
    /// let reading = context.reading(&Pointers::NONE);
    /// assert_eq!(reading.message.as_deref(), Some("Slow down"));
    /// assert_eq!(reading.code.as_deref(), Some("rate_limit_exceeded"));
    /// ```
    pub fn reading(&self, pointers: &Pointers) -> &Reading {
        self.reading
            .get_or_init(|| Box::new(Reading::of(&self.body, self.status.as_u16(), pointers)))
    }

    /// Why the body was not decoded into the variant's body type, when it was not.
    ///
    /// For a variant without a body type, whether the bytes are empty, compressed
    /// or not JSON; JSON bytes give `None` there, since nothing tried to decode them.
    #[must_use]
    pub fn body_error(&self) -> Option<&BodyError> {
        self.body_error.as_ref()
    }

    /// Whether the conventions have read the body yet.
    #[doc(hidden)]
    pub fn __is_read(&self) -> bool {
        self.reading.get().is_some()
    }

    #[doc(hidden)]
    pub fn __set_body_error(&mut self, error: BodyError) {
        self.body_error = Some(error);
    }
}

impl fmt::Debug for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Context")
            .field("status", &self.status)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .field("truncated", &self.truncated)
            .field("retry_after", &self.retry_after)
            .field("request_id", &self.request_id)
            .field("body_error", &self.body_error)
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

/// What one pass over the headers keeps.
struct ReadHeaders {
    retry_after: Option<RetryAfter>,
    request_id: Option<String>,
    kept: Vec<(HeaderName, HeaderValue)>,
}

/// `Retry-After`, the request id and the kept headers, in one pass: a response has
/// few headers, and comparing names beats hashing each candidate name.
fn read_headers(
    headers: &HeaderMap,
    request_id_headers: &[&str],
    kept_headers: &[&str],
) -> ReadHeaders {
    let mut retry_after = None;
    let mut now = None;
    let mut request_id: Option<(usize, &str)> = None;
    let mut kept = Vec::new();
    for (name, value) in headers {
        if *name == RETRY_AFTER {
            let Some(parsed) = header_text(value).and_then(RetryAfter::parse) else {
                continue;
            };
            retry_after = Some(match retry_after {
                None => parsed,
                Some(earlier) => {
                    let now = *now.get_or_insert_with(SystemTime::now);
                    longer_wait(earlier, parsed, now)
                }
            });
            continue;
        }
        let named = |names: &[&str]| {
            names
                .iter()
                .any(|kept| name.as_str().eq_ignore_ascii_case(kept))
        };
        if named(DEFAULT_KEPT_HEADERS) || named(kept_headers) {
            kept.push((name.clone(), value.clone()));
        }
        let rank = request_id_headers
            .iter()
            .position(|candidate| name.as_str().eq_ignore_ascii_case(candidate));
        if let Some(rank) = rank.filter(|rank| request_id.is_none_or(|(best, _)| *rank < best)) {
            // A `HeaderValue` holds no control characters, so valid UTF-8 is text.
            let text = header_text(value).map(str::trim).unwrap_or_default();
            if !text.is_empty() {
                request_id = Some((rank, text));
            }
        }
    }
    ReadHeaders {
        retry_after,
        request_id: request_id.map(|(_, id)| id.to_owned()),
        kept,
    }
}

pub(crate) fn header_text(value: &HeaderValue) -> Option<&str> {
    std::str::from_utf8(value.as_bytes()).ok()
}

fn longer_wait(a: RetryAfter, b: RetryAfter, now: SystemTime) -> RetryAfter {
    if b.delay_from(now) > a.delay_from(now) {
        b
    } else {
        a
    }
}

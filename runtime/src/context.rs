//! What a response leaves behind besides its typed body: the status, the raw bytes,
//! `Retry-After`, the request id, and why the body was not decoded when it was not.

use core::fmt;
use core::time::Duration;
use std::time::SystemTime;

use http::header::RETRY_AFTER;
use http::{HeaderMap, StatusCode};

/// Request-id headers looked up when an enum names none of its own, first match wins.
pub const DEFAULT_REQUEST_ID_HEADERS: &[&str] = &["x-request-id", "request-id", "x-correlation-id"];

/// Everything kept from an error response, byte for byte.
///
/// `Debug` shows the body's length, never its bytes: error bodies echo requests
/// and tokens. Use [`Context::raw_body`] to read them on purpose.
#[derive(Clone, PartialEq, Eq)]
pub struct Context {
    status: StatusCode,
    body: Vec<u8>,
    retry_after: Option<RetryAfter>,
    request_id: Option<String>,
    body_error: Option<BodyError>,
    truncated: bool,
}

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
        }
    }

    /// Captures a response: its status, a copy of its body, its `Retry-After` (of
    /// several values that parse, the longest wait, so no server is asked too
    /// early), the first non-empty header of `request_id_headers`
    /// (case-insensitive), and whether the bytes are empty, compressed or plainly
    /// not JSON.
    #[must_use]
    pub fn capture(
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
        request_id_headers: &[&str],
    ) -> Self {
        let (retry_after, request_id) = read_headers(headers, request_id_headers);
        Context {
            status,
            body: body.to_vec(),
            retry_after,
            request_id,
            body_error: crate::decode::json_bytes(body).err(),
            truncated: false,
        }
    }

    /// Replaces the raw body.
    #[must_use]
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
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

    /// The request id, from a header or else from the decoded body.
    #[must_use]
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Why the body was not decoded into the variant's body type, when it was not.
    ///
    /// For a variant without a body type, whether the bytes are empty, compressed
    /// or not JSON; JSON bytes give `None` there, since nothing tried to decode them.
    #[must_use]
    pub fn body_error(&self) -> Option<&BodyError> {
        self.body_error.as_ref()
    }

    #[doc(hidden)]
    pub fn __set_body_error(&mut self, error: BodyError) {
        self.body_error = Some(error);
    }

    #[doc(hidden)]
    pub fn __fill_request_id(&mut self, request_id: Option<&str>) {
        if self.request_id.is_none() {
            self.request_id = request_id.map(str::to_owned);
        }
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
            .finish()
    }
}

/// `Retry-After` and the request id, in one pass over the headers: a response has
/// few, and comparing names beats hashing each candidate name.
fn read_headers(
    headers: &HeaderMap,
    request_id_headers: &[&str],
) -> (Option<RetryAfter>, Option<String>) {
    let mut retry_after = None;
    let mut now = None;
    let mut request_id: Option<(usize, &str)> = None;
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
    (retry_after, request_id.map(|(_, id)| id.to_owned()))
}

fn header_text(value: &http::HeaderValue) -> Option<&str> {
    std::str::from_utf8(value.as_bytes()).ok()
}

fn longer_wait(a: RetryAfter, b: RetryAfter, now: SystemTime) -> RetryAfter {
    if b.delay_from(now) > a.delay_from(now) {
        b
    } else {
        a
    }
}

/// A `Retry-After` header: a number of seconds, or a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RetryAfter {
    /// `Retry-After: 120`.
    Delay(Duration),
    /// `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT` (any of the three HTTP-date forms).
    At(SystemTime),
}

impl RetryAfter {
    /// Parses one header value.
    ///
    /// Surrounding whitespace is ignored. Seconds must be plain digits (a sign,
    /// a fraction or anything else makes the value absent) and saturate at
    /// `u64::MAX`; dates go through `httpdate`. Garbage and empty values are `None`.
    ///
    /// ```
    /// use core::time::Duration;
    /// use http_api_error::RetryAfter;
    ///
    /// assert_eq!(RetryAfter::parse(" 30 "), Some(RetryAfter::Delay(Duration::from_secs(30))));
    /// assert!(matches!(RetryAfter::parse("Sun, 06 Nov 1994 08:49:37 GMT"), Some(RetryAfter::At(_))));
    /// assert_eq!(RetryAfter::parse("-1"), None);
    /// assert_eq!(RetryAfter::parse("1.5"), None);
    /// ```
    #[must_use]
    pub fn parse(value: &str) -> Option<RetryAfter> {
        let value = value.trim_matches(|c| c == ' ' || c == '\t');
        if value.is_empty() {
            return None;
        }
        if value.bytes().all(|b| b.is_ascii_digit()) {
            let secs = value.bytes().fold(0u64, |acc, digit| {
                acc.saturating_mul(10)
                    .saturating_add(u64::from(digit - b'0'))
            });
            return Some(RetryAfter::Delay(Duration::from_secs(secs)));
        }
        httpdate::parse_http_date(value).ok().map(RetryAfter::At)
    }

    /// The wait from `now`; a date at or before `now` is zero.
    #[must_use]
    pub fn delay_from(self, now: SystemTime) -> Duration {
        match self {
            RetryAfter::Delay(delay) => delay,
            RetryAfter::At(date) => date.duration_since(now).unwrap_or(Duration::ZERO),
        }
    }

    /// The wait from the current time.
    #[must_use]
    pub fn delay(self) -> Duration {
        self.delay_from(SystemTime::now())
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

//! What a response leaves behind besides its typed body: the status, the raw bytes,
//! `Retry-After`, the request id, the headers that advise on retrying, and why the
//! body was not decoded when it was not.

use core::fmt;
use core::time::Duration;
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use http::header::RETRY_AFTER;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};

use super::kept::{self, base_mask, names_mask, Record, Tag, Wanted};
use super::retry_after::RetryAfter;
use crate::body::{BodyError, Pointers, Reading};
use crate::classify::Classified;

/// Everything kept from an error response, byte for byte.
///
/// `Debug` shows the body's length, never its bytes: error bodies echo requests
/// and tokens. Use [`Context::raw_body`] to read them on purpose.
///
/// ```
/// use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
/// use http_api_error::body::BodyError;
/// use http_api_error::{Context, DEFAULT_REQUEST_ID_HEADERS};
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
    truncated: bool,
    /// The declaration `from_parts` classified a response under, when it put the
    /// response in the catch-all.
    classified: Option<Classified>,
    body_error: Option<BodyError>,
    /// How many of `bytes` are the body.
    body_len: usize,
    /// The body, then what was kept of the headers (see `kept`).
    bytes: Vec<u8>,
    /// Where the enum that captured the response puts what the dialects would not
    /// find: the reading takes its pointers from the declaration alone.
    pointers: fn() -> Pointers,
    /// The body's one reading, made when the body is decoded or on first use;
    /// boxed, so that a context that is never read stays small to move.
    reading: OnceLock<Box<Reading>>,
}

fn no_pointers() -> Pointers {
    Pointers::NONE
}

/// Equal when everything kept from the response is; what was read from it since
/// does not count.
impl PartialEq for Context {
    fn eq(&self, other: &Self) -> bool {
        self.status == other.status
            && self.body_len == other.body_len
            && self.bytes == other.bytes
            && self.body_error == other.body_error
            && self.truncated == other.truncated
    }
}

impl Eq for Context {}

impl Context {
    /// A context for `status` with no body and no headers.
    #[must_use]
    pub fn new(status: StatusCode) -> Self {
        Context {
            status,
            truncated: false,
            classified: None,
            body_error: None,
            body_len: 0,
            bytes: Vec::new(),
            pointers: no_pointers,
            reading: OnceLock::new(),
        }
    }

    /// Captures a response: its status, a copy of its body, its `Retry-After`
    /// headers, the first non-empty header of `request_id_headers`
    /// (case-insensitive), the headers named in [`DEFAULT_KEPT_HEADERS`](crate::DEFAULT_KEPT_HEADERS) or
    /// `kept_headers`, and whether the bytes are empty, compressed or plainly not
    /// JSON. Header values are kept as bytes, in one allocation with the body, and
    /// read when asked for.
    #[must_use]
    pub fn capture(
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
        request_id_headers: &[&str],
        kept_headers: &[&str],
    ) -> Self {
        let keeps = |name: &str| {
            kept_headers
                .iter()
                .any(|kept| name.eq_ignore_ascii_case(kept))
        };
        Context::capture_wanted(
            status,
            headers,
            body,
            &Wanted {
                request_id: request_id_headers,
                mask: base_mask(request_id_headers) | names_mask(kept_headers),
                keeps: &keeps,
            },
        )
    }

    /// [`Context::capture`] of the headers `wanted` names.
    #[inline]
    pub(crate) fn capture_wanted(
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
        wanted: &Wanted<'_>,
    ) -> Self {
        Context {
            status,
            truncated: false,
            classified: None,
            body_error: crate::body::decode::json_bytes(body).err(),
            body_len: body.len(),
            bytes: kept::body_and_headers(body, headers, wanted),
            pointers: no_pointers,
            reading: OnceLock::new(),
        }
    }

    /// Replaces the raw body; the reading, and whether the body can be JSON at
    /// all, are made anew from it.
    #[must_use]
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        let mut bytes = body.into();
        let body_len = bytes.len();
        self.body_error = crate::body::decode::json_bytes(&bytes).err();
        bytes.extend_from_slice(self.tail());
        self.bytes = bytes;
        self.body_len = body_len;
        self.reading = OnceLock::new();
        self.classified = None;
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
    /// assert_eq!(context.header("X-RateLimit-Remaining").next(), Some("0"));
    /// ```
    #[must_use]
    #[allow(clippy::needless_pass_by_value)] // taken like `HeaderMap::append`
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        kept::push(
            &mut self.bytes,
            Tag::Header,
            name.as_str().as_bytes(),
            value.as_bytes(),
        );
        // A code header may change which declaration the response falls under.
        self.classified = None;
        self
    }

    /// Sets the `Retry-After` advice, in place of any header's.
    #[must_use]
    pub fn with_retry_after(mut self, retry_after: RetryAfter) -> Self {
        self.retain_records(|record| !matches!(record.tag, Tag::Delay | Tag::At));
        let (tag, duration, before_1970) = match retry_after {
            RetryAfter::Delay(delay) => (Tag::Delay, delay, false),
            RetryAfter::At(date) => match date.duration_since(UNIX_EPOCH) {
                Ok(since) => (Tag::At, since, false),
                Err(before) => (Tag::At, before.duration(), true),
            },
        };
        let sign: &[u8] = if before_1970 { b"-" } else { b"" };
        kept::push(&mut self.bytes, tag, sign, &kept::encode_duration(duration));
        self
    }

    /// The request id, in place of any header's.
    #[must_use]
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.retain_records(|record| record.tag != Tag::RequestId);
        let id: String = request_id.into();
        kept::push(&mut self.bytes, Tag::RequestId, b"", id.as_bytes());
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
        self.bytes.get(..self.body_len).unwrap_or_default()
    }

    /// At most `max_chars` characters of the body as text, invalid UTF-8 replaced.
    /// For logs: it may show whatever the server echoed.
    #[must_use]
    pub fn body_preview(&self, max_chars: usize) -> String {
        String::from_utf8_lossy(self.raw_body())
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
        self.retry_after_header().map(RetryAfter::delay)
    }

    /// The `Retry-After` value: one set with [`Context::with_retry_after`], else of
    /// the headers' values that parse, the longest wait, so that no server is
    /// asked too early. Parsed on each call.
    #[must_use]
    pub fn retry_after_header(&self) -> Option<RetryAfter> {
        let mut by_hand = None;
        let mut sent = None;
        let mut now = None;
        for record in self.records() {
            match record.tag {
                Tag::Delay => by_hand = kept::decode_duration(record.value).map(RetryAfter::Delay),
                Tag::At => {
                    by_hand = kept::decode_duration(record.value)
                        .and_then(|since| match record.name {
                            b"-" => UNIX_EPOCH.checked_sub(since),
                            _ => UNIX_EPOCH.checked_add(since),
                        })
                        .map(RetryAfter::At);
                }
                Tag::Header if record.is_header(RETRY_AFTER.as_str()) => {
                    let Some(parsed) = header_text(record.value).and_then(RetryAfter::parse) else {
                        continue;
                    };
                    sent = Some(match sent {
                        None => parsed,
                        Some(earlier) => {
                            let now = *now.get_or_insert_with(SystemTime::now);
                            longer_wait(earlier, parsed, now)
                        }
                    });
                }
                _ => {}
            }
        }
        by_hand.or(sent)
    }

    /// The request id from a request-id header. [`ApiError::request_id`](crate::ApiError::request_id)
    /// also looks in the body.
    #[must_use]
    pub fn request_id(&self) -> Option<&str> {
        self.records()
            .filter(|record| record.tag == Tag::RequestId)
            .last()
            .and_then(|record| header_text(record.value))
    }

    /// The kept headers (see [`Context::capture`]), in the order they arrived:
    /// names in lower case, values as sent.
    ///
    /// ```
    /// use http::{HeaderMap, HeaderValue, StatusCode};
    /// use http_api_error::{Context, DEFAULT_REQUEST_ID_HEADERS};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("retry-after", HeaderValue::from_static("5"));
    /// headers.insert("content-type", HeaderValue::from_static("text/html"));
    /// let context = Context::capture(StatusCode::SERVICE_UNAVAILABLE, &headers, b"", DEFAULT_REQUEST_ID_HEADERS, &[]);
    /// assert_eq!(context.headers().collect::<Vec<_>>(), [("retry-after", &b"5"[..])]);
    /// ```
    pub fn headers(&self) -> impl Iterator<Item = (&str, &[u8])> + '_ {
        self.records()
            .filter(|record| record.tag == Tag::Header)
            .filter_map(|record| Some((header_text(record.name)?, record.value)))
    }

    /// The values of one kept header that are text, in the order they arrived;
    /// `name` is case-insensitive. [`Context::headers`] has every value's bytes.
    pub fn header<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.records()
            .filter(move |record| record.is_header(name))
            .filter_map(|record| header_text(record.value))
    }

    #[inline]
    pub(crate) fn has_advising_headers(&self) -> bool {
        self.bytes.len() > self.body_len
            && self
                .records()
                .any(|record| record.tag == Tag::Header && !record.is_header(RETRY_AFTER.as_str()))
    }

    /// The body's one [`Reading`]: its dialect, message, code, field errors, request
    /// id and retry delay, with the pointers of the enum that captured it. Read
    /// once, when the body is decoded or on first use, and kept: every accessor,
    /// `Display` and the advice share it.
    ///
    /// ```
    /// use http::StatusCode;
    /// use http_api_error::body::Dialect;
    /// use http_api_error::Context;
    ///
    /// let context = Context::new(StatusCode::TOO_MANY_REQUESTS)
    ///     .with_body(r#"{"error": {"message": "Slow down", "code": "rate_limit_exceeded"}}"#);
    /// let reading = context.reading();
    /// assert_eq!(reading.dialect, Dialect::ErrorObject);
    /// assert_eq!(reading.message.as_deref(), Some("Slow down"));
    /// assert_eq!(reading.code.as_deref(), Some("rate_limit_exceeded"));
    /// ```
    pub fn reading(&self) -> &Reading {
        self.reading.get_or_init(|| {
            Box::new(Reading::of(
                self.raw_body(),
                self.status.as_u16(),
                &(self.pointers)(),
            ))
        })
    }

    /// For `from_parts`, which parsed the body already: the reading is made from that
    /// parse instead of a second one.
    pub(crate) fn keep_reading(&self, read: impl FnOnce(&Pointers) -> Reading) {
        if self.reading.get().is_none() {
            let _ = self.reading.set(Box::new(read(&(self.pointers)())));
        }
    }

    /// Compared with an enum's own to tell whether that enum captured this context.
    pub(crate) fn pointers(&self) -> Pointers {
        (self.pointers)()
    }

    pub(crate) fn set_pointers(&mut self, pointers: fn() -> Pointers) {
        self.pointers = pointers;
    }

    /// Why the body was not decoded into the variant's body type, when it was not.
    ///
    /// For a variant without a body type, whether the bytes are empty, compressed
    /// or not JSON; JSON bytes give `None` there, since nothing tried to decode them.
    #[must_use]
    pub fn body_error(&self) -> Option<&BodyError> {
        self.body_error.as_ref()
    }

    pub(crate) fn is_read(&self) -> bool {
        self.reading.get().is_some()
    }

    pub(crate) fn set_body_error(&mut self, error: BodyError) {
        self.body_error = Some(error);
    }

    pub(crate) fn set_classified(&mut self, classified: Classified) {
        self.classified = Some(classified);
    }

    pub(crate) fn classified(&self) -> Option<&Classified> {
        self.classified.as_ref()
    }

    /// The bytes after the body: the kept headers' records.
    #[inline]
    fn tail(&self) -> &[u8] {
        self.bytes.get(self.body_len..).unwrap_or_default()
    }

    #[inline]
    fn records(&self) -> impl Iterator<Item = Record<'_>> {
        kept::records(self.tail())
    }

    fn retain_records(&mut self, keep: impl Fn(&Record<'_>) -> bool) {
        let mut bytes = self.raw_body().to_vec();
        for record in self.records().filter(|record| keep(record)) {
            kept::push(&mut bytes, record.tag, record.name, record.value);
        }
        self.bytes = bytes;
    }
}

impl fmt::Debug for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, String)> = self
            .headers()
            .map(|(name, value)| (name, String::from_utf8_lossy(value).into_owned()))
            .collect();
        f.debug_struct("Context")
            .field("status", &self.status)
            .field("body", &format_args!("<{} bytes>", self.body_len))
            .field("truncated", &self.truncated)
            .field("retry_after", &self.retry_after_header())
            .field("request_id", &self.request_id())
            .field("body_error", &self.body_error())
            .field("headers", &headers)
            .finish_non_exhaustive()
    }
}

/// Header bytes as text, when they are UTF-8. A header holds no control
/// characters, so UTF-8 is text.
pub(crate) fn header_text(value: &[u8]) -> Option<&str> {
    std::str::from_utf8(value).ok()
}

fn longer_wait(a: RetryAfter, b: RetryAfter, now: SystemTime) -> RetryAfter {
    if b.delay_from(now) > a.delay_from(now) {
        b
    } else {
        a
    }
}

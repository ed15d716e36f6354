//! Whether a request may be sent again after a failure without repeating a side
//! effect: a `POST` that failed with a 500 after the server acted on it charges twice
//! when it is sent again.
//!
//! | method | outcome | retried (when the advice says so) |
//! |---|---|---|
//! | `GET`, `HEAD`, `OPTIONS`, `TRACE`, `PUT`, `DELETE` (idempotent, RFC 9110 §9.2.2) | any | yes |
//! | any other (`POST`, `PATCH`, …) with an idempotency key | any | yes: the server deduplicates |
//! | any other, no key | 408, 425, 429 | yes: the server says it did not act |
//! | any other, no key | anything else (500, 502, 503, 504, a should-retry header) | no |
//!
//! 408 (RFC 9110 §15.5.9: the server did not receive the whole request), 425 (RFC
//! 8470 §5.2: the server declined to process early data) and 429 (RFC 6585 §4: the
//! request was refused by a rate limit) each say the request was not acted on. A 5xx
//! says nothing either way; Stripe's and Google's clients retry such requests only
//! with an idempotency key, and so does this crate.

use http::{HeaderMap, HeaderName, Method, StatusCode};

/// The header that carries an idempotency key (the IETF draft
/// `draft-ietf-httpapi-idempotency-key-header`; Stripe, PayPal, Adyen and others).
pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");

/// What the retry decision needs to know of the request beside the error: its
/// method, whether it carries an idempotency key, and the partition of the retry
/// budget it spends from (the integrations use its host).
///
/// ```
/// use http_api_error::http::Method;
/// use http_api_error::retry::SentRequest;
///
/// let post = SentRequest::new(Method::POST, "api.example.com");
/// assert!(!post.may_repeat_after(http_api_error::http::StatusCode::BAD_GATEWAY));
/// assert!(post.may_repeat_after(http_api_error::http::StatusCode::TOO_MANY_REQUESTS));
/// let keyed = post.with_idempotency_key(true);
/// assert!(keyed.may_repeat_after(http_api_error::http::StatusCode::BAD_GATEWAY));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentRequest<'a> {
    method: Method,
    idempotency_key: bool,
    partition: &'a str,
}

impl<'a> SentRequest<'a> {
    /// A request sent with `method`, spending from `partition`'s budget.
    #[must_use]
    pub fn new(method: Method, partition: &'a str) -> Self {
        SentRequest {
            method,
            idempotency_key: false,
            partition,
        }
    }

    /// Whether the request carries an idempotency key.
    #[must_use]
    pub fn with_idempotency_key(mut self, present: bool) -> Self {
        self.idempotency_key = present;
        self
    }

    /// A request with these headers: keyed when `key_header` is among them.
    #[must_use]
    pub fn with_headers(self, headers: &HeaderMap, key_header: &HeaderName) -> Self {
        let keyed = headers.contains_key(key_header);
        self.with_idempotency_key(keyed)
    }

    /// The request's method.
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub(crate) fn method(&self) -> &Method {
        &self.method
    }

    /// The budget partition.
    #[must_use]
    pub fn partition(&self) -> &str {
        self.partition
    }

    /// Whether sending it again after a response with `status` cannot repeat a side
    /// effect (the table in this module's documentation).
    #[must_use]
    pub fn may_repeat_after(&self, status: StatusCode) -> bool {
        is_idempotent(&self.method) || self.idempotency_key || not_acted_on(status)
    }
}

/// RFC 9110 §9.2.2: the methods whose repetition has the effect of one request.
#[must_use]
pub fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE | Method::PUT | Method::DELETE
    )
}

/// A status that says the server did not act on the request.
fn not_acted_on(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 425 | 429)
}

/// A fresh idempotency key: 128 random bits as 32 hex digits, the form the
/// vendors' SDKs send (a UUID's entropy without its dashes).
fn new_key() -> String {
    format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..))
}

/// Gives a request with `method` and `headers` a fresh idempotency key under
/// `name`, unless its method is idempotent or it has one already; whether it added
/// one. Call it once, before the first try: every retry must carry the same key.
///
/// ```
/// use http_api_error::http::{HeaderMap, Method};
/// use http_api_error::retry::{add_idempotency_key, IDEMPOTENCY_KEY};
///
/// let mut headers = HeaderMap::new();
/// assert!(add_idempotency_key(&Method::POST, &mut headers, &IDEMPOTENCY_KEY));
/// let key = headers[&IDEMPOTENCY_KEY].clone();
/// assert!(!add_idempotency_key(&Method::POST, &mut headers, &IDEMPOTENCY_KEY));
/// assert_eq!(headers[&IDEMPOTENCY_KEY], key);
/// assert!(!add_idempotency_key(&Method::GET, &mut HeaderMap::new(), &IDEMPOTENCY_KEY));
/// ```
pub fn add_idempotency_key(method: &Method, headers: &mut HeaderMap, name: &HeaderName) -> bool {
    if is_idempotent(method) || headers.contains_key(name) {
        return false;
    }
    // Hex digits are always a valid header value.
    let Ok(value) = http::HeaderValue::from_str(&new_key()) else {
        return false;
    };
    headers.insert(name.clone(), value);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_fresh_and_of_one_form() {
        let (a, b) = (new_key(), new_key());
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
    }

    #[test]
    fn only_idempotent_methods_repeat_after_any_status() {
        for method in [Method::GET, Method::PUT, Method::DELETE, Method::HEAD] {
            assert!(
                SentRequest::new(method, "h").may_repeat_after(StatusCode::INTERNAL_SERVER_ERROR)
            );
        }
        for method in [
            Method::POST,
            Method::PATCH,
            Method::from_bytes(b"PURGE").expect("a method"),
        ] {
            let sent = SentRequest::new(method, "h");
            assert!(!sent.may_repeat_after(StatusCode::INTERNAL_SERVER_ERROR));
            assert!(!sent.may_repeat_after(StatusCode::SERVICE_UNAVAILABLE));
            assert!(sent.may_repeat_after(StatusCode::REQUEST_TIMEOUT));
            assert!(sent.may_repeat_after(StatusCode::TOO_EARLY));
        }
    }
}

//! What an enum declares with `#[api(...)]` about where its API puts things: request
//! ids, the error code, body pointers, should-retry and rate-limit headers.

use crate::body::{Pointers, SuccessError};
use crate::response::{
    base_mask, kept_by_default, name_bit, names_mask, same_name, DEFAULT_REQUEST_ID_HEADERS,
};

/// The header that says whether to retry when an enum declares none of its own
/// (Stainless-generated SDKs: OpenAI, Anthropic).
pub const DEFAULT_SHOULD_RETRY_HEADER: &str = "x-should-retry";

/// What `#[api(...)]` says about where an API puts things, as the derive writes it
/// (in a `const`, hence the `const` setters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Rules {
    /// Headers carrying the request id, first match wins.
    pub request_id_headers: &'static [&'static str],
    /// Headers whose `true` / `false` overrides the advice, besides
    /// [`DEFAULT_SHOULD_RETRY_HEADER`].
    pub should_retry_headers: &'static [&'static str],
    /// A header carrying the error code (AWS: `x-amzn-errortype`); it beats the body.
    pub code_header: Option<&'static str>,
    /// Rate-limit headers of the API's own dialect.
    pub rate_limits: &'static [RateLimitHeaders],
    /// JSON pointers to what the body conventions would not find.
    pub pointers: Pointers,
    /// Headers kept besides [`DEFAULT_KEPT_HEADERS`](crate::DEFAULT_KEPT_HEADERS) and every header named above.
    pub kept_headers: &'static [&'static str],
    /// How a 2xx response carries an error, if it can.
    pub success_errors: &'static [SuccessError],
    /// `#[api(idempotent)]`: every request of the API is safe to repeat, whatever
    /// its method (a GraphQL or JSON-RPC API that reads by `POST`).
    pub idempotent: bool,
}

impl Rules {
    /// The default request-id headers, `x-should-retry`, the standard rate-limit
    /// headers and the body conventions; nothing declared.
    pub const DEFAULT: Rules = Rules {
        request_id_headers: DEFAULT_REQUEST_ID_HEADERS,
        should_retry_headers: &[],
        code_header: None,
        rate_limits: &[],
        pointers: Pointers::NONE,
        kept_headers: &[],
        success_errors: &[],
        idempotent: false,
    };

    /// Sets the request-id headers, replacing the defaults.
    #[must_use]
    pub const fn with_request_id_headers(mut self, names: &'static [&'static str]) -> Self {
        self.request_id_headers = names;
        self
    }

    /// Sets the should-retry headers read besides `x-should-retry`.
    #[must_use]
    pub const fn with_should_retry_headers(mut self, names: &'static [&'static str]) -> Self {
        self.should_retry_headers = names;
        self
    }

    /// Sets the header that carries the error code.
    #[must_use]
    pub const fn with_code_header(mut self, name: &'static str) -> Self {
        self.code_header = Some(name);
        self
    }

    /// Sets the API's rate-limit headers.
    #[must_use]
    pub const fn with_rate_limits(mut self, rate_limits: &'static [RateLimitHeaders]) -> Self {
        self.rate_limits = rate_limits;
        self
    }

    /// Sets the body pointers.
    #[must_use]
    pub const fn with_pointers(mut self, pointers: Pointers) -> Self {
        self.pointers = pointers;
        self
    }

    /// Every request of the API is safe to repeat.
    #[must_use]
    pub const fn idempotent(mut self) -> Self {
        self.idempotent = true;
        self
    }

    /// Sets how a 2xx response carries an error.
    #[must_use]
    pub const fn with_success_errors(mut self, rules: &'static [SuccessError]) -> Self {
        self.success_errors = rules;
        self
    }

    /// Sets headers to keep besides [`DEFAULT_KEPT_HEADERS`](crate::DEFAULT_KEPT_HEADERS) and those these rules
    /// name (which are always kept).
    #[must_use]
    pub const fn with_kept_headers(mut self, names: &'static [&'static str]) -> Self {
        self.kept_headers = names;
        self
    }

    /// Whether a response's header `name` is kept for these rules: a default, one
    /// named by a should-retry, code or rate-limit rule, or one of `kept_headers`.
    #[must_use]
    pub fn keeps(&self, name: &str) -> bool {
        kept_by_default(name) || self.names(name)
    }

    /// Whether these rules name the header `name`: a should-retry, code or
    /// rate-limit header, or one of `kept_headers`.
    pub(crate) fn names(&self, name: &str) -> bool {
        let named = |kept: &str| same_name(name, kept);
        self.kept_headers.iter().any(|kept| named(kept))
            || self.should_retry_headers.iter().any(|kept| named(kept))
            || self.code_header.is_some_and(named)
            || self
                .rate_limits
                .iter()
                .any(|limit| named(limit.reset) || limit.remaining.is_some_and(named))
    }

    /// A filter of every header name a capture for these rules compares: the kept
    /// ones, the request-id headers and `Retry-After`.
    pub(crate) const fn header_mask(&self) -> u64 {
        let mut mask = base_mask(self.request_id_headers)
            | names_mask(self.kept_headers)
            | names_mask(self.should_retry_headers);
        if let Some(code_header) = self.code_header {
            mask |= name_bit(code_header.as_bytes());
        }
        let mut i = 0;
        while i < self.rate_limits.len() {
            let limit = &self.rate_limits[i];
            mask |= name_bit(limit.reset.as_bytes());
            if let Some(remaining) = limit.remaining {
                mask |= name_bit(remaining.as_bytes());
            }
            i += 1;
        }
        mask
    }
}

impl Default for Rules {
    fn default() -> Self {
        Rules::DEFAULT
    }
}

/// One rate limit of an API's own dialect: when its `remaining` header is `0`, the
/// limit is spent and its `reset` header says when it refills.
///
/// Declared as `#[api(rate_limit(remaining = "x-ratelimit-remaining",
/// reset = "x-ratelimit-reset", format = epoch_seconds))]`, once per limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct RateLimitHeaders {
    /// Requests left in the window; `0` means spent. Without it, the reset always counts.
    pub remaining: Option<&'static str>,
    /// When the limit refills.
    pub reset: &'static str,
    /// How `reset` is written.
    pub format: ResetFormat,
}

impl RateLimitHeaders {
    /// A reset header with no remaining header.
    #[must_use]
    pub const fn new(reset: &'static str, format: ResetFormat) -> Self {
        RateLimitHeaders {
            remaining: None,
            reset,
            format,
        }
    }

    /// Sets the remaining header.
    #[must_use]
    pub const fn with_remaining(mut self, remaining: &'static str) -> Self {
        self.remaining = Some(remaining);
        self
    }
}

/// How a reset header is written. Every format reads as a wait from now; a time in
/// the past is zero; a malformed value is ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResetFormat {
    /// Seconds since 1970, possibly decimal (GitHub: `1700000000`). A value too large
    /// to be seconds before the year 5000 is read as milliseconds.
    EpochSeconds,
    /// Milliseconds since 1970.
    EpochMillis,
    /// Seconds from now, possibly decimal (Discord: `1.5`).
    DeltaSeconds,
    /// Milliseconds from now.
    DeltaMillis,
    /// A duration with units (OpenAI: `6m0s`, `120ms`, `1.5s`).
    Duration,
    /// An RFC 3339 time (Anthropic: `2026-01-01T00:00:30Z`).
    Rfc3339,
    /// An HTTP-date (`Wed, 21 Oct 2026 07:28:00 GMT`).
    HttpDate,
    /// A leaky bucket's fill, `used/size` (Shopify's
    /// `X-Shopify-Shop-Api-Call-Limit: 40/40`): spent when full, then the wait is
    /// the time one request takes to leak out, `leak_millis` (0 when the API does
    /// not document its rate: a full bucket then backs off without a delay).
    /// Declared as `rate_limit(bucket = "...", leak_per_second = 2)`.
    Bucket {
        /// Milliseconds for one request to leak out of the bucket.
        leak_millis: u32,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_capture_keeps_the_defaults_and_what_the_rules_name() {
        const RULES: Rules = Rules::DEFAULT.with_rate_limits(&[RateLimitHeaders::new(
            "x-ratelimit-reset",
            ResetFormat::EpochSeconds,
        )]);
        assert!(RULES.keeps("X-RateLimit-Reset"));
        assert!(RULES.keeps("ratelimit-remaining"));
        assert!(!RULES.keeps("content-type"));
        assert!(!Rules::DEFAULT.keeps("x-ratelimit-reset"));
    }
}

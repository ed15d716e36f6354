//! Whether and when to send a failed request again: the declaration, refined by what
//! the response itself says (should-retry headers, spent rate limits, delays in every
//! dialect), and the retry policy that follows the advice.

use core::fmt;
use core::time::Duration;

mod rate_limit;
mod rules;

pub(crate) use rate_limit::quota;
pub use rate_limit::DelaySource;
pub use rules::{RateLimitHeaders, ResetFormat, Rules, DEFAULT_SHOULD_RETRY_HEADER};

use crate::classify::{Declaration, Retry};
use crate::response::Context;

/// The advice for one response: whether to retry, how long the response asks to
/// wait, and which rule decided.
///
/// ```
/// use http::{HeaderMap, StatusCode};
/// use http_api_error::{Advice, ApiError, Context, Reason, Retry};
///
/// #[derive(Debug, ApiError)]
/// enum Api {
///     #[status(403)]
///     Forbidden(#[context] Context),
///     #[status(other)]
///     Other(#[context] Context),
/// }
///
/// let mut headers = HeaderMap::new();
/// headers.insert("ratelimit", "\"default\";r=0;t=42".parse().unwrap());
/// let advice = Api::from_parts(StatusCode::FORBIDDEN, &headers, b"").advice();
/// assert_eq!(advice.retry, Retry::Backoff);
/// assert_eq!(advice.reason, Reason::RateLimited);
/// assert_eq!(advice.delay, Some(core::time::Duration::from_secs(42)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Advice {
    /// Whether to retry.
    pub retry: Retry,
    /// How long the response asks to wait, from now.
    pub delay: Option<Duration>,
    /// Where `delay` was read.
    pub delay_source: Option<DelaySource>,
    /// The rule that decided `retry`.
    pub reason: Reason,
}

/// The rule that decided an [`Advice`], in the order the rules are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reason {
    /// A 1xx, 2xx, 3xx or 600+ status: not an error, never retried.
    NotAnError,
    /// A should-retry header (`x-should-retry`, or one the enum declares) said so.
    ShouldRetryHeader,
    /// The variant declared for the status and the body's error code.
    DeclaredForCode,
    /// A 403 or 429 whose rate limit is spent: wait for it to refill.
    RateLimited,
    /// A `retry = when_asked` variant whose response asked for a retry with a delay.
    AskedByResponse,
    /// The status's declaration, or the default table.
    Declared,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Reason::NotAnError => "the status is not an error",
            Reason::ShouldRetryHeader => "the response's should-retry header",
            Reason::DeclaredForCode => "the declaration for the error code",
            Reason::RateLimited => "the rate limit is spent",
            Reason::AskedByResponse => "the response asked for a retry",
            Reason::Declared => "the declaration for the status",
        })
    }
}

/// The advice for a response under `declaration`: [`verdict`] and [`delay`].
pub(crate) fn advise(
    declaration: &Declaration,
    context: Option<&Context>,
    rules: &Rules,
) -> Advice {
    let found = delay(context, rules);
    let (retry, reason) = verdict(declaration, context, rules, || found.is_some());
    Advice {
        retry,
        delay: found.map(|(delay, _)| delay),
        delay_source: found.map(|(_, source)| source),
        reason,
    }
}

/// The delay the response asks for, in [`DelaySource`]'s order.
pub(crate) fn delay(context: Option<&Context>, rules: &Rules) -> Option<(Duration, DelaySource)> {
    let context = context?;
    rate_limit::delay(context, rules, || context.reading().retry_delay)
}

/// Whether to retry a response under `declaration`, the rules in this order (the
/// first that applies decides):
///
/// 1. a status that is not an error is never retried;
/// 2. a should-retry header: `false` never, `true` the declared advice, or
///    `backoff` where that is never;
/// 3. an escalated declaration is never retried;
/// 4. a declaration for the status and the error code keeps its advice (backing
///    off when it is `when_asked` and the response gives a delay);
/// 5. a 403 or 429 whose rate limit is spent backs off;
/// 6. a `retry = when_asked` declaration backs off when the response gives a delay
///    (`has_delay` is asked only then);
/// 7. otherwise the declaration's advice (or the default table).
#[inline]
pub(crate) fn verdict(
    declaration: &Declaration,
    context: Option<&Context>,
    rules: &Rules,
    has_delay: impl FnOnce() -> bool,
) -> (Retry, Reason) {
    let status = context.map_or_else(|| declaration.representative_status(), Context::status);
    if !declaration.answers_for(status) {
        return (Retry::Never, Reason::NotAnError);
    }
    let declared = declaration.retry_for(status);
    let Some(context) = context else {
        return (declared, Reason::Declared);
    };
    // Most responses carry none of the headers rules 2 and 5 read, and most
    // declarations are not `when_asked`: then rules 3, 4 and 7 decide, without
    // reading anything more.
    let advising_headers = context.has_advising_headers();
    if !advising_headers && !declaration.when_asked {
        let by_code = !declaration.escalate && !declaration.codes.is_empty();
        return (
            declared,
            if by_code {
                Reason::DeclaredForCode
            } else {
                Reason::Declared
            },
        );
    }
    verdict_from_response(
        declaration,
        context,
        advising_headers,
        rules,
        declared,
        has_delay,
    )
}

/// [`verdict`] for a response with advising headers (`advising_headers`, as
/// [`verdict`] found) or a `when_asked` declaration.
fn verdict_from_response(
    declaration: &Declaration,
    context: &Context,
    advising_headers: bool,
    rules: &Rules,
    declared: Retry,
    has_delay: impl FnOnce() -> bool,
) -> (Retry, Reason) {
    if advising_headers {
        match rate_limit::should_retry(context, rules) {
            Some(false) => return (Retry::Never, Reason::ShouldRetryHeader),
            Some(true) if declared == Retry::Never => {
                return (Retry::Backoff, Reason::ShouldRetryHeader)
            }
            Some(true) => return (declared, Reason::ShouldRetryHeader),
            None => {}
        }
    }
    // An escalated error is reported, not retried, unless the server said otherwise.
    if declaration.escalate {
        return (Retry::Never, Reason::Declared);
    }
    if !declaration.codes.is_empty() {
        if declaration.when_asked && has_delay() {
            return (Retry::Backoff, Reason::AskedByResponse);
        }
        return (declared, Reason::DeclaredForCode);
    }
    if advising_headers
        && matches!(context.status().as_u16(), 403 | 429)
        && rate_limit::exhausted(context, rules)
    {
        return (Retry::Backoff, Reason::RateLimited);
    }
    if declaration.when_asked && has_delay() {
        return (Retry::Backoff, Reason::AskedByResponse);
    }
    (declared, Reason::Declared)
}

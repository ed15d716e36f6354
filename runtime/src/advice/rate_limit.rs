//! The rate-limit dialects: every header an API uses to say how long to wait, whether
//! its limit is spent and whether to retry at all, each read by one function.

use core::fmt;
use core::time::Duration;
use std::time::{SystemTime, UNIX_EPOCH};

use super::rules::{RateLimitHeaders, ResetFormat, Rules, DEFAULT_SHOULD_RETRY_HEADER};
use crate::response::{Context, RetryAfter};

/// Where a response's delay was read.
///
/// ```
/// use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
/// use http_api_error::{ApiError, Context, DelaySource};
///
/// #[derive(Debug, ApiError)]
/// #[api(rate_limit(remaining = "x-ratelimit-remaining", reset = "x-ratelimit-reset-after", format = delta_seconds))]
/// enum Acme {
///     #[status(other)]
///     Any(#[context] Context),
/// }
///
/// let mut headers = HeaderMap::new();
/// headers.insert("x-ratelimit-remaining", HeaderValue::from_static("0"));
/// headers.insert("x-ratelimit-reset-after", HeaderValue::from_static("2.5"));
/// let advice = Acme::from_parts(StatusCode::TOO_MANY_REQUESTS, &headers, b"").advice();
/// assert_eq!(advice.delay_source, Some(DelaySource::ResetHeader("x-ratelimit-reset-after")));
/// assert_eq!(advice.delay_source.unwrap().to_string(), "x-ratelimit-reset-after");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DelaySource {
    /// `Retry-After`: seconds (decimal too) or an HTTP-date.
    RetryAfter,
    /// `retry-after-ms`: milliseconds (OpenAI, Anthropic, Azure).
    RetryAfterMs,
    /// The IETF `RateLimit` fields: `t=` of a spent limit, or `RateLimit-Reset`.
    RateLimitField,
    /// A reset header the enum declares, named here.
    ResetHeader(&'static str),
    /// `google.rpc.RetryInfo` in the body.
    RetryInfo,
}

impl fmt::Display for DelaySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DelaySource::RetryAfter => f.write_str("Retry-After"),
            DelaySource::RetryAfterMs => f.write_str("retry-after-ms"),
            DelaySource::RateLimitField => f.write_str("RateLimit"),
            DelaySource::ResetHeader(name) => f.write_str(name),
            DelaySource::RetryInfo => f.write_str("RetryInfo"),
        }
    }
}

/// The wait a response asks for, the first found in this order: `Retry-After`,
/// `retry-after-ms`, the declared reset headers, the IETF `RateLimit` fields, then
/// the body's `RetryInfo` (read only when no header answers). Where one source has
/// several values, the longest wins. The clock is read only for dates.
pub(crate) fn delay(
    context: &Context,
    rules: &Rules,
    body_delay: impl FnOnce() -> Option<Duration>,
) -> Option<(Duration, DelaySource)> {
    // The enum's declared headers before the generic reading of the same names:
    // a declaration says how the API writes them. Most responses keep no header
    // but `Retry-After`: then none of the rate-limit headers is looked for, unless
    // the enum declares its own (which may name `Retry-After` itself).
    let (delay, source) = context
        .retry_after_header()
        .map(|r| (r.delay(), DelaySource::RetryAfter))
        .or_else(|| {
            let advising = !rules.rate_limits.is_empty() || context.has_advising_headers();
            advising.then(|| rate_limit_delay(context, rules))?
        })
        .or_else(|| body_delay().map(|d| (d, DelaySource::RetryInfo)))?;
    Some((delay.min(crate::units::MAX_DELAY), source))
}

/// The delay the headers other than `Retry-After` ask for.
fn rate_limit_delay(context: &Context, rules: &Rules) -> Option<(Duration, DelaySource)> {
    retry_after_ms(context)
        .map(|d| (d, DelaySource::RetryAfterMs))
        .or_else(|| declared_reset(context, rules))
        .or_else(|| {
            ietf(context)
                .reset
                .map(|d| (d, DelaySource::RateLimitField))
        })
}

/// `retry-after-ms`: a non-negative decimal of milliseconds; the longest of several.
fn retry_after_ms(context: &Context) -> Option<Duration> {
    context
        .header("retry-after-ms")
        .filter_map(crate::units::millis)
        .max()
}

/// What the IETF `RateLimit` fields say: whether a limit is spent, and when the
/// spent one refills.
#[derive(Default)]
struct Ietf {
    exhausted: bool,
    reset: Option<Duration>,
}

/// draft-ietf-httpapi-ratelimit-headers, every published shape:
/// `RateLimit: "default";r=0;t=30` (a list of limits, drafts 07 on),
/// `RateLimit: limit=100, remaining=0, reset=30` (a dictionary, drafts 03–06), and
/// `RateLimit-Remaining: 0` with `RateLimit-Reset: 30` (drafts 00–02). A limit is
/// spent when its remaining count is 0; only then does its reset count as a wait.
fn ietf(context: &Context) -> Ietf {
    let mut found = Ietf::default();
    for (remaining, reset) in ietf_limits(context, SystemTime::now(), true) {
        if remaining == 0 {
            found.exhausted = true;
            found.reset = found.reset.max(reset);
        }
    }
    found
}

/// A header holding one structured-field integer (`RateLimit-Remaining: 0`).
fn integer_field(context: &Context, name: &str) -> Option<i64> {
    let field = joined(context, name)?;
    let item = sfv::Parser::new(&field).parse::<sfv::Item>().ok()?;
    item.bare_item.as_integer().map(i64::from)
}

/// The IETF fields' reset is seconds from now; some servers send an epoch there
/// (GitLab: `RateLimit-Reset: 1767225600`). A value no delta can be, past
/// 2001-09-09 as an epoch (a billion seconds, 31 years as a delta), is an epoch.
fn delta_or_epoch(secs: u64, now: SystemTime) -> Option<Duration> {
    const NO_DELTA: u64 = 1_000_000_000;
    if secs < NO_DELTA {
        return Some(Duration::from_secs(secs));
    }
    let at = UNIX_EPOCH.checked_add(Duration::from_secs(secs))?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

fn joined(context: &Context, name: &str) -> Option<String> {
    let values: Vec<&str> = context.header(name).collect();
    (!values.is_empty()).then(|| values.join(", "))
}

/// The longest wait among the declared limits that are spent (their `remaining` is
/// 0) or that declare no `remaining` header.
fn declared_reset(context: &Context, rules: &Rules) -> Option<(Duration, DelaySource)> {
    if rules.rate_limits.is_empty() {
        return None;
    }
    let now = SystemTime::now();
    rules
        .rate_limits
        .iter()
        .filter(|limit| limit.remaining.is_none_or(|name| is_zero(context, name)))
        .filter_map(|limit| {
            Some((
                reset_delay(context, limit, now)?,
                DelaySource::ResetHeader(limit.reset),
            ))
        })
        .max_by_key(|(delay, _)| *delay)
}

/// The latest reset among a header's values, as a wait from `now`.
fn reset_delay(context: &Context, limit: &RateLimitHeaders, now: SystemTime) -> Option<Duration> {
    context
        .header(limit.reset)
        .filter_map(|value| parse_reset(value.trim(), limit.format, now))
        .max()
}

/// One reset value in its declared format, as a wait from `now`.
pub(crate) fn parse_reset(text: &str, format: ResetFormat, now: SystemTime) -> Option<Duration> {
    /// 95,617,584,000 s since 1970 is the year 5000: a larger "seconds" value is milliseconds.
    const LAST_PLAUSIBLE_EPOCH_SECONDS: Duration = Duration::from_secs(95_617_584_000);
    let until = |at: SystemTime| at.duration_since(now).unwrap_or(Duration::ZERO);
    let epoch = |since: Duration| UNIX_EPOCH.checked_add(since).map(until);
    match format {
        ResetFormat::EpochSeconds => {
            let since = crate::units::seconds(text)?;
            if since > LAST_PLAUSIBLE_EPOCH_SECONDS {
                epoch(crate::units::millis(text)?)
            } else {
                epoch(since)
            }
        }
        ResetFormat::EpochMillis => epoch(crate::units::millis(text)?),
        ResetFormat::DeltaSeconds => crate::units::seconds(text),
        ResetFormat::DeltaMillis => crate::units::millis(text),
        ResetFormat::Duration => humantime::parse_duration(text).ok(),
        ResetFormat::Rfc3339 => humantime::parse_rfc3339_weak(text).ok().map(until),
        ResetFormat::HttpDate => match RetryAfter::parse(text)? {
            RetryAfter::At(at) => Some(until(at)),
            RetryAfter::Delay(_) => None,
        },
        // Only a full bucket asks for a wait: until one request has leaked out.
        ResetFormat::Bucket { leak_millis } => {
            let (used, size) = bucket_fill(text)?;
            let over = used.checked_sub(size)?.saturating_add(1);
            Some(Duration::from_millis(
                over.saturating_mul(u64::from(leak_millis)),
            ))
        }
    }
}

/// `used/size`, two whole numbers.
fn bucket_fill(text: &str) -> Option<(u64, u64)> {
    let (used, size) = text.trim().split_once('/')?;
    Some((used.trim().parse().ok()?, size.trim().parse().ok()?))
}

/// What a declared bucket says is left and how long it takes to empty.
fn bucket_quota(context: &Context, limit: &RateLimitHeaders) -> Option<(u64, Option<Duration>)> {
    let ResetFormat::Bucket { leak_millis } = limit.format else {
        return None;
    };
    // Of several values, the one with the least room.
    let (used, size) = context
        .header(limit.reset)
        .filter_map(bucket_fill)
        .min_by_key(|(used, size)| size.saturating_sub(*used))?;
    let empty_in = (leak_millis > 0)
        .then(|| Duration::from_millis(used.saturating_mul(u64::from(leak_millis))));
    Some((size.saturating_sub(used), empty_in))
}

/// Whether a header says `0`: a spent limit.
fn is_zero(context: &Context, name: &str) -> bool {
    remaining(context, name) == Some(0)
}

/// What a declared `remaining` header says is left: the fewest of its values, a
/// fraction rounded up (so that only a 0 is spent).
fn remaining(context: &Context, name: &str) -> Option<u64> {
    context
        .header(name)
        .filter_map(crate::units::seconds)
        .map(|left| {
            left.as_secs()
                .saturating_add(u64::from(left.subsec_nanos() > 0))
        })
        .min()
}

/// Whether a limit is spent: a declared `remaining` header at 0, or the IETF
/// fields saying so.
/// What a response, a success as well as an error, says of the API's limit: how
/// many requests are left, and how long until the window resets. Of several
/// limits, the tightest: a spent one with the longest reset, else the fewest left.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Quota {
    /// Requests left in the window.
    pub(crate) remaining: Option<u64>,
    /// The wait until the window resets, at most a day.
    pub(crate) reset: Option<Duration>,
}

impl Quota {
    fn tighten(&mut self, remaining: Option<u64>, reset: Option<Duration>) {
        let Some(remaining) = remaining else {
            return;
        };
        let reset = reset.map(|reset| reset.min(crate::units::MAX_DELAY));
        match self.remaining {
            // Spent and spent: the longer wait.
            Some(0) if remaining == 0 => self.reset = self.reset.max(reset),
            Some(held) if held <= remaining => {}
            _ => {
                self.remaining = Some(remaining);
                self.reset = reset;
            }
        }
    }
}

/// The [`Quota`] the enum's declared limits and the IETF fields give; the declared
/// ones are read as declared, before the generic reading of the same names.
pub(crate) fn quota(context: &Context, rules: &Rules) -> Quota {
    let now = SystemTime::now();
    let mut quota = Quota::default();
    for limit in rules.rate_limits {
        if let Some((left, empty_in)) = bucket_quota(context, limit) {
            quota.tighten(Some(left), empty_in);
        }
        let Some(name) = limit.remaining else {
            continue;
        };
        quota.tighten(remaining(context, name), reset_delay(context, limit, now));
    }
    let declared = |name: &str| {
        rules
            .rate_limits
            .iter()
            .any(|limit| limit.reset == name || limit.remaining == Some(name))
    };
    for (remaining, reset) in ietf_limits(context, now, !declared("ratelimit-remaining")) {
        quota.tighten(u64::try_from(remaining).ok(), reset);
    }
    quota
}

/// Each limit the IETF fields give, every draft's shape: requests left and the
/// wait until the reset. The separate `RateLimit-Remaining` and `RateLimit-Reset`
/// fields count when `with_fields`.
fn ietf_limits(
    context: &Context,
    now: SystemTime,
    with_fields: bool,
) -> Vec<(i64, Option<Duration>)> {
    let reset = |secs: Option<i64>| {
        secs.and_then(|secs| u64::try_from(secs).ok())
            .and_then(|secs| delta_or_epoch(secs, now))
    };
    let mut items = Vec::new();
    if with_fields {
        if let Some(remaining) = integer_field(context, "ratelimit-remaining") {
            items.push((remaining, reset(integer_field(context, "ratelimit-reset"))));
        }
    }
    let Some(field) = joined(context, "ratelimit") else {
        return items;
    };
    if let Ok(list) = sfv::Parser::new(&field).parse::<sfv::List>() {
        for entry in list {
            if let sfv::ListEntry::Item(item) = entry {
                let param = |name: &str| {
                    item.params
                        .iter()
                        .find(|(key, _)| key.as_str() == name)
                        .and_then(|(_, value)| value.as_integer())
                        .map(i64::from)
                };
                if let Some(remaining) = param("r") {
                    items.push((remaining, reset(param("t"))));
                }
            }
        }
    } else if let Ok(dictionary) = sfv::Parser::new(&field).parse::<sfv::Dictionary>() {
        let member = |name: &str| match dictionary.iter().find(|(key, _)| key.as_str() == name) {
            Some((_, sfv::ListEntry::Item(item))) => item.bare_item.as_integer().map(i64::from),
            _ => None,
        };
        if let Some(remaining) = member("remaining") {
            items.push((remaining, reset(member("reset"))));
        }
    }
    items
}

pub(crate) fn exhausted(context: &Context, rules: &Rules) -> bool {
    rules
        .rate_limits
        .iter()
        .filter_map(|limit| limit.remaining)
        .any(|name| is_zero(context, name))
        || rules
            .rate_limits
            .iter()
            .any(|limit| bucket_quota(context, limit).is_some_and(|(left, _)| left == 0))
        || ietf(context).exhausted
}

/// What the should-retry headers say (`x-should-retry` and the declared ones):
/// `true` or `false`, case-insensitive; any `false` wins over a `true`; other
/// values are ignored.
pub(crate) fn should_retry(context: &Context, rules: &Rules) -> Option<bool> {
    let names = core::iter::once(DEFAULT_SHOULD_RETRY_HEADER)
        .chain(rules.should_retry_headers.iter().copied());
    let mut said = None;
    for name in names {
        for value in context.header(name) {
            match value.trim() {
                v if v.eq_ignore_ascii_case("false") => return Some(false),
                v if v.eq_ignore_ascii_case("true") => said = Some(true),
                _ => {}
            }
        }
    }
    said
}

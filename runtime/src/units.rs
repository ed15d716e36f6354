//! Numbers as APIs write them in headers and bodies: non-negative decimals of
//! seconds or milliseconds, saturating instead of overflowing.

use core::time::Duration;

/// The longest delay the crate reads from a response: a day. Servers send
/// absurd values (`Retry-After: 99999999999999999999`, an epoch where a delta
/// belongs); every delay [`ApiError::advice`](crate::ApiError::advice),
/// [`Context::retry_after`](crate::Context::retry_after) and
/// [`RetryAfter::delay`](crate::RetryAfter::delay) give is at most this, so that a
/// program can always add it to `Instant::now()`. A retry policy with a shorter
/// `max_delay` gives up on such a response instead of waiting.
pub const MAX_DELAY: Duration = Duration::from_secs(24 * 60 * 60);

/// `123.456` as its integer part (saturating) and its fraction in billionths.
/// No sign, no exponent, at least one digit before any `.`; anything else is `None`.
fn decimal(text: &str) -> Option<(u64, u32)> {
    let text = text.trim_matches(|c| c == ' ' || c == '\t');
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, fraction),
        None => (text, ""),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !fraction.bytes().all(|b| b.is_ascii_digit()) || text.ends_with('.') {
        return None;
    }
    let whole = whole.bytes().fold(0u64, |acc, digit| {
        acc.saturating_mul(10)
            .saturating_add(u64::from(digit - b'0'))
    });
    let billionths = fraction
        .bytes()
        .chain(core::iter::repeat(b'0'))
        .take(9)
        .fold(0u32, |acc, digit| acc * 10 + u32::from(digit - b'0'));
    Some((whole, billionths))
}

/// A non-negative decimal number of seconds, such as `120` or `1.5`.
pub(crate) fn seconds(text: &str) -> Option<Duration> {
    let (secs, nanos) = decimal(text)?;
    Some(Duration::new(secs, nanos))
}

/// A non-negative decimal number of milliseconds, such as `1500` or `20.5`.
pub(crate) fn millis(text: &str) -> Option<Duration> {
    let (millis, billionths) = decimal(text)?;
    Some(
        Duration::from_millis(millis)
            .saturating_add(Duration::from_nanos(u64::from(billionths / 1000))),
    )
}

/// `duration` in whole milliseconds, saturating.
#[cfg_attr(not(any(feature = "tracing", feature = "redis")), allow(dead_code))]
pub(crate) fn whole_millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals() {
        assert_eq!(seconds("2"), Some(Duration::from_secs(2)));
        assert_eq!(seconds(" 1.5 "), Some(Duration::from_millis(1500)));
        assert_eq!(seconds("0.0000000019"), Some(Duration::from_nanos(1)));
        assert_eq!(
            seconds("99999999999999999999999"),
            Some(Duration::new(u64::MAX, 0))
        );
        assert_eq!(millis("1500"), Some(Duration::from_millis(1500)));
        assert_eq!(millis("20.5"), Some(Duration::from_micros(20_500)));
        for bad in [
            "", "-1", "+1", "1.", ".5", "1e3", "1,5", "abc", "1.2.3", "Infinity", "NaN",
        ] {
            assert_eq!(seconds(bad), None, "{bad:?}");
        }
    }
}

//! `Retry-After` (RFC 9110 §10.2.3): a number of seconds or an HTTP-date, read the
//! way servers really send it.

use core::time::Duration;
use std::time::SystemTime;

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
    /// Surrounding whitespace is ignored. Seconds are a non-negative decimal
    /// (`120`, or `1.5` as some APIs send), saturating at `u64::MAX`; a sign, an
    /// exponent or anything else makes the value absent. Dates go through
    /// `httpdate`. Garbage and empty values are `None`.
    ///
    /// ```
    /// use core::time::Duration;
    /// use http_api_error::RetryAfter;
    ///
    /// assert_eq!(RetryAfter::parse(" 30 "), Some(RetryAfter::Delay(Duration::from_secs(30))));
    /// assert!(matches!(RetryAfter::parse("Sun, 06 Nov 1994 08:49:37 GMT"), Some(RetryAfter::At(_))));
    /// assert_eq!(RetryAfter::parse("-1"), None);
    /// assert_eq!(RetryAfter::parse("1.5"), Some(RetryAfter::Delay(Duration::from_millis(1500))));
    /// assert_eq!(RetryAfter::parse("1e3"), None);
    /// ```
    #[must_use]
    pub fn parse(value: &str) -> Option<RetryAfter> {
        let value = value.trim_matches(|c| c == ' ' || c == '\t');
        if value.is_empty() {
            return None;
        }
        if let Some(delay) = crate::units::seconds(value) {
            return Some(RetryAfter::Delay(delay));
        }
        httpdate::parse_http_date(value).ok().map(RetryAfter::At)
    }

    /// The wait from `now`; a date at or before `now` is zero; at most
    /// [`MAX_DELAY`](crate::MAX_DELAY).
    ///
    /// ```
    /// use core::time::Duration;
    /// use std::time::{SystemTime, UNIX_EPOCH};
    /// use http_api_error::RetryAfter;
    ///
    /// let now = UNIX_EPOCH + Duration::from_secs(1_000);
    /// let at = RetryAfter::At(UNIX_EPOCH + Duration::from_secs(1_030));
    /// assert_eq!(at.delay_from(now), Duration::from_secs(30));
    /// assert_eq!(at.delay_from(now + Duration::from_secs(60)), Duration::ZERO);
    /// assert_eq!(RetryAfter::Delay(Duration::from_secs(5)).delay_from(now), Duration::from_secs(5));
    /// # let _ = SystemTime::now();
    /// ```
    #[must_use]
    pub fn delay_from(self, now: SystemTime) -> Duration {
        let delay = match self {
            RetryAfter::Delay(delay) => delay,
            RetryAfter::At(date) => date.duration_since(now).unwrap_or(Duration::ZERO),
        };
        delay.min(crate::units::MAX_DELAY)
    }

    /// The wait from the current time.
    #[must_use]
    pub fn delay(self) -> Duration {
        self.delay_from(SystemTime::now())
    }
}

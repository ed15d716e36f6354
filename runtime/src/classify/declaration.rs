//! What an enum declares for each variant: the statuses (and error codes) it covers,
//! its retry advice and whether the vendor wants to be told.

use core::fmt;
use http::StatusCode;

/// What to do about a failed request, as the vendor advises it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Retry {
    /// Do not send the same request again: it will fail the same way.
    Never,
    /// Send it again after a short, fixed pause.
    Immediately,
    /// Send it again after a growing delay, and never before `Retry-After`.
    Backoff,
}

impl Retry {
    /// The advice for a status whose declaration does not give one.
    ///
    /// | status | advice |
    /// |---|---|
    /// | 408, 429, 502, 503, 504 | [`Retry::Backoff`] |
    /// | every other status | [`Retry::Never`] |
    ///
    /// ```
    /// use http::StatusCode;
    /// use http_api_error::Retry;
    ///
    /// assert_eq!(Retry::default_for(StatusCode::TOO_MANY_REQUESTS), Retry::Backoff);
    /// assert_eq!(Retry::default_for(StatusCode::NOT_IMPLEMENTED), Retry::Never);
    /// ```
    #[must_use]
    #[inline]
    pub const fn default_for(status: StatusCode) -> Retry {
        match status.as_u16() {
            408 | 429 | 502 | 503 | 504 => Retry::Backoff,
            _ => Retry::Never,
        }
    }

    /// `never`, `immediately` or `backoff`. [`Retry`]'s `Display` reads as advice
    /// to a person: "do not retry", "retry after a short pause", "retry with backoff".
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Retry::Never => "never",
            Retry::Immediately => "immediately",
            Retry::Backoff => "backoff",
        }
    }
}

impl fmt::Display for Retry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Retry::Never => "do not retry",
            Retry::Immediately => "retry after a short pause",
            Retry::Backoff => "retry with backoff",
        })
    }
}

pub(crate) const fn is_error(status: StatusCode) -> bool {
    matches!(status.as_u16(), 400..=599)
}

/// Whose fault a status says it is.
///
/// ```
/// use http_api_error::http::StatusCode;
/// use http_api_error::Class;
///
/// assert_eq!(Class::of(StatusCode::CONFLICT), Class::Client);
/// assert_eq!(Class::of(StatusCode::BAD_GATEWAY), Class::Server);
/// assert_eq!(Class::of(StatusCode::NOT_MODIFIED), Class::Other);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Class {
    /// 4xx: the request was wrong.
    Client,
    /// 5xx: the server failed.
    Server,
    /// Anything else (1xx, 2xx, 3xx, 600..=999) handed to an error enum.
    Other,
}

impl Class {
    /// The class of a status.
    #[must_use]
    #[inline]
    pub const fn of(status: StatusCode) -> Class {
        match status.as_u16() {
            400..=499 => Class::Client,
            500..=599 => Class::Server,
            _ => Class::Other,
        }
    }

    /// `client`, `server` or `other`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Class::Client => "client",
            Class::Server => "server",
            Class::Other => "other",
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The statuses one variant covers.
///
/// ```
/// use http_api_error::Statuses;
///
/// assert_eq!(Statuses::Code(404).to_string(), "404");
/// assert_eq!(Statuses::Range(500, 599).to_string(), "500..=599");
/// assert_eq!(Statuses::Other.to_string(), "other");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Statuses {
    /// `#[status(404)]`: exactly this code.
    Code(u16),
    /// `#[status(501..=599)]`: every code in the inclusive range not claimed by an exact code.
    Range(u16, u16),
    /// `#[status(other)]`: every status no other variant claims.
    Other,
}

impl fmt::Display for Statuses {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Statuses::Code(code) => write!(f, "{code}"),
            Statuses::Range(lo, hi) => write!(f, "{lo}..={hi}"),
            Statuses::Other => f.write_str("other"),
        }
    }
}

/// What `#[status(...)]` said on one variant.
///
/// [`ApiError::declarations`](crate::ApiError::declarations) lists an enum's.
///
/// ```
/// use http_api_error::http::StatusCode;
/// use http_api_error::{ApiError, Context, Retry, Statuses};
///
/// #[derive(Debug, ApiError)]
/// enum Acme {
///     #[status(429, code = "quota_exceeded", retry = false)]
///     QuotaExceeded(#[context] Context),
///     #[status(500..=599, escalate)]
///     Server(#[context] Context),
///     #[status(other)]
///     Unexpected(#[context] Context),
/// }
///
/// let [quota, server, other] = Acme::declarations() else { unreachable!() };
/// assert_eq!(quota.codes, ["quota_exceeded"]);
/// assert_eq!(server.statuses, Statuses::Range(500, 599));
/// assert!(server.escalate);
/// assert_eq!(other.retry_for(StatusCode::SERVICE_UNAVAILABLE), Retry::Backoff);
/// assert_eq!(other.retry_for(StatusCode::OK), Retry::Never);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Declaration {
    /// The variant's name as written, such as `QuotaExceeded`.
    pub variant: &'static str,
    /// A code, a range or `other`.
    pub statuses: Statuses,
    /// The vendor error codes it covers within its status (`code = "..."`); empty
    /// for a variant chosen by status alone.
    pub codes: &'static [&'static str],
    /// The advice the attribute gives (`escalate` and `retry = when_asked` give
    /// [`Retry::Never`]); `None` when it was left to [`Retry::default_for`].
    pub retry: Option<Retry>,
    /// `retry = when_asked`: never retried, unless the response gives a delay.
    pub when_asked: bool,
    /// `escalate`: the vendor asks to be told about these errors.
    pub escalate: bool,
}

impl Declaration {
    /// Whether this declaration is the one for `status` and the error `code`.
    #[must_use]
    pub fn covers_code(&self, status: StatusCode, code: &str) -> bool {
        self.statuses == Statuses::Code(status.as_u16()) && self.codes.contains(&code)
    }

    /// The status of a single-code declaration; 500 for a range or `other`, which
    /// always keep the status they received in their context.
    #[must_use]
    pub fn representative_status(&self) -> StatusCode {
        match self.statuses {
            Statuses::Code(code) => {
                StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            }
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Whether this declaration's advice counts for `status`: an error status, or
    /// the exact status it names (a success that carries an error).
    #[inline]
    pub(crate) const fn answers_for(&self, status: StatusCode) -> bool {
        match self.statuses {
            Statuses::Code(code) if code == status.as_u16() => true,
            _ => is_error(status),
        }
    }

    /// The advice for one status under this declaration.
    ///
    /// The written advice when there is one, else [`Retry::default_for`]; a status
    /// that is not an error (1xx, 2xx, 3xx, 600 and up) is never retried, whatever
    /// the catch-all says, unless this declaration names it (a 2xx that carries an
    /// error, `#[api(success_error(...))]`).
    #[must_use]
    #[inline]
    pub const fn retry_for(&self, status: StatusCode) -> Retry {
        if !self.answers_for(status) {
            return Retry::Never;
        }
        match self.retry {
            Some(retry) => retry,
            None => Retry::default_for(status),
        }
    }
}

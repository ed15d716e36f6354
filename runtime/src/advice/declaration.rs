//! What an enum declares for each variant: the statuses (and error codes) it covers,
//! its retry advice and whether the vendor wants to be told. The derive writes one
//! table of these.

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

/// 4xx or 5xx.
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

/// One row of an enum's declaration table: what `#[status(...)]` said on a variant.
///
/// The derive publishes the whole table as [`ApiError::DECLARATIONS`](crate::ApiError::DECLARATIONS).
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
/// let [quota, server, other] = Acme::DECLARATIONS else { unreachable!() };
/// assert_eq!(quota.codes, ["quota_exceeded"]);
/// assert_eq!(server.statuses, Statuses::Range(500, 599));
/// assert!(server.escalate);
/// assert_eq!(other.retry_for(StatusCode::SERVICE_UNAVAILABLE), Retry::Backoff);
/// assert_eq!(other.retry_for(StatusCode::OK), Retry::Never);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Declaration {
    /// The variant's name.
    pub variant: &'static str,
    /// The statuses it covers.
    pub statuses: Statuses,
    /// The vendor error codes it covers within its status (`code = "..."`); empty
    /// for a variant chosen by status alone.
    pub codes: &'static [&'static str],
    /// The advice written in the attribute; `None` when it was left to [`Retry::default_for`].
    pub retry: Option<Retry>,
    /// `retry = when_asked`: never retried, unless the response gives a delay.
    pub when_asked: bool,
    /// Whether the vendor asks to be told about these errors.
    pub escalate: bool,
}

impl Declaration {
    #[doc(hidden)]
    #[must_use]
    pub const fn __new(
        variant: &'static str,
        statuses: Statuses,
        retry: Option<Retry>,
        escalate: bool,
    ) -> Self {
        Declaration {
            variant,
            statuses,
            codes: &[],
            // An escalated error is never retried.
            retry: if escalate { Some(Retry::Never) } else { retry },
            when_asked: false,
            escalate,
        }
    }

    /// A declaration for one status code, advice left to the default table.
    #[doc(hidden)]
    #[must_use]
    pub const fn __code(variant: &'static str, code: u16) -> Self {
        Declaration::__new(variant, Statuses::Code(code), None, false)
    }

    /// A declaration for a range, advice left to the default table.
    #[doc(hidden)]
    #[must_use]
    pub const fn __range(variant: &'static str, lo: u16, hi: u16) -> Self {
        Declaration::__new(variant, Statuses::Range(lo, hi), None, false)
    }

    /// The catch-all's declaration.
    #[doc(hidden)]
    #[must_use]
    pub const fn __other(variant: &'static str) -> Self {
        Declaration::__new(variant, Statuses::Other, None, false)
    }

    /// Sets the written advice.
    #[doc(hidden)]
    #[must_use]
    pub const fn __retry(mut self, retry: Retry) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Marks the declaration escalated, which is never retried.
    #[doc(hidden)]
    #[must_use]
    pub const fn __escalate(mut self) -> Self {
        self.retry = Some(Retry::Never);
        self.escalate = true;
        self
    }

    #[doc(hidden)]
    #[must_use]
    pub const fn __codes(mut self, codes: &'static [&'static str]) -> Self {
        self.codes = codes;
        self
    }

    #[doc(hidden)]
    #[must_use]
    pub const fn __when_asked(mut self) -> Self {
        self.retry = Some(Retry::Never);
        self.when_asked = true;
        self
    }

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

    /// The advice for one status under this declaration.
    ///
    /// The written advice when there is one, else [`Retry::default_for`]; an
    /// escalated error is never retried, and neither is a status that is not an
    /// error (1xx, 2xx, 3xx, 600 and up), whatever the catch-all says.
    #[must_use]
    #[inline]
    pub const fn retry_for(&self, status: StatusCode) -> Retry {
        if !is_error(status) {
            return Retry::Never;
        }
        match self.retry {
            Some(retry) => retry,
            None => Retry::default_for(status),
        }
    }
}

/// Up to this many rows, a status's row is found by [`search_row`], which the
/// compiler unrolls into comparisons against constants; past it, by a [`StatusTable`].
pub(crate) const SEARCHED_ROWS: usize = 32;

/// The row `status` falls under by status alone, by [`StatusTable`]'s precedence,
/// found by searching `declarations`.
#[inline]
pub(crate) fn search_row(declarations: &[Declaration], status: StatusCode) -> Option<&Declaration> {
    let code = status.as_u16();
    // One pass, so that the compiler can unroll it over a constant table.
    let (mut range, mut other) = (None, None);
    for declaration in declarations {
        match declaration.statuses {
            Statuses::Code(exact) if exact == code && declaration.codes.is_empty() => {
                return Some(declaration);
            }
            Statuses::Range(lo, hi) if range.is_none() && lo <= code && code <= hi => {
                range = Some(declaration);
            }
            Statuses::Other if other.is_none() => other = Some(declaration),
            _ => {}
        }
    }
    range.or(other)
}

/// Whether some row of `declarations` chooses `status` by an error code, found by
/// searching.
#[inline]
pub(crate) fn search_coded(declarations: &[Declaration], status: StatusCode) -> bool {
    let code = status.as_u16();
    declarations
        .iter()
        .any(|d| d.statuses == Statuses::Code(code) && !d.codes.is_empty())
}

/// A fingerprint of what decides which row a response falls under: each row's
/// statuses and error codes, in order, and where the code is read from
/// (`code_sources`: the code header and the code pointer), by FNV-1a. Two enums
/// with the same fingerprint choose the same row for every response. The
/// variants' names and advice are left out: they do not choose the row, and
/// hashing every name cost the compiler more than the rest of the table.
pub(crate) const fn fingerprint(
    declarations: &[Declaration],
    code_sources: &[Option<&str>],
) -> u64 {
    const fn mix(mut hash: u64, bytes: &[u8]) -> u64 {
        let mut i = 0;
        while i < bytes.len() {
            hash = (hash ^ bytes[i] as u64).wrapping_mul(PRIME);
            i += 1;
        }
        // A separator, so that `ab`, `c` and `a`, `bc` differ.
        (hash ^ 0xff).wrapping_mul(PRIME)
    }
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut hash = 0xcbf2_9ce4_8422_2325;
    let mut row = 0;
    while row < declarations.len() {
        let declaration = &declarations[row];
        let statuses = match declaration.statuses {
            Statuses::Code(code) => code as u64,
            Statuses::Range(lo, hi) => (1 << 32) | ((lo as u64) << 16) | hi as u64,
            Statuses::Other => 2 << 32,
        };
        // The number of codes in the same step, so that one row's codes are not
        // taken for the next row's.
        let codes = declaration.codes;
        hash = (hash ^ statuses ^ ((codes.len() as u64) << 34)).wrapping_mul(PRIME);
        let mut code = 0;
        while code < codes.len() {
            hash = mix(hash, codes[code].as_bytes());
            code += 1;
        }
        row += 1;
    }
    let mut source = 0;
    while source < code_sources.len() {
        hash = match code_sources[source] {
            Some(name) => mix(mix(hash, &[1]), name.as_bytes()),
            None => mix(hash, &[0]),
        };
        source += 1;
    }
    hash
}

/// Which row of a declaration table each status falls under by status alone, and
/// whether some row chooses that status by an error code; computed at compile time.
///
/// The precedence is the derive's: an exact code (without error codes), else the
/// first range holding the status, else the first `other`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StatusTable {
    /// Per status from 100 to 999: the row, or [`StatusTable::NONE`], with
    /// [`StatusTable::CODED`] set when the status has code variants.
    rows: [u16; 900],
}

impl StatusTable {
    const CODED: u16 = 1 << 15;
    const NONE: u16 = Self::CODED - 1;

    /// The table for `declarations`; rows past 32,766 are not indexed.
    // Every row indexed is below `NONE`, so it fits in a `u16`.
    #[allow(clippy::cast_possible_truncation)]
    pub(crate) const fn of(declarations: &[Declaration]) -> StatusTable {
        let mut rows = [Self::NONE; 900];
        let count = if declarations.len() < Self::NONE as usize {
            declarations.len()
        } else {
            Self::NONE as usize
        };
        // Lowest precedence first; within a kind, the first row written wins.
        let mut kind = 0;
        while kind < 3 {
            let mut row = count;
            while row > 0 {
                row -= 1;
                let declaration = &declarations[row];
                let has_codes = !declaration.codes.is_empty();
                let (lo, hi) = match declaration.statuses {
                    Statuses::Other if kind == 0 => (100, 999),
                    Statuses::Range(lo, hi) if kind == 1 => (lo, hi),
                    Statuses::Code(code) if kind == 2 && !has_codes => (code, code),
                    _ => (1, 0),
                };
                let mut status = if lo < 100 { 100 } else { lo };
                while status <= hi && status <= 999 {
                    rows[(status - 100) as usize] = row as u16;
                    status += 1;
                }
            }
            kind += 1;
        }
        let mut row = 0;
        while row < count {
            if let Statuses::Code(code @ 100..=999) = declarations[row].statuses {
                if !declarations[row].codes.is_empty() {
                    rows[(code - 100) as usize] |= Self::CODED;
                }
            }
            row += 1;
        }
        StatusTable { rows }
    }

    fn entry(&self, status: StatusCode) -> u16 {
        let slot = usize::from(status.as_u16()).wrapping_sub(100);
        self.rows.get(slot).copied().unwrap_or(Self::NONE)
    }

    /// The row `status` falls under by status alone, if any.
    #[inline]
    pub(crate) fn row(&self, status: StatusCode) -> Option<usize> {
        let row = self.entry(status) & !Self::CODED;
        (row != Self::NONE).then_some(usize::from(row))
    }

    /// Whether some row chooses `status` by an error code.
    #[inline]
    pub(crate) fn has_code_variants(&self, status: StatusCode) -> bool {
        self.entry(status) & Self::CODED != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(code: u16) -> StatusCode {
        StatusCode::from_u16(code).expect("a status")
    }

    #[test]
    fn the_table_follows_exact_then_first_range_then_other() {
        const TABLE: StatusTable = StatusTable::of(&[
            Declaration::__range("Wide", 400, 599),
            Declaration::__code("Quota", 429).__codes(&["quota"]),
            Declaration::__range("Narrow", 500, 509),
            Declaration::__other("Other"),
            Declaration::__code("NotFound", 404),
            Declaration::__other("SecondOther"),
        ]);
        assert_eq!(TABLE.row(status(404)), Some(4));
        assert_eq!(TABLE.row(status(405)), Some(0));
        // The first range written wins where hand-written ranges overlap.
        assert_eq!(TABLE.row(status(503)), Some(0));
        // A status chosen by an error code falls under its range by status alone.
        assert_eq!(TABLE.row(status(429)), Some(0));
        assert!(TABLE.has_code_variants(status(429)));
        assert!(!TABLE.has_code_variants(status(404)));
        assert_eq!(TABLE.row(status(100)), Some(3));
        assert_eq!(TABLE.row(status(999)), Some(3));
    }

    #[test]
    fn searching_the_rows_answers_as_the_table_does() {
        const TABLES: [&[Declaration]; 4] = [
            &[
                Declaration::__range("Wide", 400, 599),
                Declaration::__code("Quota", 429).__codes(&["quota"]),
                Declaration::__range("Narrow", 500, 509),
                Declaration::__other("Other"),
                Declaration::__code("NotFound", 404),
                Declaration::__other("SecondOther"),
            ],
            &[
                Declaration::__code("NotFound", 404),
                Declaration::__code("Odd", 42),
                Declaration::__range("Huge", 990, u16::MAX),
            ],
            &[
                Declaration::__code("Limited", 429).__codes(&["a"]),
                Declaration::__code("TooMany", 429),
                Declaration::__code("Duplicate", 404),
                Declaration::__code("Duplicate", 404),
            ],
            &[],
        ];
        for declarations in TABLES {
            let table = StatusTable::of(declarations);
            for code in 100..=999 {
                let status = status(code);
                let found = search_row(declarations, status)
                    .and_then(|found| declarations.iter().position(|d| core::ptr::eq(d, found)));
                assert_eq!(found, table.row(status), "{code}");
                assert_eq!(
                    search_coded(declarations, status),
                    table.has_code_variants(status),
                    "{code}"
                );
            }
        }
    }

    #[test]
    fn fingerprints_tell_tables_apart() {
        let first = |first: Declaration| [first, Declaration::__other("Other")];
        let tables = [
            first(Declaration::__code("A", 404)),
            first(Declaration::__code("A", 403)),
            first(Declaration::__range("A", 404, 404)),
            first(Declaration::__range("A", 403, 404)),
            [Declaration::__other("Other"), Declaration::__code("A", 404)],
            first(Declaration::__code("A", 404).__codes(&["x"])),
            first(Declaration::__code("A", 404).__codes(&["xy"])),
            first(Declaration::__code("A", 404).__codes(&["x", "y"])),
        ];
        let none = [None, None];
        let mut prints = tables.map(|table| fingerprint(&table, &none)).to_vec();
        // Where the code is read decides the row too.
        for sources in [
            [Some("x-code"), None],
            [None, Some("/x-code")],
            [None, Some("/y")],
        ] {
            prints.push(fingerprint(&tables[0], &sources));
        }
        for (i, print) in prints.iter().enumerate() {
            for other in &prints[i + 1..] {
                assert_ne!(print, other);
            }
        }
        // The names and the advice are not part of it: they do not decide the row.
        let advised = first(Declaration::__code("A", 404).__retry(Retry::Backoff));
        assert_eq!(fingerprint(&advised, &none), prints[0]);
        let renamed = first(Declaration::__code("B", 404));
        assert_eq!(fingerprint(&renamed, &none), prints[0]);
    }

    #[test]
    fn a_table_without_other_leaves_statuses_out() {
        const TABLE: StatusTable = StatusTable::of(&[
            Declaration::__code("NotFound", 404),
            // Out of the status range: never indexed.
            Declaration::__code("Odd", 42),
            Declaration::__range("Huge", 990, u16::MAX),
        ]);
        assert_eq!(TABLE.row(status(404)), Some(0));
        assert_eq!(TABLE.row(status(403)), None);
        assert_eq!(TABLE.row(status(999)), Some(2));
        assert_eq!(StatusTable::of(&[]).row(status(500)), None);
    }
}

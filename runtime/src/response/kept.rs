//! What a [`Context`](super::Context) keeps of the headers, stored after the body in
//! the same buffer: one allocation per response, and nothing parsed until asked.
//!
//! Each record is a tag byte, the name's and the value's lengths, then their bytes.

use http::header::RETRY_AFTER;
use http::{HeaderMap, HeaderValue};

/// Request-id headers looked up when an enum names none of its own, first match wins.
pub const DEFAULT_REQUEST_ID_HEADERS: &[&str] = &["x-request-id", "request-id", "x-correlation-id"];

/// Headers kept whatever an enum declares: the rate-limit dialects and the
/// should-retry header that the advice reads (see the README's dialect table).
pub const DEFAULT_KEPT_HEADERS: &[&str] = &[
    "retry-after-ms",
    "ratelimit",
    "ratelimit-policy",
    "ratelimit-remaining",
    "ratelimit-reset",
    "x-should-retry",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Tag {
    /// A header as it arrived (or as `with_header` added it).
    Header,
    /// The request id, trimmed; the name is the header it came from, empty when
    /// set by hand.
    RequestId,
    /// A `Retry-After` set by hand: a delay, as [`encode_duration`] writes it.
    Delay,
    /// A `Retry-After` set by hand: a date, as [`encode_duration`] writes its
    /// distance from 1970.
    At,
}

/// Indexed by a tag's byte: in the order of `Tag`'s variants.
const TAGS: [Tag; 4] = [Tag::Header, Tag::RequestId, Tag::Delay, Tag::At];

#[derive(Debug, Clone, Copy)]
pub(crate) struct Record<'a> {
    pub tag: Tag,
    pub name: &'a [u8],
    pub value: &'a [u8],
}

impl Record<'_> {
    pub fn is_header(&self, name: &str) -> bool {
        self.tag == Tag::Header
            && (self.name == name.as_bytes() || self.name.eq_ignore_ascii_case(name.as_bytes()))
    }
}

const LEN: usize = core::mem::size_of::<usize>();

fn record_len(name: &[u8], value: &[u8]) -> usize {
    1 + 2 * LEN + name.len() + value.len()
}

pub(crate) fn push(bytes: &mut Vec<u8>, tag: Tag, name: &[u8], value: &[u8]) {
    let mut head = [tag as u8; 1 + 2 * LEN];
    head[1..=LEN].copy_from_slice(&name.len().to_le_bytes());
    head[1 + LEN..].copy_from_slice(&value.len().to_le_bytes());
    bytes.extend_from_slice(&head);
    bytes.extend_from_slice(name);
    bytes.extend_from_slice(value);
}

/// The records in `tail`, in the order they were pushed.
#[inline]
pub(crate) fn records(mut tail: &[u8]) -> impl Iterator<Item = Record<'_>> {
    core::iter::from_fn(move || {
        let (&tag, rest) = tail.split_first()?;
        let tag = *TAGS.get(usize::from(tag))?;
        let (name_len, rest) = read_len(rest)?;
        let (value_len, rest) = read_len(rest)?;
        let (name, rest) = rest.split_at_checked(name_len)?;
        let (value, rest) = rest.split_at_checked(value_len)?;
        tail = rest;
        Some(Record { tag, name, value })
    })
}

fn read_len(bytes: &[u8]) -> Option<(usize, &[u8])> {
    let (len, rest) = bytes.split_first_chunk::<LEN>()?;
    Some((usize::from_le_bytes(*len), rest))
}

pub(crate) fn encode_duration(duration: core::time::Duration) -> [u8; 12] {
    let mut bytes = [0; 12];
    bytes[..8].copy_from_slice(&duration.as_secs().to_le_bytes());
    bytes[8..].copy_from_slice(&duration.subsec_nanos().to_le_bytes());
    bytes
}

pub(crate) fn decode_duration(bytes: &[u8]) -> Option<core::time::Duration> {
    let (secs, nanos) = bytes.split_first_chunk::<8>()?;
    let nanos: [u8; 4] = nanos.try_into().ok()?;
    Some(core::time::Duration::new(
        u64::from_le_bytes(*secs),
        u32::from_le_bytes(nanos).min(999_999_999),
    ))
}

/// A header name's bit in a filter of names: a Fibonacci hash of its length and
/// its first and last bytes, case-folded. A name whose bit is not in the filter is
/// none of its names; one whose bit is must still be compared.
#[must_use]
pub(crate) const fn name_bit(name: &[u8]) -> u64 {
    let len = name.len();
    if len == 0 {
        return 1;
    }
    let first = name[0].to_ascii_lowercase() as u64;
    let last = name[len - 1].to_ascii_lowercase() as u64;
    let key = (len as u64) | (first << 16) | (last << 24);
    1 << (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58)
}

#[must_use]
pub(crate) const fn names_mask(names: &[&str]) -> u64 {
    let mut mask = 0;
    let mut i = 0;
    while i < names.len() {
        mask |= name_bit(names[i].as_bytes());
        i += 1;
    }
    mask
}

#[must_use]
pub(crate) const fn base_mask(request_id: &[&str]) -> u64 {
    names_mask(DEFAULT_KEPT_HEADERS) | names_mask(request_id) | name_bit(b"retry-after")
}

pub(crate) fn kept_by_default(name: &str) -> bool {
    DEFAULT_KEPT_HEADERS
        .iter()
        .any(|kept| same_name(name, kept))
}

/// Whether two header names are the same, compared byte for byte first: a
/// `HeaderName` is in lower case, and so are the names this crate declares.
#[inline]
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    a == b || a.eq_ignore_ascii_case(b)
}

/// Which headers a capture keeps: `Retry-After`, [`DEFAULT_KEPT_HEADERS`], every
/// name `keeps` accepts, and the best-ranked non-empty one of `request_id`.
pub(crate) struct Wanted<'a> {
    pub request_id: &'a [&'a str],
    /// [`base_mask`] of `request_id`, with the bits of what `keeps` accepts.
    pub mask: u64,
    /// The names kept besides the defaults. Behind `dyn`, so that the capture is
    /// compiled once, not per enum; it is called only for names that pass the filter.
    pub keeps: &'a dyn Fn(&str) -> bool,
}

impl Wanted<'_> {
    /// Whether `name`, in lower case as a `HeaderName` has it, might be wanted.
    fn may_want(&self, name: &str) -> bool {
        self.mask & name_bit(name.as_bytes()) != 0
    }

    fn is_kept(&self, name: &str) -> bool {
        name == RETRY_AFTER.as_str() || kept_by_default(name) || (self.keeps)(name)
    }
}

/// How many kept headers the one pass remembers; more take a second pass.
const REMEMBERED: usize = 8;

/// `body` followed by the records of the wanted headers, in one allocation of
/// the exact size. The headers are read in one pass, most names rejected by the
/// filter before any comparison.
pub(crate) fn body_and_headers(body: &[u8], headers: &HeaderMap, wanted: &Wanted<'_>) -> Vec<u8> {
    let mut kept: [Option<(&str, &HeaderValue)>; REMEMBERED] = [None; REMEMBERED];
    let mut count = 0;
    let mut size = body.len();
    let mut request_id: Option<(usize, &str, &str)> = None;
    for (name, value) in headers {
        let name = name.as_str();
        if !wanted.may_want(name) {
            continue;
        }
        if wanted.is_kept(name) {
            if let Some(slot) = kept.get_mut(count) {
                *slot = Some((name, value));
            }
            count += 1;
            size += record_len(name.as_bytes(), value.as_bytes());
        }
        let rank = wanted
            .request_id
            .iter()
            .position(|candidate| same_name(name, candidate));
        if let Some(rank) = rank.filter(|rank| request_id.is_none_or(|(best, ..)| *rank < best)) {
            // Optional whitespace around a field value is spaces and tabs only.
            let text = std::str::from_utf8(value.as_bytes().trim_ascii()).unwrap_or("");
            if !text.is_empty() {
                request_id = Some((rank, name, text));
            }
        }
    }
    if let Some((_, name, id)) = request_id {
        size += record_len(name.as_bytes(), id.as_bytes());
    }
    let mut bytes = Vec::with_capacity(size);
    bytes.extend_from_slice(body);
    for (name, value) in kept.iter().flatten() {
        push(&mut bytes, Tag::Header, name.as_bytes(), value.as_bytes());
    }
    if count > REMEMBERED {
        let rest = headers
            .iter()
            .map(|(name, value)| (name.as_str(), value))
            .filter(|(name, _)| wanted.may_want(name) && wanted.is_kept(name))
            .skip(REMEMBERED);
        for (name, value) in rest {
            push(&mut bytes, Tag::Header, name.as_bytes(), value.as_bytes());
        }
    }
    if let Some((_, name, id)) = request_id {
        push(&mut bytes, Tag::RequestId, name.as_bytes(), id.as_bytes());
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderName;

    #[test]
    fn records_read_back_in_order() {
        let mut bytes = b"body".to_vec();
        push(&mut bytes, Tag::Header, b"a", b"1");
        push(&mut bytes, Tag::RequestId, b"", b"id");
        let read: Vec<_> = records(&bytes[4..])
            .map(|r| (r.tag, r.name.to_vec(), r.value.to_vec()))
            .collect();
        assert_eq!(
            read,
            vec![
                (Tag::Header, b"a".to_vec(), b"1".to_vec()),
                (Tag::RequestId, Vec::new(), b"id".to_vec()),
            ]
        );
        for tag in TAGS {
            assert_eq!(TAGS[tag as usize], tag);
        }
        // A cut record ends the list instead of reading past it.
        assert_eq!(records(&bytes[4..bytes.len() - 1]).count(), 1);
    }

    #[test]
    fn the_filter_keeps_every_name_it_was_built_from() {
        let names = [
            "Retry-After",
            "x-request-id",
            "ratelimit",
            "X-RateLimit-Reset",
        ];
        let mask = names_mask(&names);
        for name in names {
            assert_ne!(
                mask & name_bit(name.to_ascii_lowercase().as_bytes()),
                0,
                "{name}"
            );
        }
    }

    #[test]
    fn more_kept_headers_than_one_pass_remembers_are_all_kept() {
        let mut headers = HeaderMap::new();
        for i in 0..20 {
            let name = HeaderName::try_from(format!("x-keep-{i:02}")).unwrap();
            headers.append(name, HeaderValue::from(i));
            headers.append("x-other", HeaderValue::from(i));
        }
        let names: Vec<String> = (0..20).map(|i| format!("x-keep-{i:02}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let wanted = Wanted {
            request_id: &[],
            mask: names_mask(&refs),
            keeps: &|name: &str| refs.contains(&name),
        };
        let bytes = body_and_headers(b"{}", &headers, &wanted);
        let kept: Vec<_> = records(&bytes[2..])
            .map(|r| String::from_utf8(r.name.to_vec()).unwrap())
            .collect();
        assert_eq!(kept, names);
        assert_eq!(bytes.len(), bytes.capacity());
    }
}

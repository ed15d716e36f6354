//! The `Display` of every enum with `#[api(display)]`, compiled once: what the
//! server sent is shown bounded and with control characters escaped, so that a
//! body can neither flood a log nor forge its lines.

use core::fmt::{self, Write};

use http::StatusCode;

use crate::__private::Held;

/// How many field errors `Display` shows when a body has no general message.
const FIELD_ERRORS_SHOWN: usize = 3;
const DISPLAY_MESSAGE_CHARS: usize = 300;
const DISPLAY_FIELD_CHARS: usize = 100;

pub(crate) fn write_error(
    f: &mut fmt::Formatter<'_>,
    vendor: Option<&str>,
    status: StatusCode,
    held: Held<'_>,
) -> fmt::Result {
    let mut out = Gathered {
        f,
        buffer: [0; GATHERED],
        len: 0,
    };
    if let Some(vendor) = vendor {
        shown(&mut out, vendor, DISPLAY_FIELD_CHARS)?;
        out.write_str(" ")?;
    }
    out.write_str("API error ")?;
    out.write_str(status.as_str())?;
    if let Some(reason) = status.canonical_reason() {
        out.write_str(" ")?;
        out.write_str(reason)?;
    }
    if let Some(message) = held.message() {
        out.write_str(": ")?;
        shown(&mut out, &message, DISPLAY_MESSAGE_CHARS)?;
        return out.flush();
    }
    let fields = held.field_errors();
    for (i, field) in fields.iter().take(FIELD_ERRORS_SHOWN).enumerate() {
        out.write_str(if i == 0 { ": " } else { "; " })?;
        shown(&mut out, &field.field, DISPLAY_FIELD_CHARS)?;
        out.write_str(": ")?;
        shown(&mut out, &field.message, DISPLAY_FIELD_CHARS)?;
    }
    if fields.len() > FIELD_ERRORS_SHOWN {
        write!(out, " (and {} more)", fields.len() - FIELD_ERRORS_SHOWN)?;
    }
    out.flush()
}

/// Text from a server, at most `max` characters (then `…`), control characters
/// escaped (`\n`, `\u{1b}`).
fn shown(out: &mut impl Write, text: &str, max: usize) -> fmt::Result {
    // No more bytes than `max` are no more characters; otherwise the end of the
    // first `max` characters.
    let end = if text.len() <= max {
        text.len()
    } else {
        text.char_indices()
            .nth(max)
            .map_or(text.len(), |(at, _)| at)
    };
    let mut rest = &text[..end];
    // Control characters are C0, DEL and C1 (`\u{80}`–`\u{9f}`, UTF-8 `C2 80`–`C2 9F`):
    // text without those bytes is written whole, in one byte scan.
    if !rest.bytes().any(|b| b < 0x20 || b == 0x7f || b == 0xc2) {
        out.write_str(rest)?;
        rest = "";
    }
    // Runs without control characters are written whole.
    while let Some(at) = rest.find(char::is_control) {
        out.write_str(&rest[..at])?;
        let c = rest[at..].chars().next().unwrap_or_default();
        write!(out, "{}", c.escape_default())?;
        rest = &rest[at + c.len_utf8()..];
    }
    out.write_str(rest)?;
    if end < text.len() {
        out.write_str("…")?;
    }
    Ok(())
}

const GATHERED: usize = 512;

/// The pieces of one error's text gathered on the stack and handed to the
/// formatter in one write (two for the longest): `to_string()` then allocates
/// once instead of growing its buffer at every piece.
struct Gathered<'a, 'b> {
    f: &'a mut fmt::Formatter<'b>,
    buffer: [u8; GATHERED],
    len: usize,
}

impl Gathered<'_, '_> {
    fn flush(&mut self) -> fmt::Result {
        // Only whole `str`s were copied in: the bytes are UTF-8.
        let text = core::str::from_utf8(&self.buffer[..self.len]).map_err(|_| fmt::Error)?;
        self.len = 0;
        self.f.write_str(text)
    }
}

impl Write for Gathered<'_, '_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        if self.len + text.len() > GATHERED {
            self.flush()?;
            if text.len() > GATHERED {
                return self.f.write_str(text);
            }
        }
        self.buffer[self.len..self.len + text.len()].copy_from_slice(text.as_bytes());
        self.len += text.len();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Formats `pieces` through a `Gathered`, as `to_string()` would.
    struct Pieces<'a>(&'a [&'a str]);

    impl fmt::Display for Pieces<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            let mut out = Gathered {
                f,
                buffer: [0; GATHERED],
                len: 0,
            };
            for piece in self.0 {
                out.write_str(piece)?;
            }
            out.flush()
        }
    }

    #[test]
    fn gathered_pieces_come_out_whole_and_in_order() {
        let long = "é".repeat(GATHERED);
        let near = "x".repeat(GATHERED - 1);
        for pieces in [
            &["a", "b", "c"][..],
            &[&near, "ü", "z"],
            &["a", &long, "b"],
            &[&long],
            &[],
        ] {
            assert_eq!(Pieces(pieces).to_string(), pieces.concat());
        }
    }

    #[test]
    fn shown_text_is_bounded_and_escaped() {
        let mut out = String::new();
        shown(&mut out, "a\nb\u{1b}[2J\u{85}c", 100).unwrap();
        assert_eq!(out, "a\\nb\\u{1b}[2J\\u{85}c");
        let mut out = String::new();
        shown(&mut out, &"ñ".repeat(10), 4).unwrap();
        assert_eq!(out, "ññññ…");
    }
}

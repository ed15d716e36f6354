//! The one lookup from a status to its declaration, built at compile time.

use http::StatusCode;

use super::{Declaration, Statuses};

/// Which declaration each status falls under by status alone, and whether some
/// declaration chooses that status by an error code; computed at compile time.
///
/// The precedence is the derive's: an exact code (without error codes), else the
/// first range holding the status, else the first `other`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StatusTable {
    /// Per status from 100 to 999: the declaration's index, or
    /// [`StatusTable::NONE`], with [`StatusTable::CODED`] set when the status has
    /// code variants.
    rows: [u16; 900],
}

impl StatusTable {
    const CODED: u16 = 1 << 15;
    const NONE: u16 = Self::CODED - 1;

    /// Declarations past index 32,766 are not indexed.
    // Every index stored is below `NONE`, so it fits in a `u16`.
    #[allow(clippy::cast_possible_truncation)]
    pub(crate) const fn of(declarations: &[Declaration]) -> StatusTable {
        let mut rows = [Self::NONE; 900];
        let count = if declarations.len() < Self::NONE as usize {
            declarations.len()
        } else {
            Self::NONE as usize
        };
        // Lowest precedence first; within a kind, the first declaration written wins.
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

    /// The index of the declaration `status` falls under by status alone, if any.
    #[inline]
    pub(crate) fn index(&self, status: StatusCode) -> Option<usize> {
        let row = self.entry(status) & !Self::CODED;
        (row != Self::NONE).then_some(usize::from(row))
    }

    #[inline]
    pub(crate) fn has_code_variants(&self, status: StatusCode) -> bool {
        self.entry(status) & Self::CODED != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::__private::Row;

    fn status(code: u16) -> StatusCode {
        StatusCode::from_u16(code).expect("a status")
    }

    #[test]
    fn the_table_follows_exact_then_first_range_then_other() {
        const TABLE: StatusTable = StatusTable::of(&[
            Row::range("Wide", 400, 599).0,
            Row::code("Quota", 429).codes(&["quota"]).0,
            Row::range("Narrow", 500, 509).0,
            Row::other("Other").0,
            Row::code("NotFound", 404).0,
            Row::other("SecondOther").0,
        ]);
        assert_eq!(TABLE.index(status(404)), Some(4));
        assert_eq!(TABLE.index(status(405)), Some(0));
        // The first range written wins where hand-written ranges overlap.
        assert_eq!(TABLE.index(status(503)), Some(0));
        // A status chosen by an error code falls under its range by status alone.
        assert_eq!(TABLE.index(status(429)), Some(0));
        assert!(TABLE.has_code_variants(status(429)));
        assert!(!TABLE.has_code_variants(status(404)));
        assert_eq!(TABLE.index(status(100)), Some(3));
        assert_eq!(TABLE.index(status(999)), Some(3));
    }

    #[test]
    fn a_table_without_other_leaves_statuses_out() {
        const TABLE: StatusTable = StatusTable::of(&[
            Row::code("NotFound", 404).0,
            // Out of the status range: never indexed.
            Row::code("Odd", 42).0,
            Row::range("Huge", 990, u16::MAX).0,
        ]);
        assert_eq!(TABLE.index(status(404)), Some(0));
        assert_eq!(TABLE.index(status(403)), None);
        assert_eq!(TABLE.index(status(999)), Some(2));
        assert_eq!(StatusTable::of(&[]).index(status(500)), None);
    }
}

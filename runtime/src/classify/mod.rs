//! Which declaration a response falls under. The precedence, in one place:
//!
//! 1. the variant declared for the status and the response's error code
//!    (`#[status(429, code = "quota_exceeded")]`), the code read from the declared
//!    `code_header`, else from the body's one reading;
//! 2. the variant declared for the exact status;
//! 3. the first range, in the order written, that holds the status;
//! 4. the catch-all (`other`).
//!
//! The derive writes the declarations and a `match` that builds the variant in this
//! order (a property test holds the two together). What asks afterwards (advice,
//! `declaration()`) reads the declaration the response was classified under: a
//! variant's own, or in the catch-all, the one `from_parts` recorded in the context.

mod declaration;
mod table;

pub(crate) use declaration::is_error;
pub use declaration::{Class, Declaration, Retry, Statuses};
pub(crate) use table::StatusTable;

use http::StatusCode;

/// The declaration of a status no variant claims, in a table without `other`.
static UNDECLARED: Declaration = Declaration {
    variant: "",
    statuses: Statuses::Other,
    codes: &[],
    retry: None,
    when_asked: false,
    escalate: false,
};

/// `table` must be the [`StatusTable`] of `declarations`.
pub(crate) fn lookup(
    declarations: &'static [Declaration],
    table: &StatusTable,
    status: StatusCode,
    code: Option<&str>,
) -> &'static Declaration {
    let coded = code
        .filter(|_| table.has_code_variants(status))
        .and_then(|code| declarations.iter().find(|d| d.covers_code(status, code)));
    coded
        .or_else(|| declarations.get(table.index(status)?))
        .unwrap_or(&UNDECLARED)
}

/// The declaration a response in the catch-all was classified under, as
/// `from_parts` records it in the context, with the table it is from. The derive
/// makes each enum's table a `static`, so its address names the enum in every
/// crate: an enum that finds another table there (the context moved into its
/// catch-all) looks the response up for itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Classified {
    declarations: &'static [Declaration],
    index: usize,
}

impl Classified {
    pub(crate) fn new(declarations: &'static [Declaration], index: usize) -> Self {
        Classified {
            declarations,
            index,
        }
    }

    /// The recorded declaration, if it was recorded from `declarations`.
    pub(crate) fn under(
        &self,
        declarations: &'static [Declaration],
    ) -> Option<&'static Declaration> {
        core::ptr::eq(self.declarations, declarations)
            .then(|| declarations.get(self.index))
            .flatten()
    }
}

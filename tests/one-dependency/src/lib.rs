//! The README's first example, verbatim, in a crate whose only dependencies are
//! `http-api-error` and `serde`: it compiles, so users need nothing else.

#![allow(missing_docs)]

include!("readme_example.rs");

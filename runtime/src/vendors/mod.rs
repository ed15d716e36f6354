//! Ready-made error enums for the vendors that shaped the crate, each one derive
//! over the vendor's documented table: a gallery of how to declare an API.

#[cfg(feature = "investsuite")]
pub mod investsuite;
#[cfg(feature = "smartsuite")]
pub mod smartsuite;

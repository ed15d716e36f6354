//! Where the crate meets other code: rendering errors back into responses for mock
//! servers, and building errors from HTTP clients' responses.

pub mod render;
#[cfg(feature = "reqwest")]
pub mod reqwest;

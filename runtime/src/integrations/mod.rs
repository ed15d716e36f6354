//! Where the crate meets other code: rendering errors back into responses for mock
//! servers, building errors from reqwest responses, and retrying inside
//! reqwest-middleware, reqwest-retry and tower stacks.

#[cfg(feature = "reqwest-middleware")]
pub mod middleware;
pub mod render;
#[cfg(feature = "reqwest")]
pub mod reqwest;
#[cfg(feature = "tower")]
pub mod tower;

//! Where the crate meets other code: rendering errors back into responses for mock
//! servers, building errors from reqwest and ureq responses, retrying inside
//! reqwest-middleware, reqwest-retry and tower stacks, and backon's helpers.

#[cfg(feature = "backon")]
pub mod backon;
#[cfg(any(feature = "reqwest", feature = "tower", feature = "ureq"))]
mod capped;
#[cfg(feature = "reqwest-middleware")]
pub mod middleware;
#[cfg(feature = "progenitor")]
pub mod progenitor;
pub mod render;
#[cfg(feature = "reqwest")]
pub mod reqwest;
#[cfg(feature = "tower")]
pub mod tower;
#[cfg(feature = "ureq")]
pub mod ureq;

//! What a response leaves behind: its status, raw body, `Retry-After`, request id
//! and the headers that advise on retrying, kept in a [`Context`].

mod context;
mod kept;
mod retry_after;

pub use context::Context;
pub(crate) use kept::{base_mask, kept_by_default, name_bit, names_mask, same_name, Wanted};
pub use kept::{DEFAULT_KEPT_HEADERS, DEFAULT_REQUEST_ID_HEADERS};
pub use retry_after::RetryAfter;

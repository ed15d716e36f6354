//! What a response leaves behind: its status, raw body, `Retry-After`, request id
//! and the headers that advise on retrying, kept in a [`Context`].

mod context;
mod kept;
mod retry_after;

pub use context::{Context, DEFAULT_KEPT_HEADERS, DEFAULT_REQUEST_ID_HEADERS};
pub(crate) use kept::{name_bit, names_mask, Wanted};
pub use retry_after::RetryAfter;

//! What a response leaves behind: its status, raw body, `Retry-After`, request id
//! and the headers that advise on retrying, kept in a [`Context`].

mod context;
mod retry_after;

pub(crate) use context::header_text;
pub use context::{Context, DEFAULT_KEPT_HEADERS, DEFAULT_REQUEST_ID_HEADERS};
pub use retry_after::RetryAfter;

//! Sending a failed request again, safely for the server and for the request: a
//! backoff policy that follows each error's advice ([`RetryPolicy`]), a retry budget
//! shared by every request of a client ([`RetryBudget`]), pacing from the API's
//! rate-limit headers ([`Pacer`]), and the rules that keep a request with side
//! effects from being repeated ([`SentRequest`]); the budget's and the pacer's
//! state in this process or shared by every instance of a service ([`Store`]).

mod adaptive;
mod blocking;
mod budget;
mod idempotency;
mod pacer;
mod policy;
mod store;
mod trace;

pub use budget::RetryBudget;
pub use idempotency::{add_idempotency_key, is_idempotent, SentRequest, IDEMPOTENCY_KEY};
pub use pacer::Pacer;
pub use policy::{Decision, Failed, RetryPolicy, Stop};
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use store::RedisStore;
pub use store::{MemoryStore, Observed, Store, StoreError, StoreFuture, Turn};
#[cfg(all(feature = "tracing", feature = "reqwest-middleware"))]
pub(crate) use trace::request_span;

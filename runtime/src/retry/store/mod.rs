//! Where a retry budget's tokens and a pacer's windows live: in this process
//! ([`MemoryStore`], the default), or in a store every instance of a service
//! shares ([`RedisStore`](super::RedisStore), feature `redis`), so that
//! instances spending one API key's limit pace together and share one budget.

use core::fmt;
use core::future::Future;
use core::pin::Pin;
use std::time::{Duration, Instant};

mod memory;
#[cfg(feature = "redis")]
mod redis;

pub use memory::MemoryStore;
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use redis::RedisStore;

/// The future a [`Store`] answers with.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// The state a [`RetryBudget`](super::RetryBudget) and a [`Pacer`](super::Pacer)
/// share, per partition, each operation atomic.
///
/// Give one to [`RetryBudget::store`](super::RetryBudget::store) and
/// [`Pacer::store`](super::Pacer::store). The budget's parameters (capacity,
/// costs) stay with the budget and come with each call, so instances configured
/// alike agree. Times are durations from "now", and each store reads its own
/// clock: [`MemoryStore`] the `now` it is given, [`RedisStore`](super::RedisStore)
/// the Redis server's, so that instances whose clocks disagree still agree on
/// when a window resets.
///
/// A store that fails (an error, or no answer in time) never fails a request:
/// the budget and the pacer go on with their own in-process state, as if they
/// had no store, until it answers again.
pub trait Store: Send + Sync {
    /// Takes `cost` tokens from `partition`'s bucket (full, at `capacity`, when
    /// unknown) if it holds that many, and says whether it did.
    fn withdraw<'a>(
        &'a self,
        partition: &'a str,
        cost: u32,
        capacity: u32,
    ) -> StoreFuture<'a, bool>;

    /// Gives `tokens` back to `partition`'s bucket, never above `capacity`.
    fn deposit<'a>(&'a self, partition: &'a str, tokens: u32, capacity: u32)
        -> StoreFuture<'a, ()>;

    /// The tokens `partition`'s bucket holds (`capacity` when unknown).
    fn tokens<'a>(&'a self, partition: &'a str, capacity: u32) -> StoreFuture<'a, u32>;

    /// A request to `partition` at `now` takes its turn: how long it must wait,
    /// for a throttling delay or a spent window's reset; when it need not, it
    /// takes one of the requests left. The request is sent after that wait
    /// without a second turn.
    fn take_turn<'a>(&'a self, partition: &'a str, now: Instant) -> StoreFuture<'a, Turn>;

    /// Learns what a response to `partition` received at `now` said of the
    /// limit. Called for every response, those that say nothing included, so
    /// that a store may count the requests still in flight.
    fn learn<'a>(
        &'a self,
        partition: &'a str,
        observed: Observed,
        now: Instant,
    ) -> StoreFuture<'a, ()>;
}

/// A request's turn: how long it waits before it is sent, and the ticket that
/// tells the store which request a response answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Turn {
    /// How long to wait before sending.
    pub wait: Duration,
    /// The turn's place in the store's order, when the store keeps one.
    pub ticket: Option<u64>,
}

/// What one response said of its partition's limit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Observed {
    /// The ticket of the turn whose request it answers, when known.
    pub ticket: Option<u64>,
    /// Requests left in the current window, when the response said.
    pub remaining: Option<u64>,
    /// How long until that window resets, when the response said (read only
    /// with `remaining`).
    pub reset: Option<Duration>,
    /// A throttling response's delay: nothing is sent before it has passed.
    pub blocked: Option<Duration>,
}

/// Why a store did not answer. The budget and the pacer never show it to a
/// request: they fall back to their in-process state.
#[derive(Debug)]
pub struct StoreError(Box<dyn std::error::Error + Send + Sync>);

impl StoreError {
    /// Wraps the store's own error.
    pub fn new(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        StoreError(error.into())
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the shared retry state did not answer: {}", self.0)
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.0)
    }
}

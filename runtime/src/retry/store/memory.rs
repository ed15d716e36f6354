//! The state of one process: what a budget and a pacer hold when nothing is
//! shared, and what they fall back to when a shared store fails.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::{Observed, Store, StoreFuture, Turn};

/// How many buckets a store remembers; past it, the full ones (which carry no
/// information) are forgotten, so that a client calling many hosts stays small.
const MAX_PARTITIONS: usize = 4096;

/// What a store knows of one partition's limit.
#[derive(Debug, Clone, Copy, Default)]
struct Window {
    /// Requests left before `reset_at`, less those let through since.
    remaining: Option<u64>,
    reset_at: Option<Instant>,
    /// A throttling response's delay: nothing is sent before it.
    blocked_until: Option<Instant>,
}

/// A [`Store`] in this process's memory, shared by every clone: the default of
/// every budget and pacer. Its clock is the `now` it is given, so that a
/// simulation in virtual time runs as a live client does.
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    buckets: Arc<Mutex<HashMap<String, u32>>>,
    windows: Arc<Mutex<HashMap<String, Window>>>,
}

impl MemoryStore {
    /// A store that knows nothing yet.
    #[must_use]
    pub fn new() -> Self {
        MemoryStore::default()
    }

    pub(crate) fn withdraw_now(&self, partition: &str, cost: u32, capacity: u32) -> bool {
        self.with_bucket(partition, capacity, |tokens| {
            match tokens.checked_sub(cost) {
                Some(left) => {
                    *tokens = left;
                    true
                }
                None => false,
            }
        })
    }

    pub(crate) fn deposit_now(&self, partition: &str, tokens: u32, capacity: u32) {
        self.with_bucket(partition, capacity, |held| {
            *held = held.saturating_add(tokens).min(capacity);
        });
    }

    pub(crate) fn tokens_now(&self, partition: &str, capacity: u32) -> u32 {
        self.with_bucket(partition, capacity, |tokens| *tokens)
    }

    fn with_bucket<T>(&self, partition: &str, capacity: u32, f: impl FnOnce(&mut u32) -> T) -> T {
        // A panic elsewhere while the lock was held leaves counts that are still
        // counts: go on with them.
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(tokens) = buckets.get_mut(partition) {
            return f(tokens);
        }
        if buckets.len() >= MAX_PARTITIONS {
            buckets.retain(|_, tokens| *tokens < capacity);
        }
        f(buckets.entry(partition.to_owned()).or_insert(capacity))
    }

    pub(crate) fn take_turn_now(&self, partition: &str, now: Instant) -> Duration {
        let mut windows = self.windows.lock().unwrap_or_else(PoisonError::into_inner);
        let window = windows.entry(partition.to_owned()).or_default();
        if let Some(until) = window.blocked_until {
            if until > now {
                return until - now;
            }
            window.blocked_until = None;
        }
        match (window.remaining, window.reset_at) {
            // The window has reset since: what is left is unknown until a response says.
            (_, Some(reset_at)) if reset_at <= now => {
                window.remaining = None;
                window.reset_at = None;
                Duration::ZERO
            }
            (Some(0), Some(reset_at)) => reset_at - now,
            (Some(left), _) => {
                window.remaining = Some(left.saturating_sub(1));
                Duration::ZERO
            }
            (None, _) => Duration::ZERO,
        }
    }

    pub(crate) fn learn_now(&self, partition: &str, observed: Observed, now: Instant) {
        let mut windows = self.windows.lock().unwrap_or_else(PoisonError::into_inner);
        let window = windows.entry(partition.to_owned()).or_default();
        if let Some(remaining) = observed.remaining {
            window.remaining = Some(remaining);
            window.reset_at = observed.reset.and_then(|reset| now.checked_add(reset));
        }
        if let Some(delay) = observed.blocked {
            let until = now.checked_add(delay);
            window.blocked_until = window.blocked_until.max(until);
        }
    }

    /// Whether `other` is a clone of this store.
    pub(crate) fn same(&self, other: &MemoryStore) -> bool {
        Arc::ptr_eq(&self.buckets, &other.buckets)
    }
}

impl Store for MemoryStore {
    fn withdraw<'a>(
        &'a self,
        partition: &'a str,
        cost: u32,
        capacity: u32,
    ) -> StoreFuture<'a, bool> {
        let taken = self.withdraw_now(partition, cost, capacity);
        Box::pin(core::future::ready(Ok(taken)))
    }

    fn deposit<'a>(
        &'a self,
        partition: &'a str,
        tokens: u32,
        capacity: u32,
    ) -> StoreFuture<'a, ()> {
        self.deposit_now(partition, tokens, capacity);
        Box::pin(core::future::ready(Ok(())))
    }

    fn tokens<'a>(&'a self, partition: &'a str, capacity: u32) -> StoreFuture<'a, u32> {
        let tokens = self.tokens_now(partition, capacity);
        Box::pin(core::future::ready(Ok(tokens)))
    }

    fn take_turn<'a>(&'a self, partition: &'a str, now: Instant) -> StoreFuture<'a, Turn> {
        let wait = self.take_turn_now(partition, now);
        Box::pin(core::future::ready(Ok(Turn { wait, ticket: None })))
    }

    fn learn<'a>(
        &'a self,
        partition: &'a str,
        observed: Observed,
        now: Instant,
    ) -> StoreFuture<'a, ()> {
        self.learn_now(partition, observed, now);
        Box::pin(core::future::ready(Ok(())))
    }
}

//! A retry budget shared by every request of a client: during an outage, retries
//! stop once the budget is spent instead of multiplying the load by the attempt
//! count. A token bucket per partition (a host, or an API), as the AWS SDKs'
//! standard mode keeps one: a retry takes tokens, a success gives some back.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// How many partitions a budget remembers; past it, the full buckets (which carry
/// no information) are forgotten, so that a client calling many hosts stays small.
const MAX_PARTITIONS: usize = 4096;

/// A retry budget: one bucket of tokens per partition (the integrations use the
/// request's host, [`RetryPolicy::run`](super::RetryPolicy::run) the error enum's
/// type), shared by every clone.
///
/// Each bucket starts full. A retry after an error response takes `retry_cost`
/// tokens, a retry after a timeout or a failed connection `timeout_cost`; a request
/// that succeeds on its first try gives back `success_reward`, one that succeeds on
/// a retry gives back that retry's cost. A retry that finds too few tokens is not
/// made: the loop stops at once with [`Stop::BudgetExhausted`](super::Stop::BudgetExhausted).
/// The defaults are the AWS SDKs' standard mode: 500, 5, 10 and 1, so that about
/// 100 retries in a row with no success empty a bucket, and a client whose calls
/// mostly succeed never notices it.
///
/// ```
/// use http_api_error::retry::RetryBudget;
///
/// let budget = RetryBudget::new().capacity(10).retry_cost(5);
/// assert!(budget.withdraw("api.example.com", budget.retry_cost_tokens()));
/// assert!(budget.withdraw("api.example.com", budget.retry_cost_tokens()));
/// // Spent: a third retry to this host is refused; another host has its own bucket.
/// assert!(!budget.withdraw("api.example.com", budget.retry_cost_tokens()));
/// assert!(budget.withdraw("other.example.com", budget.retry_cost_tokens()));
/// assert_eq!(budget.tokens("api.example.com"), 0);
/// ```
#[derive(Clone)]
pub struct RetryBudget {
    capacity: u32,
    retry_cost: u32,
    timeout_cost: u32,
    success_reward: u32,
    buckets: Arc<Mutex<HashMap<String, u32>>>,
}

impl Default for RetryBudget {
    fn default() -> Self {
        RetryBudget {
            capacity: 500,
            retry_cost: 5,
            timeout_cost: 10,
            success_reward: 1,
            buckets: Arc::default(),
        }
    }
}

impl RetryBudget {
    /// A budget with the AWS SDKs' standard-mode parameters (500, 5, 10, 1).
    #[must_use]
    pub fn new() -> Self {
        RetryBudget::default()
    }

    /// Tokens a bucket holds when full, and at first.
    #[must_use]
    pub fn capacity(mut self, tokens: u32) -> Self {
        self.capacity = tokens;
        self
    }

    /// Tokens a retry after an error response takes.
    #[must_use]
    pub fn retry_cost(mut self, tokens: u32) -> Self {
        self.retry_cost = tokens;
        self
    }

    /// Tokens a retry after a timeout or a failed connection takes: such failures
    /// cost the server more to find out about.
    #[must_use]
    pub fn timeout_cost(mut self, tokens: u32) -> Self {
        self.timeout_cost = tokens;
        self
    }

    /// Tokens a request that succeeds on its first try gives back.
    #[must_use]
    pub fn success_reward(mut self, tokens: u32) -> Self {
        self.success_reward = tokens;
        self
    }

    /// The cost of a retry after an error response.
    #[must_use]
    pub fn retry_cost_tokens(&self) -> u32 {
        self.retry_cost
    }

    /// The cost of a retry after a timeout or a failed connection.
    #[must_use]
    pub fn timeout_cost_tokens(&self) -> u32 {
        self.timeout_cost
    }

    /// Takes `cost` tokens from `partition`'s bucket if it holds that many, and
    /// says whether it did. A refused withdrawal takes nothing.
    pub fn withdraw(&self, partition: &str, cost: u32) -> bool {
        self.with_bucket(partition, |tokens| match tokens.checked_sub(cost) {
            Some(left) => {
                *tokens = left;
                true
            }
            None => false,
        })
    }

    /// Gives `tokens` back to `partition`'s bucket, never above its capacity.
    pub fn deposit(&self, partition: &str, tokens: u32) {
        let capacity = self.capacity;
        self.with_bucket(partition, |held| {
            *held = held.saturating_add(tokens).min(capacity);
        });
    }

    /// What a request that succeeded after `retries` retries gives back: the
    /// reward for a first-try success, else the last retry's cost.
    pub(crate) fn succeeded(&self, partition: &str, retries: u32) {
        let tokens = if retries == 0 {
            self.success_reward
        } else {
            self.retry_cost
        };
        self.deposit(partition, tokens);
    }

    /// The tokens `partition`'s bucket holds now.
    #[must_use]
    pub fn tokens(&self, partition: &str) -> u32 {
        self.with_bucket(partition, |tokens| *tokens)
    }

    fn with_bucket<T>(&self, partition: &str, f: impl FnOnce(&mut u32) -> T) -> T {
        // A panic elsewhere while the lock was held leaves counts that are still
        // counts: go on with them.
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(tokens) = buckets.get_mut(partition) {
            return f(tokens);
        }
        if buckets.len() >= MAX_PARTITIONS {
            let capacity = self.capacity;
            buckets.retain(|_, tokens| *tokens < capacity);
        }
        f(buckets.entry(partition.to_owned()).or_insert(self.capacity))
    }
}

impl PartialEq for RetryBudget {
    /// The same shared buckets, with the same parameters.
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.buckets, &other.buckets)
            && (
                self.capacity,
                self.retry_cost,
                self.timeout_cost,
                self.success_reward,
            ) == (
                other.capacity,
                other.retry_cost,
                other.timeout_cost,
                other.success_reward,
            )
    }
}

impl core::fmt::Debug for RetryBudget {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RetryBudget")
            .field("capacity", &self.capacity)
            .field("retry_cost", &self.retry_cost)
            .field("timeout_cost", &self.timeout_cost)
            .field("success_reward", &self.success_reward)
            .finish_non_exhaustive()
    }
}

//! A retry budget shared by every request of a client: during an outage, retries
//! stop once the budget is spent instead of multiplying the load by the attempt
//! count. A token bucket per partition (a host, or an API), as the AWS SDKs'
//! standard mode keeps one: a retry takes tokens, a success gives some back.

use std::sync::Arc;

use super::store::{MemoryStore, Store};

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
///
/// The buckets live in this process unless [`RetryBudget::store`] gives the
/// budget a store shared with other instances. The `_shared` methods ask that
/// store (the retry loop and the reqwest middleware call them); the others, and
/// the tower policy, which must decide without waiting, read and spend this
/// process's own buckets, the ones the budget also falls back to while the
/// store does not answer.
#[derive(Clone)]
pub struct RetryBudget {
    capacity: u32,
    retry_cost: u32,
    timeout_cost: u32,
    success_reward: u32,
    local: MemoryStore,
    shared: Option<Arc<dyn Store>>,
}

impl Default for RetryBudget {
    fn default() -> Self {
        RetryBudget {
            capacity: 500,
            retry_cost: 5,
            timeout_cost: 10,
            success_reward: 1,
            local: MemoryStore::new(),
            shared: None,
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

    /// Keeps the buckets in `store`, which every budget given a clone of it
    /// shares, such as a [`RedisStore`](super::RedisStore) that every instance of
    /// a service reaches. Give them the same parameters.
    #[must_use]
    pub fn store(mut self, store: impl Store + 'static) -> Self {
        self.shared = Some(Arc::new(store));
        self
    }

    /// Whether the buckets are in a shared store.
    pub(crate) fn is_shared(&self) -> bool {
        self.shared.is_some()
    }

    /// Takes `cost` tokens from `partition`'s bucket in this process if it holds
    /// that many, and says whether it did. A refused withdrawal takes nothing.
    pub fn withdraw(&self, partition: &str, cost: u32) -> bool {
        self.local.withdraw_now(partition, cost, self.capacity)
    }

    /// [`RetryBudget::withdraw`] from the shared store, or from this process's
    /// bucket when there is none or it does not answer.
    pub async fn withdraw_shared(&self, partition: &str, cost: u32) -> bool {
        if let Some(store) = &self.shared {
            if let Ok(taken) = store.withdraw(partition, cost, self.capacity).await {
                return taken;
            }
        }
        self.withdraw(partition, cost)
    }

    /// Gives `tokens` back to `partition`'s bucket in this process, never above
    /// its capacity.
    pub fn deposit(&self, partition: &str, tokens: u32) {
        self.local.deposit_now(partition, tokens, self.capacity);
    }

    /// [`RetryBudget::deposit`] to the shared store, or to this process's bucket
    /// when there is none or it does not answer.
    pub async fn deposit_shared(&self, partition: &str, tokens: u32) {
        if let Some(store) = &self.shared {
            if store
                .deposit(partition, tokens, self.capacity)
                .await
                .is_ok()
            {
                return;
            }
        }
        self.deposit(partition, tokens);
    }

    /// What a request that succeeded after `retries` retries gives back: the
    /// reward for a first-try success, else the last retry's cost.
    fn reward(&self, retries: u32) -> u32 {
        if retries == 0 {
            self.success_reward
        } else {
            self.retry_cost
        }
    }

    /// Gives back what a request that succeeded after `retries` retries earns, in
    /// this process.
    pub(crate) fn succeeded(&self, partition: &str, retries: u32) {
        self.deposit(partition, self.reward(retries));
    }

    /// [`RetryBudget::succeeded`] in the shared store.
    pub(crate) async fn succeeded_shared(&self, partition: &str, retries: u32) {
        self.deposit_shared(partition, self.reward(retries)).await;
    }

    /// The tokens `partition`'s bucket in this process holds now.
    #[must_use]
    pub fn tokens(&self, partition: &str) -> u32 {
        self.local.tokens_now(partition, self.capacity)
    }

    /// The tokens `partition`'s bucket holds in the shared store, or in this
    /// process when there is none or it does not answer.
    pub async fn tokens_shared(&self, partition: &str) -> u32 {
        if let Some(store) = &self.shared {
            if let Ok(tokens) = store.tokens(partition, self.capacity).await {
                return tokens;
            }
        }
        self.tokens(partition)
    }
}

impl PartialEq for RetryBudget {
    /// The same buckets and store, with the same parameters.
    fn eq(&self, other: &Self) -> bool {
        let same_store = match (&self.shared, &other.shared) {
            (Some(one), Some(other)) => Arc::ptr_eq(one, other),
            (None, None) => true,
            _ => false,
        };
        self.local.same(&other.local)
            && same_store
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
            .field("shared", &self.shared.is_some())
            .finish_non_exhaustive()
    }
}

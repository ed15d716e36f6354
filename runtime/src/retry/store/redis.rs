//! A [`Store`] in Redis, for every instance of a service: each operation one Lua
//! script, so that it is atomic, timed by the Redis server's clock.

use std::sync::{Arc, LazyLock, Mutex, PoisonError};
use std::time::{Duration, Instant};

use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use super::{Observed, Store, StoreError, StoreFuture, Turn};

/// The longest duration sent to a script, in milliseconds (about 35 years): Lua
/// counts in doubles, exact up to 2^53, and the server's clock is added to it.
const MAX_MS: u64 = 1 << 40;

/// Takes ARGV[1] tokens if the bucket holds them; a bucket not in Redis is full
/// (ARGV[2]).
static WITHDRAW: LazyLock<redis::Script> = LazyLock::new(|| {
    redis::Script::new(
        r"
local capacity = tonumber(ARGV[2])
local held = math.min(tonumber(redis.call('GET', KEYS[1])) or capacity, capacity)
local cost = tonumber(ARGV[1])
if held < cost then return 0 end
redis.call('SET', KEYS[1], held - cost, 'PX', ARGV[3])
return 1",
    )
});

/// Gives ARGV[1] tokens back; a full bucket is deleted, since it says no more
/// than an absent one.
static DEPOSIT: LazyLock<redis::Script> = LazyLock::new(|| {
    redis::Script::new(
        r"
local capacity = tonumber(ARGV[2])
local held = math.min(tonumber(redis.call('GET', KEYS[1])) or capacity, capacity)
held = math.min(held + tonumber(ARGV[1]), capacity)
if held >= capacity then
  redis.call('DEL', KEYS[1])
else
  redis.call('SET', KEYS[1], held, 'PX', ARGV[3])
end
return held",
    )
});

/// How long a request counts as in flight at most: one whose answer is never
/// learnt (a transport error) stops holding back its window after it.
const FLIGHT: Duration = Duration::from_secs(60);

/// The milliseconds a request must wait (`MemoryStore::take_turn_now`'s rules,
/// on the server's clock), and its ticket: the turn's number. The request, sent
/// now or after its wait, is in flight (KEYS[2], scored by the time it took its
/// turn) until its response is learnt; ARGV[1] is how long at most, ARGV[2] the
/// TTL, in ms.
static TAKE_TURN: LazyLock<redis::Script> = LazyLock::new(|| {
    redis::Script::new(
        r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function wait()
  local w = redis.call('HMGET', KEYS[1], 'remaining', 'reset_at', 'blocked_until')
  local remaining, reset_at, blocked = tonumber(w[1]), tonumber(w[2]), tonumber(w[3])
  if blocked then
    if blocked > now then return blocked - now end
    redis.call('HDEL', KEYS[1], 'blocked_until')
  end
  if reset_at and reset_at <= now then
    redis.call('HDEL', KEYS[1], 'remaining', 'reset_at')
    return 0
  end
  if remaining == 0 and reset_at then return reset_at - now end
  if remaining and remaining > 0 then
    redis.call('HSET', KEYS[1], 'remaining', remaining - 1)
  end
  return 0
end
local waited = wait()
local id = redis.call('HINCRBY', KEYS[1], 'turns', 1)
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[1]))
redis.call('ZADD', KEYS[2], now, id)
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return {waited, id}",
    )
});

/// Learns a response's remaining (ARGV[1]), reset (ARGV[2], ms) and throttling
/// delay (ARGV[3], ms), each '' when absent; the key outlives its last deadline
/// by the TTL (ARGV[4], ms). The request it answers, ticket ARGV[6] ('' when
/// unknown: the oldest), leaves the in-flight set (KEYS[2]; ARGV[5] how long at
/// most one stays).
///
/// A response counts the requests that reached the server before its own. Those
/// that took their turn after its own and are still in flight most likely had
/// not: they are taken off what it says is left. Until the window resets, the
/// count only goes down: a larger one comes from a response that crossed others
/// in flight.
static LEARN: LazyLock<redis::Script> = LazyLock::new(|| {
    redis::Script::new(
        r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[5]))
local mine = tonumber(ARGV[6])
if mine then
  redis.call('ZREM', KEYS[2], ARGV[6])
else
  mine = tonumber(redis.call('ZPOPMIN', KEYS[2])[1])
end
local told = tonumber(ARGV[1])
if told then
  local later = 0
  for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
    if not mine or tonumber(id) > mine then later = later + 1 end
  end
  local left = math.max(told - later, 0)
  local w = redis.call('HMGET', KEYS[1], 'remaining', 'reset_at')
  local known, known_reset = tonumber(w[1]), tonumber(w[2])
  if known and known_reset and known_reset > now then
    if left < known then redis.call('HSET', KEYS[1], 'remaining', left) end
  else
    redis.call('HSET', KEYS[1], 'remaining', left)
    if ARGV[2] ~= '' then
      redis.call('HSET', KEYS[1], 'reset_at', now + tonumber(ARGV[2]))
    else
      redis.call('HDEL', KEYS[1], 'reset_at')
    end
  end
end
if ARGV[3] ~= '' then
  local till = now + tonumber(ARGV[3])
  local blocked = tonumber(redis.call('HGET', KEYS[1], 'blocked_until'))
  if not blocked or blocked < till then
    redis.call('HSET', KEYS[1], 'blocked_until', till)
  end
end
local deadlines = redis.call('HMGET', KEYS[1], 'reset_at', 'blocked_until')
local last = math.max(tonumber(deadlines[1]) or now, tonumber(deadlines[2]) or now, now)
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('PEXPIRE', KEYS[1], last - now + tonumber(ARGV[4]))
end
return 1",
    )
});

/// A [`Store`] in Redis, shared by every instance of a service that uses the
/// same server and prefix (feature `redis`).
///
/// Each partition's bucket is the key `<prefix>:budget:{<partition>}`, its
/// window `<prefix>:pace:{<partition>}` and the requests it has in flight
/// `<prefix>:flight:{<partition>}`: the braces are a Redis Cluster hash tag, so
/// a partition's keys share a slot behind a cluster proxy (one script touches two
/// of them). Every operation is one Lua script, so
/// concurrent instances never take a bucket below zero or above its capacity,
/// nor two of them the last request left. Times come from the Redis server's
/// clock (`TIME`), so instances whose clocks disagree agree on when a window
/// resets. Keys expire once a partition is idle for the TTL (10 minutes by
/// default; a window lives until its reset or block has passed, and the TTL
/// after): an expired bucket is full again, an expired window unknown.
///
/// Responses to many instances cross in flight. Each turn has a ticket, and the
/// response to it is learnt with it: what a response says is left is taken less
/// the requests that took their turn after its own and are still in flight (a
/// request whose answer never comes stops counting after 60 s), and until the
/// window resets the count only goes down.
///
/// The connection is made on first use, inside a Tokio runtime, whose tasks
/// drive it from then on (use the store in that runtime), and remade after a
/// failure. A call that fails or takes longer than the timeout (500 ms by
/// default) is answered by the budget's or pacer's own in-process state, so that
/// Redis going away delays a request by at most the timeout per call and fails
/// none; outside a Tokio runtime, every call is answered so.
///
/// ```
/// use http_api_error::retry::{Pacer, RedisStore, RetryBudget, RetryPolicy};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let store = RedisStore::open("redis://127.0.0.1:6379/", "acme-api")?;
/// let policy = RetryPolicy::new()
///     .budget(RetryBudget::new().store(store.clone()))
///     .pacer(Pacer::new().store(store));
/// # drop(policy);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct RedisStore {
    client: redis::Client,
    prefix: String,
    ttl: Duration,
    timeout: Duration,
    /// Made on first use: making one needs a Tokio runtime.
    connection: Arc<Mutex<Option<ConnectionManager>>>,
}

impl RedisStore {
    /// A store on `client`'s server, its keys under `prefix` (one prefix per API
    /// key whose limit the instances share).
    pub fn new(client: redis::Client, prefix: impl Into<String>) -> Self {
        RedisStore {
            client,
            prefix: prefix.into(),
            ttl: Duration::from_secs(600),
            timeout: Duration::from_millis(500),
            connection: Arc::default(),
        }
    }

    /// A store on the server at `url` (such as `redis://127.0.0.1:6379/`); an
    /// error only when the URL is not one.
    pub fn open(url: &str, prefix: impl Into<String>) -> Result<Self, StoreError> {
        let client = redis::Client::open(url).map_err(StoreError::new)?;
        Ok(RedisStore::new(client, prefix))
    }

    /// How long the keys of an idle partition live (10 minutes by default; at
    /// least 1 ms).
    #[must_use]
    pub fn ttl(mut self, ttl: Duration) -> Self {
        self.ttl = ttl.max(Duration::from_millis(1));
        self
    }

    /// How long a call may take before the in-process state answers instead
    /// (500 ms by default).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    fn key(&self, kind: &str, partition: &str) -> String {
        // An empty tag (`{}`) is no tag to a cluster: the empty partition (a
        // relative URI's host) is tagged `-`, which no host is.
        let tag = if partition.is_empty() { "-" } else { partition };
        format!("{}:{kind}:{{{tag}}}", self.prefix)
    }

    fn connection(&self) -> Result<ConnectionManager, StoreError> {
        // Without a Tokio runtime the manager could not start its tasks.
        tokio::runtime::Handle::try_current().map_err(StoreError::new)?;
        let mut slot = self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(connection) = &*slot {
            return Ok(connection.clone());
        }
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(self.timeout))
            .set_response_timeout(Some(self.timeout))
            .set_number_of_retries(1);
        let connection = ConnectionManager::new_lazy_with_config(self.client.clone(), config)
            .map_err(StoreError::new)?;
        Ok(slot.insert(connection).clone())
    }

    /// Runs `invocation`, bounded by the timeout.
    async fn run<T: redis::FromRedisValue>(
        &self,
        invocation: redis::ScriptInvocation<'_>,
    ) -> Result<T, StoreError> {
        let mut connection = self.connection()?;
        match tokio::time::timeout(self.timeout, invocation.invoke_async(&mut connection)).await {
            Ok(answer) => answer.map_err(StoreError::new),
            Err(elapsed) => Err(StoreError::new(elapsed)),
        }
    }

    fn ttl_ms(&self) -> u64 {
        millis(self.ttl)
    }
}

fn millis(duration: Duration) -> u64 {
    crate::units::whole_millis(duration).min(MAX_MS)
}

impl Store for RedisStore {
    fn withdraw<'a>(
        &'a self,
        partition: &'a str,
        cost: u32,
        capacity: u32,
    ) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let mut invocation = WITHDRAW.prepare_invoke();
            invocation
                .key(self.key("budget", partition))
                .arg(cost)
                .arg(capacity)
                .arg(self.ttl_ms());
            let taken: i64 = self.run(invocation).await?;
            Ok(taken == 1)
        })
    }

    fn deposit<'a>(
        &'a self,
        partition: &'a str,
        tokens: u32,
        capacity: u32,
    ) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let mut invocation = DEPOSIT.prepare_invoke();
            invocation
                .key(self.key("budget", partition))
                .arg(tokens)
                .arg(capacity)
                .arg(self.ttl_ms());
            let _held: i64 = self.run(invocation).await?;
            Ok(())
        })
    }

    fn tokens<'a>(&'a self, partition: &'a str, capacity: u32) -> StoreFuture<'a, u32> {
        Box::pin(async move {
            let mut connection = self.connection()?;
            let mut get = redis::cmd("GET");
            get.arg(self.key("budget", partition));
            let get = get.query_async::<Option<u64>>(&mut connection);
            let held = match tokio::time::timeout(self.timeout, get).await {
                Ok(answer) => answer.map_err(StoreError::new)?,
                Err(elapsed) => return Err(StoreError::new(elapsed)),
            };
            Ok(held.map_or(capacity, |held| {
                u32::try_from(held).unwrap_or(capacity).min(capacity)
            }))
        })
    }

    /// `now` is not read: the server's clock is.
    fn take_turn<'a>(&'a self, partition: &'a str, _now: Instant) -> StoreFuture<'a, Turn> {
        Box::pin(async move {
            let mut invocation = TAKE_TURN.prepare_invoke();
            invocation
                .key(self.key("pace", partition))
                .key(self.key("flight", partition))
                .arg(millis(FLIGHT))
                .arg(self.ttl_ms());
            let (wait, ticket): (i64, i64) = self.run(invocation).await?;
            Ok(Turn {
                wait: Duration::from_millis(u64::try_from(wait).unwrap_or(0)),
                ticket: u64::try_from(ticket).ok(),
            })
        })
    }

    /// `now` is not read: the server's clock is.
    fn learn<'a>(
        &'a self,
        partition: &'a str,
        observed: Observed,
        _now: Instant,
    ) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let text =
                |value: Option<u64>| value.map(|value| value.to_string()).unwrap_or_default();
            let mut invocation = LEARN.prepare_invoke();
            invocation
                .key(self.key("pace", partition))
                .key(self.key("flight", partition))
                .arg(text(observed.remaining))
                .arg(text(observed.reset.map(millis)))
                .arg(text(observed.blocked.map(millis)))
                .arg(self.ttl_ms())
                .arg(millis(FLIGHT))
                .arg(text(observed.ticket));
            let _done: i64 = self.run(invocation).await?;
            Ok(())
        })
    }
}

impl core::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // The client's address may carry a password: not shown.
        f.debug_struct("RedisStore")
            .field("prefix", &self.prefix)
            .field("ttl", &self.ttl)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

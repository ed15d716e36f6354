//! A client-side send rate for APIs that say nothing of their limit but throttle:
//! off until the first throttling response, then CUBIC, as the AWS SDKs' adaptive
//! mode paces (smithy-rs `client_rate_limiter`): each throttle cuts the rate to
//! 0.7 of what was being sent, and successes grow it back along a cubic curve
//! towards, then past, the rate that was throttled.

use std::time::{Duration, Instant};

/// The cut on a throttle.
const BETA: f64 = 0.7;
/// How fast the cubic grows back.
const SCALE: f64 = 0.4;
/// The slowest rate, in requests a second: never a stop.
const MIN_RATE: f64 = 0.5;
/// The measured send rate is smoothed over buckets this long.
const BUCKET: Duration = Duration::from_millis(500);
const SMOOTHING: f64 = 0.8;
/// The longest a request is held: past it, requests are not queued further, so
/// that an open-loop caller is never told to wait for hours.
const MAX_WAIT_SECS: f64 = 30.0;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Adaptive {
    /// The allowed rate, once a throttle turned the limiter on.
    rate: Option<f64>,
    /// The rate when last throttled, and when.
    last_max: f64,
    last_throttle: Option<Instant>,
    /// Tokens to send with: below zero, what queued requests owe.
    tokens: f64,
    refilled_at: Option<Instant>,
    /// The smoothed send rate, and the current bucket's count.
    measured: f64,
    bucket_start: Option<Instant>,
    bucket_sends: u32,
}

impl Default for Adaptive {
    fn default() -> Self {
        Adaptive {
            rate: None,
            last_max: 0.0,
            last_throttle: None,
            tokens: 1.0,
            refilled_at: None,
            measured: 0.0,
            bucket_start: None,
            bucket_sends: 0,
        }
    }
}

impl Adaptive {
    /// The wait before a request sent at `now`, which it reserves.
    pub(crate) fn wait(&mut self, now: Instant) -> Duration {
        self.count_send(now);
        let Some(rate) = self.rate else {
            return Duration::ZERO;
        };
        self.refill(now, rate);
        let owed = (1.0 - self.tokens) / rate;
        if owed > MAX_WAIT_SECS {
            return Duration::from_secs_f64(MAX_WAIT_SECS);
        }
        self.tokens -= 1.0;
        if self.tokens >= 0.0 {
            return Duration::ZERO;
        }
        Duration::try_from_secs_f64(-self.tokens / rate).unwrap_or(Duration::ZERO)
    }

    /// A throttling response at `now`: the rate drops to 0.7 of what was sent.
    pub(crate) fn throttled(&mut self, now: Instant) {
        let sending = match self.rate {
            Some(rate) => self.measured.min(rate),
            None => self.measured,
        };
        self.last_max = sending.max(MIN_RATE);
        self.last_throttle = Some(now);
        let rate = (self.last_max * BETA).max(MIN_RATE);
        self.refill(now, self.rate.unwrap_or(rate));
        self.rate = Some(rate);
        // No burst right after a throttle.
        self.tokens = self.tokens.min(1.0);
    }

    /// A success at `now`: the rate grows along the cubic, never past twice what is
    /// being sent.
    pub(crate) fn succeeded(&mut self, now: Instant) {
        let (Some(rate), Some(throttled_at)) = (self.rate, self.last_throttle) else {
            return;
        };
        let t = now.saturating_duration_since(throttled_at).as_secs_f64();
        let k = (self.last_max * (1.0 - BETA) / SCALE).cbrt();
        let cubic = SCALE * (t - k).powi(3) + self.last_max;
        self.refill(now, rate);
        let ceiling = (2.0 * self.measured).max(MIN_RATE);
        self.rate = Some(cubic.min(ceiling).max(MIN_RATE));
    }

    fn refill(&mut self, now: Instant, rate: f64) {
        if let Some(then) = self.refilled_at {
            let secs = now.saturating_duration_since(then).as_secs_f64();
            // At most a second's worth held: the limiter paces, it does not bank.
            self.tokens = (self.tokens + secs * rate).min(rate.max(1.0));
        }
        self.refilled_at = Some(now);
    }

    fn count_send(&mut self, now: Instant) {
        let start = *self.bucket_start.get_or_insert(now);
        if now.saturating_duration_since(start) >= BUCKET {
            let sent = f64::from(self.bucket_sends) / BUCKET.as_secs_f64();
            self.measured = SMOOTHING * sent + (1.0 - SMOOTHING) * self.measured;
            self.bucket_start = Some(now);
            self.bucket_sends = 0;
        }
        self.bucket_sends = self.bucket_sends.saturating_add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_until_a_throttle_then_slower_then_growing_back() {
        let start = Instant::now();
        let mut limiter = Adaptive::default();
        // 20 a second for two seconds: no wait while it is off.
        for i in 0..40 {
            assert_eq!(
                limiter.wait(start + Duration::from_millis(i * 50)),
                Duration::ZERO
            );
        }
        let at = start + Duration::from_secs(2);
        limiter.throttled(at);
        let cut = limiter.rate.expect("on after a throttle");
        assert!((MIN_RATE..20.0 * 0.8).contains(&cut), "{cut}");
        // A burst now queues: each request waits longer than the one before.
        let waits: Vec<Duration> = (0..5).map(|_| limiter.wait(at)).collect();
        assert!(waits.windows(2).all(|w| w[1] > w[0]), "{waits:?}");
        // Successes over the following seconds grow the rate back.
        limiter.measured = 20.0;
        limiter.succeeded(at + Duration::from_secs(10));
        assert!(limiter.rate.expect("on") > cut);
    }

    #[test]
    fn no_request_is_held_longer_than_the_bound() {
        let start = Instant::now();
        let mut limiter = Adaptive::default();
        limiter.throttled(start);
        let longest = (0..1000).map(|_| limiter.wait(start)).max().expect("waits");
        assert_eq!(longest, Duration::from_secs_f64(MAX_WAIT_SECS));
    }

    #[test]
    fn the_rate_never_falls_below_the_floor() {
        let start = Instant::now();
        let mut limiter = Adaptive::default();
        for i in 0..50 {
            limiter.throttled(start + Duration::from_millis(i));
        }
        assert!(limiter.rate.expect("on") >= MIN_RATE);
        assert!(limiter.wait(start) <= Duration::from_secs(3));
    }
}

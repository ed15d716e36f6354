//! Retrying inside a `reqwest_middleware` client: [`RetryApiErrors`] reads each
//! error body (up to a cap), builds the enum's error and follows its advice; and
//! [`ApiErrorStrategy`] for those who keep `reqwest-retry`. Features
//! `reqwest-middleware` and `reqwest-retry`.

use core::fmt;
use core::marker::PhantomData;

use http::Extensions;
use reqwest_middleware::{Middleware, Next};

use super::capped::to_read;
use super::reqwest::{rebuilt, tell, Told, DEFAULT_BODY_LIMIT, DEFAULT_BODY_TIMEOUT};
use crate::retry::{add_idempotency_key, Decision, RetryPolicy, SentRequest, Turn};
use crate::ApiError;

/// A middleware that sends a request again while the error enum `E` advises it,
/// waiting the delay the response asks for (`Retry-After` and every dialect `E`
/// declares), through a [`RetryPolicy`].
///
/// Each error body is read up to a cap (64 KiB by default) so that the advice sees
/// the vendor's error code; the response handed back after the last try carries
/// those bytes, so `error_for_api_status::<E>()` on it gives the typed error.
/// Transport errors are returned at once, and a request whose body is a stream
/// (which cannot be sent twice) is sent once. For an enum that declares
/// `#[api(success_error(...))]`, a 2xx body is read up to the cap to tell: one
/// that carries an error is retried as its variant advises, and a success is
/// handed on with its body whole.
///
/// ```no_run
/// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
/// use http_api_error::middleware::RetryApiErrors;
/// use http_api_error::reqwest::ResponseExt;
/// use http_api_error::retry::RetryPolicy;
/// use http_api_error::{ApiError, Context};
///
/// #[derive(Debug, ApiError)]
/// #[api(vendor = "Acme", display)]
/// enum AcmeError {
///     #[status(503)]
///     Unavailable(#[context] Context),
///     #[status(other)]
///     Unexpected(#[context] Context),
/// }
///
/// let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
///     .with(RetryApiErrors::<AcmeError>::new(RetryPolicy::new().max_attempts(4)))
///     .build();
/// let response = client.get("http://127.0.0.1:8080/records").send().await?;
/// match response.error_for_api_status::<AcmeError>().await {
///     Ok(response) => println!("{}", response.text().await?),
///     Err(error) => println!("gave up: {error}"),
/// }
/// # Ok(())
/// # }
/// ```
pub struct RetryApiErrors<E> {
    policy: RetryPolicy,
    body_limit: usize,
    body_timeout: core::time::Duration,
    error: PhantomData<fn() -> E>,
}

impl<E> RetryApiErrors<E> {
    /// Retries as `policy` decides.
    #[must_use]
    pub fn new(policy: RetryPolicy) -> Self {
        RetryApiErrors {
            policy,
            body_limit: DEFAULT_BODY_LIMIT,
            body_timeout: DEFAULT_BODY_TIMEOUT,
            error: PhantomData,
        }
    }

    /// How many bytes of each error body are read (64 KiB by default).
    #[must_use]
    pub fn body_limit(mut self, limit: usize) -> Self {
        self.body_limit = limit;
        self
    }

    /// How long reading each error body may take (10 s by default): what arrived
    /// in time is kept, marked truncated.
    #[must_use]
    pub fn body_timeout(mut self, timeout: core::time::Duration) -> Self {
        self.body_timeout = timeout;
        self
    }
}

impl<E: ApiError> RetryApiErrors<E> {
    /// A try that is not retried whatever it got: the pacer learns from the
    /// response's headers, or takes its turn back when there is none.
    async fn returned(
        &self,
        host: &str,
        turn: Option<Turn>,
        result: &reqwest_middleware::Result<reqwest::Response>,
    ) {
        let Some(pacer) = self.policy.pacer_of() else {
            return;
        };
        let now = std::time::Instant::now();
        match result {
            Ok(response) => {
                let (status, headers) = (response.status(), response.headers());
                pacer
                    .observe_shared::<E>(host, turn, status, headers, now)
                    .await;
            }
            Err(_) => pacer.answered_shared(host, turn, now).await,
        }
    }

    /// A success: the pacer learns from its headers, the budget gets its due.
    async fn answered(
        &self,
        sent: &SentRequest<'_>,
        attempt: u32,
        turn: Option<Turn>,
        status: http::StatusCode,
        headers: &http::HeaderMap,
    ) {
        if let Some(pacer) = self.policy.pacer_of() {
            let now = std::time::Instant::now();
            pacer
                .observe_shared::<E>(sent.partition(), turn, status, headers, now)
                .await;
        }
        self.policy.succeeded_shared(sent, attempt).await;
    }
}

impl<E> fmt::Debug for RetryApiErrors<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryApiErrors")
            .field("policy", &self.policy)
            .field("body_limit", &self.body_limit)
            .field("body_timeout", &self.body_timeout)
            .finish()
    }
}

#[async_trait::async_trait]
impl<E: ApiError + 'static> Middleware for RetryApiErrors<E> {
    async fn handle(
        &self,
        request: reqwest::Request,
        extensions: &mut Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        #[cfg(feature = "tracing")]
        let span = crate::retry::request_span(
            request.method(),
            request.url().host_str().unwrap_or_default(),
        );
        let tries = self.tries(request, extensions, next);
        #[cfg(feature = "tracing")]
        let tries = tracing::Instrument::instrument(tries, span);
        tries.await
    }
}

impl<E: ApiError + 'static> RetryApiErrors<E> {
    async fn tries(
        &self,
        mut request: reqwest::Request,
        extensions: &mut Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let (key_header, add_keys) = self.policy.key_header();
        if add_keys {
            let method = request.method().clone();
            add_idempotency_key(&method, request.headers_mut(), key_header);
        }
        let host = request.url().host_str().unwrap_or_default().to_owned();
        let sent = SentRequest::new(request.method().clone(), &host)
            .with_headers(request.headers(), key_header);
        let pacer = self.policy.pacer_of();
        let mut attempt: u32 = 1;
        loop {
            let mut turn = None;
            if let Some(pacer) = pacer {
                turn = Some(pacer.turn(&host, tokio::time::sleep).await);
            }
            let Some(this_try) = request.try_clone() else {
                // A body that streams is sent once; the pacer still hears the answer.
                let result = next.run(request, extensions).await;
                self.returned(&host, turn, &result).await;
                return result;
            };
            let result = next.clone().run(this_try, extensions).await;
            let Ok(response) = result else {
                self.returned(&host, turn, &result).await;
                return result;
            };
            let status = response.status();
            let told = if to_read::<E>(status, response.content_length(), self.body_limit) {
                tell::<E>(response, self.body_limit, self.body_timeout).await
            } else {
                Told::Success(response)
            };
            let (head, body, truncated) = match told {
                Told::Success(response) => {
                    let headers = response.headers();
                    self.answered(&sent, attempt, turn, status, headers).await;
                    return Ok(response);
                }
                Told::Error(head, body, truncated) => (head, body, truncated),
            };
            // The error is dropped before any wait: only what was read from it
            // crosses an await.
            let (learning, deciding) = {
                let error = E::from_parts(status, &head.headers, &body);
                // The pacer learns from the error the decision reads: built once.
                let learning = pacer.map(|pacer| {
                    pacer.observe_error_shared(&host, turn, &error, std::time::Instant::now())
                });
                (
                    learning,
                    self.policy.decide_sent_shared(&sent, &error, attempt),
                )
            };
            if let Some(learning) = learning {
                learning.await;
            }
            let decision = deciding.await;
            match decision {
                Decision::Wait(wait) => {
                    tokio::time::sleep(wait).await;
                    attempt = attempt.saturating_add(1);
                }
                Decision::Stop(_) => return Ok(rebuilt(head, body, truncated)),
            }
        }
    }
}

/// A `reqwest_retry::RetryableStrategy` that asks the error enum `E`: an error
/// response is transient when `E` advises a retry, fatal otherwise; transport
/// errors are judged as `reqwest-retry` judges them.
///
/// A strategy sees the status and headers, not the body: should-retry headers,
/// spent rate limits and `retry = when_asked` count; an error code in the body
/// does not (use [`RetryApiErrors`] for that). `reqwest-retry` picks the delay
/// with its own policy.
///
/// ```
/// use http_api_error::middleware::ApiErrorStrategy;
/// use http_api_error::{ApiError, Context};
/// use reqwest_retry::{policies::ExponentialBackoff, RetryTransientMiddleware};
///
/// #[derive(Debug, ApiError)]
/// enum AcmeError {
///     #[status(other)]
///     Unexpected(#[context] Context),
/// }
///
/// let retry = RetryTransientMiddleware::new_with_policy_and_strategy(
///     ExponentialBackoff::builder().build_with_max_retries(3),
///     ApiErrorStrategy::<AcmeError>::new(),
/// );
/// let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new()).with(retry).build();
/// # drop(client);
/// ```
#[cfg(feature = "reqwest-retry")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest-retry")))]
pub struct ApiErrorStrategy<E>(PhantomData<fn() -> E>);

#[cfg(feature = "reqwest-retry")]
impl<E> ApiErrorStrategy<E> {
    /// The strategy for `E`.
    #[must_use]
    pub fn new() -> Self {
        ApiErrorStrategy(PhantomData)
    }
}

#[cfg(feature = "reqwest-retry")]
impl<E> Default for ApiErrorStrategy<E> {
    fn default() -> Self {
        ApiErrorStrategy::new()
    }
}

#[cfg(feature = "reqwest-retry")]
impl<E> fmt::Debug for ApiErrorStrategy<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiErrorStrategy")
    }
}

#[cfg(feature = "reqwest-retry")]
impl<E: ApiError> reqwest_retry::RetryableStrategy for ApiErrorStrategy<E> {
    fn handle(
        &self,
        result: &Result<reqwest::Response, reqwest_middleware::Error>,
    ) -> Option<reqwest_retry::Retryable> {
        match result {
            Ok(response) => {
                let status = response.status();
                if !crate::classify::is_error(status) {
                    return None;
                }
                let error = E::from_parts(status, response.headers(), b"");
                Some(if error.is_retryable() {
                    reqwest_retry::Retryable::Transient
                } else {
                    reqwest_retry::Retryable::Fatal
                })
            }
            Err(error) => reqwest_retry::default_on_request_failure(error),
        }
    }
}

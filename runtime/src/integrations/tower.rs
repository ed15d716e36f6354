//! Retrying in a `tower` stack: [`ApiRetryPolicy`] is a `tower::retry::Policy` for
//! services of `http::Response`s. Feature `tower`.

use core::fmt;
use core::marker::PhantomData;

use crate::retry::{Decision, RetryPolicy, SentRequest};
use crate::ApiError;

/// A `tower::retry::Policy` that retries while the error enum `E` advises it,
/// waiting the delay the response asks for, through a [`RetryPolicy`].
///
/// It sees each response's status and headers, not its body (a stream in most
/// stacks): should-retry headers, spent rate limits, every delay dialect and
/// `retry = when_asked` count; an error code in the body does not. Service errors
/// (transport failures) are not retried. Requests must be `Clone`. The wait is a
/// `tokio::time::Sleep`, so the policy runs inside a Tokio runtime, as tower's
/// retry layer does.
///
/// `tower::retry::Policy::retry` decides without awaiting, so the policy spends
/// from the budget's buckets in this process even when the budget has a shared
/// store ([`RetryBudget::store`](crate::retry::RetryBudget::store)): each
/// instance of a service keeps its own budget here. Use the reqwest middleware
/// or [`RetryPolicy::run_sent`] to share one.
///
/// ```
/// use http_api_error::http::{Request, Response, StatusCode};
/// use http_api_error::retry::RetryPolicy;
/// use http_api_error::tower::ApiRetryPolicy;
/// use http_api_error::{ApiError, Context};
/// use tower::retry::Policy;
///
/// #[derive(Debug, ApiError)]
/// enum AcmeError {
///     #[status(503)]
///     Unavailable(#[context] Context),
///     #[status(other)]
///     Unexpected(#[context] Context),
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let mut policy = ApiRetryPolicy::<AcmeError>::new(RetryPolicy::new());
/// let mut request = Request::new(());
/// let mut unavailable: Result<_, ()> = Ok(Response::builder().status(503).body(()).unwrap());
/// assert!(policy.retry(&mut request, &mut unavailable).is_some());
/// let mut not_found: Result<_, ()> = Ok(Response::builder().status(404).body(()).unwrap());
/// assert!(policy.retry(&mut request, &mut not_found).is_none());
/// // In a stack: `tower::ServiceBuilder::new().retry(policy).service(client)`.
/// # }
/// ```
pub struct ApiRetryPolicy<E> {
    policy: RetryPolicy,
    attempt: u32,
    error: PhantomData<fn() -> E>,
}

impl<E> ApiRetryPolicy<E> {
    /// Retries as `policy` decides.
    #[must_use]
    pub fn new(policy: RetryPolicy) -> Self {
        ApiRetryPolicy {
            policy,
            attempt: 1,
            error: PhantomData,
        }
    }
}

impl<E> Clone for ApiRetryPolicy<E> {
    fn clone(&self) -> Self {
        ApiRetryPolicy {
            policy: self.policy.clone(),
            attempt: self.attempt,
            error: PhantomData,
        }
    }
}

impl<E> fmt::Debug for ApiRetryPolicy<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiRetryPolicy")
            .field("policy", &self.policy)
            .field("attempt", &self.attempt)
            .finish()
    }
}

impl<E, ReqBody, Body, Error>
    tower::retry::Policy<http::Request<ReqBody>, http::Response<Body>, Error> for ApiRetryPolicy<E>
where
    E: ApiError,
    ReqBody: Clone,
{
    type Future = tokio::time::Sleep;

    fn retry(
        &mut self,
        request: &mut http::Request<ReqBody>,
        result: &mut Result<http::Response<Body>, Error>,
    ) -> Option<Self::Future> {
        let response = result.as_ref().ok()?;
        let status = response.status();
        let (key_header, _) = self.policy.key_header();
        let host = request.uri().host().unwrap_or_default();
        let sent = SentRequest::new(request.method().clone(), host)
            .with_headers(request.headers(), key_header);
        if !crate::classify::is_error(status) {
            self.policy.succeeded(&sent, self.attempt);
            return None;
        }
        let error = E::from_parts(status, response.headers(), b"");
        match self.policy.decide_sent(&sent, &error, self.attempt) {
            Decision::Wait(wait) => {
                self.attempt = self.attempt.saturating_add(1);
                Some(tokio::time::sleep(wait))
            }
            Decision::Stop(_) => None,
        }
    }

    fn clone_request(
        &mut self,
        request: &http::Request<ReqBody>,
    ) -> Option<http::Request<ReqBody>> {
        Some(request.clone())
    }
}

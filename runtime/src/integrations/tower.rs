//! Retrying in a `tower` stack: [`ApiRetryPolicy`] is a `tower::retry::Policy` for
//! services of `http::Response`s, and [`PaceLayer`] holds each try to a spent rate
//! limit until its reset. Feature `tower`.

use core::fmt;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};
use core::time::Duration;
use std::time::Instant;

use bytes::Bytes;

use super::capped::{
    read_capped, read_is_error, to_read, Ending, HttpBody, DEFAULT_BODY_LIMIT, DEFAULT_BODY_TIMEOUT,
};

use crate::retry::{Decision, Pacer, RetryPolicy, SentRequest};
use crate::ApiError;

/// A `tower::retry::Policy` that retries while the error enum `E` advises it,
/// waiting the delay the response asks for, through a [`RetryPolicy`].
///
/// It sees each response's status and headers: should-retry headers, spent rate
/// limits, every delay dialect and `retry = when_asked` count. Its body (a stream
/// in most stacks) only when an [`ErrorBodyLayer`] inside the retry layer read it:
/// then error codes count, and a 2xx that carries an error by the enum's
/// `success_error` is retried as its variant advises. Service errors
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
        // The body an `ErrorBodyLayer` read, if one is in the stack; else none, and
        // no 2xx carries an error. A 2xx read in part is a success.
        let (body, whole) = ReadBody::of(response);
        let error = read_is_error::<E>(status, body, whole)
            .then(|| E::from_parts(status, response.headers(), body));
        let Some(error) = error else {
            self.policy.succeeded(&sent, self.attempt);
            return None;
        };
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

/// A `tower::Layer` that paces every request through it with a [`Pacer`]: a
/// request to a host whose limit the last response said is spent waits for the
/// reset instead of being sent into a 429, and every response, successes
/// included, teaches the pacer what is left (as `E` declares its rate-limit
/// headers, and the IETF `RateLimit` fields).
///
/// A retry policy sees only the tries after the first, so pacing is a layer of its
/// own, inside the retry layer so that every try is paced. The retry policy does
/// not pace (a pacer given to its `RetryPolicy` is not consulted there): the
/// layer's pacer does it all, its clones sharing one state, and a
/// [`RedisStore`](crate::retry::RedisStore) behind it is awaited here. Needs a
/// Tokio runtime for its waits. For an enum with `success_error` rules, put an
/// [`ErrorBodyLayer`] inside it: the body that layer read tells a 2xx that carries
/// an error (which the pacer does not count as a success) from a success.
///
/// ```
/// use http_api_error::http::{Request, Response};
/// use http_api_error::retry::{Pacer, RetryPolicy};
/// use http_api_error::tower::{ApiRetryPolicy, PaceLayer};
/// use http_api_error::{ApiError, Context};
/// use tower::{ServiceBuilder, ServiceExt};
///
/// #[derive(Debug, ApiError)]
/// enum AcmeError {
///     #[status(other)]
///     Unexpected(#[context] Context),
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let pacer = Pacer::new();
/// let policy = RetryPolicy::new();
/// let client = tower::service_fn(|_: Request<()>| async {
///     Ok::<_, std::convert::Infallible>(Response::new(()))
/// });
/// let service = ServiceBuilder::new()
///     .retry(ApiRetryPolicy::<AcmeError>::new(policy))
///     .layer(PaceLayer::<AcmeError>::new(pacer))
///     .service(client);
/// let response = service.oneshot(Request::new(())).await.unwrap();
/// assert_eq!(response.status(), 200);
/// # }
/// ```
pub struct PaceLayer<E> {
    pacer: Pacer,
    error: PhantomData<fn() -> E>,
}

impl<E> PaceLayer<E> {
    /// Paces with `pacer`, reading responses as `E` declares.
    #[must_use]
    pub fn new(pacer: Pacer) -> Self {
        PaceLayer {
            pacer,
            error: PhantomData,
        }
    }
}

impl<E> Clone for PaceLayer<E> {
    fn clone(&self) -> Self {
        PaceLayer::new(self.pacer.clone())
    }
}

impl<E> fmt::Debug for PaceLayer<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PaceLayer")
            .field("pacer", &self.pacer)
            .finish()
    }
}

impl<S, E> tower::Layer<S> for PaceLayer<E> {
    type Service = Paced<S, E>;

    fn layer(&self, inner: S) -> Paced<S, E> {
        Paced {
            inner,
            pacer: self.pacer.clone(),
            error: PhantomData,
        }
    }
}

/// The service [`PaceLayer`] makes: `S`, paced.
pub struct Paced<S, E> {
    inner: S,
    pacer: Pacer,
    error: PhantomData<fn() -> E>,
}

impl<S: Clone, E> Clone for Paced<S, E> {
    fn clone(&self) -> Self {
        Paced {
            inner: self.inner.clone(),
            pacer: self.pacer.clone(),
            error: PhantomData,
        }
    }
}

impl<S: fmt::Debug, E> fmt::Debug for Paced<S, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paced")
            .field("inner", &self.inner)
            .field("pacer", &self.pacer)
            .finish()
    }
}

impl<S, E, ReqBody, Body> tower::Service<http::Request<ReqBody>> for Paced<S, E>
where
    S: tower::Service<http::Request<ReqBody>, Response = http::Response<Body>>
        + Clone
        + Send
        + 'static,
    S::Future: Send,
    S::Error: Send,
    E: ApiError + 'static,
    ReqBody: Send + 'static,
    Body: Send,
{
    type Response = http::Response<Body>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<http::Response<Body>, S::Error>> + Send>>;

    /// Always ready: the inner service is made ready after the wait, so that
    /// nothing it reserves (a concurrency permit, a buffer slot) is held through it.
    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<ReqBody>) -> Self::Future {
        let mut inner = self.inner.clone();
        let pacer = self.pacer.clone();
        let host = request.uri().host().unwrap_or_default().to_owned();
        Box::pin(async move {
            let turn = pacer.turn(&host, tokio::time::sleep).await;
            let result = match core::future::poll_fn(|cx| inner.poll_ready(cx)).await {
                Ok(()) => inner.call(request).await,
                Err(error) => Err(error),
            };
            let now = Instant::now();
            match &result {
                Ok(response) => {
                    // With an `ErrorBodyLayer` inside, the body it read tells a 2xx
                    // that carries an error from a success.
                    let (body, _) = ReadBody::of(response);
                    // The error is read here and not held through the store's answer.
                    let learnt = {
                        let error = E::from_parts(response.status(), response.headers(), body);
                        pacer.observe_error_shared(&host, Some(turn), &error, now)
                    };
                    learnt.await;
                }
                // No response: the turn is given back all the same.
                Err(_) => pacer.answered_shared(&host, Some(turn), now).await,
            }
            result
        })
    }
}

/// A `tower::Layer` that reads the body of each error response, and of each 2xx
/// for an enum that declares `#[api(success_error(...))]` (unless announced longer
/// than the cap), up to a cap (64 KiB) within a time limit (10 s), and keeps what
/// it read in the response's extensions ([`ReadBody`]). Put inside the retry
/// layer, it lets [`ApiRetryPolicy`] see error codes and errors inside a success,
/// as the reqwest middleware does.
///
/// Nothing is lost: the response goes on with a [`Prefixed`] body, the bytes read
/// followed by the rest of the body (or the error that ended it), so any body
/// type works, hyper's `Incoming` included. A 2xx read in part is a success.
///
/// ```
/// use http_api_error::http::{Request, Response};
/// use http_api_error::retry::RetryPolicy;
/// use http_api_error::tower::{ApiRetryPolicy, ErrorBodyLayer};
/// use http_api_error::{ApiError, Context};
/// use tower::{ServiceBuilder, ServiceExt};
///
/// #[derive(Debug, ApiError)]
/// enum AcmeError {
///     #[status(429, code = "insufficient_quota", retry = false)]
///     QuotaExceeded(#[context] Context),
///     #[status(other)]
///     Unexpected(#[context] Context),
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let client = tower::service_fn(|_: Request<()>| async {
///     let body = r#"{"error": {"code": "insufficient_quota"}}"#;
///     Ok::<_, std::convert::Infallible>(
///         Response::builder().status(429).body(body.to_owned()).unwrap(),
///     )
/// });
/// let service = ServiceBuilder::new()
///     .retry(ApiRetryPolicy::<AcmeError>::new(RetryPolicy::new()))
///     .layer(ErrorBodyLayer::<AcmeError>::new())
///     .service(client);
/// // The code in the body says a retry would not help: one try.
/// let response = service.oneshot(Request::new(())).await.unwrap();
/// assert_eq!(response.status(), 429);
/// # }
/// ```
pub struct ErrorBodyLayer<E> {
    body_limit: usize,
    body_timeout: Duration,
    error: PhantomData<fn() -> E>,
}

impl<E> ErrorBodyLayer<E> {
    /// Reads error bodies up to 64 KiB for at most 10 s, as the reqwest
    /// integrations do.
    #[must_use]
    pub fn new() -> Self {
        ErrorBodyLayer {
            body_limit: DEFAULT_BODY_LIMIT,
            body_timeout: DEFAULT_BODY_TIMEOUT,
            error: PhantomData,
        }
    }

    /// How many bytes of each error body are read.
    #[must_use]
    pub fn body_limit(mut self, limit: usize) -> Self {
        self.body_limit = limit;
        self
    }

    /// How long reading each error body may take: what arrived in time is kept,
    /// marked truncated.
    #[must_use]
    pub fn body_timeout(mut self, timeout: Duration) -> Self {
        self.body_timeout = timeout;
        self
    }
}

impl<E> Default for ErrorBodyLayer<E> {
    fn default() -> Self {
        ErrorBodyLayer::new()
    }
}

impl<E> Clone for ErrorBodyLayer<E> {
    fn clone(&self) -> Self {
        ErrorBodyLayer {
            error: PhantomData,
            ..*self
        }
    }
}

impl<E> fmt::Debug for ErrorBodyLayer<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorBodyLayer")
            .field("body_limit", &self.body_limit)
            .field("body_timeout", &self.body_timeout)
            .finish()
    }
}

impl<S, E> tower::Layer<S> for ErrorBodyLayer<E> {
    type Service = ErrorBodies<S, E>;

    fn layer(&self, inner: S) -> ErrorBodies<S, E> {
        ErrorBodies {
            inner,
            layer: self.clone(),
        }
    }
}

/// The service [`ErrorBodyLayer`] makes: `S`, its error bodies read.
pub struct ErrorBodies<S, E> {
    inner: S,
    layer: ErrorBodyLayer<E>,
}

impl<S: Clone, E> Clone for ErrorBodies<S, E> {
    fn clone(&self) -> Self {
        ErrorBodies {
            inner: self.inner.clone(),
            layer: self.layer.clone(),
        }
    }
}

impl<S: fmt::Debug, E> fmt::Debug for ErrorBodies<S, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorBodies")
            .field("inner", &self.inner)
            .field("layer", &self.layer)
            .finish()
    }
}

/// What an [`ErrorBodyLayer`] read of a response's body, in the response's
/// extensions.
#[derive(Debug, Clone)]
pub struct ReadBody {
    bytes: Bytes,
    truncated: bool,
}

impl ReadBody {
    /// What an `ErrorBodyLayer` read of `response`'s body, and whether that is
    /// the whole body; nothing, and not whole, without such a layer.
    fn of<B>(response: &http::Response<B>) -> (&[u8], bool) {
        let read = response.extensions().get::<ReadBody>();
        (
            read.map_or(&[][..], |read| &read.bytes[..]),
            read.is_some_and(|read| !read.truncated),
        )
    }

    /// Whether the read stopped before the body's end: at the cap or the time
    /// limit, or where its connection failed. The response's body still holds
    /// the rest (or that error) after what was read.
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }
}

impl<S, E, ReqBody, Body> tower::Service<http::Request<ReqBody>> for ErrorBodies<S, E>
where
    S: tower::Service<http::Request<ReqBody>, Response = http::Response<Body>>
        + Clone
        + Send
        + 'static,
    S::Future: Send,
    S::Error: Send,
    E: ApiError + 'static,
    ReqBody: Send + 'static,
    Body: http_body::Body + Send + Unpin + 'static,
    Body::Data: Send,
    Body::Error: Send,
{
    type Response = http::Response<Prefixed<Body>>;
    type Error = S::Error;
    type Future =
        Pin<Box<dyn Future<Output = Result<http::Response<Prefixed<Body>>, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<ReqBody>) -> Self::Future {
        let ready = self.inner.clone();
        let mut inner = core::mem::replace(&mut self.inner, ready);
        let (limit, timeout) = (self.layer.body_limit, self.layer.body_timeout);
        Box::pin(async move {
            let response = inner.call(request).await?;
            let announced = http_body::Body::size_hint(response.body()).exact();
            let (mut parts, body) = response.into_parts();
            if !to_read::<E>(parts.status, announced, limit) {
                return Ok(http::Response::from_parts(parts, Prefixed::unread(body)));
            }
            let mut body = HttpBody(body);
            let (read, ending) = read_capped(&mut body, limit, timeout).await;
            let read = Bytes::from(read);
            parts.extensions.insert(ReadBody {
                bytes: read.clone(),
                truncated: !ending.is_whole(),
            });
            let body = match ending {
                Ending::Whole => Prefixed::read([read, Bytes::new()], None, None),
                Ending::Stopped { left } => Prefixed::read([read, left], None, Some(body.0)),
                Ending::Failed(error) => Prefixed::read([read, Bytes::new()], Some(error), None),
            };
            Ok(http::Response::from_parts(parts, body))
        })
    }
}

/// The body an [`ErrorBodyLayer`] hands on: the bytes it read, then the rest of
/// the body it did not read (or the error that ended it), so that nothing is lost
/// whatever the body's length.
pub struct Prefixed<B: http_body::Body> {
    read: [Bytes; 2],
    failed: Option<B::Error>,
    rest: Option<B>,
}

impl<B: http_body::Body> Prefixed<B> {
    fn unread(body: B) -> Self {
        Prefixed::read([Bytes::new(), Bytes::new()], None, Some(body))
    }

    fn read(read: [Bytes; 2], failed: Option<B::Error>, rest: Option<B>) -> Self {
        Prefixed { read, failed, rest }
    }
}

// Only `rest` is ever polled, through its own `Unpin`: no field is pinned.
impl<B: http_body::Body + Unpin> Unpin for Prefixed<B> {}

impl<B: http_body::Body + fmt::Debug> fmt::Debug for Prefixed<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Prefixed")
            .field("read", &self.read.iter().map(Bytes::len).sum::<usize>())
            .field("failed", &self.failed.is_some())
            .field("rest", &self.rest)
            .finish()
    }
}

impl<B> http_body::Body for Prefixed<B>
where
    B: http_body::Body + Unpin,
{
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, B::Error>>> {
        use bytes::Buf as _;
        let this = self.get_mut();
        if let Some(read) = this.read.iter_mut().find(|read| !read.is_empty()) {
            return Poll::Ready(Some(Ok(http_body::Frame::data(core::mem::take(read)))));
        }
        if let Some(error) = this.failed.take() {
            return Poll::Ready(Some(Err(error)));
        }
        let Some(rest) = this.rest.as_mut() else {
            return Poll::Ready(None);
        };
        match Pin::new(rest).poll_frame(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Ready(Some(Err(error))) => Poll::Ready(Some(Err(error))),
            Poll::Ready(Some(Ok(frame))) => Poll::Ready(Some(Ok(
                frame.map_data(|mut data| data.copy_to_bytes(data.remaining()))
            ))),
        }
    }

    fn is_end_stream(&self) -> bool {
        self.read.iter().all(Bytes::is_empty)
            && self.failed.is_none()
            && self
                .rest
                .as_ref()
                .is_none_or(http_body::Body::is_end_stream)
    }

    fn size_hint(&self) -> http_body::SizeHint {
        let read: usize = self.read.iter().map(Bytes::len).sum();
        let read = u64::try_from(read).unwrap_or(u64::MAX);
        let mut hint = self.rest.as_ref().map_or_else(
            || http_body::SizeHint::with_exact(0),
            http_body::Body::size_hint,
        );
        // The upper bound first: a lower bound above it would panic.
        if let Some(upper) = hint.upper() {
            hint.set_upper(upper.saturating_add(read));
        }
        hint.set_lower(hint.lower().saturating_add(read));
        hint
    }
}

//! Errors straight from a ureq 3 response (`http::Response<ureq::Body>`), reading
//! the body up to a size cap, and a blocking retry loop over a `ureq::Agent`.
//! Enabled by the `ureq` feature.
//!
//! ureq 3 turns every 4xx and 5xx into `Err(ureq::Error::StatusCode(code))` by
//! default, without the headers or the body: build the agent with
//! `http_status_as_error(false)` so that the error response reaches this module
//! whole (its `Retry-After`, its error code, its message).
//!
//! ureq is pulled in without TLS or decompression. For `https://` URLs, enable one
//! in your own `Cargo.toml`, for example `ureq = { version = "3", features =
//! ["rustls"] }`; for compressed bodies, its `gzip` feature. Cargo merges those
//! features into the same ureq. How long reading a body may take is the agent's
//! `timeout_recv_body` (or `timeout_global`): what arrived before it expired is
//! kept, and the context is marked truncated.

use core::fmt;
use std::io::Read;
use std::time::Instant;

use http::{HeaderMap, StatusCode};
use ureq::{AsSendBody, Body};

use super::capped::{cut_at_limit, marked, read_is_error, to_read};
pub use super::capped::{BodyTruncated, DEFAULT_BODY_LIMIT};
use crate::retry::{add_idempotency_key, Failed, RetryPolicy, SentRequest};
use crate::ApiError;

/// Building [`ApiError`]s from ureq responses.
///
/// ```no_run
/// use http_api_error::ureq::ResponseExt;
/// use http_api_error::{ApiError, Context};
///
/// #[derive(Debug, ApiError)]
/// #[api(vendor = "Acme", display)]
/// enum AcmeError {
///     #[status(404)]
///     NotFound(#[context] Context),
///     #[status(other)]
///     Unexpected(#[context] Context),
/// }
///
/// // Without this, ureq answers a 404 with `Err(StatusCode(404))` and no body.
/// let config = ureq::Agent::config_builder().http_status_as_error(false).build();
/// let agent = ureq::Agent::new_with_config(config);
/// let response = agent.get("http://127.0.0.1:8080/api/records").call()?;
/// match response.error_for_api_status::<AcmeError>() {
///     Ok(mut response) => println!("{}", response.body_mut().read_to_string()?),
///     Err(error) if error.is_retryable() => println!("retry after {:?}", error.retry_after()),
///     Err(error) => println!("{error}"),
/// }
/// # Ok::<(), ureq::Error>(())
/// ```
pub trait ResponseExt: Sized {
    /// The error for this response, reading at most [`DEFAULT_BODY_LIMIT`] bytes.
    fn api_error<E: ApiError>(self) -> E {
        self.api_error_limited(DEFAULT_BODY_LIMIT)
    }

    /// The error for this response, reading at most `limit` body bytes.
    ///
    /// A longer body keeps its first `limit` bytes and the context is marked
    /// truncated; so is a body whose connection failed part way or whose read
    /// timed out. Reading stops as soon as `limit` bytes are in, without waiting
    /// for more. `Content-Length` is not trusted for the cut.
    fn api_error_limited<E: ApiError>(self, limit: usize) -> E;

    /// The response itself when it is a success, else its error: every 4xx and 5xx,
    /// and a 2xx that carries an error by the enum's `#[api(success_error(...))]`.
    /// For such an enum a 2xx body is read up to [`DEFAULT_BODY_LIMIT`] to tell,
    /// and a success handed back whole: what was read, then the rest of the body
    /// (or the error that cut it). A body longer than the cap is a success (no
    /// error body is that long); one announced longer is not read. Other enums
    /// never read a success's body.
    fn error_for_api_status<E: ApiError>(self) -> Result<Self, E>;
}

impl ResponseExt for http::Response<Body> {
    fn api_error_limited<E: ApiError>(self, limit: usize) -> E {
        let (parts, mut body) = self.into_parts();
        let cut_before = parts.extensions.get::<BodyTruncated>().is_some();
        let (bytes, truncated) = read_limited(&parts.headers, &mut body, limit);
        let error = E::from_parts(parts.status, &parts.headers, &bytes);
        marked(error, truncated || cut_before)
    }

    fn error_for_api_status<E: ApiError>(self) -> Result<Self, E> {
        let announced = announced(self.headers(), self.body());
        if !to_read::<E>(self.status(), announced, DEFAULT_BODY_LIMIT) {
            return Ok(self);
        }
        let (parts, mut body) = self.into_parts();
        let cut_before = parts.extensions.get::<BodyTruncated>().is_some();
        // The read time limit is the agent's.
        let (bytes, ending) = read_capped(&parts.headers, &mut body, DEFAULT_BODY_LIMIT);
        let whole = matches!(ending, Ending::Whole);
        if read_is_error::<E>(parts.status, &bytes, whole) {
            let error = E::from_parts(parts.status, &parts.headers, &bytes);
            return Err(marked(error, !whole || cut_before));
        }
        // A success, handed back whole: what was read, then the rest of the body
        // (or the error that ended it).
        let mut rebuilt = Body::builder();
        if let Some(mime_type) = body.mime_type() {
            rebuilt = rebuilt.mime_type(mime_type);
        }
        if let Some(charset) = body.charset() {
            rebuilt = rebuilt.charset(charset);
        }
        let body = match ending {
            Ending::Whole => rebuilt.data(bytes),
            Ending::Stopped => {
                rebuilt.reader(std::io::Cursor::new(bytes).chain(body.into_reader()))
            }
            Ending::Failed(error) => {
                rebuilt.reader(std::io::Cursor::new(bytes).chain(Failing(Some(error))))
            }
        };
        Ok(http::Response::from_parts(parts, body))
    }
}

/// How a capped read of a ureq body ended.
enum Ending {
    /// The body ended: every byte was read.
    Whole,
    /// The cap came first: the body may hold more.
    Stopped,
    /// The connection failed part way (or the agent's time limit passed).
    Failed(std::io::Error),
}

/// A reader that fails with the error that ended the first read, once.
struct Failing(Option<std::io::Error>);

impl Read for Failing {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        self.0.take().map_or(Ok(0), Err)
    }
}

/// The body's length as the response announced it. ureq gives none for a body it
/// knows is empty (`Content-Length: 0`): the header says it then, unless the
/// length is of a compressed body.
fn announced(headers: &HeaderMap, body: &Body) -> Option<u64> {
    body.content_length().or_else(|| {
        let encoded = headers.contains_key(http::header::CONTENT_ENCODING);
        let declared = headers.get(http::header::CONTENT_LENGTH)?.to_str().ok()?;
        declared.parse().ok().filter(|_| !encoded)
    })
}

/// Up to `limit` bytes of `body`, and whether anything may have been left unread.
fn read_limited(headers: &HeaderMap, body: &mut Body, limit: usize) -> (Vec<u8>, bool) {
    let (bytes, ending) = read_capped(headers, body, limit);
    (bytes, !matches!(ending, Ending::Whole))
}

/// Up to `limit` bytes of `body`, and how the read ended; `body` keeps the rest.
fn read_capped(headers: &HeaderMap, body: &mut Body, limit: usize) -> (Vec<u8>, Ending) {
    let announced = announced(headers, body);
    let mut bytes = Vec::with_capacity(limit.min(8 * 1024));
    let cap = u64::try_from(limit).unwrap_or(u64::MAX);
    // On an error (a reset connection, a read timeout), `read_to_end` keeps what
    // was read before it.
    match body.as_reader().take(cap).read_to_end(&mut bytes) {
        Err(error) => (bytes, Ending::Failed(error)),
        Ok(_) if bytes.len() >= limit && cut_at_limit(bytes.len(), announced) => {
            (bytes, Ending::Stopped)
        }
        Ok(_) => (bytes, Ending::Whole),
    }
}

/// The error for a `ureq::Error::StatusCode`, which an agent built with
/// `http_status_as_error(true)` (ureq's default) returns for every 4xx and 5xx.
///
/// ureq drops the headers and the body before it returns that error: the variant
/// is chosen by the status alone (never by an error code), and there is no
/// `Retry-After`, message or request id to read. Build the agent with
/// `http_status_as_error(false)` and use [`ResponseExt`] to keep them.
///
/// ```
/// use http_api_error::{ApiError, Context};
///
/// #[derive(Debug, ApiError)]
/// enum AcmeError {
///     #[status(503)]
///     Unavailable(#[context] Context),
///     #[status(other)]
///     Unexpected(#[context] Context),
/// }
///
/// let error = http_api_error::ureq::status_error::<AcmeError>(&ureq::Error::StatusCode(503));
/// assert!(matches!(error, Some(AcmeError::Unavailable(_))));
/// assert!(http_api_error::ureq::status_error::<AcmeError>(&ureq::Error::ConnectionFailed).is_none());
/// ```
pub fn status_error<E: ApiError>(error: &ureq::Error) -> Option<E> {
    let ureq::Error::StatusCode(code) = error else {
        return None;
    };
    let status = StatusCode::from_u16(*code).ok()?;
    Some(E::from_parts(status, &HeaderMap::new(), b""))
}

/// Sending a request through a `ureq::Agent` again while the error enum advises it.
pub trait AgentExt {
    /// Sends `request`, and again while the error enum `E` advises it, waiting
    /// the delay the response asks for (`std::thread::sleep`), through `policy`:
    /// its idempotency table, budget and pacer (by their state in this process,
    /// as [`RetryPolicy::run_sent_blocking`] says), its idempotency keys when
    /// [`RetryPolicy::idempotency_keys`] is on. The partition is the URI's host.
    ///
    /// Each error body is read up to [`DEFAULT_BODY_LIMIT`], so that the advice
    /// sees the vendor's error code. A success is handed back unread (a 2xx that
    /// carries an error by `success_error(...)` is read, and retried as advised);
    /// a transport error ends the loop at once as [`RetryError::Transport`];
    /// giving up returns [`RetryError::GaveUp`] with the last error, its status,
    /// kept headers and body. A `ureq::Error::StatusCode` (an agent left with
    /// `http_status_as_error(true)`) is classified by [`status_error`], by its
    /// status alone. The request body must be `Clone` to be sent again (bytes,
    /// strings, `()`); the request's extensions are cloned with it.
    ///
    /// ```no_run
    /// use http_api_error::retry::RetryPolicy;
    /// use http_api_error::ureq::{AgentExt, RetryError};
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
    /// let config = ureq::Agent::config_builder().http_status_as_error(false).build();
    /// let agent = ureq::Agent::new_with_config(config);
    /// let policy = RetryPolicy::new().max_attempts(4);
    /// let request = http_api_error::http::Request::get("http://127.0.0.1:8080/records").body(())?;
    /// match agent.run_with_retry::<AcmeError, _>(&policy, request) {
    ///     Ok(mut response) => println!("{}", response.body_mut().read_to_string()?),
    ///     Err(RetryError::GaveUp(failed)) => println!("{failed}"),
    ///     Err(RetryError::Transport(error)) => println!("transport: {error}"),
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn run_with_retry<E, B>(
        &self,
        policy: &RetryPolicy,
        request: http::Request<B>,
    ) -> Result<http::Response<Body>, RetryError<E>>
    where
        E: ApiError,
        B: AsSendBody + Clone;
}

impl AgentExt for ureq::Agent {
    fn run_with_retry<E, B>(
        &self,
        policy: &RetryPolicy,
        request: http::Request<B>,
    ) -> Result<http::Response<Body>, RetryError<E>>
    where
        E: ApiError,
        B: AsSendBody + Clone,
    {
        let (mut head, body) = request.into_parts();
        let (key_header, add_keys) = policy.key_header();
        if add_keys {
            add_idempotency_key(&head.method, &mut head.headers, key_header);
        }
        let host = head.uri.host().unwrap_or_default().to_owned();
        let sent =
            SentRequest::new(head.method.clone(), &host).with_headers(&head.headers, key_header);
        let pacer = policy.pacer_of();
        // A transport error ends the loop at once, neither retried nor counted
        // as a success.
        let outcome = policy.run_blocking_until(
            &sent,
            |_attempt| {
                let this_try = http::Request::from_parts(head.clone(), body.clone());
                let response = match self.run(this_try) {
                    Ok(response) => response,
                    Err(error) => return status_error::<E>(&error).map_or(Ok(Err(error)), Err),
                };
                let response = response.error_for_api_status::<E>()?;
                // A success teaches the pacer too (the loop sees only errors).
                if let Some(pacer) = pacer {
                    let (status, headers) = (response.status(), response.headers());
                    pacer.observe::<E>(&host, status, headers, Instant::now());
                }
                Ok(Ok(response))
            },
            std::thread::sleep,
        );
        match outcome {
            Ok(Ok(response)) => Ok(response),
            Ok(Err(transport)) => Err(RetryError::Transport(transport)),
            Err(failed) => Err(RetryError::GaveUp(Box::new(failed))),
        }
    }
}

/// Why [`AgentExt::run_with_retry`] returned no response.
#[derive(Debug)]
pub enum RetryError<E> {
    /// ureq could not send the request or read the response's head: not retried.
    Transport(ureq::Error),
    /// The policy gave up: the last error (status, kept headers, body up to the
    /// cap), the tries made, why, and every wait. Boxed, so that a `Result` with
    /// this error stays small on the path that succeeds.
    GaveUp(Box<Failed<E>>),
}

impl<E: fmt::Display> fmt::Display for RetryError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RetryError::Transport(error) => write!(f, "transport error: {error}"),
            RetryError::GaveUp(failed) => failed.fmt(f),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for RetryError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RetryError::Transport(error) => Some(error),
            RetryError::GaveUp(_) => None,
        }
    }
}

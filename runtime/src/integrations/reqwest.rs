//! Errors straight from a `reqwest::Response`, reading the body in chunks up to a
//! size cap. Enabled by the `reqwest` feature.
//!
//! reqwest is pulled in without a TLS stack or decompression. For `https://` URLs,
//! enable one in your own `Cargo.toml`, for example
//! `reqwest = { version = "0.13", features = ["rustls"] }`; for compressed bodies,
//! its `gzip` feature. Cargo merges those features into the same reqwest.

use core::future::Future;
use core::time::Duration;

use crate::ApiError;

/// How many body bytes are read by default: enough for any JSON error body, and a
/// bound on what a misbehaving server can make the client hold.
pub const DEFAULT_BODY_LIMIT: usize = 64 * 1024;

/// How long reading an error body may take by default: a server that drips a byte
/// a second would otherwise hold a retry loop for hours. What arrived in time is
/// kept, and the context is marked truncated. Reading needs a Tokio runtime with
/// its timers enabled, as `#[tokio::main]` builds.
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// Building [`ApiError`]s from reqwest responses.
///
/// ```no_run
/// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
/// use http_api_error::reqwest::ResponseExt;
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
/// let response = reqwest::get("http://127.0.0.1:8080/api/records").await?;
/// match response.error_for_api_status::<AcmeError>().await {
///     Ok(response) => println!("{}", response.text().await?),
///     Err(error) if error.is_retryable() => println!("retry after {:?}", error.retry_after()),
///     Err(error) => println!("{error}"),
/// }
/// # Ok(())
/// # }
/// ```
pub trait ResponseExt: Sized {
    /// The error for this response, reading at most [`DEFAULT_BODY_LIMIT`] bytes.
    fn api_error<E: ApiError>(self) -> impl Future<Output = E> + Send {
        self.api_error_limited(DEFAULT_BODY_LIMIT)
    }

    /// The error for this response, reading at most `limit` body bytes for at
    /// most [`DEFAULT_BODY_TIMEOUT`].
    fn api_error_limited<E: ApiError>(self, limit: usize) -> impl Future<Output = E> + Send {
        self.api_error_within(limit, DEFAULT_BODY_TIMEOUT)
    }

    /// The error for this response, reading at most `limit` body bytes for at most
    /// `timeout`.
    ///
    /// A longer body keeps its first `limit` bytes and the context is marked
    /// truncated; so is a body whose connection failed part way or that did not
    /// arrive in time. Reading stops as soon as `limit` bytes are in, without
    /// waiting for more. `Content-Length` is not trusted for the cut.
    fn api_error_within<E: ApiError>(
        self,
        limit: usize,
        timeout: Duration,
    ) -> impl Future<Output = E> + Send;

    /// The response itself when it is a success, else its error: every 4xx and 5xx,
    /// and a 2xx that carries an error by the enum's `#[api(success_error(...))]`.
    /// For such an enum a 2xx body is read whole to tell, and handed back in the
    /// response; other enums never read a success's body.
    fn error_for_api_status<E: ApiError>(self) -> impl Future<Output = Result<Self, E>> + Send;
}

impl ResponseExt for reqwest::Response {
    async fn api_error_within<E: ApiError>(self, limit: usize, timeout: Duration) -> E {
        let status = self.status();
        let headers = self.headers().clone();
        let cut_before = self.extensions().get::<BodyTruncated>().is_some();
        let (body, truncated) = read_limited(self, limit, timeout).await;
        let mut error = E::from_parts(status, &headers, &body);
        if truncated || cut_before {
            if let Some(context) = error.context_mut() {
                context.set_truncated(true);
            }
        }
        error
    }

    async fn error_for_api_status<E: ApiError>(self) -> Result<Self, E> {
        let status = self.status();
        if crate::classify::is_error(status) {
            return Err(self.api_error().await);
        }
        if !status.is_success() || E::RULES.success_errors.is_empty() {
            return Ok(self);
        }
        // A success that may carry an error: the whole body is read to tell, then
        // handed back with the response (marked when the connection cut it short).
        let head = ResponseHead::of(&self);
        let (body, truncated) = read_limited(self, usize::MAX, Duration::MAX).await;
        match E::error_in(status, &head.headers, &body) {
            Some(error) => Err(error),
            None => Ok(rebuilt(head, body, truncated)),
        }
    }
}

/// Marks a response whose body was cut at a size limit before it was handed on
/// (as `middleware::RetryApiErrors` hands on the response it gives up on):
/// reading its error marks the context truncated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BodyTruncated;

/// Up to `limit` bytes of the body, read for at most `timeout`, and whether
/// anything may have been left unread.
pub(crate) async fn read_limited(
    mut response: reqwest::Response,
    limit: usize,
    timeout: Duration,
) -> (Vec<u8>, bool) {
    let now = tokio::time::Instant::now();
    // A timeout too long to add is no timeout: a year stands for it.
    let deadline = now
        .checked_add(timeout)
        .unwrap_or_else(|| now + Duration::from_secs(365 * 24 * 60 * 60));
    // Only to tell a body of exactly `limit` bytes from a longer one.
    let announced = response.content_length();
    let mut body = Vec::with_capacity(limit.min(8 * 1024));
    loop {
        if body.len() >= limit {
            let whole = announced == u64::try_from(body.len()).ok();
            return (body, !whole);
        }
        let Ok(chunk) = tokio::time::timeout_at(deadline, response.chunk()).await else {
            return (body, true);
        };
        match chunk {
            Ok(Some(chunk)) => {
                let room = limit - body.len();
                if chunk.len() > room {
                    body.extend_from_slice(&chunk[..room]);
                    return (body, true);
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return (body, false),
            Err(_) => return (body, true),
        }
    }
}

/// The response handed back: `head` with the body that was read, marked
/// [`BodyTruncated`] when it was cut.
pub(crate) fn rebuilt(head: ResponseHead, body: Vec<u8>, truncated: bool) -> reqwest::Response {
    use reqwest::ResponseBuilderExt as _;
    let mut response = http::Response::new(body);
    *response.status_mut() = head.status;
    *response.version_mut() = head.version;
    *response.headers_mut() = head.headers;
    let extensions = response.extensions_mut();
    *extensions = head.extensions;
    // reqwest reads a response's URL from an extension only its builder can set.
    if let Some(url) = http::Response::builder().url(head.url).extensions_mut() {
        extensions.extend(core::mem::take(url));
    }
    if truncated {
        extensions.insert(BodyTruncated);
    }
    reqwest::Response::from(response)
}

/// What a response says before its body.
pub(crate) struct ResponseHead {
    pub(crate) status: http::StatusCode,
    version: http::Version,
    pub(crate) headers: http::HeaderMap,
    url: reqwest::Url,
    extensions: http::Extensions,
}

impl ResponseHead {
    pub(crate) fn of(response: &reqwest::Response) -> Self {
        ResponseHead {
            status: response.status(),
            version: response.version(),
            headers: response.headers().clone(),
            url: response.url().clone(),
            extensions: response.extensions().clone(),
        }
    }
}

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

use super::capped::marked;
pub use super::capped::{BodyTruncated, DEFAULT_BODY_LIMIT, DEFAULT_BODY_TIMEOUT};

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
    /// For such an enum a 2xx body is read whole to tell (unless its
    /// `Content-Length` is over [`DEFAULT_BODY_LIMIT`]: no error body is that long,
    /// and a download passes through unread), and handed back in the
    /// response; other enums never read a success's body.
    fn error_for_api_status<E: ApiError>(self) -> impl Future<Output = Result<Self, E>> + Send;
}

impl ResponseExt for reqwest::Response {
    async fn api_error_within<E: ApiError>(self, limit: usize, timeout: Duration) -> E {
        let status = self.status();
        let headers = self.headers().clone();
        let cut_before = self.extensions().get::<BodyTruncated>().is_some();
        let (body, truncated) = read_limited(self, limit, timeout).await;
        marked(
            E::from_parts(status, &headers, &body),
            truncated || cut_before,
        )
    }

    async fn error_for_api_status<E: ApiError>(self) -> Result<Self, E> {
        let read = super::capped::to_read::<E>(
            self.status(),
            self.content_length(),
            DEFAULT_BODY_LIMIT,
            DEFAULT_BODY_TIMEOUT,
        );
        let Some((limit, timeout)) = read else {
            return Ok(self);
        };
        let head = ResponseHead::of(&self);
        let cut_before = head.extensions.get::<BodyTruncated>().is_some();
        let (body, truncated) = read_limited(self, limit, timeout).await;
        match E::error_in(head.status, &head.headers, &body) {
            Some(error) => Err(marked(error, truncated || cut_before)),
            // A success, handed back with the body read to tell (marked when the
            // connection cut it short).
            None => Ok(rebuilt(head, body, truncated)),
        }
    }
}

/// Up to `limit` bytes of the body, read for at most `timeout`, and whether
/// anything may have been left unread.
pub(crate) async fn read_limited(
    response: reqwest::Response,
    limit: usize,
    timeout: Duration,
) -> (Vec<u8>, bool) {
    super::capped::read_capped(response, limit, timeout).await
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

//! Errors from a progenitor-generated client: its `progenitor_client::Error` made
//! into the enum, so that a user of a generated client gets the variant, the
//! advice and the delay. Feature `progenitor`.

use core::future::Future;

use progenitor_client::Error;

use super::reqwest::ResponseExt as _;
use crate::ApiError;

/// Making a generated client's error into the enum `E`.
///
/// - `Error::UnexpectedResponse` (a status the document does not list): the
///   response's status, headers and body, read as
///   [`error_for_api_status`](super::reqwest::ResponseExt::error_for_api_status)
///   reads them (up to its cap). A success, or a 2xx the enum does not take for an
///   error, is handed back as it came.
/// - `Error::ErrorResponse` (a documented error, its body already decoded into the
///   document's type `T`): the status, the headers, and `T` serialised back to
///   JSON as the body. The vendor's exact bytes are gone by then: members `T` does
///   not declare are not in it.
/// - Every other kind is handed back as it came: those without a response (a
///   failed connection, a request the client refused) and those whose body
///   progenitor could not read or decode (`InvalidResponsePayload`,
///   `ResponseBodyError`), which keep no status to classify by, even when the
///   status was a documented error's (an HTML 502 from a load balancer).
///
/// ```no_run
/// # struct Client;
/// # impl Client {
/// #     async fn widget_get(&self, _: &str) -> Result<(), progenitor_client::Error<()>> { Ok(()) }
/// # }
/// # async fn example(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
/// use http_api_error::progenitor::ErrorExt;
/// use http_api_error::{ApiError, Context};
///
/// #[derive(Debug, ApiError)]
/// #[api(vendor = "Acme", display)]
/// enum AcmeError {
///     #[status(404)]
///     NotFound(#[context] Context),
///     #[status(429, retry = backoff)]
///     RateLimited(#[context] Context),
///     #[status(other)]
///     Unexpected(#[context] Context),
/// }
///
/// match client.widget_get("w-1").await {
///     Ok(widget) => println!("{widget:?}"),
///     Err(error) => match error.api_error::<AcmeError>().await {
///         Ok(error) => println!("{error}; retry after {:?}", error.retry_after()),
///         Err(other) => println!("no response to read: {other}"),
///     },
/// }
/// # Ok(())
/// # }
/// ```
pub trait ErrorExt: Sized {
    /// The enum's error for this error's response; the error itself when it has
    /// no error response to read.
    fn api_error<E: ApiError>(self) -> impl Future<Output = Result<E, Self>> + Send;
}

// The generated client's own error, large as it is, handed back as it came.
#[allow(clippy::result_large_err)]
impl<T: serde::Serialize + Send> ErrorExt for Error<T> {
    async fn api_error<E: ApiError>(self) -> Result<E, Self> {
        match self {
            Error::UnexpectedResponse(response) => response
                .error_for_api_status::<E>()
                .await
                .map_or_else(Ok, |success| Err(Error::UnexpectedResponse(success))),
            Error::ErrorResponse(value) => {
                let (status, headers) = (value.status(), value.headers().clone());
                // A value its own type cannot write is not one progenitor decoded:
                // the response is kept with an empty body rather than lost.
                // `()` (no documented error type) writes `null`, a body the vendor
                // never sent: no body then.
                let body = match serde_json::to_value(&*value) {
                    Ok(serde_json::Value::Null) | Err(_) => Vec::new(),
                    Ok(json) => serde_json::to_vec(&json).unwrap_or_default(),
                };
                E::error_in(status, &headers, &body).ok_or(Error::ErrorResponse(value))
            }
            other => Err(other),
        }
    }
}

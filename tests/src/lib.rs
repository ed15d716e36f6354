//! Shared helpers for the behaviour tests and the demo: reading the vendor fixtures
//! in `shared/fixtures/` and summarising a decoded error as their cases do.

pub mod floor;
pub mod gallery;
pub mod instances;
pub mod limited;
pub mod mock;
pub mod redis_server;

use std::path::{Path, PathBuf};

use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use http_api_error::investsuite::InvestSuiteError;
use http_api_error::smartsuite::SmartSuiteError;
use http_api_error::ApiError;
use serde::Deserialize;

/// The fixtures folder: `$HTTP_API_ERROR_FIXTURES`, else `shared/fixtures` beside the checkout.
pub fn fixtures_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("HTTP_API_ERROR_FIXTURES") {
        return PathBuf::from(dir);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures")
}

/// This crate's own fixtures: `tests/fixtures/` (real captures, the gallery).
pub fn own_fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// One recorded HTTP response.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// The status line's code.
    pub status: StatusCode,
    /// The header lines.
    pub headers: HeaderMap,
    /// Every byte after the blank line.
    pub body: Vec<u8>,
}

impl Fixture {
    /// Reads `relative` under [`fixtures_dir`].
    pub fn load(relative: &str) -> Result<Fixture, String> {
        Fixture::read(&fixtures_dir().join(relative))
    }

    /// Reads a fixture file.
    pub fn read(path: &Path) -> Result<Fixture, String> {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Fixture::parse(&bytes).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parses a status line, header lines and a body; head lines end in LF or CRLF.
    pub fn parse(bytes: &[u8]) -> Result<Fixture, String> {
        let (head, body) = split_head(bytes).ok_or("no blank line after the headers")?;
        let head = std::str::from_utf8(head).map_err(|e| e.to_string())?;
        let mut lines = head.lines();
        let status_line = lines.next().ok_or("no status line")?;
        let code = status_line
            .split_whitespace()
            .nth(1)
            .ok_or("no code on the status line")?;
        let status = code
            .parse::<u16>()
            .ok()
            .and_then(|code| StatusCode::from_u16(code).ok())
            .ok_or_else(|| format!("bad status code {code:?}"))?;
        let mut headers = HeaderMap::new();
        for line in lines {
            let (name, value) = line
                .split_once(':')
                .ok_or_else(|| format!("bad header line {line:?}"))?;
            let name = HeaderName::from_bytes(name.trim().as_bytes()).map_err(|e| e.to_string())?;
            let value = HeaderValue::from_str(value.trim()).map_err(|e| e.to_string())?;
            headers.append(name, value);
        }
        Ok(Fixture {
            status,
            headers,
            body: body.to_vec(),
        })
    }

    /// Decodes the response with `E`.
    pub fn decode<E: ApiError>(&self) -> E {
        E::from_parts(self.status, &self.headers, &self.body)
    }

    /// The error this response is to `E`, or `None` for a success
    /// ([`ApiError::error_in`]).
    pub fn error_in<E: ApiError>(&self) -> Option<E> {
        E::error_in(self.status, &self.headers, &self.body)
    }
}

fn split_head(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let lf = bytes
        .windows(2)
        .position(|w| w == b"\n\n")
        .map(|i| (i, i + 2));
    let crlf = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, i + 4));
    let (end, start) = match (lf, crlf) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    Some((&bytes[..end], &bytes[start..]))
}

/// One entry of `cases.json`: a fixture file and what decoding it must give.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[allow(missing_docs)]
pub struct Case {
    pub file: String,
    pub variant: String,
    pub status: u16,
    pub class: String,
    pub retry: String,
    pub escalate: bool,
    pub decoded: bool,
    pub message: Option<String>,
    pub field_errors: Vec<(String, String)>,
    pub request_id: Option<String>,
    pub retry_after_secs: Option<u64>,
}

/// Every case of `cases.json`.
pub fn cases() -> Result<Vec<Case>, String> {
    let path = fixtures_dir().join("cases.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// What a decoded error says, in the terms of a [`Case`] (field errors sorted).
pub fn outcome<E: ApiError>(file: &str, error: &E) -> Case {
    let mut field_errors: Vec<(String, String)> = error
        .field_errors()
        .into_iter()
        .map(|e| (e.field, e.message))
        .collect();
    field_errors.sort();
    Case {
        file: file.to_owned(),
        variant: error.variant_name().to_owned(),
        status: error.status().as_u16(),
        class: error.class().to_string(),
        retry: error.retry().as_str().to_owned(),
        escalate: error.escalate(),
        decoded: error.error_body().is_some(),
        message: error.message().map(std::borrow::Cow::into_owned),
        field_errors,
        request_id: error.request_id().map(str::to_owned),
        retry_after_secs: error.retry_after().map(|d| d.as_secs()),
    }
}

/// Decodes a fixture with the vendor its folder names.
pub fn decode_case(file: &str) -> Result<Case, String> {
    let fixture = Fixture::load(file)?;
    match file.split('/').next() {
        Some("smartsuite") => Ok(outcome(file, &fixture.decode::<SmartSuiteError>())),
        Some("investsuite") => Ok(outcome(file, &fixture.decode::<InvestSuiteError>())),
        _ => Err(format!("{file}: no vendor for this folder")),
    }
}

/// Serves `app` on a free loopback port in the background, and gives its base URL.
///
/// # Panics
///
/// When no loopback port can be bound.
pub async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind(std::net::SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    base
}

/// A server that answers 503 with a chunked body: `first` as one chunk, then
/// nothing more, the connection held open (for a minute); its URL.
///
/// # Panics
///
/// When no loopback port can be bound.
pub async fn dripping_server(first: &'static [u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/drip", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = [0u8; 4096];
                let _ = socket.read(&mut request).await;
                let head = format!(
                    "HTTP/1.1 503 Service Unavailable\r\ntransfer-encoding: chunked\r\n\r\n{:x}\r\n",
                    first.len()
                );
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(first).await;
                let _ = socket.write_all(b"\r\n").await;
                tokio::time::sleep(std::time::Duration::from_secs(60)).await;
            });
        }
    });
    url
}

/// A tower stack's client, for the tower tests: `request` sent with reqwest (its
/// method, URI and headers), the answer as an `http::Response` over reqwest's body.
///
/// # Errors
///
/// reqwest's, when the request could not be sent.
pub async fn send_with_reqwest(
    request: http::Request<()>,
) -> reqwest::Result<http::Response<reqwest::Body>> {
    let response = reqwest::Client::new()
        .request(request.method().clone(), request.uri().to_string())
        .headers(request.headers().clone())
        .send()
        .await?;
    Ok(response.into())
}

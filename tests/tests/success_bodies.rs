//! A success that an enum's `success_error` rule makes the integrations read:
//! read up to the cap to tell, and handed on whole whatever its length or its
//! end, over real HTTP with chunked bodies (no `Content-Length`).

use std::time::Duration;

use http_api_error::middleware::RetryApiErrors;
use http_api_error::reqwest::ResponseExt;
use http_api_error::retry::RetryPolicy;
use http_api_error::tower::{ApiRetryPolicy, ErrorBodyLayer, ReadBody};
use http_api_error_tests::gallery::slack::SlackError;
use tower::{Service, ServiceBuilder, ServiceExt};

/// How a chunked answer ends.
#[derive(Clone, Copy)]
enum End {
    /// The last chunk.
    Finished,
    /// The connection closes with the body unfinished.
    Dropped,
}

/// A server answering 200 with `chunks` as a chunked body; its URL.
async fn chunked(chunks: Vec<Vec<u8>>, end: End) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/api", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let chunks = chunks.clone();
            tokio::spawn(async move {
                let mut request = [0u8; 4096];
                let _ = socket.read(&mut request).await;
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
                let _ = socket.write_all(head.as_bytes()).await;
                for chunk in &chunks {
                    let size = format!("{:x}\r\n", chunk.len());
                    let _ = socket.write_all(size.as_bytes()).await;
                    let _ = socket.write_all(chunk).await;
                    let _ = socket.write_all(b"\r\n").await;
                    let _ = socket.flush().await;
                }
                if matches!(end, End::Finished) {
                    let _ = socket.write_all(b"0\r\n\r\n").await;
                }
                let _ = socket.shutdown().await;
            });
        }
    });
    url
}

/// `{"ok": true, "text": "xxx…"}` in three chunks, three times the cap in all.
fn long_success() -> (Vec<Vec<u8>>, String) {
    let filler = "x".repeat(64 * 1024);
    let chunks = vec![
        format!(r#"{{"ok": true, "text": "{filler}"#).into_bytes(),
        filler.clone().into_bytes(),
        format!(r#"{filler}"}}"#).into_bytes(),
    ];
    let whole = String::from_utf8(chunks.concat()).expect("utf-8");
    (chunks, whole)
}

fn fast() -> RetryPolicy {
    RetryPolicy::new()
        .max_attempts(3)
        .base_delay(Duration::from_millis(1))
}

#[tokio::test]
async fn a_long_success_without_a_length_is_handed_on_whole() {
    let (chunks, whole) = long_success();
    let url = chunked(chunks, End::Finished).await;

    let response = reqwest::get(&url).await.expect("request");
    let response = response
        .error_for_api_status::<SlackError>()
        .await
        .expect("ok: true is a success");
    assert_eq!(response.text().await.expect("body"), whole);

    let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(RetryApiErrors::<SlackError>::new(fast()))
        .build();
    let response = client.get(&url).send().await.expect("send");
    assert_eq!(response.text().await.expect("body"), whole);

    let send = tower::service_fn(http_api_error_tests::send_with_reqwest);
    let mut service = ServiceBuilder::new()
        .retry(ApiRetryPolicy::<SlackError>::new(fast()))
        .layer(ErrorBodyLayer::<SlackError>::new())
        .service(send);
    let mut request = http::Request::new(());
    *request.uri_mut() = url.parse().expect("url");
    let response = service
        .ready()
        .await
        .expect("ready")
        .call(request)
        .await
        .expect("call");
    let read = response.extensions().get::<ReadBody>().expect("read");
    assert!(read.is_truncated(), "the read stopped at the cap");
    let body = http_body_util::BodyExt::collect(response.into_body())
        .await
        .expect("body")
        .to_bytes();
    assert_eq!(String::from_utf8_lossy(&body), whole);
}

#[tokio::test]
async fn a_short_error_without_a_length_is_the_error() {
    let body = br#"{"ok": false, "error": "invalid_auth"}"#.to_vec();
    let url = chunked(vec![body], End::Finished).await;
    let failed = reqwest::get(&url)
        .await
        .expect("request")
        .error_for_api_status::<SlackError>()
        .await;
    assert!(
        matches!(failed, Err(SlackError::NotAuthed(_))),
        "{failed:?}"
    );
}

#[tokio::test]
async fn a_success_whose_connection_drops_keeps_its_error() {
    let url = chunked(vec![br#"{"ok": true, "te"#.to_vec()], End::Dropped).await;
    let response = reqwest::get(&url)
        .await
        .expect("request")
        .error_for_api_status::<SlackError>()
        .await
        .expect("not an error body: a success, read in part");
    // What was read comes first, then the connection's error: not a success's
    // body cut short and called whole.
    assert!(response.bytes().await.is_err());
}

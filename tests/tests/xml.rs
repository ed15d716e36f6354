//! XML error bodies (feature `xml`): AWS's three shapes and a generic one read by
//! the one reading, a typed body decoded from the same tree, and hostile documents
//! refused with a reason while the status and the raw bytes are kept.

use http::{HeaderMap, StatusCode};
use http_api_error::body::{BodyError, Dialect, Pointers, Reading};
use http_api_error::{ApiError, Context, Retry};
use serde::Deserialize;

fn read(status: u16, body: &str) -> Reading {
    Reading::of(body.as_bytes(), status, &Pointers::NONE)
}

#[test]
fn aws_rest_xml_query_and_ec2_shapes_are_read() {
    let s3 = read(
        503,
        r#"<?xml version="1.0" encoding="UTF-8"?>
        <Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message>
        <RequestId>R-1</RequestId><HostId>h</HostId></Error>"#,
    );
    assert_eq!(s3.dialect, Dialect::AwsXml);
    assert_eq!(s3.code.as_deref(), Some("SlowDown"));
    assert_eq!(
        s3.message.as_deref(),
        Some("Please reduce your request rate.")
    );
    assert_eq!(s3.request_id.as_deref(), Some("R-1"));

    let query = read(
        400,
        r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>
          <RequestId>R-2</RequestId></ErrorResponse>"#,
    );
    assert_eq!(query.dialect, Dialect::AwsXml);
    assert_eq!(
        (query.code.as_deref(), query.request_id.as_deref()),
        (Some("Throttling"), Some("R-2"))
    );

    // EC2: several errors, the first is the one reported.
    let ec2 = read(
        400,
        "<Response><Errors><Error><Code>InvalidParameterValue</Code><Message>bad type</Message></Error>\
         <Error><Code>MissingParameter</Code><Message>no image</Message></Error></Errors>\
         <RequestID>R-3</RequestID></Response>",
    );
    assert_eq!(ec2.dialect, Dialect::AwsXml);
    assert_eq!(ec2.code.as_deref(), Some("InvalidParameterValue"));
    assert_eq!(ec2.message.as_deref(), Some("bad type"));
    assert_eq!(ec2.request_id.as_deref(), Some("R-3"));
}

#[test]
fn other_xml_is_read_by_the_json_dialects_over_its_tree() {
    let generic = read(
        422,
        "<error><message>Amount too large</message><code>amount_too_large</code></error>",
    );
    assert_eq!(generic.dialect, Dialect::ErrorObject);
    assert_eq!(generic.message.as_deref(), Some("Amount too large"));
    assert_eq!(generic.code.as_deref(), Some("amount_too_large"));
    // An HTML page stays no body at all.
    let html = read(502, "<html><body><h1>502 Bad Gateway</h1></body></html>");
    assert_eq!(html.dialect, Dialect::None);
}

/// S3's error document, typed as a user would (values are text, as XML's are).
#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct S3Error {
    code: String,
    message: String,
    key: Option<String>,
}

#[derive(Debug, ApiError)]
#[api(vendor = "S3", display, request_id_headers("x-amz-request-id"))]
enum S3 {
    #[status(404)]
    NotFound(#[body] S3Error, #[context] Context),
    #[status(503, code = "SlowDown", retry = backoff)]
    SlowDown(#[context] Context),
    #[status(other)]
    Other(#[context] Context),
}

fn s3(status: u16, body: &[u8]) -> S3 {
    let status = StatusCode::from_u16(status).expect("status");
    S3::from_parts(status, &HeaderMap::new(), body)
}

#[test]
fn a_typed_body_is_decoded_from_the_root_elements_content() {
    let body = b"<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code>\
        <Message>The specified key does not exist.</Message><Key>a/b.csv</Key></Error>";
    let S3::NotFound(typed, _) = s3(404, body) else {
        panic!("not NotFound");
    };
    assert_eq!(
        typed,
        S3Error {
            code: "NoSuchKey".into(),
            message: "The specified key does not exist.".into(),
            key: Some("a/b.csv".into()),
        }
    );
    // The code chooses the variant as a JSON body's does.
    let slow = s3(
        503,
        b"<Error><Code>SlowDown</Code><Message>m</Message></Error>",
    );
    assert!(matches!(slow, S3::SlowDown(_)));
    assert_eq!(slow.advice().retry, Retry::Backoff);
    assert_eq!(slow.to_string(), "S3 API error 503 Service Unavailable: m");
}

#[test]
fn hostile_documents_are_refused_and_nothing_is_lost() {
    let laughs = br#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol9 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><Error><Code>&lol9;</Code></Error>"#;
    let external = br#"<!DOCTYPE e [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Error><Code>&xxe;</Code></Error>"#;
    let deep = ("<a>".repeat(100_000) + &"</a>".repeat(100_000)).into_bytes();
    let not_utf8 = b"<Error><Code>\xff\xfe</Code></Error>".to_vec();
    for body in [&laughs[..], &external[..], &deep, &not_utf8] {
        let error = s3(404, body);
        // The typed body could not be read: the catch-all keeps everything.
        let S3::Other(context) = &error else {
            panic!("not the catch-all: {error:?}");
        };
        assert_eq!(context.status(), StatusCode::NOT_FOUND);
        assert_eq!(context.raw_body(), body);
        assert!(
            matches!(context.body_error(), Some(BodyError::Malformed { message, .. }) if message.starts_with("XML: ")),
            "{:?}",
            context.body_error()
        );
        assert_eq!(error.code(), None);
        assert_eq!(error.message(), None);
    }
}

//! Properties of the forms beyond a JSON error status: XML bodies assembled from
//! hostile and ordinary pieces, and JSON bodies under a 2xx `success_error` rule.

use http::{HeaderMap, StatusCode};
use http_api_error::ApiError;
use http_api_error_tests::gallery::aws_xml::AwsXmlError;
use http_api_error_tests::gallery::slack::SlackError;
use proptest::prelude::*;

fn xml_piece() -> impl Strategy<Value = Vec<u8>> {
    prop::sample::select(vec![
        &b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"[..],
        b"<Error>",
        b"</Error>",
        b"<ErrorResponse>",
        b"</ErrorResponse>",
        b"<Response><Errors>",
        b"</Errors></Response>",
        b"<Code>",
        b"</Code>",
        b"<Message>",
        b"</Message>",
        b"<RequestId>",
        b"</RequestId>",
        b"SlowDown",
        b"InternalError",
        b"r-1",
        b"&amp;",
        b"&lol;",
        b"<!DOCTYPE e [<!ENTITY lol \"lol\">]>",
        b"<![CDATA[SlowDown]]>",
        b"<a b=\"c\">",
        b"</a>",
        b"<!-- r-1 -->",
        b"\xff\xfe",
        b"\0",
        b" ",
    ])
    .prop_map(<[u8]>::to_vec)
}

/// The text of an XML body: its markup taken out, CDATA opened, `&amp;` decoded.
fn text_of(body: &[u8]) -> String {
    let lossy = String::from_utf8_lossy(body)
        .replace("<![CDATA[", "")
        .replace("]]>", "");
    let mut text = String::new();
    let mut in_tag = false;
    for c in lossy.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&amp;", "&")
}

fn xml_body() -> impl Strategy<Value = Vec<u8>> {
    let pieces = || prop::collection::vec(xml_piece(), 0..6).prop_map(|p| p.concat());
    prop_oneof![
        prop::collection::vec(xml_piece(), 0..24).prop_map(|pieces| pieces.concat()),
        // AWS's shape, its parts made of any pieces: mostly well formed.
        (pieces(), pieces(), pieces(), pieces()).prop_map(|(before, code, message, after)| {
            [
                before,
                b"<Error><Code>".to_vec(),
                code,
                b"</Code><Message>".to_vec(),
                message,
                b"</Message></Error>".to_vec(),
                after,
            ]
            .concat()
        }),
    ]
}

/// A JSON object that may or may not say `"ok": false`, with other members.
fn slack_body() -> impl Strategy<Value = serde_json::Value> {
    let ok = prop_oneof![
        Just(None),
        Just(Some(serde_json::json!(false))),
        Just(Some(serde_json::json!(true))),
        Just(Some(serde_json::json!("false"))),
        Just(Some(serde_json::json!(0))),
        Just(Some(serde_json::Value::Null)),
    ];
    let error = prop::option::of(prop::sample::select(vec![
        "invalid_auth",
        "ratelimited",
        "channel_not_found",
    ]));
    (ok, error).prop_map(|(ok, error)| {
        let mut body = serde_json::Map::new();
        if let Some(ok) = ok {
            body.insert("ok".into(), ok);
        }
        if let Some(error) = error {
            body.insert("error".into(), error.into());
        }
        serde_json::Value::Object(body)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// Any XML: no panic, the status and the bytes kept, and no code that the body
    /// does not hold.
    #[test]
    fn xml_bodies_lose_nothing_and_invent_no_code(status in 200u16..=599, body in xml_body()) {
        let status = StatusCode::from_u16(status).expect("a status");
        let headers = HeaderMap::new();
        if let Some(error) = AwsXmlError::error_in(status, &headers, &body) {
            prop_assert_eq!(error.status(), status);
            let context = error.context().expect("every variant keeps a context");
            prop_assert_eq!(context.raw_body(), &body[..]);
            if let Some(code) = error.code() {
                // The code is text of the body, never made up.
                let text = text_of(&body);
                prop_assert!(text.contains(&*code), "{code:?} not in {text:?}");
            }
            let _ = (error.message(), error.request_id(), error.advice(), error.to_string());
        } else {
            prop_assert!(
                !status.is_client_error() && !status.is_server_error(),
                "a 4xx or 5xx is always an error"
            );
        }
    }

    /// Under `success_error(pointer = "/ok", equals = false)` a 200 is an error
    /// exactly when its `ok` is the boolean `false`; a success is handed back
    /// untouched.
    #[test]
    fn a_success_is_an_error_exactly_when_the_rule_says(body in slack_body()) {
        let bytes = serde_json::to_vec(&body).expect("json");
        let says_failed = body.get("ok") == Some(&serde_json::Value::Bool(false));
        let response = http::Response::builder().status(200).body(bytes.clone()).expect("response");
        match SlackError::check_response(response) {
            Err(error) => {
                prop_assert!(says_failed, "{body}");
                prop_assert_eq!(error.status(), StatusCode::OK);
                prop_assert_eq!(error.context().expect("context").raw_body(), &bytes[..]);
                let code = error.code();
                prop_assert_eq!(code.as_deref(), body.get("error").and_then(|e| e.as_str()));
            }
            Ok(response) => {
                prop_assert!(!says_failed, "{body}");
                prop_assert_eq!(response.body(), &bytes);
            }
        }
    }
}

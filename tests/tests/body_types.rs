//! The runtime's body types on the variations real servers send.

use http_api_error::body::{
    ErrorBody, FieldError, FieldErrors, LocSegment, Problem, Validation, ValidationDetail,
};

fn field_errors(json: &str) -> FieldErrors {
    serde_json::from_str(json).expect("FieldErrors accepts any JSON")
}

#[test]
fn field_errors_take_a_message_or_a_list_per_field() {
    let body = field_errors(r#"{"a": "one", "b": ["two", "three"], "c": []}"#);
    assert_eq!(
        body.field_errors(),
        vec![
            FieldError::new("a", "one"),
            FieldError::new("b", "two"),
            FieldError::new("b", "three")
        ]
    );
    assert_eq!(body.message(), None);
}

#[test]
fn the_general_message_is_under_message_detail_or_error() {
    assert_eq!(
        field_errors(r#"{"detail": "d"}"#).general_message(),
        Some("d")
    );
    assert_eq!(
        field_errors(r#"{"error": "e"}"#).general_message(),
        Some("e")
    );
    assert_eq!(
        field_errors(r#"{"error": "code_x", "message": "Text"}"#).general_message(),
        Some("Text")
    );
    assert_eq!(
        field_errors(r#"{"error": {"message": "inner", "code": 3}}"#).general_message(),
        Some("inner")
    );
    // A list of messages under `detail` is a field's (a field map's members are
    // fields whatever their names); a string there is the general message.
    let body = field_errors(r#"{"detail": ["a", "b"]}"#);
    assert_eq!(body.general_message(), None);
    assert_eq!(body.get("detail").collect::<Vec<_>>(), vec!["a", "b"]);
    assert_eq!(field_errors(r#""bare""#).general_message(), Some("bare"));
    // The general keys are not fields.
    assert!(field_errors(r#"{"detail": "d", "error": "e"}"#)
        .fields()
        .is_empty());
}

#[test]
fn nested_field_errors_are_flattened_with_dots() {
    let body = field_errors(r#"{"address": {"city": ["required"], "zip": {"code": "bad"}}}"#);
    assert_eq!(
        body.field_errors(),
        vec![
            FieldError::new("address.city", "required"),
            FieldError::new("address.zip.code", "bad")
        ]
    );
}

#[test]
fn field_errors_of_an_unexpected_shape_are_empty_not_an_error() {
    assert_eq!(field_errors("[true, null, {}]"), FieldErrors::default());
    assert_eq!(field_errors("42"), FieldErrors::default());
}

#[test]
fn a_bare_list_of_strings_is_the_general_message() {
    // Django REST framework's `raise ValidationError("...")`.
    let body = field_errors(r#"["Booking is closed.", "Try tomorrow."]"#);
    assert_eq!(
        body.general_message(),
        Some("Booking is closed.; Try tomorrow.")
    );
    assert!(body.fields().is_empty());
}

#[test]
fn objects_inside_a_list_keep_their_index() {
    let body = field_errors(r#"{"lines": [{}, {"sku": ["This field is required."]}]}"#);
    assert_eq!(
        body.field_errors(),
        vec![FieldError::new("lines.1.sku", "This field is required.")]
    );
}

#[test]
fn validation_detail_is_a_message_or_issues() {
    let body: Validation =
        serde_json::from_str(r#"{"title":"Conflict","detail":"already open","status":409}"#)
            .expect("validation");
    assert_eq!(
        body.detail,
        Some(ValidationDetail::Message("already open".into()))
    );
    assert_eq!(body.message().as_deref(), Some("already open"));
    assert!(body.field_errors().is_empty());

    let body: Validation = serde_json::from_str(r#"{"detail":[{"loc":["body","orders",0,"quantity"],"msg":"m","type":"t"},{"msg":"no loc"},{"loc":"query","msg":"single"},{"nomsg":1}]}"#).expect("validation");
    assert_eq!(body.issues().len(), 3, "an entry without msg is skipped");
    assert_eq!(
        body.issues()[0].loc,
        vec![
            LocSegment::Key("body".into()),
            LocSegment::Key("orders".into()),
            LocSegment::Index(0),
            LocSegment::Key("quantity".into())
        ]
    );
    assert_eq!(body.field_errors()[1], FieldError::new("", "no loc"));
    assert_eq!(body.field_errors()[2], FieldError::new("query", "single"));
    assert_eq!(body.message(), None);
}

#[test]
fn problem_members_of_the_wrong_type_are_ignored() {
    let body: Problem = serde_json::from_str(
        r#"{"type": 5, "title": ["x"], "detail": "d", "status": "abc", "instance": {}}"#,
    )
    .expect("problem");
    assert_eq!(body.problem_type.as_deref(), Some("5"));
    assert_eq!(body.title, None);
    assert_eq!(body.status, None);
    assert_eq!(body.instance, None);
    assert_eq!(body.message().as_deref(), Some("d"));
}

#[test]
fn problem_message_prefers_detail_then_description_then_title() {
    let parse = |json: &str| serde_json::from_str::<Problem>(json).expect("problem");
    assert_eq!(
        parse(r#"{"title":"t","detail":"d","description":"x"}"#)
            .message()
            .as_deref(),
        Some("d")
    );
    assert_eq!(
        parse(r#"{"title":"t","description":"x"}"#)
            .message()
            .as_deref(),
        Some("x")
    );
    // A `detail` that repeats the status's reason phrase says less than the title
    // (Litestar's problem details put the specific text there).
    assert_eq!(
        parse(r#"{"status":404,"title":"Item 42 not found","detail":"Not Found"}"#)
            .message()
            .as_deref(),
        Some("Item 42 not found")
    );
    assert_eq!(
        parse(r#"{"title":"t","detail":"d"}"#).message().as_deref(),
        Some("d")
    );
    assert_eq!(parse(r#"{"title":"t"}"#).message().as_deref(), Some("t"));
    assert_eq!(parse(r"{}").message(), None);
}

#[test]
fn bodies_that_are_not_objects_fail_for_object_types() {
    assert!(serde_json::from_str::<Problem>("[]").is_err());
    assert!(serde_json::from_str::<Validation>("\"text\"").is_err());
}

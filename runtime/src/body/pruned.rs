//! A parsed body that holds only the object members whose keys a reader looks at,
//! borrowing its strings from the body wherever they have no escapes: the same
//! parser, errors and depth limit as a whole `serde_json::Value`, with nothing
//! allocated for the members left out. [`Json`] lets one rule read either.

use core::fmt;
use std::borrow::Cow;

use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::pointer::{list_index, steps};

/// What a rule reads of a parsed JSON value, answered alike by a whole `Value` and
/// by a [`Node`] tree.
pub(crate) trait Json: Sized {
    /// An object's members.
    type Object: ?Sized;

    /// The members, when this is an object.
    fn as_members(&self) -> Option<&Self::Object>;

    /// The member `key` of `object`; the last of a repeated key.
    fn member<'s>(object: &'s Self::Object, key: &str) -> Option<&'s Self>;

    /// The items, when this is a list.
    fn as_items(&self) -> Option<&[Self]>;

    /// The text, when this is a string.
    fn as_text(&self) -> Option<&str>;

    /// The number, when this is one.
    fn as_number(&self) -> Option<&Number>;

    /// The value at an RFC 6901 `pointer`, as `serde_json::Value::pointer` finds it.
    fn at_pointer(&self, pointer: &str) -> Option<&Self> {
        if pointer.is_empty() {
            return Some(self);
        }
        if !pointer.starts_with('/') {
            return None;
        }
        steps(pointer).try_fold(self, |target, step| match target.as_members() {
            Some(object) => Self::member(object, &step),
            None => target.as_items()?.get(list_index(&step)?),
        })
    }
}

impl Json for Value {
    type Object = Map<String, Value>;

    fn as_members(&self) -> Option<&Map<String, Value>> {
        self.as_object()
    }

    fn member<'s>(object: &'s Map<String, Value>, key: &str) -> Option<&'s Value> {
        object.get(key)
    }

    fn as_items(&self) -> Option<&[Value]> {
        self.as_array().map(Vec::as_slice)
    }

    fn as_text(&self) -> Option<&str> {
        self.as_str()
    }

    fn as_number(&self) -> Option<&Number> {
        Value::as_number(self)
    }
}

/// A JSON value of which only the wanted object members were kept.
#[derive(Debug, PartialEq)]
pub(crate) enum Node<'a> {
    /// `null`, `true` or `false`: no rule reads more than that it is there.
    Other,
    Number(Number),
    Text(Cow<'a, str>),
    List(Vec<Node<'a>>),
    /// The kept members in the order they came, repeated keys included.
    Map(Vec<(Cow<'a, str>, Node<'a>)>),
}

impl<'a> Json for Node<'a> {
    type Object = [(Cow<'a, str>, Node<'a>)];

    fn as_members(&self) -> Option<&Self::Object> {
        match self {
            Node::Map(members) => Some(members),
            _ => None,
        }
    }

    fn member<'s>(object: &'s Self::Object, key: &str) -> Option<&'s Node<'a>> {
        // The last of a repeated key wins, as in a whole `Value`.
        object
            .iter()
            .rev()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value)
    }

    fn as_items(&self) -> Option<&[Node<'a>]> {
        match self {
            Node::List(items) => Some(items),
            _ => None,
        }
    }

    fn as_text(&self) -> Option<&str> {
        match self {
            Node::Text(text) => Some(text),
            _ => None,
        }
    }

    fn as_number(&self) -> Option<&Number> {
        match self {
            Node::Number(number) => Some(number),
            _ => None,
        }
    }
}

/// Parses `json` keeping, at every depth, the object members whose key `wanted`
/// accepts, and every list item. Fails exactly where `serde_json::from_slice::<Value>`
/// fails: members left out are still parsed, through `deserialize_any`, so their
/// syntax, their strings and their nesting are checked the same way.
pub(crate) fn parse<'a>(
    json: &'a [u8],
    wanted: &dyn Fn(&str) -> bool,
) -> serde_json::Result<Node<'a>> {
    // A body of valid UTF-8 is checked once, as a whole, instead of string by string.
    match core::str::from_utf8(json) {
        Ok(text) => whole(serde_json::Deserializer::from_str(text), wanted),
        Err(_) => whole(serde_json::Deserializer::from_slice(json), wanted),
    }
}

/// The tree of the one value `deserializer` holds, nothing after it.
fn whole<'a, R: serde_json::de::Read<'a>>(
    mut deserializer: serde_json::Deserializer<R>,
    wanted: &dyn Fn(&str) -> bool,
) -> serde_json::Result<Node<'a>> {
    let value = tree_of(&mut deserializer, wanted)?;
    deserializer.end()?;
    Ok(value)
}

/// The tree [`parse`] builds of the value `deserializer` holds, by the same rule.
pub(crate) fn tree_of<'de, D: Deserializer<'de>>(
    deserializer: D,
    wanted: &dyn Fn(&str) -> bool,
) -> Result<Node<'de>, D::Error> {
    Pruned { wanted }.deserialize(deserializer)
}

/// Builds a [`Node`] of the wanted members.
#[derive(Clone, Copy)]
struct Pruned<'w> {
    wanted: &'w dyn Fn(&str) -> bool,
}

impl<'de> DeserializeSeed<'de> for Pruned<'_> {
    type Value = Node<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Pruned<'_> {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: Error>(self, _: bool) -> Result<Node<'de>, E> {
        Ok(Node::Other)
    }

    fn visit_i64<E: Error>(self, value: i64) -> Result<Node<'de>, E> {
        Ok(Node::Number(value.into()))
    }

    fn visit_u64<E: Error>(self, value: u64) -> Result<Node<'de>, E> {
        Ok(Node::Number(value.into()))
    }

    fn visit_f64<E: Error>(self, value: f64) -> Result<Node<'de>, E> {
        Ok(Number::from_f64(value).map_or(Node::Other, Node::Number))
    }

    fn visit_borrowed_str<E: Error>(self, value: &'de str) -> Result<Node<'de>, E> {
        Ok(Node::Text(Cow::Borrowed(value)))
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<Node<'de>, E> {
        Ok(Node::Text(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E: Error>(self, value: String) -> Result<Node<'de>, E> {
        Ok(Node::Text(Cow::Owned(value)))
    }

    fn visit_unit<E: Error>(self) -> Result<Node<'de>, E> {
        Ok(Node::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'de>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Node::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'de>, A::Error> {
        let mut members = Vec::new();
        let key = WantedKey {
            wanted: self.wanted,
        };
        while let Some(key) = map.next_key_seed(key)? {
            match key {
                Some(key) => members.push((key, map.next_value_seed(self)?)),
                None => map.next_value_seed(Skip)?,
            }
        }
        Ok(arbitrary_precision_number(&members).unwrap_or(Node::Map(members)))
    }
}

/// The key under which serde_json, built with its `arbitrary_precision` feature
/// (which any crate in a build may turn on), hands over a number: as a map of this
/// one key to the number's text.
pub(crate) const NUMBER_KEY: &str = "$serde_json::private::Number";

/// The number such a map stands for, as a whole `Value` reads it.
fn arbitrary_precision_number<'de>(members: &[(Cow<'de, str>, Node<'de>)]) -> Option<Node<'de>> {
    match members {
        [(key, Node::Text(text))] if key == NUMBER_KEY => text.parse().ok().map(Node::Number),
        _ => None,
    }
}

/// A key, kept only when it is wanted, borrowed when it has no escapes.
#[derive(Clone, Copy)]
struct WantedKey<'w> {
    wanted: &'w dyn Fn(&str) -> bool,
}

impl WantedKey<'_> {
    fn keeps(self, key: &str) -> bool {
        (self.wanted)(key) || key == NUMBER_KEY
    }
}

impl<'de> DeserializeSeed<'de> for WantedKey<'_> {
    type Value = Option<Cow<'de, str>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for WantedKey<'_> {
    type Value = Option<Cow<'de, str>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_borrowed_str<E: Error>(self, key: &'de str) -> Result<Self::Value, E> {
        Ok(self.keeps(key).then_some(Cow::Borrowed(key)))
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self.keeps(key).then(|| Cow::Owned(key.to_owned())))
    }
}

/// Parses the value `deserializer` holds and drops it, checking it as a whole
/// `Value` would be checked.
pub(crate) fn skip<'de, D: Deserializer<'de>>(deserializer: D) -> Result<(), D::Error> {
    Skip.deserialize(deserializer)
}

/// A value parsed and dropped.
#[derive(Clone, Copy)]
struct Skip;

impl<'de> DeserializeSeed<'de> for Skip {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Skip {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    super::loose::skip_values!((); bool, i64, u64, f64, str, unit);

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Skip)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_key_seed(Skip)?.is_some() {
            map.next_value_seed(Skip)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(json: &str) -> serde_json::Result<Value> {
        serde_json::from_str(json)
    }

    /// The tree as a `Value`, to compare with a whole parse.
    fn as_value(node: &Node<'_>) -> Value {
        match node {
            Node::Other => Value::Null,
            Node::Number(number) => Value::Number(number.clone()),
            Node::Text(text) => Value::String(text.to_string()),
            Node::List(items) => Value::Array(items.iter().map(as_value).collect()),
            Node::Map(members) => Value::Object(
                members
                    .iter()
                    .map(|(key, value)| (key.to_string(), as_value(value)))
                    .collect(),
            ),
        }
    }

    #[test]
    fn keeps_the_wanted_members_at_every_depth() {
        let json = r#"{"a": {"b": 1, "c": [{"a": "x", "z": 2}]}, "z": {"a": 3}, "a": {"b": 4}}"#;
        let pruned = parse(json.as_bytes(), &|key| key == "a" || key == "b").unwrap();
        assert_eq!(as_value(&pruned), serde_json::json!({"a": {"b": 4}}));
        let pruned = parse(json.as_bytes(), &|key| key != "z").unwrap();
        let mut expected = whole(json).unwrap();
        expected.as_object_mut().unwrap().remove("z");
        assert_eq!(as_value(&pruned), expected);
    }

    #[test]
    fn borrows_strings_without_escapes_and_unescapes_the_others() {
        let json = br#"{"a": "plain", "b\u0021": "tab\there"}"#;
        let Node::Map(members) = parse(json, &|_| true).unwrap() else {
            panic!("an object")
        };
        assert!(matches!(&members[0].0, Cow::Borrowed("a")));
        assert!(matches!(&members[0].1, Node::Text(Cow::Borrowed("plain"))));
        assert_eq!(members[1].0, "b!");
        assert_eq!(members[1].1, Node::Text(Cow::Owned("tab\there".into())));
    }

    #[test]
    fn members_and_pointers_answer_as_in_a_whole_value() {
        let json = r#"{"a": [{"b~/c": 1}, {"d": "x", "d": "y"}], "0": {"01": 2, "1": 3}, "": 4}"#;
        let value = whole(json).unwrap();
        let node = parse(json.as_bytes(), &|_| true).unwrap();
        for pointer in [
            "",
            "/a",
            "/a/0/b~0~1c",
            "/a/1/d",
            "/a/01",
            "/a/+1",
            "/a/2",
            "/0/01",
            "/0/1",
            "/",
            "/a/0/b~/c",
            "a",
            "/a/1/d/0",
        ] {
            assert_eq!(
                node.at_pointer(pointer).map(as_value),
                value.at_pointer(pointer).cloned(),
                "{pointer}"
            );
            assert_eq!(
                value.at_pointer(pointer),
                value.pointer(pointer),
                "{pointer}"
            );
        }
    }

    #[test]
    fn fails_where_a_whole_value_fails() {
        let deep = format!("{{\"z\": {}{}}}", "[".repeat(200), "]".repeat(200));
        let lone_surrogate = r#"{"z": "\ud800"}"#;
        for json in [
            "{\"z\": [1, 2",
            "{\"z\": 1} trailing",
            deep.as_str(),
            lone_surrogate,
            "{\"z\": 1e400}",
            "{\"z\": \"\\q\"}",
        ] {
            assert!(whole(json).is_err(), "{json}");
            assert!(parse(json.as_bytes(), &|_| false).is_err(), "{json}");
        }
    }
}

//! The one parse of a JSON body that the reading and the typed `#[body]` share.
//!
//! A tree borrowed from the body's bytes: a string without escapes is a slice of
//! the body, an object one vector of members. `serde_json::Value` allocates every
//! key and string and a B-tree per object; on an error body that costs as much as
//! everything else a user's program asks of the error together. Objects keep
//! `Value`'s meaning (members in key order, the last of a repeated key wins), so
//! every reader and every typed body sees what a `Value` would have shown it.

use std::borrow::Cow;
use std::fmt;

use serde::de::value::SeqDeserializer;
use serde::de::value::{BorrowedStrDeserializer, Error, MapAccessDeserializer, MapDeserializer};
use serde::de::{self, Deserialize, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Number;

/// A parsed JSON value, its strings borrowed where the body allows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    Object(Object<'a>),
}

/// One member of an object: its key and its value.
type Member<'a> = (Cow<'a, str>, Json<'a>);

/// An object's members, sorted by key, one per key, and a one-word filter of
/// their keys: readers look for many keys an entry does not have (a field is
/// named by one of eleven), and most of those lookups end at the filter.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Object<'a>(Vec<Member<'a>>, u64);

/// A key's bit in the filter, from its length and its first and last bytes.
#[inline]
fn key_bit(key: &str) -> u64 {
    let bytes = key.as_bytes();
    let first = u64::from(bytes.first().copied().unwrap_or(0));
    let last = u64::from(bytes.last().copied().unwrap_or(0));
    1 << ((bytes.len() as u64 * 7 + first * 3 + last) % 64)
}

/// Below this many members a lookup scans; above, it searches the sorted keys.
const SCANNED: usize = 8;

impl<'a> Object<'a> {
    pub(crate) fn from_members(mut members: Vec<Member<'a>>) -> Self {
        // Reversed, then a stable sort: of a repeated key the last written comes
        // first, and `dedup_by` keeps the first of each run.
        members.reverse();
        members.sort_by(|a, b| a.0.cmp(&b.0));
        members.dedup_by(|later, kept| later.0 == kept.0);
        let filter = members
            .iter()
            .fold(0, |filter, (key, _)| filter | key_bit(key));
        Object(members, filter)
    }

    // Inlined, so that the bit of a key written in the code is a constant.
    #[inline]
    pub(crate) fn get(&self, key: &str) -> Option<&Json<'a>> {
        if self.1 & key_bit(key) == 0 {
            return None;
        }
        self.find(key)
    }

    fn find(&self, key: &str) -> Option<&Json<'a>> {
        let at = if self.0.len() <= SCANNED {
            self.0.iter().position(|(k, _)| k == key)?
        } else {
            self.0.binary_search_by(|(k, _)| (**k).cmp(key)).ok()?
        };
        Some(&self.0[at].1)
    }

    pub(crate) fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn iter(&self) -> <&Object<'a> as IntoIterator>::IntoIter {
        self.into_iter()
    }

    pub(crate) fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(key, _)| &**key)
    }

    pub(crate) fn values(&self) -> impl Iterator<Item = &Json<'a>> {
        self.0.iter().map(|(_, value)| value)
    }
}

impl<'s, 'a> IntoIterator for &'s Object<'a> {
    type Item = (&'s str, &'s Json<'a>);
    type IntoIter = core::iter::Map<
        core::slice::Iter<'s, Member<'a>>,
        fn(&'s Member<'a>) -> (&'s str, &'s Json<'a>),
    >;

    fn into_iter(self) -> Self::IntoIter {
        fn member<'s, 'a>(member: &'s Member<'a>) -> (&'s str, &'s Json<'a>) {
            (&member.0, &member.1)
        }
        let member: fn(&'s Member<'a>) -> (&'s str, &'s Json<'a>) = member;
        self.0.iter().map(member)
    }
}

impl<'a> Json<'a> {
    pub(crate) fn get(&self, key: &str) -> Option<&Json<'a>> {
        self.as_object()?.get(key)
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(text) => Some(text),
            _ => None,
        }
    }

    pub(crate) fn as_array(&self) -> Option<&[Json<'a>]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    pub(crate) fn as_object(&self) -> Option<&Object<'a>> {
        match self {
            Json::Object(object) => Some(object),
            _ => None,
        }
    }

    pub(crate) fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Number(number) => number.as_u64(),
            _ => None,
        }
    }

    pub(crate) fn is_string(&self) -> bool {
        matches!(self, Json::String(_))
    }

    pub(crate) fn is_object(&self) -> bool {
        matches!(self, Json::Object(_))
    }

    pub(crate) fn is_u64(&self) -> bool {
        self.as_u64().is_some()
    }

    pub(crate) fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// The value at an RFC 6901 pointer (`/error/message`, `/errors/0/detail`).
    pub(crate) fn pointer(&self, pointer: &str) -> Option<&Json<'a>> {
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return None;
        }
        super::pointer::steps(pointer).try_fold(self, |value, step| match value {
            Json::Object(object) => object.get(&step),
            Json::Array(items) => index(&step).and_then(|at| items.get(at)),
            _ => None,
        })
    }

    /// A `serde_json::Value` seen as a tree, its strings borrowed.
    pub(crate) fn of_value(value: &'a serde_json::Value) -> Json<'a> {
        use serde_json::Value;
        match value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => Json::Number(n.clone()),
            Value::String(s) => Json::String(Cow::Borrowed(s)),
            Value::Array(items) => Json::Array(items.iter().map(Json::of_value).collect()),
            // Already sorted and one per key.
            Value::Object(map) => Json::Object(Object::from_members(
                map.iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Json::of_value(v)))
                    .collect(),
            )),
        }
    }
}

impl Json<'_> {
    /// The same value as a `serde_json::Value`, for a type that hands one out.
    pub(crate) fn to_value(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => Value::Number(n.clone()),
            Json::String(s) => Value::String(s.to_string()),
            Json::Array(items) => Value::Array(items.iter().map(Json::to_value).collect()),
            Json::Object(object) => Value::Object(
                object
                    .iter()
                    .map(|(key, value)| (key.to_owned(), value.to_value()))
                    .collect(),
            ),
        }
    }
}

/// An array index as RFC 6901 writes it: digits, no leading zero.
fn index(step: &str) -> Option<usize> {
    let leading_zero = step.len() > 1 && step.starts_with('0');
    if leading_zero || !step.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    step.parse().ok()
}

impl<'de> Deserialize<'de> for Json<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Json<'de>, E> {
        Ok(Json::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Json<'de>, E> {
        Ok(Json::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Json<'de>, E> {
        Ok(Json::Number(n.into()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Json<'de>, E> {
        Ok(Number::from_f64(n).map_or(Json::Null, Json::Number))
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E>(self, s: String) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(s)))
    }

    fn visit_unit<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_none<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Json<'de>, D::Error> {
        Json::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'de>, A::Error> {
        let mut members = Vec::new();
        while let Some(Key(key)) = map.next_key()? {
            members.push((key, map.next_value()?));
        }
        Ok(Json::Object(Object::from_members(members)))
    }
}

/// A member's key, borrowed where the deserializer lends it (serde's own `Cow`
/// impl always copies).
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Json::deserialize(deserializer)? {
            Json::String(key) => Ok(Key(key)),
            _ => Err(de::Error::custom("an object key that is not a string")),
        }
    }
}

/// A typed `#[body]` decoded from the tree, as from a `serde_json::Value`.
impl<'de, 'a: 'de> Deserializer<'de> for &'de Json<'a> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Json::Null => visitor.visit_unit(),
            Json::Bool(b) => visitor.visit_bool(*b),
            Json::Number(n) => {
                if let Some(n) = n.as_u64() {
                    visitor.visit_u64(n)
                } else if let Some(n) = n.as_i64() {
                    visitor.visit_i64(n)
                } else {
                    visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            Json::String(s) => visitor.visit_borrowed_str(s),
            Json::Array(items) => {
                let mut seq = SeqDeserializer::new(items.iter());
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            Json::Object(object) => {
                let mut map = members(object);
                let value = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(value)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Json::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self {
            Json::String(s) => visitor.visit_enum(BorrowedStrDeserializer::new(s)),
            Json::Object(object) if object.len() == 1 => {
                visitor.visit_enum(MapAccessDeserializer::new(members(object)))
            }
            _ => Err(de::Error::custom(
                "an enum is a string or an object of one member",
            )),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

type Members<'de, 'a> = MapDeserializer<
    'de,
    core::iter::Map<
        core::slice::Iter<'de, Member<'a>>,
        fn(&'de Member<'a>) -> (BorrowedKey<'de>, &'de Json<'a>),
    >,
    Error,
>;

fn members<'de, 'a>(object: &'de Object<'a>) -> Members<'de, 'a> {
    fn pair<'de, 'a>(member: &'de Member<'a>) -> (BorrowedKey<'de>, &'de Json<'a>) {
        (BorrowedKey(&member.0), &member.1)
    }
    let pair: fn(&'de Member<'a>) -> (BorrowedKey<'de>, &'de Json<'a>) = pair;
    MapDeserializer::new(object.0.iter().map(pair))
}

/// A key lent to the typed body for as long as the tree lives.
struct BorrowedKey<'de>(&'de str);

impl<'de> IntoDeserializer<'de, Error> for BorrowedKey<'de> {
    type Deserializer = BorrowedStrDeserializer<'de, Error>;

    fn into_deserializer(self) -> Self::Deserializer {
        BorrowedStrDeserializer::new(self.0)
    }
}

impl<'de, 'a: 'de> IntoDeserializer<'de, Error> for &'de Json<'a> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Json<'_> {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn objects_read_as_a_value_reads_them() {
        let text = r#"{"b": 1, "a": "x", "b": 2, "c\n": [true, null, -3, 2.5]}"#;
        let tree = parse(text);
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(tree, Json::of_value(&value));
        assert_eq!(tree.get("b").and_then(Json::as_u64), Some(2));
        let keys: Vec<&str> = tree.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["a", "b", "c\n"]);
        // Unescaped strings are borrowed from the text.
        assert!(matches!(
            tree.get("a"),
            Some(Json::String(Cow::Borrowed("x")))
        ));
    }

    #[test]
    fn lookups_agree_on_small_and_large_objects() {
        let members: Vec<String> = (0..40).map(|i| format!("\"k{i}\": {i}")).collect();
        let text = format!("{{{}}}", members.join(","));
        let tree = parse(&text);
        for i in 0..40u64 {
            assert_eq!(tree.get(&format!("k{i}")).and_then(Json::as_u64), Some(i));
        }
        assert_eq!(tree.get("k40"), None);
        assert_eq!(parse(r#"{"a": 1}"#).get("b"), None);
    }

    #[test]
    fn pointers_follow_rfc_6901() {
        let tree = parse(r#"{"a/b": {"c~d": [10, 11]}, "": 5}"#);
        assert_eq!(
            tree.pointer("/a~1b/c~0d/1").and_then(Json::as_u64),
            Some(11)
        );
        assert_eq!(tree.pointer("/a~1b/c~0d/01"), None);
        assert_eq!(tree.pointer("/").and_then(Json::as_u64), Some(5));
        assert_eq!(tree.pointer(""), Some(&tree));
        assert_eq!(tree.pointer("a"), None);
    }

    #[test]
    fn typed_bodies_decode_from_the_tree_as_from_a_value() {
        #[derive(Debug, PartialEq, serde::Deserialize)]
        enum Kind {
            Plain,
            Tagged(u8),
        }
        #[derive(Debug, PartialEq, serde::Deserialize)]
        struct Body {
            message: String,
            code: Option<u32>,
            missing: Option<String>,
            kinds: Vec<Kind>,
            pair: (i8, f64),
            #[serde(flatten)]
            rest: std::collections::BTreeMap<String, serde_json::Value>,
        }
        let text = r#"{"message": "m\u00e9", "code": null, "kinds": ["Plain", {"Tagged": 3}],
                       "pair": [-1, 0.5], "extra": {"x": [1]}}"#;
        let from_tree = Body::deserialize(&parse(text)).unwrap();
        let from_text: Body = serde_json::from_str(text).unwrap();
        assert_eq!(from_tree, from_text);
        assert!(u8::deserialize(&parse("300")).is_err());
        assert!(Body::deserialize(&parse(r#"{"message": 1}"#)).is_err());
    }
}

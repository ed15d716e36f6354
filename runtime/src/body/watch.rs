//! A typed decode that builds, in the same pass, the tree [`pruned::parse`] builds
//! of the same body, so that a status whose variants are chosen by the error code
//! reads its body once.
//!
//! The body type's `Deserialize` drives the parse. A thin layer around the
//! deserializer, its visitors and its list and map accessors records the wanted
//! members as they go by; a wanted member the type leaves out is parsed into the
//! tree instead of skipped, and any other member it leaves out is parsed and
//! checked as a whole `Value` checks it. The body's value is the one the type
//! reads; where the watched decode fails, the plain decode answers instead, so
//! that the body's value or error is always the plain decode's.
//!
//! The tree is given only where it is the one the pruned parse gives, and that
//! parse succeeds. It is not given when the type reads something the layer cannot
//! check or record as that parse does: bytes (a value or a key, which serde_json
//! does not check as text), an enum, a raw value, a key not seen as text, a number
//! when serde_json keeps numbers' text (`arbitrary_precision`), or anything after an
//! error the type recovered from (a default on failure), which may have left
//! serde_json past bytes the pruned parse refuses.
//!
//! [`pruned::parse`]: super::pruned::parse

use core::cell::Cell;
use core::fmt;
use std::borrow::Cow;

use serde::de::{
    Deserialize, DeserializeSeed, Deserializer, EnumAccess, Error, MapAccess, SeqAccess, Visitor,
};
use serde_json::Number;

use super::pruned::{self, Node, NUMBER_KEY};

/// Decodes `text` into `T`, and gives the tree of the members `wanted` accepts that
/// `pruned::parse` gives, when the decode could record it.
pub(crate) fn decode<'a, T: Deserialize<'a>>(
    text: &'a str,
    wanted: &dyn Fn(&str) -> bool,
) -> (serde_json::Result<T>, Option<Node<'a>>) {
    let sure = Cell::new(true);
    let watch = Watch {
        wanted,
        sure: &sure,
    };
    let mut root = None;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let watched = T::deserialize(Tap {
        inner: &mut deserializer,
        watch,
        sink: Some(&mut root),
    })
    .and_then(|value| deserializer.end().map(|()| value));
    match watched {
        Ok(value) => (Ok(value), if sure.get() { root } else { None }),
        // The body does not fit the type, or a member left out was checked more
        // strictly than the plain decode checks it: the plain decode answers.
        Err(_) => (serde_json::from_str(text), None),
    }
}

/// What every layer shares: which keys the tree keeps, and whether the tree is
/// still the pruned parse's.
#[derive(Clone, Copy)]
struct Watch<'w> {
    wanted: &'w dyn Fn(&str) -> bool,
    sure: &'w Cell<bool>,
}

impl Watch<'_> {
    /// The type read something the tree cannot record: no tree.
    fn unsure(self) {
        self.sure.set(false);
    }

    /// `result`, giving up the tree when it is an error: a type that recovers from
    /// an error (a default on failure) may have left serde_json anywhere in the
    /// body, or past bytes the pruned parse refuses. Every call into serde_json's
    /// deserializer and accessors goes through this; a seed's error reaches it
    /// through the accessor that ran the seed.
    fn checked<T, E>(self, result: Result<T, E>) -> Result<T, E> {
        if result.is_err() {
            self.unsure();
        }
        result
    }
}

/// Whether serde_json was built with `arbitrary_precision` (any crate in a build
/// may turn it on): its `Value` then keeps a number's text, which a number read as
/// `f64` or `i64` does not give back.
fn arbitrary_precision() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| {
        "1e2"
            .parse::<Number>()
            .is_ok_and(|n| n.to_string() == "1e2")
    })
}

/// Where the node of the value being read goes, when it is recorded.
type Sink<'s, 'de> = Option<&'s mut Option<Node<'de>>>;

fn record<'de>(sink: Sink<'_, 'de>, node: impl FnOnce() -> Node<'de>) {
    if let Some(slot) = sink {
        *slot = Some(node());
    }
}

/// A deserializer whose value is recorded into `sink`.
struct Tap<'s, 'w, 'de, D> {
    inner: D,
    watch: Watch<'w>,
    sink: Sink<'s, 'de>,
}

impl<'s, 'w, 'de, D> Tap<'s, 'w, 'de, D> {
    fn split<V>(self, visitor: V) -> (D, Seen<'s, 'w, 'de, V>) {
        let seen = Seen {
            inner: visitor,
            watch: self.watch,
            sink: self.sink,
        };
        (self.inner, seen)
    }
}

/// `$callback!` of the `Deserializer` methods that every layer here hands on with
/// a wrapped visitor (the others, bytes, newtypes, enums and ignored values, each
/// layer treats its own way).
macro_rules! every_deserialize_method {
    ($callback:ident) => {
        $callback! {
            deserialize_any();
            deserialize_bool();
            deserialize_i8();
            deserialize_i16();
            deserialize_i32();
            deserialize_i64();
            deserialize_i128();
            deserialize_u8();
            deserialize_u16();
            deserialize_u32();
            deserialize_u64();
            deserialize_u128();
            deserialize_f32();
            deserialize_f64();
            deserialize_char();
            deserialize_str();
            deserialize_string();
            deserialize_option();
            deserialize_unit();
            deserialize_unit_struct(name: &'static str);
            deserialize_seq();
            deserialize_tuple(len: usize);
            deserialize_tuple_struct(name: &'static str, len: usize);
            deserialize_map();
            deserialize_struct(name: &'static str, fields: &'static [&'static str]);
            deserialize_identifier();
        }
    };
}

/// `Deserializer` methods that hand a wrapped visitor to the inner deserializer.
macro_rules! forward_wrapped {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Self::Error> {
            let watch = self.watch;
            let (inner, visitor) = self.split(visitor);
            watch.checked(inner.$method($($arg,)* visitor))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Tap<'_, '_, 'de, D> {
    type Error = D::Error;

    every_deserialize_method!(forward_wrapped);

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        // serde_json's raw values are newtypes it reads without visiting them.
        let watch = self.watch;
        if name.starts_with("$serde_json::") {
            watch.unsure();
        }
        let (inner, visitor) = self.split(visitor);
        watch.checked(inner.deserialize_newtype_struct(name, visitor))
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.watch.unsure();
        self.inner.deserialize_bytes(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.watch.unsure();
        self.inner.deserialize_byte_buf(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.watch.unsure();
        self.inner.deserialize_enum(name, variants, visitor)
    }

    /// A member the type leaves out: into the tree when it is wanted, else parsed
    /// and checked as the pruned parse checks it.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let watch = self.watch;
        match self.sink {
            Some(slot) => *slot = Some(watch.checked(pruned::tree_of(self.inner, watch.wanted))?),
            None => watch.checked(pruned::skip(self.inner))?,
        }
        visitor.visit_unit()
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// A visitor whose value is recorded into `sink` as it is handed on.
struct Seen<'s, 'w, 'de, V> {
    inner: V,
    watch: Watch<'w>,
    sink: Sink<'s, 'de>,
}

/// `$callback!` of the `Visitor` methods for values serde_json hands over only when
/// a type asks for them (128-bit integers, `f32`, `char`, bytes), which the pruned
/// parse never does.
macro_rules! rare_visits {
    ($callback:ident) => {
        $callback! {
            visit_i8(i8);
            visit_i16(i16);
            visit_i32(i32);
            visit_i128(i128);
            visit_u8(u8);
            visit_u16(u16);
            visit_u32(u32);
            visit_u128(u128);
            visit_f32(f32);
            visit_char(char);
            visit_bytes(&[u8]);
            visit_borrowed_bytes(&'de [u8]);
            visit_byte_buf(Vec<u8>);
        }
    };
}

/// `Visitor` methods that hand a nested deserializer on, wrapped by `nest`.
macro_rules! forward_nested {
    ($($method:ident),*) => {$(
        fn $method<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
            let (inner, deserializer) = self.nest(deserializer);
            inner.$method(deserializer)
        }
    )*};
}

/// `Visitor` methods for values the pruned parse never sees: handed on, and the
/// tree given up.
macro_rules! unrecorded {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method<E: Error>(self, value: $ty) -> Result<V::Value, E> {
            self.watch.unsure();
            self.inner.$method(value)
        }
    )*};
}

impl<'s, 'w, 'de, V> Seen<'s, 'w, 'de, V> {
    /// A number about to be recorded: with `arbitrary_precision`, the pruned parse
    /// keeps its text (`-0`, `1e2`), which the number read here does not give back.
    fn number_seen(&self) {
        if self.sink.is_some() && arbitrary_precision() {
            self.watch.unsure();
        }
    }

    /// The visitor, and `deserializer` recorded into this one's sink.
    fn nest<D>(self, deserializer: D) -> (V, Tap<'s, 'w, 'de, D>) {
        let tap = Tap {
            inner: deserializer,
            watch: self.watch,
            sink: self.sink,
        };
        (self.inner, tap)
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Seen<'_, '_, 'de, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    fn visit_bool<E: Error>(self, value: bool) -> Result<V::Value, E> {
        record(self.sink, || Node::Other);
        self.inner.visit_bool(value)
    }

    fn visit_i64<E: Error>(self, value: i64) -> Result<V::Value, E> {
        self.number_seen();
        record(self.sink, || Node::Number(value.into()));
        self.inner.visit_i64(value)
    }

    fn visit_u64<E: Error>(self, value: u64) -> Result<V::Value, E> {
        self.number_seen();
        record(self.sink, || Node::Number(value.into()));
        self.inner.visit_u64(value)
    }

    fn visit_f64<E: Error>(self, value: f64) -> Result<V::Value, E> {
        self.number_seen();
        record(self.sink, || {
            Number::from_f64(value).map_or(Node::Other, Node::Number)
        });
        self.inner.visit_f64(value)
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<V::Value, E> {
        record(self.sink, || Node::Text(Cow::Owned(value.to_owned())));
        self.inner.visit_str(value)
    }

    fn visit_borrowed_str<E: Error>(self, value: &'de str) -> Result<V::Value, E> {
        record(self.sink, || Node::Text(Cow::Borrowed(value)));
        self.inner.visit_borrowed_str(value)
    }

    fn visit_string<E: Error>(self, value: String) -> Result<V::Value, E> {
        record(self.sink, || Node::Text(Cow::Owned(value.clone())));
        self.inner.visit_string(value)
    }

    fn visit_unit<E: Error>(self) -> Result<V::Value, E> {
        record(self.sink, || Node::Other);
        self.inner.visit_unit()
    }

    fn visit_none<E: Error>(self) -> Result<V::Value, E> {
        record(self.sink, || Node::Other);
        self.inner.visit_none()
    }

    forward_nested!(visit_some, visit_newtype_struct);

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        let Some(slot) = self.sink else {
            return self.inner.visit_seq(TapSeq {
                inner: seq,
                watch: self.watch,
                items: None,
            });
        };
        let mut items = Vec::new();
        let value = self.inner.visit_seq(TapSeq {
            inner: seq,
            watch: self.watch,
            items: Some(&mut items),
        })?;
        *slot = Some(Node::List(items));
        Ok(value)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        let Some(slot) = self.sink else {
            return self.inner.visit_map(TapMap {
                inner: map,
                watch: self.watch,
                members: None,
                key: Key::Unseen,
            });
        };
        let mut members = Vec::new();
        let value = self.inner.visit_map(TapMap {
            inner: map,
            watch: self.watch,
            members: Some(&mut members),
            key: Key::Unseen,
        })?;
        *slot = Some(Node::Map(members));
        Ok(value)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.watch.unsure();
        self.inner.visit_enum(data)
    }

    rare_visits!(unrecorded);
}

/// A seed whose value is recorded into `sink`.
struct Element<'s, 'w, 'de, S> {
    inner: S,
    watch: Watch<'w>,
    sink: Sink<'s, 'de>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Element<'_, '_, 'de, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.inner.deserialize(Tap {
            inner: deserializer,
            watch: self.watch,
            sink: self.sink,
        })
    }
}

/// A list's items, each recorded into `items` when the list is.
struct TapSeq<'s, 'w, 'de, A> {
    inner: A,
    watch: Watch<'w>,
    items: Option<&'s mut Vec<Node<'de>>>,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for TapSeq<'_, '_, 'de, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        let watch = self.watch;
        let Some(items) = self.items.as_deref_mut() else {
            return watch.checked(self.inner.next_element_seed(Element {
                inner: seed,
                watch,
                sink: None,
            }));
        };
        let mut slot = None;
        let value = watch.checked(self.inner.next_element_seed(Element {
            inner: seed,
            watch,
            sink: Some(&mut slot),
        }))?;
        if value.is_some() {
            match slot {
                Some(node) => items.push(node),
                None => watch.unsure(),
            }
        }
        Ok(value)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// What a map's last key was, as the tree sees it.
enum Key<'de> {
    /// Not seen as text.
    Unseen,
    /// A key the tree leaves out.
    Unwanted,
    Wanted(Cow<'de, str>),
}

/// A map's members, the wanted ones recorded into `members` when the map is.
struct TapMap<'s, 'w, 'de, A> {
    inner: A,
    watch: Watch<'w>,
    members: Option<&'s mut Vec<(Cow<'de, str>, Node<'de>)>>,
    key: Key<'de>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for TapMap<'_, '_, 'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let watch = self.watch;
        // A map that goes into no tree notes no key, but its keys are still watched:
        // a key read as bytes is not checked as text.
        let record = self.members.is_some();
        let mut key = Key::Unseen;
        let found = watch.checked(self.inner.next_key_seed(KeySeed {
            inner: seed,
            watch,
            key: record.then_some(&mut key),
        }))?;
        if record && found.is_some() && matches!(key, Key::Unseen) {
            watch.unsure();
        }
        self.key = key;
        Ok(found)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        let watch = self.watch;
        let key = core::mem::replace(&mut self.key, Key::Unseen);
        let (Some(members), Key::Wanted(key)) = (self.members.as_deref_mut(), key) else {
            return watch.checked(self.inner.next_value_seed(Element {
                inner: seed,
                watch,
                sink: None,
            }));
        };
        let mut slot = None;
        let value = watch.checked(self.inner.next_value_seed(Element {
            inner: seed,
            watch,
            sink: Some(&mut slot),
        }))?;
        match slot {
            Some(node) => members.push((key, node)),
            None => watch.unsure(),
        }
        Ok(value)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// A key's seed, noting the key's text in `key` when there is one.
struct KeySeed<'k, 'w, 'de, K> {
    inner: K,
    watch: Watch<'w>,
    key: Option<&'k mut Key<'de>>,
}

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for KeySeed<'_, '_, 'de, K> {
    type Value = K::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<K::Value, D::Error> {
        self.inner.deserialize(KeyTap {
            inner: deserializer,
            watch: self.watch,
            key: self.key,
        })
    }
}

/// A key's deserializer, noting the key's text in `key` when there is one.
struct KeyTap<'k, 'w, 'de, D> {
    inner: D,
    watch: Watch<'w>,
    key: Option<&'k mut Key<'de>>,
}

impl<'k, 'w, 'de, D> KeyTap<'k, 'w, 'de, D> {
    fn split<V>(self, visitor: V) -> (D, KeySeen<'k, 'w, 'de, V>) {
        let seen = KeySeen {
            inner: visitor,
            watch: self.watch,
            key: self.key,
        };
        (self.inner, seen)
    }
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for KeyTap<'_, '_, 'de, D> {
    type Error = D::Error;

    every_deserialize_method!(forward_wrapped);
    forward_wrapped! {
        deserialize_newtype_struct(name: &'static str);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_ignored_any();
    }

    /// A key read as bytes is not checked as text is: no tree.
    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.watch.unsure();
        self.inner.deserialize_bytes(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.watch.unsure();
        self.inner.deserialize_byte_buf(visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// A key's visitor, noting the key's text; a key read as anything else stays
/// unseen.
struct KeySeen<'k, 'w, 'de, V> {
    inner: V,
    watch: Watch<'w>,
    key: Option<&'k mut Key<'de>>,
}

impl<'k, 'w, 'de, V> KeySeen<'k, 'w, 'de, V> {
    /// The visitor, and `deserializer` noting its text in this one's key.
    fn nest<D>(self, deserializer: D) -> (V, KeyTap<'k, 'w, 'de, D>) {
        let tap = KeyTap {
            inner: deserializer,
            watch: self.watch,
            key: self.key,
        };
        (self.inner, tap)
    }

    /// Notes `text`, borrowed from the body when `borrowed` has it.
    fn note(&mut self, text: &str, borrowed: Option<&'de str>) {
        let Some(key) = self.key.as_deref_mut() else {
            return;
        };
        if text == NUMBER_KEY {
            // A number read through `deserialize_any` with `arbitrary_precision`:
            // the pruned parse reads it as a number, the tree here would not.
            self.watch.unsure();
        }
        *key = if (self.watch.wanted)(text) {
            Key::Wanted(borrowed.map_or_else(|| Cow::Owned(text.to_owned()), Cow::Borrowed))
        } else {
            Key::Unwanted
        };
    }
}

/// `Visitor` methods a key's visitor hands on without noting anything.
macro_rules! handed_on {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method<E: Error>(self, value: $ty) -> Result<V::Value, E> {
            self.inner.$method(value)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for KeySeen<'_, '_, 'de, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    fn visit_str<E: Error>(mut self, value: &str) -> Result<V::Value, E> {
        self.note(value, None);
        self.inner.visit_str(value)
    }

    fn visit_borrowed_str<E: Error>(mut self, value: &'de str) -> Result<V::Value, E> {
        self.note(value, Some(value));
        self.inner.visit_borrowed_str(value)
    }

    fn visit_string<E: Error>(mut self, value: String) -> Result<V::Value, E> {
        self.note(&value, None);
        self.inner.visit_string(value)
    }

    rare_visits!(handed_on);
    handed_on! {
        visit_bool(bool);
        visit_i64(i64);
        visit_u64(u64);
        visit_f64(f64);
    }

    fn visit_unit<E: Error>(self) -> Result<V::Value, E> {
        self.inner.visit_unit()
    }

    fn visit_none<E: Error>(self) -> Result<V::Value, E> {
        self.inner.visit_none()
    }

    forward_nested!(visit_some, visit_newtype_struct);

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.inner.visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.inner.visit_map(map)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.inner.visit_enum(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::IgnoredAny;
    use serde::Deserialize;

    fn wanted(key: &str) -> bool {
        matches!(key, "error" | "code" | "type" | "errors" | "detail")
    }

    /// Reads some wanted members itself and leaves the rest out.
    #[derive(Debug, Deserialize, PartialEq)]
    struct Some_ {
        #[serde(default)]
        error: Option<Detail>,
        #[serde(default)]
        message: Option<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Detail {
        #[serde(rename = "type", default)]
        kind: Option<String>,
    }

    const BODIES: &[&str] = &[
        r#"{"error": {"type": "rate_limit", "code": "slow_down", "message": "wait"}}"#,
        r#"{"message": "x", "code": 42, "errors": [{"code": "a", "field": "f"}, 3, null]}"#,
        r#"{"error": {"type": "a"}, "error": {"type": "b", "code": "c"}}"#,
        r#"{"\u0063ode": "escaped key", "detail": {"code": "tab\there"}}"#,
        r#"{"error": {"type": null, "code": 1.5e3}, "message": null}"#,
        r#"[{"code": "in a list"}, {"error": {"code": "second"}}]"#,
        r#"{"error": "a string", "type": true}"#,
        "{}",
    ];

    /// The watched decode of `json` into `T`: the same value as a plain decode, and
    /// when a tree is given, the pruned parse's.
    fn agrees<'a, T: Deserialize<'a> + PartialEq + fmt::Debug>(json: &'a str) -> bool {
        let (value, tree) = decode::<T>(json, &wanted);
        let plain: serde_json::Result<T> = serde_json::from_str(json);
        assert_eq!(value.as_ref().ok(), plain.as_ref().ok(), "{json}");
        assert_eq!(value.is_ok(), plain.is_ok(), "{json}");
        if let Some(tree) = &tree {
            let pruned = pruned::parse(json.as_bytes(), &wanted).expect("a pruned parse");
            assert_eq!(tree, &pruned, "{json}");
        }
        tree.is_some()
    }

    #[test]
    fn the_tree_is_the_pruned_parse_whatever_the_type_reads() {
        for json in BODIES {
            assert!(agrees::<serde_json::Value>(json), "{json}");
            assert!(agrees::<IgnoredAny>(json), "{json}");
            // A typed decode that fails (a repeated field, a list) gives no tree.
            let typed = serde_json::from_str::<Some_>(json).is_ok();
            assert_eq!(agrees::<Some_>(json), typed, "{json}");
        }
    }

    #[test]
    fn members_left_out_are_checked_as_a_whole_value_checks_them() {
        // A typed decode skips these without a complaint; a `Value` refuses them,
        // so the one pass gives no tree, and the plain decode's value.
        let deep = format!(r#"{{"x": {}{}}}"#, "[".repeat(200), "]".repeat(200));
        for json in [
            r#"{"message": "m", "x": "\ud800"}"#,
            r#"{"message": "m", "x": 1e400}"#,
            deep.as_str(),
        ] {
            assert!(serde_json::from_str::<serde_json::Value>(json).is_err());
            let (value, tree) = decode::<Some_>(json, &wanted);
            assert!(tree.is_none(), "{json}");
            assert_eq!(
                value.ok(),
                serde_json::from_str::<Some_>(json).ok(),
                "{json}"
            );
        }
    }

    /// Text read as bytes, which serde_json hands over unchecked.
    #[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
    struct Bytes(Vec<u8>);

    impl<'de> Deserialize<'de> for Bytes {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Bytes, D::Error> {
            struct Raw;
            impl Visitor<'_> for Raw {
                type Value = Bytes;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("bytes")
                }
                fn visit_bytes<E: Error>(self, bytes: &[u8]) -> Result<Bytes, E> {
                    Ok(Bytes(bytes.to_vec()))
                }
            }
            deserializer.deserialize_byte_buf(Raw)
        }
    }

    /// A field that turns any error into `None`, as `serde_with::DefaultOnError` does
    /// (the `Result` is the signature `deserialize_with` asks for).
    #[allow(clippy::unnecessary_wraps)]
    fn lenient<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        deserializer: D,
    ) -> Result<Option<T>, D::Error> {
        Ok(Option::<T>::deserialize(deserializer).unwrap_or(None))
    }

    #[test]
    fn a_type_that_recovers_from_an_error_gives_no_tree() {
        #[derive(Debug, Deserialize, PartialEq)]
        struct Amount {
            #[serde(default, deserialize_with = "lenient")]
            amount: Option<f64>,
            #[serde(default)]
            code: Option<String>,
        }
        #[derive(Debug, Deserialize, PartialEq)]
        struct Inner {
            n: u32,
        }
        #[derive(Debug, Deserialize, PartialEq)]
        struct Meta {
            #[serde(default, deserialize_with = "lenient")]
            meta: Option<Inner>,
            #[serde(default)]
            code: Option<String>,
        }
        // serde_json goes on after the error: past a number a `Value` refuses, or
        // inside a member, so that an inner key is taken for an outer one.
        let (value, tree) = decode::<Amount>(r#"{"amount": 1e400, "code": "quota"}"#, &wanted);
        assert!(value.is_ok() && tree.is_none());
        let cut = r#"{"meta": {"n": "text", "code": "inner"}"#;
        let (value, tree) = decode::<Meta>(cut, &wanted);
        assert_eq!(value.is_ok(), serde_json::from_str::<Meta>(cut).is_ok());
        assert!(tree.is_none());
    }

    #[test]
    fn keys_read_as_bytes_give_no_tree_even_where_nothing_is_recorded() {
        #[derive(Debug, Deserialize, PartialEq)]
        struct Keyed {
            #[serde(default)]
            meta: Option<std::collections::BTreeMap<Bytes, String>>,
            #[serde(default)]
            code: Option<String>,
        }
        let json = r#"{"meta": {"\ud800": "x"}, "code": "quota"}"#;
        assert!(pruned::parse(json.as_bytes(), &wanted).is_err());
        let (value, tree) = decode::<Keyed>(json, &wanted);
        assert!(value.is_ok() && tree.is_none());
    }

    #[test]
    fn what_the_tree_cannot_record_gives_no_tree() {
        #[derive(Debug, Deserialize, PartialEq)]
        enum Kind {
            #[serde(rename = "rate_limit")]
            RateLimit,
        }
        #[derive(Debug, Deserialize, PartialEq)]
        struct Typed {
            #[serde(rename = "type")]
            kind: Kind,
        }
        #[derive(Debug, Deserialize, PartialEq)]
        struct WithBytes {
            code: Bytes,
        }
        let json = r#"{"type": "rate_limit", "error": {"code": "x"}}"#;
        assert!(!agrees::<Typed>(json));
        assert!(!agrees::<WithBytes>(r#"{"code": "x"}"#));
    }
}

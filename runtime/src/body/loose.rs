//! Tolerant readers for one JSON value each, used by the body types: they take what
//! they can use and consume anything else without failing, in one streaming pass.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::{FieldError, LocSegment};

pub(crate) fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

pub(crate) fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

/// `Visitor` methods for the JSON values a reader does not use: each consumes the
/// value (draining lists and objects) and gives `$value`.
macro_rules! skip_values {
    ($value:expr; $($kind:ident),+ $(,)?) => { $( $crate::body::loose::skip_values!(@one $value; $kind); )+ };
    (@one $value:expr; str) => {
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> { Ok($value) }
    };
    (@one $value:expr; u64) => {
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> { Ok($value) }
    };
    (@one $value:expr; i64) => {
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> { Ok($value) }
    };
    (@one $value:expr; f64) => {
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> { Ok($value) }
    };
    (@one $value:expr; bool) => {
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> { Ok($value) }
    };
    (@one $value:expr; unit) => {
        fn visit_unit<E>(self) -> Result<Self::Value, E> { Ok($value) }
    };
    (@one $value:expr; seq) => {
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            $crate::body::loose::drain_seq(seq).map(|()| $value)
        }
    };
    (@one $value:expr; map) => {
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            $crate::body::loose::drain_map(map).map(|()| $value)
        }
    };
}
pub(crate) use skip_values;

/// Which of `names` an object key is, without allocating it.
pub(crate) struct Key<'a>(pub(crate) &'a [&'a str]);

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for Key<'_> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|name| *name == key))
    }
}

/// Text for people: a string, or a number shown as text; anything else is `None`.
pub(crate) struct Text(pub(crate) Option<String>);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TextVisitor).map(Text)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    skip_values!(None; bool, unit, seq, map);
}

/// A status code: a number, or a number in a string; anything else is `None`.
pub(crate) struct Code(pub(crate) Option<u16>);

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = deserializer.deserialize_any(TextVisitor)?;
        Ok(Code(text.and_then(|text| text.trim().parse().ok())))
    }
}

/// A general message: a string, strings joined with `; `, or an object's `message`.
pub(crate) struct GeneralMessage(pub(crate) Option<String>);

/// The strings (and numbers) of a list joined with `; `; other entries are skipped.
pub(crate) fn joined_texts<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<Option<String>, A::Error> {
    let mut joined: Option<String> = None;
    while let Some(Text(text)) = seq.next_element()? {
        if let Some(text) = text {
            match &mut joined {
                Some(joined) => {
                    joined.push_str("; ");
                    joined.push_str(&text);
                }
                None => joined = Some(text),
            }
        }
    }
    Ok(joined)
}

impl<'de> Deserialize<'de> for GeneralMessage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(GeneralMessageVisitor)
            .map(GeneralMessage)
    }
}

struct GeneralMessageVisitor;

impl<'de> Visitor<'de> for GeneralMessageVisitor {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        joined_texts(seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut message = None;
        while let Some(key) = map.next_key_seed(Key(&["message"]))? {
            match key {
                Some(_) => message = map.next_value::<GeneralMessage>()?.0,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(message)
    }
    skip_values!(None; u64, i64, f64, bool, unit);
}

/// Every message under one field: a string, a list, a nested object (flattened
/// with `.`), numbers and booleans as text; `null` is none. An object inside a
/// list adds its index: `{"lines": [{}, {"sku": ["..."]}]}` gives `lines.1.sku`.
pub(crate) struct FieldMessages<'a> {
    pub(crate) field: &'a str,
    pub(crate) out: &'a mut Vec<FieldError>,
    /// The position in the enclosing list, for an object found there.
    pub(crate) index: Option<usize>,
}

impl FieldMessages<'_> {
    fn push(self, message: String) {
        self.out.push(FieldError {
            field: self.field.to_owned(),
            message,
        });
    }
}

impl<'de> DeserializeSeed<'de> for FieldMessages<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FieldMessages<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        self.push(v.to_owned());
        Ok(())
    }
    fn visit_string<E>(self, v: String) -> Result<(), E> {
        self.push(v);
        Ok(())
    }
    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        self.push(v.to_string());
        Ok(())
    }
    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        self.push(v.to_string());
        Ok(())
    }
    fn visit_f64<E>(self, v: f64) -> Result<(), E> {
        self.push(v.to_string());
        Ok(())
    }
    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        self.push(v.to_string());
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while seq
            .next_element_seed(FieldMessages {
                field: self.field,
                out: &mut *self.out,
                index: Some(index),
            })?
            .is_some()
        {
            index += 1;
        }
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let prefix = match self.index {
            Some(index) => format!("{}.{index}", self.field),
            None => self.field.to_owned(),
        };
        while let Some(key) = map.next_key::<String>()? {
            let field = format!("{prefix}.{key}");
            map.next_value_seed(FieldMessages {
                field: &field,
                out: &mut *self.out,
                index: None,
            })?;
        }
        Ok(())
    }
}

/// A validation `loc`: a list of keys and indexes, or a single one.
pub(crate) struct Loc(pub(crate) Vec<LocSegment>);

impl<'de> Deserialize<'de> for Loc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LocVisitor).map(Loc)
    }
}

struct LocVisitor;

impl<'de> Visitor<'de> for LocVisitor {
    type Value = Vec<LocSegment>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    // A single key or index is a one-step location.
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        LocItemVisitor.visit_str(v).map(Vec::from_iter)
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        LocItemVisitor.visit_string(v).map(Vec::from_iter)
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        LocItemVisitor.visit_u64(v).map(Vec::from_iter)
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        LocItemVisitor.visit_i64(v).map(Vec::from_iter)
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        LocItemVisitor.visit_f64(v).map(Vec::from_iter)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut loc = Vec::new();
        while let Some(LocItem(segment)) = seq.next_element()? {
            loc.extend(segment);
        }
        Ok(loc)
    }
    skip_values!(Vec::new(); bool, unit, map);
}

/// One step of a `loc` list: a key or an index; anything else is skipped.
struct LocItem(Option<LocSegment>);

impl<'de> Deserialize<'de> for LocItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LocItemVisitor).map(LocItem)
    }
}

struct LocItemVisitor;

impl<'de> Visitor<'de> for LocItemVisitor {
    type Value = Option<LocSegment>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(LocSegment::Key(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(LocSegment::Key(v)))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(LocSegment::Index(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(LocSegment::Key(v.to_string())))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(LocSegment::Key(v.to_string())))
    }
    skip_values!(None; bool, unit, seq, map);
}

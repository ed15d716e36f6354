//! A `serde_json::Value` holding only the object members whose keys a reader looks
//! at: the same parser, errors and depth limit as a whole `Value`, with nothing
//! allocated for the members left out.

use core::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Parses `json` keeping, at every depth, the object members whose key `wanted`
/// accepts, and every list item. Fails exactly where `serde_json::from_slice::<Value>`
/// fails: members left out are still parsed, through `deserialize_any`, so their
/// syntax, their strings and their nesting are checked the same way.
pub(crate) fn parse(json: &[u8], wanted: &dyn Fn(&str) -> bool) -> serde_json::Result<Value> {
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let value = Pruned { wanted }.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// Builds a `Value` of the wanted members.
#[derive(Clone, Copy)]
struct Pruned<'w> {
    wanted: &'w dyn Fn(&str) -> bool,
}

impl<'de> DeserializeSeed<'de> for Pruned<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Pruned<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: Error>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E: Error>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E: Error>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E: Error>(self, value: f64) -> Result<Value, E> {
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E: Error>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E: Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        let key = WantedKey {
            wanted: self.wanted,
        };
        while let Some(key) = map.next_key_seed(key)? {
            match key {
                Some(key) => {
                    // The last of a repeated key wins, as in a whole `Value`.
                    object.insert(key, map.next_value_seed(self)?);
                }
                None => map.next_value_seed(Skip)?,
            }
        }
        Ok(Value::Object(object))
    }
}

/// A key, copied only when it is wanted.
#[derive(Clone, Copy)]
struct WantedKey<'w> {
    wanted: &'w dyn Fn(&str) -> bool,
}

impl<'de> DeserializeSeed<'de> for WantedKey<'_> {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for WantedKey<'_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok((self.wanted)(key).then(|| key.to_owned()))
    }
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

    #[test]
    fn keeps_the_wanted_members_at_every_depth() {
        let json = r#"{"a": {"b": 1, "c": [{"a": "x", "z": 2}]}, "z": {"a": 3}, "a": {"b": 4}}"#;
        let pruned = parse(json.as_bytes(), &|key| key == "a" || key == "b").unwrap();
        assert_eq!(pruned, serde_json::json!({"a": {"b": 4}}));
        let pruned = parse(json.as_bytes(), &|key| key != "z").unwrap();
        let mut expected = whole(json).unwrap();
        expected.as_object_mut().unwrap().remove("z");
        assert_eq!(pruned, expected);
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

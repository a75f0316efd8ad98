//! A located YAML tree for the report's nested figures.
//!
//! The figures are nested three levels deep and every level has a fixed set of keys.
//! serde's `deny_unknown_fields` stops at the first unknown key and words its errors in
//! English, so the figures are read into this tree instead (through `yaml`, which
//! alone knows the YAML crate) and walked against the schema, which reports every
//! unknown key, duplicate and mistyped number with its line, in Chinese.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::source::yaml::Located;

#[derive(Debug, Clone)]
pub enum Tree {
    /// `key: value` pairs in the order written (duplicates kept, reported by the walker).
    Map(Vec<(Located<String>, Located<Tree>)>),
    List(Vec<Located<Tree>>),
    /// A number, word or quoted text, as written.
    Scalar(Scalar),
    /// `key:` with nothing after it.
    Empty,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Int(i128),
    Float(f64),
    Bool(bool),
    Text(String),
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Scalar::Int(n) => write!(f, "{n}"),
            Scalar::Float(x) => write!(f, "{x}"),
            Scalar::Bool(b) => write!(f, "{b}"),
            Scalar::Text(t) => f.write_str(t),
        }
    }
}

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Tree;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
                let mut pairs = Vec::new();
                while let Some(k) = map.next_key::<Located<String>>()? {
                    let v = map.next_value::<Located<Tree>>()?;
                    pairs.push((k, v));
                }
                Ok(Tree::Map(pairs))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
                let mut items = Vec::new();
                while let Some(v) = seq.next_element::<Located<Tree>>()? {
                    items.push(v);
                }
                Ok(Tree::List(items))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Tree, E> {
                Ok(Tree::Empty)
            }
            fn visit_none<E: de::Error>(self) -> Result<Tree, E> {
                Ok(Tree::Empty)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Tree, D::Error> {
                Tree::deserialize(d)
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Tree, E> {
                Ok(Tree::Scalar(Scalar::Bool(b)))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Tree, E> {
                Ok(Tree::Scalar(Scalar::Int(n.into())))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Tree, E> {
                Ok(Tree::Scalar(Scalar::Int(n.into())))
            }
            fn visit_i128<E: de::Error>(self, n: i128) -> Result<Tree, E> {
                Ok(Tree::Scalar(Scalar::Int(n)))
            }
            fn visit_u128<E: de::Error>(self, n: u128) -> Result<Tree, E> {
                Ok(Tree::Scalar(match i128::try_from(n) {
                    Ok(n) => Scalar::Int(n),
                    Err(_) => Scalar::Text(n.to_string()),
                }))
            }
            fn visit_f64<E: de::Error>(self, x: f64) -> Result<Tree, E> {
                Ok(Tree::Scalar(Scalar::Float(x)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Tree, E> {
                Ok(Tree::Scalar(Scalar::Text(s.to_string())))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Tree, E> {
                Ok(Tree::Scalar(Scalar::Text(s)))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml::{self, Source};
    use std::path::Path;

    #[derive(Deserialize)]
    struct Raw {
        requests: Option<Located<Tree>>,
    }

    #[test]
    fn nested_keys_and_scalars_keep_their_lines() {
        let y = "requests:\n  received:\n    natural_person: 2\n    other:\n    total: \"3\"\n  list: [1, -2.5]\n";
        let text = format!("---\n{y}---\n");
        let mut out = Vec::new();
        let raw: Raw = yaml::parse(&Source::new(Path::new("r.md"), &text, 2), y, &mut out).unwrap();
        assert!(out.is_empty(), "{out:?}");
        let Tree::Map(top) = raw.requests.unwrap().value else {
            panic!()
        };
        assert_eq!(top[0].0.value, "received");
        assert_eq!(top[0].0.line, 2);
        let Tree::Map(row) = &top[0].1.value else {
            panic!()
        };
        assert_eq!(row[0].0.line, 3);
        assert!(matches!(row[0].1.value, Tree::Scalar(Scalar::Int(2))));
        assert_eq!(row[0].1.line, 3);
        assert!(
            matches!(row[1].1.value, Tree::Empty),
            "{:?}",
            row[1].1.value
        );
        assert!(matches!(&row[2].1.value, Tree::Scalar(Scalar::Text(t)) if t == "3"));
        let Tree::List(items) = &top[1].1.value else {
            panic!()
        };
        assert!(matches!(items[1].value, Tree::Scalar(Scalar::Float(x)) if x == -2.5));
    }
}

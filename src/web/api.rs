//! The core as a JavaScript API: the exports the site's `api.js` re-exports.
//!
//! Each export takes a plain options object (the CLI's flag names in camelCase), runs
//! the command in [`crate::core::commands`] that the CLI runs too, and returns its
//! result as a plain object equal to the JSON the CLI prints: serde-wasm-bindgen's
//! JSON-compatible serializer, so records are plain objects and a missing value is
//! `null`. An unknown option is refused (serde-wasm-bindgen reads only the fields it
//! knows, so the keys are checked here first); options of the wrong type (a string for
//! a number, a missing `surface`) throw serde's message; anything the core refuses
//! throws an `Error` whose message is the core's, the text the CLI prints after `gdz: `.
//!
//! Only the full module has these (the `api` feature); lesson pages' modules do not.

use serde::de::{self, DeserializeOwned, Visitor};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::dom::js_error;
use crate::core::commands;
use crate::core::Error;

/// Reads the options object of the command `command`.
fn read<T: DeserializeOwned>(command: &str, value: JsValue) -> Result<T, JsValue> {
    if value.is_object() {
        let known = fields::<T>();
        let object: &js_sys::Object = value.unchecked_ref();
        for key in js_sys::Object::keys(object).iter() {
            let key = key.as_string().unwrap_or_default();
            if !known.contains(&key.as_str()) {
                return Err(js_error(Box::new(Error::UnknownKey {
                    owner: command.into(),
                    key,
                    known: known.to_vec(),
                })));
            }
        }
    }
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| wasm_bindgen::JsError::new(&e.to_string()).into())
}

/// The field names (as written in JavaScript) of the options struct `T`, read from its
/// `Deserialize` implementation so that they cannot drift from the struct.
fn fields<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut f = Fields(&[]);
    let _ = T::deserialize(&mut f);
    f.0
}

/// A deserializer that only notes the fields a struct asks for.
struct Fields(&'static [&'static str]);

impl<'de> de::Deserializer<'de> for &mut Fields {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("only the field names are read"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        self.0 = fields;
        Err(de::Error::custom("only the field names are read"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
        identifier ignored_any
    }
}

/// A result as a plain JavaScript value, as JSON would have it.
fn plain<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| wasm_bindgen::JsError::new(&e.to_string()).into())
}

/// `trace(options)`: one optimizer's trajectory, as `gdz trace` prints it.
#[wasm_bindgen]
pub fn trace(options: JsValue) -> Result<JsValue, JsValue> {
    let o: commands::TraceOptions = read("trace", options)?;
    plain(&commands::trace(&o).map_err(js_error)?)
}

/// `schedule(options)`: a schedule's rates, as `gdz schedule` prints them.
#[wasm_bindgen]
pub fn schedule(options: JsValue) -> Result<JsValue, JsValue> {
    let o: commands::ScheduleOptions = read("schedule", options)?;
    plain(&commands::schedule(&o).map_err(js_error)?)
}

/// `race(options)`: several optimizers ranked, as `gdz race` prints them.
#[wasm_bindgen]
pub fn race(options: JsValue) -> Result<JsValue, JsValue> {
    let o: commands::RaceOptions = read("race", options)?;
    plain(&commands::race(&o).map_err(js_error)?)
}

/// `surfaces()`: every surface, as in `gdz list`.
#[wasm_bindgen]
pub fn surfaces() -> Result<JsValue, JsValue> {
    plain(&commands::surfaces())
}

/// `optimizers()`: every optimizer with its parameters, as in `gdz list`.
#[wasm_bindgen]
pub fn optimizers() -> Result<JsValue, JsValue> {
    plain(&commands::optimizers())
}

/// `schedules()`: every schedule with its parameters, as in `gdz list`.
#[wasm_bindgen]
pub fn schedules() -> Result<JsValue, JsValue> {
    plain(&commands::schedules())
}

//! A widget's attributes as the page gives them: each read from the page's URL first
//! (`KEY.name`, see [`super::url`]), else from the element, through the widget's schema
//! ([`crate::core::schema`]). A refused value becomes a note in the widget's notice and
//! the schema's default takes its place.

use web_sys::HtmlElement;

use super::inputs::Field;
use super::url;
use crate::core::schema::{self, Values, Widget};
use crate::core::spec::Spec;
use crate::core::surface::{self, Surface};

/// Whether to use an attribute's text: given its name and whether the link gives a
/// named attribute.
pub type Keep = dyn Fn(&str, &dyn Fn(&str) -> bool) -> bool;

/// A widget's values, the notes about refused ones, and its key in the URL.
pub struct Attrs {
    /// The widget's table.
    pub def: &'static Widget,
    /// Every attribute's value (defaults filled in).
    pub values: Values,
    /// The problems found, shown together in the widget's notice.
    pub notes: Vec<String>,
    /// The widget's key in the URL.
    pub key: String,
}

/// The controls a widget shows (an embed can hide some).
pub struct Shown(pub Vec<&'static str>);

impl Shown {
    /// Whether control `name` is shown.
    pub fn has(&self, name: &str) -> bool {
        self.0.contains(&name)
    }
}

impl Attrs {
    /// Reads the attributes of the widget in `host`, described by `def`.
    pub fn read(host: &HtmlElement, def: &'static Widget) -> Attrs {
        Attrs::read_with(host, def, &|_, _| true)
    }

    /// Like [`Attrs::read`], but the text of attribute `name` is used only when
    /// `keep(name, linked)` says so; `linked(n)` tells whether the link gives `n`.
    pub fn read_with(host: &HtmlElement, def: &'static Widget, keep: &Keep) -> Attrs {
        let key = url::key(host);
        let params = url::params();
        let linked = |name: &str| url::get(&params, &[&key, ".", name].concat());
        let raw = |name: &str| -> Option<(String, bool)> {
            if !keep(name, &|n| linked(n).is_some()) {
                return None;
            }
            match linked(name) {
                Some(v) => Some((v.to_string(), true)),
                None => host.get_attribute(name).map(|v| (v, false)),
            }
        };
        let (values, problems) = schema::read(def, &|name| raw(name).map(|(t, _)| t));
        let notes = problems
            .iter()
            .map(|p| {
                if p.missing {
                    [p.attr, ": none given; using the default."].concat()
                } else {
                    let place = match raw(p.attr) {
                        Some((_, true)) => " (from the link)",
                        _ => "",
                    };
                    [
                        p.attr,
                        place,
                        ": ",
                        &p.error.to_string(),
                        "; using the default.",
                    ]
                    .concat()
                }
            })
            .collect();
        Attrs {
            def,
            values,
            notes,
            key,
        }
    }

    /// Adds a note.
    pub fn push(&mut self, note: String) {
        self.notes.push(note);
    }

    /// The controls shown.
    pub fn shown(&self) -> Shown {
        Shown(self.values.words("controls").to_vec())
    }

    /// The surface, built (a quadratic bowl only if even the default failed to build),
    /// and its spec as text.
    pub fn surface(&mut self) -> (Box<dyn Surface>, String) {
        let text = self
            .values
            .spec("surface")
            .map(Spec::to_string)
            .unwrap_or_default();
        let built = self
            .values
            .take_surface()
            .unwrap_or_else(|| Box::new(surface::Quadratic { a: 1.0, b: 1.0 }));
        (built, text)
    }

    /// The spec `name` holds (the first of a list).
    pub fn spec(&self, name: &str) -> Spec {
        self.values
            .spec(name)
            .cloned()
            .unwrap_or_else(|| Spec::bare("constant"))
    }

    /// The specs `name` holds.
    pub fn specs(&self, name: &str) -> Vec<Spec> {
        self.values
            .specs(name)
            .map(<[Spec]>::to_vec)
            .unwrap_or_default()
    }

    /// The number `name` holds (`None` when the attribute is off).
    pub fn num(&self, name: &str) -> Option<f64> {
        self.values.num(name)
    }

    /// The whole number `name` holds.
    pub fn int(&self, name: &str) -> usize {
        self.values.int(name).unwrap_or(1)
    }

    /// The point `name` holds.
    pub fn point(&self, name: &str) -> Vec<f64> {
        self.values
            .point(name)
            .map(<[f64]>::to_vec)
            .unwrap_or_default()
    }
}

/// Checks `text` as the value of attribute `name` of `def`, the other attributes being
/// `context` (name and text): the same rule a page load applies.
pub fn check(
    def: &'static Widget,
    name: &str,
    text: &str,
    context: &[(&str, &str)],
) -> Result<Values, String> {
    let get = |n: &str| {
        if n == name {
            return Some(text.to_string());
        }
        context
            .iter()
            .find(|(k, _)| *k == n)
            .map(|(_, v)| v.to_string())
    };
    let (values, problems) = schema::read(def, &get);
    match problems.iter().find(|p| p.attr == name) {
        Some(p) => Err(p.error.to_string()),
        None => Ok(values),
    }
}

/// Text fields for some of a widget's attributes (name and label), each holding its
/// attribute's value, hidden unless `controls` shows it.
pub fn fields(
    parent: &web_sys::Element,
    names: &[(&'static str, &str)],
    attrs: &Attrs,
) -> Result<Vec<(&'static str, Field)>, wasm_bindgen::JsValue> {
    let shown = attrs.shown();
    names
        .iter()
        .map(|&(name, label)| {
            let text = attrs
                .values
                .value(name)
                .map(schema::Value::to_text)
                .unwrap_or_default();
            let f = Field::new(parent, label, &text)?;
            f.input.set_attribute("data-name", name)?;
            if let Some(l) = f.input.parent_element() {
                l.toggle_attribute_with_force("hidden", !shown.has(name))?;
            }
            Ok((name, f))
        })
        .collect()
}

/// Reads a widget's settings again after field `edited` changed: each field's text
/// (empty: the default) and every other attribute as given before, through the schema,
/// the rule a page load applies. Each field shows its own problem; a problem with an
/// attribute that has no field shows under the edited one. When there is none, every
/// field whose text is new is remembered in the link and the new values come back.
pub fn reread(
    def: &'static Widget,
    key: &str,
    fields: &[(&'static str, Field)],
    edited: usize,
    current: &Values,
) -> Option<Values> {
    let texts: Vec<(&str, String)> = fields
        .iter()
        .map(|(n, f)| (*n, f.input.value().trim().to_string()))
        .collect();
    let get = |n: &str| match texts.iter().find(|(k, _)| *k == n) {
        Some((_, t)) => Some(t.clone()).filter(|t| !t.is_empty()),
        None => current
            .value(n)
            .filter(|_| current.given(n))
            .map(schema::Value::to_text),
    };
    let (values, problems) = schema::read(def, &get);
    let stray = problems
        .iter()
        .find(|p| !fields.iter().any(|(n, _)| *n == p.attr));
    for (i, (n, f)) in fields.iter().enumerate() {
        let own = problems
            .iter()
            .find(|p| p.attr == *n)
            .map(|p| p.error.to_string());
        let stray = stray.filter(|_| i == edited).map(ToString::to_string);
        f.error(own.or(stray).as_deref());
    }
    if !problems.is_empty() {
        return None;
    }
    for (i, (n, t)) in texts.iter().enumerate() {
        let was = current.value(n).map(schema::Value::to_text);
        if i == edited || was.as_deref() != Some(t.as_str()) {
            url::remember(key, n, Some(t.as_str()).filter(|t| !t.is_empty()));
        }
    }
    Some(values)
}

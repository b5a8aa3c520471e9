//! `<gdz-schedules>`: learning-rate schedules drawn against the step on one chart. Each
//! schedule has a checkbox to show or hide it and a field holding its spec, checked as
//! the reader types (a bad spec keeps the last good curve and says why beside the
//! field). A step slider, or the pointer over the chart, reads every shown schedule's
//! rate at one step.
//!
//! The rates are those a run uses: the schedule is built by the core and stepped as a
//! run steps it ([`schedule::lrs`]); the rate at step `t` is the one the optimizer's
//! `t+1`-th update takes.
//!
//! Attributes: `schedules` (a `;`-list of up to 12 specs), `lr` (base rate), `steps`,
//! `off` (positions of schedules to start hidden), `controls`, `caption`.

use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlElement, HtmlInputElement, MouseEvent};

use crate::core::csv::Csv;
use crate::core::schedule;
use crate::core::schema::{self, FALLBACK_MOMENTUM};
use crate::core::spec::{fmt_num, Spec};
use crate::core::text::join;
use crate::render::chart::{y_range, Axes, Chart, Series};
use crate::render::palette::SERIES;
use crate::web::attrs::{self, Attrs};
use crate::web::canvas::{self, Layers};
use crate::web::dom::{child, fmt, text_child};
use crate::web::inputs::Slider;
use crate::web::mounted::Mounted;
use crate::web::shell::Shell;
use crate::web::tools;
use crate::web::url;
use crate::web::Widget;

/// One schedule: its last good spec and curve, and its row of controls.
struct Item {
    spec: Spec,
    points: Vec<(f64, f64)>,
    check: HtmlInputElement,
    input: HtmlInputElement,
    value: HtmlElement,
    msg: HtmlElement,
}

struct State {
    canvas: HtmlCanvasElement,
    layers: Layers,
    chart: Option<Chart>,
    items: Vec<Item>,
    lr: f64,
    steps: usize,
    at: usize,
    slider: Slider,
    key: String,
}

/// The rates of `spec` on base rate `lr`: `(t, lr after t steps)` for `t = 0..=steps`.
fn curve(spec: &Spec, lr: f64, steps: usize) -> Vec<(f64, f64)> {
    schedule::build(spec, lr, Some(FALLBACK_MOMENTUM)).map_or(Vec::new(), |mut s| {
        schedule::lrs(s.as_mut(), steps)
            .into_iter()
            .enumerate()
            .map(|(t, y)| (t as f64, y))
            .collect()
    })
}

/// One schedule spec, checked by the schema's rule for the chart's schedules, with its
/// curve.
fn parse_one(text: &str, lr_num: f64, steps: usize) -> Result<(Spec, Vec<(f64, f64)>), String> {
    let lr = fmt_num(lr_num);
    let v = attrs::check(&schema::SCHEDULES, "schedules", text.trim(), &[("lr", &lr)])?;
    let spec = v.spec("schedules").cloned().ok_or("the spec is empty")?;
    let points = curve(&spec, lr_num, steps);
    Ok((spec, points))
}

/// Mounts a schedules chart in `host`.
pub fn mount(host: &HtmlElement) -> Result<Box<dyn Widget>, JsValue> {
    // `off` counts positions in the list it was written for: a list from the link
    // does not take the attribute's `off` (the link carries its own, even when empty).
    let attrs = Attrs::read_with(host, &schema::SCHEDULES, &|name, linked| {
        name != "off" || linked("off") || !linked("schedules")
    });
    let lr = attrs.num("lr").unwrap_or(0.1);
    let steps = attrs.int("steps");
    let list: Vec<(Spec, Vec<(f64, f64)>)> = attrs
        .specs("schedules")
        .into_iter()
        .map(|spec| {
            let points = curve(&spec, lr, steps);
            (spec, points)
        })
        .collect();
    let off: Vec<usize> = attrs
        .values
        .words("off")
        .iter()
        .filter_map(|w| w.parse().ok())
        .collect();
    let shown = attrs.shown();

    let shell = Shell::new(host, "gdz-schedules", &attrs)?;
    let canvas = shell.canvas()?;
    let controls = shell.controls()?;
    let slider = Slider::new(&controls, "Step", None, (0.0, steps as f64), 0.0, false)?;
    slider.input.set_step("1");
    if let Some(l) = slider.input.parent_element() {
        let _ = l.toggle_attribute_with_force("hidden", !shown.has("step"));
    }
    let ul = child(&shell.root, "ul", "gdz-sched-list")?;
    let mut items = Vec::with_capacity(list.len());
    for (i, (spec, points)) in list.into_iter().enumerate() {
        let li = child(&ul, "li", "")?;
        let check: HtmlInputElement = child(&li, "input", "")?.dyn_into()?;
        check.set_type("checkbox");
        check.set_checked(!off.contains(&(i + 1)));
        let n = (i + 1).to_string();
        check.set_attribute("aria-label", &format!("Show schedule {n}"))?;
        let (c, dashed) = style(i);
        let key = crate::web::inputs::swatch(&li, c)?;
        if dashed {
            let css = canvas::css_rgb(c);
            let fill = format!("repeating-linear-gradient(90deg,{css} 0 5px,transparent 5px 8px)");
            key.style().set_property("background", &fill)?;
        }
        let input: HtmlInputElement = child(&li, "input", "gdz-spec")?.dyn_into()?;
        input.set_type("text");
        input.set_value(&spec.to_string());
        input.set_spellcheck(false);
        input.set_read_only(!shown.has("edit"));
        input.set_attribute("aria-label", &format!("Schedule {n}"))?;
        let id = format!("{}-m{n}", attrs.key);
        input.set_attribute("aria-describedby", &id)?;
        let value = text_child(&li, "output", "gdz-value", "")?;
        let msg = text_child(&li, "span", "gdz-msg", "")?;
        msg.set_id(&id);
        items.push(Item {
            spec,
            points,
            check,
            input,
            value,
            msg,
        });
    }

    let inputs: Vec<_> = items
        .iter()
        .map(|it| (it.check.clone(), it.input.clone()))
        .collect();
    let step_input = slider.input.clone();
    let mut m = Mounted::new(State {
        canvas: canvas.clone(),
        layers: Layers::new(host, false)?,
        chart: None,
        items,
        lr,
        steps,
        at: 0,
        slider,
        key: attrs.key.clone(),
    });
    for (i, (check, input)) in inputs.iter().enumerate() {
        m.on(check, "change", move |s, _| s.on_toggle())?;
        m.on(input, "input", move |s, _| s.on_edit(i))?;
    }
    m.on(&step_input, "input", |s, _| {
        let v = s.slider.value().round().max(0.0) as usize;
        s.at = v.min(s.steps);
        s.slider.show(s.at as f64);
        s.show();
    })?;
    for ev in ["pointermove", "pointerdown"] {
        m.on(&canvas, ev, |s, e| {
            if let Some(e) = e.dyn_ref::<MouseEvent>() {
                s.on_pointer(f64::from(e.offset_x()));
            }
        })?;
    }
    shell.finish(
        &mut m,
        host,
        &attrs,
        tools::Source {
            canvas: |s: &State| -> HtmlCanvasElement { s.canvas.clone() },
            csv: State::csv,
        },
        |s| {
            s.layers.measure(&s.canvas);
            s.show();
        },
    )?;
    m.state.borrow_mut().show();
    Ok(Box::new(m))
}

/// The colour of schedule `i`, and whether its line is dashed (the second time round
/// the palette). The palette's first colour, white, is left for the heatmaps.
fn style(i: usize) -> (crate::render::Rgb, bool) {
    let n = SERIES.len() - 1;
    (SERIES[1 + i % n], (i / n) % 2 == 1)
}

impl State {
    fn on_edit(&mut self, i: usize) {
        let (lr, steps) = (self.lr, self.steps);
        let Some(it) = self.items.get_mut(i) else {
            return;
        };
        match parse_one(&it.input.value(), lr, steps) {
            Ok((spec, points)) => {
                it.spec = spec;
                it.points = points;
                it.msg.set_text_content(None);
                let _ = it.input.remove_attribute("aria-invalid");
                let all: Vec<String> = self.items.iter().map(|it| it.spec.to_string()).collect();
                url::remember(&self.key, "schedules", Some(&join(&all, "; ")));
                self.show();
            }
            Err(e) => {
                it.msg.set_text_content(Some(&e));
                let _ = it.input.set_attribute("aria-invalid", "true");
            }
        }
    }

    fn on_toggle(&mut self) {
        let off: Vec<String> = self
            .items
            .iter()
            .enumerate()
            .filter(|(_, it)| !it.check.checked())
            .map(|(i, _)| (i + 1).to_string())
            .collect();
        let text = join(&off, ",");
        // Written even when empty, so that a link with every schedule on does not pick
        // up the attribute's `off` again.
        url::remember(&self.key, "off", Some(text.as_str()));
        self.show();
    }

    fn on_pointer(&mut self, x: f64) {
        let Some(chart) = &self.chart else { return };
        if let Some(t) = chart.x_at(x * self.layers.theme.scale) {
            let t = (t.round().max(0.0) as usize).min(self.steps);
            if t != self.at {
                self.at = t;
                self.slider.set(t as f64);
                self.show();
            }
        }
    }

    fn show(&mut self) {
        if let Err(e) = self.draw() {
            let text = format!("Drawing failed: {}", crate::web::dom::message(&e));
            let _ = self.canvas.set_attribute("aria-label", &text);
        }
    }

    fn draw(&mut self) -> Result<(), JsValue> {
        self.layers.fit(&self.canvas, (0.55, 200.0, 420.0));
        let series: Vec<Series> = self
            .items
            .iter()
            .enumerate()
            .filter(|(_, it)| it.check.checked())
            .map(|(i, it)| {
                let (color, dashed) = style(i);
                Series {
                    points: &it.points,
                    color,
                    dashed,
                }
            })
            .collect();
        let axes = Axes {
            x: (0.0, self.steps as f64),
            y: y_range(&series, false),
            log_y: false,
            log_x: false,
        };
        let size = (self.canvas.width(), self.canvas.height());
        let chart = Chart::new(size, &axes, &self.layers.theme);
        let root = canvas::backend(&self.canvas)?.into_drawing_area();
        chart
            .draw(&root, &series, Some(self.at as f64), &self.layers.theme)
            .map_err(crate::web::dom::js_error)?;
        self.chart = Some(chart);

        let mut label = format!(
            "Learning rate against step, 0 to {}, base rate {}. At step {}:",
            self.steps,
            fmt(self.lr),
            self.at
        );
        for it in &self.items {
            let on = it.check.checked();
            let text = match it.points.get(self.at) {
                Some((_, y)) if on => fmt(*y),
                _ => "off".to_string(),
            };
            it.value.set_text_content(Some(&text));
            if on {
                label.push_str(&format!(" {} {text};", it.spec));
            }
        }
        self.canvas.set_attribute("aria-label", &label)?;
        Ok(())
    }

    /// The shown schedules' rates as CSV: one row per step, one column per schedule.
    fn csv(&self) -> String {
        let on: Vec<&Item> = self.items.iter().filter(|it| it.check.checked()).collect();
        let names: Vec<String> = on.iter().map(|it| it.spec.to_string()).collect();
        let mut head = vec!["step"];
        head.extend(names.iter().map(String::as_str));
        let mut out = Csv::new(&head);
        for t in 0..=self.steps {
            out.int(t);
            for it in &on {
                out.opt(it.points.get(t).map(|p| p.1));
            }
            out.end_row();
        }
        out.finish()
    }
}

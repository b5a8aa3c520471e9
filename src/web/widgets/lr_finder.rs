//! `<gdz-lr-finder>`: the learning-rate range test on a small network. The rate grows
//! by the same factor each step from `lo` to `hi`; the chart shows the loss at each
//! rate (raw, and smoothed as the test reads it) on log axes, with the suggested rate
//! marked. *Use this rate* writes the suggestion into a linked `<gdz-network>`'s
//! optimizer field, as if the reader had typed it. (Its settings come from its
//! attributes or the link; a reader changes them in the network it serves.)
//!
//! Attributes: `data`, `model`, `optimizer`, `batch`, `lo`, `hi`, `steps`, `seed`,
//! `target`, `controls`, `caption`.

use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlCanvasElement, HtmlElement};

use crate::core::csv::Csv;
use crate::core::nn::{self, LrFindResult};
use crate::core::schema::{self, Values};
use crate::core::spec::{self, fmt_num};
use crate::render::chart::{y_range, Axes, Chart, Series};
use crate::render::palette::SERIES;
use crate::web::attrs::Attrs;
use crate::web::canvas::{self, Layers};
use crate::web::dom::{fmt, text_child};
use crate::web::inputs::button;
use crate::web::mounted::Mounted;
use crate::web::shell::Shell;
use crate::web::tools;

struct State {
    values: Values,
    canvas: HtmlCanvasElement,
    layers: Layers,
    result: Option<LrFindResult>,
    out: HtmlElement,
    use_b: HtmlElement,
    target: Option<String>,
}

/// Mounts a range test in `host`.
pub fn mount(host: &HtmlElement) -> Result<Box<dyn crate::web::Widget>, JsValue> {
    let mut attrs = Attrs::read(host, &schema::LR_FINDER);
    let shell = Shell::new(host, "gdz-lr-finder", &attrs)?;
    text_child(
        &shell.root,
        "p",
        "gdz-title",
        "Loss against the learning rate (both on log scales)",
    )?;
    let canvas = shell.canvas()?;
    let out = shell.readout()?;
    let controls = shell.controls()?;
    let target = attrs.values.text("target").map(str::to_string);
    let use_b = button(&controls, "Use this rate")?;
    use_b.set_hidden(target.is_none());
    let mut m = Mounted::new(State {
        values: std::mem::replace(&mut attrs.values, schema::LR_FINDER.defaults()),
        canvas,
        layers: Layers::new(host, false)?,
        result: None,
        out,
        use_b: use_b.clone(),
        target,
    });
    m.on(&use_b, "click", |s, _| s.use_rate())?;
    shell.finish(
        &mut m,
        host,
        &attrs,
        tools::Source {
            canvas: |s| s.canvas.clone(),
            csv: State::csv,
        },
        |s| {
            s.layers.measure(&s.canvas);
            s.draw();
        },
    )?;
    m.state.borrow_mut().run();
    Ok(Box::new(m))
}

impl State {
    /// Runs the range test with the current values.
    fn run(&mut self) {
        self.result = match self.sweep() {
            Ok(r) => Some(r),
            Err(e) => {
                self.out.set_text_content(Some(&e));
                None
            }
        };
        self.draw();
    }

    fn sweep(&self) -> Result<LrFindResult, String> {
        nn::lr_find_of(&self.values).map_err(|e| e.to_string())
    }

    fn draw(&mut self) {
        if let Err(e) = self.try_draw() {
            self.out
                .set_text_content(Some(&crate::web::dom::message(&e)));
        }
    }

    fn try_draw(&mut self) -> Result<(), JsValue> {
        self.layers.fit(&self.canvas, (0.55, 180.0, 380.0));
        let theme = self.layers.theme;
        let Some(r) = &self.result else {
            return Ok(());
        };
        let raw: Vec<(f64, f64)> = r.lr.iter().copied().zip(r.loss.iter().copied()).collect();
        let smooth: Vec<(f64, f64)> =
            r.lr.iter()
                .copied()
                .zip(r.smoothed.iter().copied())
                .collect();
        let series = [
            Series {
                points: &raw,
                color: SERIES[3],
                dashed: true,
            },
            Series {
                points: &smooth,
                color: SERIES[4],
                dashed: false,
            },
        ];
        let lo = self.values.num("lo").unwrap_or(1e-6);
        let hi = self.values.num("hi").unwrap_or(10.0);
        let (y0, y1) = y_range(&series[1..], true);
        let axes = Axes {
            x: (lo, hi),
            y: (y0, y1),
            log_y: true,
            log_x: true,
        };
        let chart = Chart::new((self.canvas.width(), self.canvas.height()), &axes, &theme);
        let root = canvas::backend(&self.canvas)?.into_drawing_area();
        chart
            .draw(&root, &series, r.suggestion, &theme)
            .map_err(crate::web::dom::js_error)?;
        let text = match r.suggestion {
            Some(s) => format!(
                "Suggested rate {} (where the smoothed loss falls fastest). Lowest smoothed loss at {}{}.",
                fmt(s),
                r.min_loss_lr.map_or_else(|| "—".to_string(), fmt),
                if r.stopped_early {
                    "; the test stopped once the loss blew up"
                } else {
                    ""
                }
            ),
            None => "No rate to suggest: the loss never fell during the sweep.".to_string(),
        };
        self.out.set_text_content(Some(&text));
        self.use_b
            .toggle_attribute_with_force("disabled", r.suggestion.is_none())?;
        self.canvas.set_attribute(
            "aria-label",
            &["Loss against the learning rate in a range test. ", &text].concat(),
        )?;
        Ok(())
    }

    /// Writes the suggested rate into the linked network's optimizer field (every spec
    /// of its `;`-list) and tells the network it changed.
    fn use_rate(&mut self) {
        let (Some(id), Some(rate)) = (
            &self.target,
            self.result.as_ref().and_then(|r| r.suggestion),
        ) else {
            return;
        };
        let field = crate::web::dom::linked_optimizer(id);
        let Some(field) = field else {
            let msg = ["No network with id \"", id, "\" on this page."].concat();
            self.out.set_text_content(Some(&msg));
            return;
        };
        let Ok(list) = spec::parse_list(&field.value(), "optimizer", schema::MAX_NET_RUNS) else {
            return;
        };
        let rate = crate::core::num::parse_f64(&crate::core::num::fmt_sig(rate, 2)).unwrap_or(rate);
        let text: Vec<String> = list
            .into_iter()
            .map(|mut s| {
                s.set("lr", spec::Value::Num(rate));
                s.to_string()
            })
            .collect();
        crate::web::dom::set_field(&field, &text.join("; "));
        let msg = ["Set the network's learning rate to ", &fmt_num(rate), "."].concat();
        self.out.set_text_content(Some(&msg));
    }

    /// Every step of the sweep: the rate, the loss and the smoothed loss.
    fn csv(&self) -> String {
        let mut out = Csv::new(&["step", "lr", "loss", "smoothed"]);
        if let Some(r) = &self.result {
            for (k, ((lr, l), s)) in r.lr.iter().zip(&r.loss).zip(&r.smoothed).enumerate() {
                out.int(k + 1).num(*lr).num(*l).num(*s);
                out.end_row();
            }
        }
        out.finish()
    }
}

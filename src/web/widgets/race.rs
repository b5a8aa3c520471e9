//! `<gdz-race>`: several optimizers from one start with the same step budget, animated
//! together on the surface, with a legend and a live results table (loss at the shown
//! step, steps to converge, status) that sorts by any column. A click or tap on the plot
//! moves the start.
//!
//! Attributes: `optimizers` (required, a `;`-list of up to 12 specs), `surface`, `start`,
//! `steps`, `controls`, `caption`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement, HtmlElement, MouseEvent};

use crate::core::csv::Csv;
use crate::core::race::{self, order_by, ranks, standing_at, Standing};
use crate::core::run::{RunConfig, Status, Trajectory};
use crate::core::schema;
use crate::core::spec::{fmt_num, Spec};
use crate::core::surface::Surface;
use crate::core::text::join;
use crate::render::palette::SERIES;
use crate::render::Rgb;
use crate::web::attrs::Attrs;
use crate::web::dom::js_error;
use crate::web::dom::{child, fmt, text_child};
use crate::web::mounted::Mounted;
use crate::web::panel::{Panel, Path};
use crate::web::shell::Shell;
use crate::web::timeline::{self, Timeline};
use crate::web::tools;
use crate::web::url;
use crate::web::Widget;

const COLUMNS: [&str; 5] = ["Rank", "Optimizer", "Loss", "Converged at", "Status"];

/// One racer's row of the results table: the row and its live cells.
struct Row {
    tr: HtmlElement,
    /// Rank, loss, converged at, status.
    cells: [HtmlElement; 4],
}

struct State {
    panel: Panel,
    surface: Box<dyn Surface>,
    surface_text: String,
    specs: Vec<Spec>,
    names: Vec<String>,
    trajs: Vec<Trajectory>,
    start: Vec<f64>,
    cfg: RunConfig,
    key: String,
    timeline: Timeline,
    caption: HtmlElement,
    body: HtmlElement,
    heads: Vec<HtmlElement>,
    rows: Vec<Row>,
    /// The column sorted by, and whether descending.
    sort: (usize, bool),
    order: Vec<usize>,
    /// A guided journey's stops (step, caption), their buttons, and where the caption
    /// of the stop reached is read out.
    stops: Vec<(usize, String)>,
    stop_buttons: Vec<HtmlElement>,
    stop_text: Option<HtmlElement>,
}

/// The colour of racer `i` (the same as its swatch).
fn colour(i: usize) -> Rgb {
    SERIES[i % SERIES.len()]
}

/// Mounts a race in `host`.
pub fn mount(host: &HtmlElement) -> Result<Box<dyn Widget>, JsValue> {
    let mut attrs = Attrs::read(host, &schema::RACE);
    let (surface, surface_text) = attrs.surface();
    let specs = attrs.specs("optimizers");
    let start = attrs.point("start");
    let steps = attrs.int("steps");

    let shell = Shell::new(host, "gdz-race", &attrs)?;
    let canvas = shell.canvas()?;
    let legend = child(&shell.root, "ul", "gdz-legend")?;
    legend.set_attribute("aria-label", "Legend")?;
    for (i, s) in specs.iter().enumerate() {
        let li = child(&legend, "li", "")?;
        crate::web::inputs::swatch(&li, colour(i))?;
        text_child(&li, "code", "", &s.to_string())?;
    }
    let mut timeline = Timeline::new(&shell.root, steps, &attrs)?;
    let stops = attrs.values.stops("stops").to_vec();
    // A race plays itself once scrolled into view, unless it answers a prediction
    // (`reveal="play"`) or the reader prefers reduced motion.
    let autoplay = !timeline.held && !crate::web::mounted::reduced_motion();
    let (mut stop_buttons, mut stop_text) = (Vec::new(), None);
    if !stops.is_empty() {
        timeline.stops = stops.iter().map(|s| s.0).collect();
        // A journey begins at its first stop.
        timeline.seek(timeline.stops.first().copied().unwrap_or(0));
        let nav = child(&shell.root, "ol", "gdz-stops")?;
        nav.set_attribute("aria-label", "Stops of the journey")?;
        for (i, (k, _)) in stops.iter().enumerate() {
            let li = child(&nav, "li", "")?;
            let label = format!("Stop {}: step {k}", i + 1);
            stop_buttons.push(crate::web::inputs::button(&li, &label)?);
        }
        let p = child(&shell.root, "p", "gdz-stop-caption")?;
        p.set_attribute("aria-live", "polite")?;
        stop_text = Some(p);
    }

    let wrap = child(&shell.root, "div", "gdz-table")?;
    let table = child(&wrap, "table", "")?;
    let caption = child(&table, "caption", "")?;
    let thead = child(&table, "thead", "")?;
    let head = child(&thead, "tr", "")?;
    let mut heads = Vec::new();
    let mut buttons = Vec::new();
    for name in COLUMNS {
        let th = child(&head, "th", "")?;
        th.set_attribute("scope", "col")?;
        buttons.push(crate::web::inputs::button(&th, name)?);
        heads.push(th);
    }
    let body = child(&table, "tbody", "")?;
    let mut rows = Vec::with_capacity(specs.len());
    for (i, s) in specs.iter().enumerate() {
        let tr = child(&body, "tr", "")?;
        let rank = child(&tr, "td", "")?;
        let name = child(&tr, "th", "")?;
        name.set_attribute("scope", "row")?;
        crate::web::inputs::swatch(&name, colour(i))?;
        spec_code(&name, &s.to_string())?;
        let cells = [
            rank,
            child(&tr, "td", "")?,
            child(&tr, "td", "")?,
            child(&tr, "td", "")?,
        ];
        rows.push(Row { tr, cells });
    }

    let panel = Panel::new(host, canvas.clone(), surface.as_ref(), &surface_text)?;
    let names = specs.iter().map(|s| s.to_string()).collect();
    let mut m = Mounted::new(State {
        panel,
        surface,
        surface_text,
        specs,
        names,
        trajs: Vec::new(),
        start,
        cfg: RunConfig {
            steps,
            ..RunConfig::default()
        },
        key: attrs.key.clone(),
        timeline,
        caption,
        body,
        heads,
        rows,
        sort: (0, false),
        order: Vec::new(),
        stops,
        stop_buttons: stop_buttons.clone(),
        stop_text,
    });
    timeline::wire(&mut m, |s| &mut s.timeline, State::show)?;
    for (i, b) in stop_buttons.iter().enumerate() {
        m.on(b, "click", move |s, _| {
            if let Some(&(k, _)) = s.stops.get(i) {
                s.timeline.seek(k);
                s.show();
            }
        })?;
    }
    for (col, b) in buttons.iter().enumerate() {
        m.on(b, "click", move |s, _| s.on_sort(col))?;
    }
    m.on(&canvas, "pointerdown", |s, e| {
        if let Some(e) = e.dyn_ref::<MouseEvent>() {
            if e.button() == 0 {
                s.on_point(f64::from(e.offset_x()), f64::from(e.offset_y()));
            }
        }
    })?;
    shell.finish(
        &mut m,
        host,
        &attrs,
        tools::Source {
            canvas: |s: &State| -> HtmlCanvasElement { s.panel.canvas.clone() },
            csv: State::csv,
        },
        |s| {
            s.panel.measure();
            s.show();
        },
    )?;
    {
        let mut s = m.state.borrow_mut();
        s.rerun();
        s.show();
    }
    if autoplay {
        m.on_first_view(host, |s| {
            s.timeline.play();
            s.show();
        });
    }
    Ok(Box::new(m))
}

impl State {
    /// Runs the race again (after the start moved).
    fn rerun(&mut self) {
        let constant = Spec::bare("constant");
        let runs = race::runs(
            self.surface.as_ref(),
            &self.start,
            &self.specs,
            &constant,
            &self.cfg,
        );
        match runs.map_err(js_error) {
            Ok(t) => self.trajs = t,
            Err(e) => self.fail(&e),
        }
    }

    fn on_point(&mut self, x: f64, y: f64) {
        let Some((px, py)) = self.panel.data_at(x, y) else {
            return;
        };
        self.start = vec![
            crate::web::readout::round3(px),
            crate::web::readout::round3(py),
        ];
        let text = format!("{},{}", fmt_num(self.start[0]), fmt_num(self.start[1]));
        url::remember(&self.key, "start", Some(&text));
        self.rerun();
        self.show();
    }

    fn on_sort(&mut self, col: usize) {
        self.sort = if self.sort.0 == col {
            (col, !self.sort.1)
        } else {
            (col, false)
        };
        self.show();
    }

    fn fail(&self, e: &JsValue) {
        let text = format!("Drawing failed: {}", crate::web::dom::message(e));
        self.caption.set_text_content(Some(&text));
    }

    /// Redraws everything at the timeline's step.
    fn show(&mut self) {
        if let Err(e) = self.draw() {
            self.fail(&e);
        }
    }

    /// The caption of the last stop reached, and which button is current.
    fn show_stop(&self, k: usize) {
        let Some(p) = &self.stop_text else { return };
        let reached = self.stops.iter().rposition(|s| s.0 <= k);
        let text = reached
            .and_then(|i| Some((i, self.stops.get(i)?)))
            .map(|(i, (_, c))| format!("Stop {} of {}: {c}", i + 1, self.stops.len()))
            .unwrap_or_default();
        if p.text_content().as_deref() != Some(text.as_str()) {
            p.set_text_content(Some(&text));
        }
        for (i, b) in self.stop_buttons.iter().enumerate() {
            let _ = if Some(i) == reached {
                b.set_attribute("aria-current", "step")
            } else {
                b.remove_attribute("aria-current")
            };
        }
    }

    fn draw(&mut self) -> Result<(), JsValue> {
        let k = self.timeline.at;
        self.show_stop(k);
        let budget = self.cfg.steps;
        let standings: Vec<Standing> = self.trajs.iter().map(|t| standing_at(t, k)).collect();
        let rank = ranks(&standings);
        let paths: Vec<Path> = self
            .trajs
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let n = (k + 1).min(t.len()) * t.dim;
                (t.points.get(..n).unwrap_or(&t.points), colour(i))
            })
            .collect();
        let diverged = standings.iter().any(|s| s.status == Status::Diverged);
        self.panel.draw(&paths, diverged.then_some("diverged"))?;

        let start: Vec<String> = self.start.iter().map(|x| fmt(*x)).collect();
        let at = format!("step {k} of {budget}");
        let mut label = format!(
            "Race on {} from ({}), {at}.",
            self.surface_text,
            join(&start, ", ")
        );
        for (i, (st, row)) in standings.iter().zip(&self.rows).enumerate() {
            let r = rank.get(i).copied().unwrap_or(0);
            let (loss, conv, status) = words(st, k, budget);
            let texts = [r.to_string(), loss, conv, status];
            for (cell, text) in row.cells.iter().zip(&texts) {
                if cell.text_content().as_deref() != Some(text.as_str()) {
                    cell.set_text_content(Some(text));
                }
            }
            for part in [
                " ",
                &texts[0],
                ". ",
                self.names.get(i).map_or("", |n| n),
                ": loss ",
            ] {
                label.push_str(part);
            }
            for part in [&texts[1], ", ", &texts[3]] {
                label.push_str(part);
            }
            if st.converged_at.is_some() && st.status != Status::Diverged {
                label.push_str(" at ");
                label.push_str(&texts[2]);
            }
            label.push(';');
        }
        self.panel.canvas.set_attribute("aria-label", &label)?;
        self.caption
            .set_text_content(Some(&format!("Results at {at}")));
        self.sort_rows(&standings, &rank);
        Ok(())
    }

    /// Puts the rows in the order of the sorted column and marks its header.
    fn sort_rows(&mut self, st: &[Standing], rank: &[usize]) {
        let (col, desc) = self.sort;
        let num = |i: usize| -> f64 {
            let s = st.get(i);
            match col {
                2 => s
                    .filter(|s| s.status != Status::Diverged && !s.loss.is_nan())
                    .map_or(f64::INFINITY, |s| s.loss),
                3 => s
                    .and_then(|s| s.converged_at)
                    .map_or(f64::INFINITY, |c| c as f64),
                _ => rank.get(i).map_or(f64::INFINITY, |r| *r as f64),
            }
        };
        let order = order_by(self.rows.len(), |a, b| {
            let o = if col == 1 {
                self.names.get(a).cmp(&self.names.get(b))
            } else {
                num(a).total_cmp(&num(b))
            };
            if desc {
                o.reverse()
            } else {
                o
            }
        });
        if order != self.order {
            for i in &order {
                if let Some(r) = self.rows.get(*i) {
                    let _ = self.body.append_child(&r.tr);
                }
            }
            self.order = order;
        }
        for (i, th) in self.heads.iter().enumerate() {
            let _ = if i == col {
                th.set_attribute("aria-sort", if desc { "descending" } else { "ascending" })
            } else {
                th.remove_attribute("aria-sort")
            };
        }
    }

    /// Every racer's path as CSV: optimizer, step, x, y, loss.
    fn csv(&self) -> String {
        let mut out = Csv::new(&["optimizer", "step", "x", "y", "loss"]);
        for (name, t) in self.names.iter().zip(&self.trajs) {
            for k in 0..t.len() {
                out.text(name).int(k);
                for v in t.point(k).unwrap_or(&[]) {
                    out.num(*v);
                }
                out.opt(t.loss.get(k).copied());
                out.end_row();
            }
        }
        out.finish()
    }
}

/// An optimizer's spec as code in `parent`, with a line break allowed after its `(`: on
/// a phone the table's name column can then be as narrow as the longest argument.
fn spec_code(parent: &Element, spec: &str) -> Result<(), JsValue> {
    let code = child(parent, "code", "")?;
    // `split_at_checked`: a plain `split_at` would link the formatting of its panic
    // message (about 2 KB of wasm) into every module with a race.
    let at = spec.find('(').map_or(spec.len(), |i| i + 1);
    let (name, args) = spec.split_at_checked(at).unwrap_or((spec, ""));
    code.append_with_str_1(name)?;
    if !args.is_empty() {
        child(&code, "wbr", "")?;
        code.append_with_str_1(args)?;
    }
    Ok(())
}

/// The table's loss, converged-at and status words for a standing at step `k` of
/// `budget`.
fn words(s: &Standing, k: usize, budget: usize) -> (String, String, String) {
    let dash = || "—".to_string();
    match (s.status, s.converged_at) {
        (Status::Diverged, _) => (dash(), dash(), "diverged".into()),
        (_, Some(c)) => (fmt(s.loss), c.to_string(), "converged".into()),
        _ => (
            fmt(s.loss),
            dash(),
            if k >= budget {
                "out of steps"
            } else {
                "running"
            }
            .into(),
        ),
    }
}

//! `<gdz-landscape>`: a 2-D surface drawn in 3-D, with the runs of one or more optimizers
//! lying on it. Drag (or arrow keys) to turn it, wheel, pinch or +/− to zoom; the view is
//! kept in the page's URL so a link shows the same angle.
//!
//! Attributes (all optional): `surface`, `optimizers` (`;`-list), `start`, `steps`,
//! `view` (`yaw,pitch,zoom`), `controls` (`surface`, `view`, `tools`), `caption`.

use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Event, HtmlCanvasElement, HtmlElement, HtmlSelectElement, KeyboardEvent, PointerEvent,
    WheelEvent,
};

use crate::core::csv::Csv;
use crate::core::run::{RunConfig, Trajectory};
use crate::core::schema;
use crate::core::spec::fmt_num;
use crate::core::spec::Spec;
use crate::core::surface::Surface;
use crate::core::text::join;
use crate::render::mesh3d::{self, Mesh, Picture, Run3};
use crate::render::palette::SERIES;
use crate::render::project::{Camera, View};
use crate::render::Field;
use crate::web::attrs::{self, Attrs};
use crate::web::canvas::{self, Layers};
use crate::web::dom::{child, fmt, text_child};
use crate::web::mounted::Mounted;
use crate::web::readout::describe;
use crate::web::shell::Shell;
use crate::web::tools;
use crate::web::url;
use crate::web::Widget;

/// Surfaces offered in the menu.
const SURFACES: &[&str] = &[
    "himmelblau",
    "rosenbrock",
    "beale",
    "ackley",
    "rastrigin",
    "quadratic",
    "saddle",
    "monkey_saddle",
    "cliff",
    "plateau",
];
/// Samples along each side of the mesh.
const SIDE: usize = 48;

struct State {
    canvas: HtmlCanvasElement,
    readout: HtmlElement,
    key: String,
    surface: Box<dyn Surface>,
    surface_text: String,
    specs: Vec<Spec>,
    trajs: Vec<Trajectory>,
    start: Vec<f64>,
    steps: usize,
    mesh: Mesh,
    pic: Picture,
    /// The shaded surface at CSS pixels, scaled onto the canvas (see `draw`).
    shade: HtmlCanvasElement,
    view: View,
    first_view: View,
    layers: Layers,
    /// Pointers down on the canvas: id and last client position.
    pointers: Vec<(i32, f64, f64)>,
    /// The runs' outcomes, for the canvas's label.
    summary: String,
}

fn mesh_of(surface: &dyn Surface) -> Mesh {
    let b = surface.bounds();
    let g = |v: &Vec<f64>, i: usize| v.get(i).copied().unwrap_or(0.0);
    let bounds = [g(&b.lo, 0), g(&b.hi, 0), g(&b.lo, 1), g(&b.hi, 1)];
    Mesh::new(Field::sample(
        |x, y| surface.value(&[x, y]),
        bounds,
        SIDE,
        SIDE,
    ))
}

/// Mounts a landscape in `host`.
pub fn mount(host: &HtmlElement) -> Result<Box<dyn Widget>, JsValue> {
    let mut attrs = Attrs::read(host, &schema::LANDSCAPE);
    let (surface, surface_text) = attrs.surface();
    let specs = attrs.specs("optimizers");
    let start = attrs.point("start");
    let steps = attrs.int("steps");
    let view = View::from_numbers(&attrs.point("view"));
    let shown = attrs.shown();

    let shell = Shell::new(host, "gdz-landscape", &attrs)?;
    let canvas = shell.canvas()?;
    canvas.set_tab_index(0);
    let controls = shell.controls()?;
    let select: HtmlSelectElement = {
        let l = child(&controls, "label", "gdz-slider")?;
        l.set_hidden(!shown.has("surface"));
        text_child(&l, "span", "", "Surface")?;
        child(&l, "select", "")?.dyn_into()?
    };
    let mut names: Vec<&str> = SURFACES.to_vec();
    if !names.contains(&surface_text.as_str()) {
        names.insert(0, &surface_text);
    }
    for n in names {
        text_child(&select, "option", "", n)?.set_attribute("value", n)?;
    }
    select.set_value(&surface_text);
    let reset = crate::web::inputs::button(&controls, "Reset view")?;
    reset.set_hidden(!shown.has("view"));
    let readout = shell.readout()?;
    let mesh = mesh_of(surface.as_ref());
    let mut m = Mounted::new(State {
        canvas: canvas.clone(),
        readout,
        key: attrs.key.clone(),
        surface,
        surface_text,
        specs,
        trajs: Vec::new(),
        start,
        steps,
        mesh,
        pic: Picture::default(),
        shade: canvas::offscreen()?,
        view,
        first_view: view,
        layers: Layers::new(host, false)?,
        pointers: Vec::new(),
        summary: String::new(),
    });
    for ev in [
        "pointerdown",
        "pointermove",
        "pointerup",
        "pointercancel",
        "wheel",
        "keydown",
    ] {
        m.on(&canvas, ev, State::on_canvas)?;
    }
    m.on(&reset, "click", |s, _| {
        s.set_view(s.first_view);
        s.remember_view();
    })?;
    let sel = select.clone();
    m.on(&select, "change", move |s, _| s.on_surface(&sel.value()))?;
    shell.finish(
        &mut m,
        host,
        &attrs,
        tools::Source {
            canvas: |s: &State| s.canvas.clone(),
            csv: State::csv,
        },
        |s| {
            s.measure();
            s.redraw_or_notice();
        },
    )?;
    {
        let mut s = m.state.borrow_mut();
        s.rerun()?;
        s.measure();
        s.redraw_or_notice();
    }
    Ok(Box::new(m))
}

impl State {
    /// Every pointer, wheel and key event on the canvas (one handler keeps the code small).
    fn on_canvas(&mut self, e: &Event) {
        if let Some(e) = e.dyn_ref::<PointerEvent>() {
            let (id, x, y) = (e.pointer_id(), e.client_x(), e.client_y());
            match e.type_().as_str() {
                "pointerdown" => {
                    let _ = self.canvas.set_pointer_capture(id);
                    self.pointers.retain(|p| p.0 != id);
                    self.pointers.push((id, f64::from(x), f64::from(y)));
                }
                "pointermove" => self.on_move(id, f64::from(x), f64::from(y)),
                _ => {
                    self.pointers.retain(|p| p.0 != id);
                    self.remember_view();
                }
            }
            return;
        }
        let v = self.view;
        let next = if let Some(w) = e.dyn_ref::<WheelEvent>() {
            v.zoomed((-crate::core::num::clamp(w.delta_y(), -500.0, 500.0) * 0.0015).exp())
        } else if let Some(k) = e.dyn_ref::<KeyboardEvent>() {
            match k.key().as_str() {
                "ArrowLeft" => v.rotated(-10.0, 0.0),
                "ArrowRight" => v.rotated(10.0, 0.0),
                "ArrowUp" => v.rotated(0.0, 5.0),
                "ArrowDown" => v.rotated(0.0, -5.0),
                "+" | "=" => v.zoomed(1.2),
                "-" | "_" => v.zoomed(1.0 / 1.2),
                _ => return,
            }
        } else {
            return;
        };
        e.prevent_default();
        self.set_view(next);
        self.remember_view();
    }

    /// Reads the laid-out width and the theme (on mount and resize only).
    fn measure(&mut self) {
        self.layers.measure(&self.canvas);
        self.layers.fit(&self.canvas, (0.75, 220.0, 600.0));
    }

    fn on_move(&mut self, id: i32, x: f64, y: f64) {
        let Some(i) = self.pointers.iter().position(|p| p.0 == id) else {
            return;
        };
        let old = self.pointers.clone();
        if let Some(p) = self.pointers.get_mut(i) {
            *p = (id, x, y);
        }
        let view = match (old.as_slice(), self.pointers.as_slice()) {
            ([a], _) => self.view.rotated((x - a.1) * 0.4, (y - a.2) * 0.3),
            ([a, b, ..], [c, d, ..]) => {
                let dist = |p: &(i32, f64, f64), q: &(i32, f64, f64)| {
                    (p.1 - q.1).hypot(p.2 - q.2).max(1.0)
                };
                self.view.zoomed(dist(c, d) / dist(a, b))
            }
            _ => return,
        };
        self.set_view(view);
    }

    fn set_view(&mut self, view: View) {
        self.view = view;
        self.redraw_or_notice();
    }

    fn remember_view(&self) {
        url::remember(&self.key, "view", Some(&self.view.text()));
    }

    fn on_surface(&mut self, text: &str) {
        let Some(s) = attrs::check(&schema::LANDSCAPE, "surface", text, &[])
            .ok()
            .and_then(|mut v| v.take_surface())
        else {
            return;
        };
        let t = text.trim().to_string();
        self.mesh = mesh_of(s.as_ref());
        self.start = s.default_start();
        self.surface = s;
        self.surface_text = t;
        let start: Vec<String> = self.start.iter().map(|x| fmt_num(*x)).collect();
        url::remember(&self.key, "surface", Some(&self.surface_text));
        url::remember(&self.key, "start", Some(&join(&start, ",")));
        if let Err(e) = self.rerun() {
            self.fail(&e);
        }
        self.redraw_or_notice();
    }

    fn rerun(&mut self) -> Result<(), JsValue> {
        let cfg = RunConfig {
            steps: self.steps,
            ..RunConfig::default()
        };
        let constant = Spec::bare("constant");
        let mut trajs = Vec::with_capacity(self.specs.len());
        for spec in &self.specs {
            trajs.push(
                crate::core::setup::run_spec(
                    self.surface.as_ref(),
                    &self.start,
                    spec,
                    &constant,
                    &cfg,
                )
                .map_err(crate::web::dom::js_error)?,
            );
        }
        let runs: Vec<String> = self
            .specs
            .iter()
            .zip(&trajs)
            .map(|(s, t)| describe(s, t, self.steps))
            .collect();
        self.readout.set_text_content(None);
        for (i, text) in runs.iter().enumerate() {
            let line = child(&self.readout, "p", "")?;
            crate::web::inputs::swatch(&line, SERIES[i % SERIES.len()])?;
            line.append_with_str_1(text)?;
        }
        self.trajs = trajs;
        let start: Vec<String> = self.start.iter().map(|x| fmt(*x)).collect();
        self.summary = format!("Runs from ({}): {}", join(&start, ", "), runs.join(" "));
        Ok(())
    }

    fn fail(&self, e: &JsValue) {
        self.readout.set_text_content(Some(&format!(
            "Drawing failed: {}",
            crate::web::dom::message(e)
        )));
    }

    fn redraw_or_notice(&mut self) {
        if let Err(e) = self.draw() {
            self.fail(&e);
        }
    }

    fn draw(&mut self) -> Result<(), JsValue> {
        let (w, h) = (self.canvas.width(), self.canvas.height());
        // The surface is shaded at CSS pixels and scaled up: its flat quads look the
        // same, and at a device pixel ratio of 2 a frame shades a quarter of the pixels.
        // The runs, the outline and the labels are drawn over it at full resolution.
        let ratio = self.layers.theme.scale.max(1.0);
        let small = |n: u32| ((f64::from(n) / ratio).round() as u32).max(1);
        let (pw, ph) = (small(w), small(h));
        if (self.pic.w, self.pic.h) != (pw as usize, ph as usize) {
            self.pic = Picture::new(pw as usize, ph as usize);
        }
        self.pic.scale = f64::from(pw) / f64::from(w.max(1));
        let shading = Camera::new(&self.view, f64::from(pw), f64::from(ph), mesh3d::HEIGHT);
        self.mesh
            .paint(&shading, &mut self.pic, self.layers.theme.bg);
        let ctx = canvas::context(&self.canvas)?;
        if (pw, ph) == (w, h) {
            canvas::put_rgba(&ctx, &self.pic.rgba, w, h, 0.0, 0.0)?;
        } else {
            if (self.shade.width(), self.shade.height()) != (pw, ph) {
                self.shade.set_width(pw);
                self.shade.set_height(ph);
            }
            let shade = canvas::context(&self.shade)?;
            canvas::put_rgba(&shade, &self.pic.rgba, pw, ph, 0.0, 0.0)?;
            ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
                &self.shade,
                0.0,
                0.0,
                f64::from(w),
                f64::from(h),
            )?;
        }
        let cam = Camera::new(&self.view, f64::from(w), f64::from(h), mesh3d::HEIGHT);
        let runs: Vec<Run3> = self
            .trajs
            .iter()
            .enumerate()
            .map(|(i, t)| Run3 {
                points: &t.points,
                loss: &t.loss,
                colour: SERIES[i % SERIES.len()],
            })
            .collect();
        let root = canvas::backend(&self.canvas)?.into_drawing_area();
        mesh3d::draw_runs(
            &root,
            &self.mesh,
            &cam,
            &self.pic,
            &runs,
            &self.layers.theme,
        )
        .map_err(crate::web::dom::js_error)?;
        self.canvas.set_attribute("aria-label", &self.label())?;
        Ok(())
    }

    /// What the canvas shows, for screen readers.
    fn label(&self) -> String {
        let [x0, x1, y0, y1] = self.mesh.field().bounds;
        let v = &self.view;
        format!(
            "3-D surface of {} over x from {} to {} and y from {} to {}, turned {}°, tilted {}°, zoom {}×. {}",
            self.surface_text,
            fmt(x0),
            fmt(x1),
            fmt(y0),
            fmt(y1),
            fmt(v.yaw.round()),
            fmt(v.pitch.round()),
            fmt(v.zoom),
            self.summary
        )
    }

    /// The runs as CSV: one line per point of each run.
    fn csv(&self) -> String {
        let mut out = Csv::new(&["run", "optimizer", "step", "x", "y", "loss"]);
        for (i, (spec, t)) in self.specs.iter().zip(&self.trajs).enumerate() {
            let name = spec.to_string();
            for (k, (p, loss)) in t.points.chunks_exact(2).zip(&t.loss).enumerate() {
                out.int(i + 1).text(&name).int(k);
                for x in [p[0], p[1], *loss] {
                    out.num(x);
                }
                out.end_row();
            }
        }
        out.finish()
    }
}

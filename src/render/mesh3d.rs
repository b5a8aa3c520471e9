//! A surface in 3-D: the sampled grid as a mesh of shaded quads, painted far to near
//! into an RGBA picture (noting which quad shows at each pixel), and runs drawn on it as
//! 3-D polylines.
//!
//! The quads' colours (height on the heatmap scale, times a fixed light) depend only on
//! the grid, so they are worked out once; a new view only re-projects the vertices and
//! re-sorts the quads.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::field::Field;
use super::palette::{self, Rgb, Theme};
use super::project::Camera;
use crate::core::error::Error;

/// Height of the model box: the highest loss sits this far above the floor.
pub const HEIGHT: f64 = 0.8;

/// The grid as a mesh in the model box `[−1, 1]² × [0, HEIGHT]`.
#[derive(Debug, Clone)]
pub struct Mesh {
    field: Field,
    z: Vec<f64>,
    colours: Vec<Option<Rgb>>,
}

impl Mesh {
    /// The mesh of `field` (at least 2 × 2 samples, row 0 at the top, `y = y1`).
    pub fn new(field: Field) -> Mesh {
        let (nx, ny) = (field.nx, field.ny);
        let norm: Vec<f64> = field.values.iter().map(|v| field.normalize(*v)).collect();
        let z: Vec<f64> = norm.iter().map(|u| u * HEIGHT).collect();
        let at = |v: &[f64], r: usize, c: usize| v.get(r * nx + c).copied().unwrap_or(f64::NAN);
        let (dx, dy) = (
            2.0 / nx.saturating_sub(1) as f64,
            2.0 / ny.saturating_sub(1) as f64,
        );
        // Light from the upper left, somewhat in front.
        let light = {
            let l = [-0.4, 0.5, 0.77];
            let n: f64 = l[0] * l[0] + l[1] * l[1] + l[2] * l[2];
            l.map(|x| x / n.sqrt())
        };
        let mut colours = Vec::new();
        for r in 0..ny.saturating_sub(1) {
            for c in 0..nx.saturating_sub(1) {
                let (a, b) = (at(&z, r, c), at(&z, r, c + 1));
                let (d, e) = (at(&z, r + 1, c + 1), at(&z, r + 1, c));
                if !(a.is_finite() && b.is_finite() && d.is_finite() && e.is_finite()) {
                    colours.push(None);
                    continue;
                }
                let gx = 0.5 * ((b - a) + (d - e)) / dx;
                let gy = 0.5 * ((a - e) + (b - d)) / dy;
                let len = (gx * gx + gy * gy + 1.0).sqrt();
                let lit = ((-gx * light[0] - gy * light[1] + light[2]) / len).max(0.0);
                let shade = 0.45 + 0.55 * lit;
                let u = 0.25
                    * (at(&norm, r, c)
                        + at(&norm, r, c + 1)
                        + at(&norm, r + 1, c)
                        + at(&norm, r + 1, c + 1));
                let p = palette::scale(u);
                let s = |x: u8| (f64::from(x) * shade).round() as u8;
                colours.push(Some(Rgb(s(p.0), s(p.1), s(p.2))));
            }
        }
        Mesh { field, z, colours }
    }

    /// The sampled grid.
    pub fn field(&self) -> &Field {
        &self.field
    }

    /// The model point of data point `(x, y)` with loss `v`; `None` outside the grid's
    /// bounds or for a non-finite value.
    pub fn model(&self, x: f64, y: f64, v: f64) -> Option<(f64, f64, f64)> {
        let [x0, x1, y0, y1] = self.field.bounds;
        let mx = -1.0 + 2.0 * (x - x0) / (x1 - x0);
        let my = -1.0 + 2.0 * (y - y0) / (y1 - y0);
        let z = self.field.normalize(v) * HEIGHT;
        let inside = |t: f64| (-1.0..=1.0).contains(&t);
        (inside(mx) && inside(my) && z.is_finite()).then_some((mx, my, z))
    }

    /// Paints the mesh as `cam` sees it over `bg`.
    pub fn paint(&self, cam: &Camera, pic: &mut Picture, bg: Rgb) {
        let (nx, ny) = (self.field.nx, self.field.ny);
        pic.clear(bg);
        if nx < 2 || ny < 2 {
            return;
        }
        pic.verts.clear();
        for r in 0..ny {
            let y = 1.0 - 2.0 * r as f64 / (ny - 1) as f64;
            for c in 0..nx {
                let x = -1.0 + 2.0 * c as f64 / (nx - 1) as f64;
                let z = self.z.get(r * nx + c).copied().unwrap_or(f64::NAN);
                let (px, py, d) = cam.project(x, y, if z.is_finite() { z } else { 0.0 });
                pic.verts.push([px as f32, py as f32, d as f32]);
            }
        }
        // Far to near by a counting sort on the quads' depths (the sum of their corners'
        // depths, within ±10 in the model box), in buckets far finer than a quad.
        const BUCKETS: usize = 2048;
        pic.keys.clear();
        pic.counts.clear();
        pic.counts.resize(BUCKETS, 0);
        for (i, col) in self.colours.iter().enumerate() {
            if col.is_none() {
                continue;
            }
            let k = (i / (nx - 1)) * nx + i % (nx - 1);
            let d = [k, k + 1, k + nx, k + nx + 1]
                .iter()
                .filter_map(|j| pic.verts.get(*j))
                .map(|v| v[2])
                .sum::<f32>();
            let key = ((d + 10.0) * (BUCKETS as f32 / 20.0)).max(0.0) as usize;
            let key = key.min(BUCKETS - 1);
            if let Some(c) = pic.counts.get_mut(key) {
                *c += 1;
            }
            pic.keys.push((key as u32, i as u32));
        }
        // Farthest (largest key) first: each bucket's first place in the order.
        let mut next = 0;
        for c in pic.counts.iter_mut().rev() {
            let n = *c;
            *c = next;
            next += n;
        }
        pic.order.clear();
        pic.order.resize(pic.keys.len(), 0);
        for &(key, i) in &pic.keys {
            if let Some(c) = pic.counts.get_mut(key as usize) {
                if let Some(slot) = pic.order.get_mut(*c as usize) {
                    *slot = i;
                }
                *c += 1;
            }
        }
        let order = std::mem::take(&mut pic.order);
        for &i in &order {
            let i = i as usize;
            let Some(Some(col)) = self.colours.get(i) else {
                continue;
            };
            let k = (i / (nx - 1)) * nx + i % (nx - 1);
            let v = |j: usize| pic.verts.get(j).copied().unwrap_or([0.0; 3]);
            let (a, b, d, e) = (v(k), v(k + 1), v(k + nx + 1), v(k + nx));
            let px = [col.0, col.1, col.2, 255];
            pic.triangle(a, b, d, px, i as u32);
            pic.triangle(a, d, e, px, i as u32);
        }
        pic.order = order;
    }
}

/// An RGBA picture with, for each pixel, the quad painted there; and the scratch space
/// painting needs.
#[derive(Debug, Clone, Default)]
pub struct Picture {
    /// Width in pixels.
    pub w: usize,
    /// Height in pixels.
    pub h: usize,
    /// `w × h` RGBA bytes, row by row from the top.
    pub rgba: Vec<u8>,
    /// Pixels of the picture per pixel of the canvas the runs are drawn on (1 when they
    /// match; ½ when the surface is shaded at CSS pixels on a canvas of device pixel
    /// ratio 2): [`Picture::cell_at`] takes the canvas's coordinates.
    pub scale: f64,
    cells: Vec<u32>,
    verts: Vec<[f32; 3]>,
    keys: Vec<(u32, u32)>,
    counts: Vec<u32>,
    order: Vec<u32>,
}

/// No quad painted.
const NONE: u32 = u32::MAX;

impl Picture {
    /// A `w × h` picture.
    pub fn new(w: usize, h: usize) -> Picture {
        Picture {
            w,
            h,
            scale: 1.0,
            ..Picture::default()
        }
    }

    fn clear(&mut self, bg: Rgb) {
        let n = self.w * self.h;
        self.rgba.resize(n * 4, 0);
        self.cells.clear();
        self.cells.resize(n, NONE);
        fill4(&mut self.rgba, [bg.0, bg.1, bg.2, 255]);
    }

    /// The quad (row-major index over the grid's cells) painted at pixel `(x, y)` of the
    /// canvas (see [`Picture::scale`]).
    pub fn cell_at(&self, x: f64, y: f64) -> Option<u32> {
        let (x, y) = (x * self.scale, y * self.scale);
        if !(x >= 0.0 && y >= 0.0) {
            return None;
        }
        let (x, y) = (x as usize, y as usize);
        if x >= self.w || y >= self.h {
            return None;
        }
        self.cells
            .get(y * self.w + x)
            .copied()
            .filter(|c| *c != NONE)
    }

    /// Fills a triangle row by row: every pixel whose centre is inside it (or within a
    /// hair of its edges, so neighbours meet without gaps) gets `px` and the quad `id`.
    fn triangle(&mut self, a: [f32; 3], b: [f32; 3], c: [f32; 3], px: [u8; 4], id: u32) {
        const E: f32 = 0.02;
        if [a, b, c]
            .iter()
            .any(|p| !(p[0].is_finite() && p[1].is_finite()))
        {
            return;
        }
        // Top to bottom (three compare-and-swaps).
        let (a, b) = if b[1] < a[1] { (b, a) } else { (a, b) };
        let (b, c) = if c[1] < b[1] { (c, b) } else { (b, c) };
        let (top, mid) = if b[1] < a[1] { (b, a) } else { (a, b) };
        let bot = c;
        let along = |p: [f32; 3], q: [f32; 3], y: f32| {
            let d = q[1] - p[1];
            if d.abs() < 1e-6 {
                q[0]
            } else {
                p[0] + (q[0] - p[0]) * (y - p[1]) / d
            }
        };
        let y0 = (top[1] - 0.5 - E).ceil().max(0.0);
        let y1 = (bot[1] - 0.5 + E).floor().min(self.h as f32 - 1.0);
        if y1 < y0 {
            return;
        }
        let last_x = self.w as f32 - 1.0;
        for y in y0 as usize..=y1 as usize {
            let yc = (y as f32 + 0.5).max(top[1]).min(bot[1]);
            let xa = along(top, bot, yc);
            let xb = if yc < mid[1] {
                along(top, mid, yc)
            } else {
                along(mid, bot, yc)
            };
            let xs = (xa.min(xb) - 0.5 - E).ceil().max(0.0);
            let xe = (xa.max(xb) - 0.5 + E).floor().min(last_x);
            if xe < xs {
                continue;
            }
            let (xs, xe) = (y * self.w + xs as usize, y * self.w + xe as usize);
            if let Some(row) = self.rgba.get_mut(xs * 4..(xe + 1) * 4) {
                fill4(row, px);
            }
            if let Some(row) = self.cells.get_mut(xs..=xe) {
                row.fill(id);
            }
        }
    }
}

/// Fills `buf` with copies of `px` (by doubling copies, far faster than pixel by pixel).
fn fill4(buf: &mut [u8], px: [u8; 4]) {
    let Some(first) = buf.get_mut(..4) else {
        return;
    };
    first.copy_from_slice(&px);
    let mut done = 4;
    while done < buf.len() {
        let n = done.min(buf.len() - done);
        buf.copy_within(..n, done);
        done += n;
    }
}

/// One run to draw: the points (flattened `x, y` pairs), the loss at each, a colour.
pub struct Run3<'a> {
    /// The points, `[x0, y0, x1, y1, …]`.
    pub points: &'a [f64],
    /// The loss at each point.
    pub loss: &'a [f64],
    /// The run's colour.
    pub colour: Rgb,
}

fn err<E: std::fmt::Display>(e: E) -> Box<Error> {
    Error::draw(e)
}

/// The pixel positions of model points (in floating point: a run far above the surface
/// projects far off the canvas, and is cut before it becomes whole pixels), each with
/// whether `hidden(pixel, point)` says the painted surface covers it (`None` stays
/// `None`: a break in the line).
fn pixels(
    cam: &Camera,
    pts: impl Iterator<Item = Option<(f64, f64, f64)>>,
    hidden: impl Fn(f64, f64, (f64, f64)) -> bool,
) -> Vec<Option<(f64, f64, bool)>> {
    pts.map(|p| {
        let (x, y, z) = p?;
        let (px, py, _) = cam.project(x, y, z);
        Some((px, py, hidden(px, py, (x, y))))
    })
    .collect()
}

/// A pixel position in whole pixels (only for positions already cut to the canvas's
/// surroundings, see [`super::clip`]).
fn whole((x, y): (f64, f64)) -> (i32, i32) {
    (x.round() as i32, y.round() as i32)
}

/// The canvas's surroundings in pixels: what is drawn is cut to this first.
fn keep<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>) -> super::clip::Rect {
    let (w, h) = root.dim_in_pixel();
    super::clip::around([0.0, f64::from(w), 0.0, f64::from(h)])
}

/// The pixel positions of a run on the surface, each with whether the surface hides it
/// (the quad painted there is not the point's own quad or a neighbour); points outside
/// the grid's bounds break the line (`None`).
pub fn run_pixels(
    mesh: &Mesh,
    cam: &Camera,
    pic: &Picture,
    run: &Run3,
) -> Vec<Option<(f64, f64, bool)>> {
    let (nx, ny) = (mesh.field.nx, mesh.field.ny);
    let cols = nx.saturating_sub(1).max(1);
    let cell = |t: f64, n: usize| (t * n.saturating_sub(1) as f64).floor() as i64;
    let pts = run.points.chunks_exact(2).zip(run.loss).map(|(p, v)| {
        let (x, y, z) = mesh.model(p[0], p[1], *v)?;
        Some((x, y, z + 0.01))
    });
    pixels(cam, pts, |px, py, (x, y)| {
        let Some(id) = pic.cell_at(px, py) else {
            return false;
        };
        let (r, c) = ((id as usize / cols) as i64, (id as usize % cols) as i64);
        let (pr, pc) = (cell((1.0 - y) / 2.0, ny), cell((x + 1.0) / 2.0, nx));
        (r - pr).abs() > 1 || (c - pc).abs() > 1
    })
}

/// Draws a line: its stretches in view with each of `seen`, those the surface covers
/// (where either end is hidden) with `hidden`, if given. Each stretch is one path.
fn segments<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    pts: &[Option<(f64, f64, bool)>],
    seen: &[ShapeStyle],
    hidden: Option<ShapeStyle>,
) -> crate::core::Result<()> {
    let mut piece: Vec<(i32, i32)> = Vec::new();
    let mut piece_hidden = false;
    let flush = |piece: &mut Vec<(i32, i32)>, was_hidden: bool| -> crate::core::Result<()> {
        if piece.len() > 1 {
            let styles = match (was_hidden, hidden) {
                (true, Some(h)) => vec![h],
                (true, None) => Vec::new(),
                (false, _) => seen.to_vec(),
            };
            for s in styles {
                root.draw(&PathElement::new(piece.clone(), s))
                    .map_err(err)?;
            }
        }
        piece.clear();
        Ok(())
    };
    let keep = keep(root);
    for pair in pts.windows(2) {
        let (Some(Some(p)), Some(Some(q))) = (pair.first(), pair.get(1)) else {
            flush(&mut piece, piece_hidden)?;
            continue;
        };
        let Some((a, b)) = super::clip::segment(keep, (p.0, p.1), (q.0, q.1)) else {
            flush(&mut piece, piece_hidden)?;
            continue;
        };
        let (a, b) = (whole(a), whole(b));
        let h = p.2 || q.2;
        // A new piece where the hiding changes or the line was cut.
        if h != piece_hidden || piece.last() != Some(&a) {
            flush(&mut piece, piece_hidden)?;
            piece_hidden = h;
            piece.push(a);
        }
        if piece.last() != Some(&b) {
            piece.push(b);
        }
    }
    flush(&mut piece, piece_hidden)
}

/// Draws the floor's outline with its axis names, then each run as a polyline lying on
/// the surface: solid where it is in view, thin and faint where the surface hides it, a
/// ring at its start and a dot at its end.
pub fn draw_runs<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    mesh: &Mesh,
    cam: &Camera,
    pic: &Picture,
    runs: &[Run3],
    theme: &Theme,
) -> crate::core::Result<()> {
    let fg = theme.fg;
    let faint = RGBAColor(fg.0, fg.1, fg.2, 0.45).stroke_width(theme.px(1.0));
    let canvas = keep(root);
    let at = |x: f64, y: f64, z: f64| {
        let (px, py, _) = cam.project(x, y, z);
        Some((px, py))
            .filter(|p| super::clip::inside(canvas, *p))
            .map(whole)
    };
    // The floor's outline, in short pieces so the surface can hide some of them.
    let corners = [
        (-1.0, -1.0),
        (1.0, -1.0),
        (1.0, 1.0),
        (-1.0, 1.0),
        (-1.0, -1.0),
    ];
    let floor = corners.windows(2).flat_map(|w| {
        let ((a, b), (c, d)) = (w[0], w[1]);
        (0..=16).map(move |k| {
            let t = f64::from(k) / 16.0;
            Some((a + (c - a) * t, b + (d - b) * t, 0.0))
        })
    });
    // Whatever surface shows over the floor is in front of it.
    let under = |px, py, _| pic.cell_at(px, py).is_some();
    segments(root, &pixels(cam, floor, under), &[faint], None)?;
    let font = (FontFamily::SansSerif, f64::from(theme.px(13.0)))
        .into_font()
        .color(&fg.to_plotters());
    for (name, x, y) in [("x", 0.0, -1.15), ("y", 1.15, 0.0)] {
        if let Some(p) = at(x, y, 0.0) {
            root.draw(&Text::new(name, p, font.clone())).map_err(err)?;
        }
    }
    for run in runs {
        let pts = run_pixels(mesh, cam, pic, run);
        let c = run.colour.to_plotters();
        let halo = RGBAColor(0, 0, 0, 0.5).stroke_width(theme.px(3.5));
        let line = c.stroke_width(theme.px(2.0));
        let behind = RGBAColor(c.0, c.1, c.2, 0.5).stroke_width(theme.px(1.0));
        segments(root, &pts, &[halo, line], Some(behind))?;
        let ends = pts
            .first()
            .copied()
            .flatten()
            .zip(pts.iter().rev().find_map(|p| *p));
        let shown = |p: (f64, f64, bool)| {
            Some((p.0, p.1))
                .filter(|q| super::clip::inside(canvas, *q))
                .map(whole)
        };
        if let Some((s, e)) = ends {
            if let Some(s) = shown(s) {
                root.draw(&Circle::new(
                    s,
                    theme.px(5.0),
                    c.stroke_width(theme.px(2.0)),
                ))
                .map_err(err)?;
            }
            if let Some(e) = shown(e) {
                root.draw(&Circle::new(e, theme.px(4.5), c.filled()))
                    .map_err(err)?;
            }
        }
    }
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::project::View;
    use super::*;

    fn bowl() -> Mesh {
        Mesh::new(Field::sample(
            |x, y| x * x + y * y,
            [-2.0, 2.0, -2.0, 2.0],
            25,
            25,
        ))
    }

    fn paint(mesh: &Mesh, view: View) -> (Picture, Camera) {
        let cam = Camera::new(&view, 200.0, 150.0, HEIGHT);
        let mut pic = Picture::new(200, 150);
        mesh.paint(&cam, &mut pic, Rgb(255, 255, 255));
        (pic, cam)
    }

    #[test]
    fn a_picture_shaded_at_half_size_answers_in_the_canvas_coordinates() {
        let mesh = bowl();
        let (full, _) = paint(&mesh, View::default());
        let mut half = Picture::new(100, 75);
        let cam = Camera::new(&View::default(), 100.0, 75.0, HEIGHT);
        mesh.paint(&cam, &mut half, Rgb(255, 255, 255));
        half.scale = 0.5;
        // The two agree on which quad a canvas pixel shows, to within a neighbour (the
        // tolerance the runs' hidden parts are judged with): the quads here are only
        // about five pixels wide, so a half-size picture often lands on the next one.
        let cols = 24;
        let near = |a: u32, b: u32| {
            let (a, b) = (a as i64, b as i64);
            (a / cols - b / cols).abs() <= 1 && (a % cols - b % cols).abs() <= 1
        };
        let (mut near_hits, mut hits) = (0, 0);
        for y in (1..150).step_by(7) {
            for x in (1..200).step_by(7) {
                let (x, y) = (f64::from(x) + 0.5, f64::from(y) + 0.5);
                if let Some(c) = full.cell_at(x, y) {
                    hits += 1;
                    near_hits += usize::from(half.cell_at(x, y).is_some_and(|h| near(h, c)));
                }
            }
        }
        assert!(hits > 100, "{hits}");
        assert!(near_hits * 100 >= hits * 97, "{near_hits} of {hits}");
        assert_eq!(half.cell_at(-1.0, 5.0), None);
        assert_eq!(half.cell_at(200.0, 5.0), None);
    }

    #[test]
    fn paints_a_shaded_mesh_that_turns_with_the_view() {
        let mesh = bowl();
        let (pic, _) = paint(&mesh, View::default());
        assert_eq!(pic.rgba.len(), 200 * 150 * 4);
        let painted = pic
            .rgba
            .chunks(4)
            .filter(|p| p[..3] != [255, 255, 255])
            .count();
        assert!(painted > 200 * 150 / 5, "{painted}");
        let colours: std::collections::HashSet<_> = pic.rgba.chunks(4).collect();
        assert!(colours.len() > 50);
        let (turned, _) = paint(&mesh, View::default().rotated(40.0, 0.0));
        assert_ne!(pic.rgba, turned.rgba);
        // No gaps between quads: inside the surface's outline, every pixel is painted
        // (the centre of a top view lies well inside).
        let top = View {
            yaw: 0.0,
            pitch: 90.0,
            zoom: 1.0,
        };
        let (p, _) = paint(&mesh, top);
        for y in 40..110 {
            for x in 60..140 {
                let i = (y * 200 + x) * 4;
                assert_ne!(p.rgba[i..i + 3], [255, 255, 255], "gap at {x},{y}");
            }
        }
        // Seen from above, the low centre of the bowl is dark and the rim bright.
        let luma = |x: usize, y: usize| {
            let i = (y * 200 + x) * 4;
            u32::from(p.rgba[i]) + u32::from(p.rgba[i + 1]) + u32::from(p.rgba[i + 2])
        };
        assert!(luma(100, 75) < luma(55, 75));
    }

    #[test]
    fn far_quads_are_hidden_by_near_ones() {
        // A wall along y = 0 seen from the side hides the floor behind it.
        let f = Field::sample(
            |_, y| if y.abs() < 0.3 { 10.0 } else { 0.0 },
            [-1.0, 1.0, -1.0, 1.0],
            41,
            41,
        );
        let mesh = Mesh::new(f);
        let side = View {
            yaw: 0.0,
            pitch: 20.0,
            zoom: 1.0,
        };
        let (pic, cam) = paint(&mesh, side);
        let cell_of = |x: f64, y: f64| {
            let (mx, my, z) = mesh.model(x, y, 0.0).unwrap();
            let (px, py, _) = cam.project(mx, my, z);
            pic.cell_at(px, py).unwrap()
        };
        // The far floor's pixel shows the wall (rows 13 to 26 of 40, y within ±0.3);
        // the near floor's shows itself (row 36, column 20).
        assert!(
            (13..=26).contains(&(cell_of(0.0, 0.8) / 40)),
            "the wall hides the far floor"
        );
        assert_eq!(cell_of(0.0, -0.8) / 40, 36, "the near floor shows");
        let run = Run3 {
            points: &[0.0, -0.8, 0.0, 0.8, 5.0, 5.0],
            loss: &[0.0, 0.0, 0.0],
            colour: Rgb(1, 2, 3),
        };
        let px = run_pixels(&mesh, &cam, &pic, &run);
        assert!(matches!(px[0], Some((_, _, false))));
        assert!(matches!(px[1], Some((_, _, true))));
        assert_eq!(px[2], None, "outside the bounds");
    }

    #[test]
    fn runs_and_the_floor_are_drawn() {
        let mesh = bowl();
        let (pic, cam) = paint(&mesh, View::default());
        let draw = |runs: &[Run3]| {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (200, 150)).into_drawing_area();
                draw_runs(&root, &mesh, &cam, &pic, runs, &Theme::default()).unwrap();
                root.present().unwrap();
            }
            svg
        };
        let none = draw(&[]);
        assert!(
            none.contains("\nx\n</text>") && none.contains("\ny\n</text>"),
            "{none}"
        );
        let pts = [-1.5, 1.0, -0.5, 0.3, 0.0, 0.0, f64::NAN, 1.0];
        let loss = [3.25, 0.34, 0.0, f64::NAN];
        let one = draw(&[Run3 {
            points: &pts,
            loss: &loss,
            colour: palette::SERIES[1],
        }]);
        assert!(one.to_uppercase().contains("#E69F00"));
        assert!(!none.to_uppercase().contains("#E69F00"));
    }

    #[test]
    fn nan_cells_and_tiny_pictures_do_not_panic() {
        let f = Field::sample(
            |x, _| if x > 0.0 { f64::NAN } else { x },
            [-1.0, 1.0, -1.0, 1.0],
            9,
            9,
        );
        let mesh = Mesh::new(f);
        for (w, h) in [(0, 0), (1, 1), (3, 2)] {
            let cam = Camera::new(&View::default(), w as f64, h as f64, HEIGHT);
            let mut pic = Picture::new(w, h);
            mesh.paint(&cam, &mut pic, Rgb(0, 0, 0));
            assert_eq!(pic.rgba.len(), w * h * 4);
        }
        assert_eq!(mesh.model(2.0, 0.0, 0.0), None);
        assert_eq!(mesh.model(0.0, 0.0, f64::NAN), None);
    }
}

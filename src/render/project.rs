//! Orthographic projection for 3-D views of a surface: the view angles a reader sets,
//! and the camera that maps model points to screen pixels and depths.
//!
//! The model is the box `[−1, 1] × [−1, 1] × [0, h]` (x, y across, loss up). Yaw turns
//! it about the vertical axis, pitch tilts it towards the viewer: pitch 90° looks
//! straight down, pitch 0° from the side.

use crate::core::schema::{number_list, VIEW, VIEW_PITCH, VIEW_ZOOM};
use crate::core::spec::fmt_num;

/// The smallest and largest pitch, in degrees (the `view` attribute's limits).
pub const PITCH: (f64, f64) = (VIEW_PITCH.min, VIEW_PITCH.max);
/// The smallest and largest zoom (the `view` attribute's limits).
pub const ZOOM: (f64, f64) = (VIEW_ZOOM.min, VIEW_ZOOM.max);

/// How the reader looks at the surface.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    /// Turn about the vertical axis, in degrees, within `[−180, 180)`.
    pub yaw: f64,
    /// Tilt towards the viewer, in degrees, within [`PITCH`].
    pub pitch: f64,
    /// Magnification, within [`ZOOM`].
    pub zoom: f64,
}

impl Default for View {
    fn default() -> Self {
        View {
            yaw: -35.0,
            pitch: 35.0,
            zoom: 1.0,
        }
    }
}

impl View {
    /// Parses `yaw,pitch,zoom` (degrees, degrees, factor) by the `view` attribute's
    /// rule ([`crate::core::schema::VIEW`]): every value finite, pitch and zoom within
    /// their ranges.
    pub fn parse(text: &str) -> crate::core::Result<View> {
        number_list(text, VIEW).map(|v| View::from_numbers(&v))
    }

    /// The view `[yaw, pitch, zoom]` (as the `view` attribute holds it, already checked),
    /// its yaw wrapped into `[−180, 180)`; the default view when a number is missing.
    pub fn from_numbers(v: &[f64]) -> View {
        match *v {
            [yaw, pitch, zoom] => View {
                yaw: wrap(yaw),
                pitch,
                zoom,
            },
            _ => View::default(),
        }
    }

    /// The view as `yaw,pitch,zoom` text that [`View::parse`] reads back (rounded to
    /// tenths of a degree and hundredths of zoom).
    pub fn text(&self) -> String {
        let r = |x: f64, k: f64| (x * k).round() / k;
        let parts = [r(self.yaw, 10.0), r(self.pitch, 10.0), r(self.zoom, 100.0)].map(fmt_num);
        crate::core::text::join(&parts, ",")
    }

    /// Turned by `yaw` and tilted by `pitch` degrees, pitch kept in range.
    pub fn rotated(self, yaw: f64, pitch: f64) -> View {
        let ok = |x: f64| if x.is_finite() { x } else { 0.0 };
        View {
            yaw: wrap(self.yaw + ok(yaw)),
            pitch: crate::core::num::clamp(self.pitch + ok(pitch), PITCH.0, PITCH.1),
            zoom: self.zoom,
        }
    }

    /// Magnified by `factor`, zoom kept in range.
    pub fn zoomed(self, factor: f64) -> View {
        let f = if factor.is_finite() && factor > 0.0 {
            factor
        } else {
            1.0
        };
        View {
            zoom: crate::core::num::clamp(self.zoom * f, ZOOM.0, ZOOM.1),
            ..self
        }
    }
}

/// An angle in degrees moved into `[−180, 180)`.
fn wrap(deg: f64) -> f64 {
    let turns = (deg + 180.0) / 360.0;
    (turns - turns.floor()) * 360.0 - 180.0
}

/// A view fixed to a picture size: maps model points to pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Camera {
    cy: f64,
    sy: f64,
    cp: f64,
    sp: f64,
    scale: f64,
    centre: (f64, f64),
    mid: f64,
}

impl Camera {
    /// The camera for `view` on a `w × h` pixel picture, for a model of height `h_model`.
    /// At zoom 1 the whole box fits, seen from any angle.
    pub fn new(view: &View, w: f64, h: f64, h_model: f64) -> Camera {
        let (sy, cy) = view.yaw.to_radians().sin_cos();
        let (sp, cp) = view.pitch.to_radians().sin_cos();
        Camera {
            cy,
            sy,
            cp,
            sp,
            scale: view.zoom * w.min(h) / 2.95,
            centre: (0.5 * w, 0.5 * h),
            mid: 0.5 * h_model,
        }
    }

    /// Pixel `(x, y)` (y down) and depth (larger is farther) of model point `(x, y, z)`.
    pub fn project(&self, x: f64, y: f64, z: f64) -> (f64, f64, f64) {
        let u = x * self.cy - y * self.sy;
        let w = x * self.sy + y * self.cy;
        let z = z - self.mid;
        let up = z * self.cp + w * self.sp;
        let depth = w * self.cp - z * self.sp;
        (
            self.centre.0 + self.scale * u,
            self.centre.1 - self.scale * up,
            depth,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn near(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn views_parse_print_and_clamp() {
        let v = View::parse("30, 45, 2").unwrap();
        assert_eq!((v.yaw, v.pitch, v.zoom), (30.0, 45.0, 2.0));
        assert_eq!(View::parse(&v.text()), Ok(v));
        assert_eq!(View::parse("540,45,1").unwrap().yaw, -180.0);
        for bad in [
            "",
            "1,2",
            "1,2,3,4",
            "NaN,30,1",
            "0,30,1e308",
            "0,95,1",
            "0,30,0.1",
            "a,b,c",
        ] {
            assert!(View::parse(bad).is_err(), "{bad}");
        }
        let d = View::default();
        assert_eq!(View::parse(&d.text()), Ok(d));
        let r = d.rotated(400.0, 100.0);
        assert!(near(r.yaw, 5.0) && r.pitch == PITCH.1);
        assert_eq!(d.rotated(f64::NAN, f64::INFINITY), d);
        assert_eq!(d.zoomed(100.0).zoom, ZOOM.1);
        assert_eq!(d.zoomed(-1.0), d);
        assert_eq!(d.zoomed(0.5).zoom, 0.5);
    }

    #[test]
    fn top_view_is_a_map_and_side_view_shows_height() {
        let top = Camera::new(
            &View {
                yaw: 0.0,
                pitch: 90.0,
                zoom: 1.0,
            },
            300.0,
            300.0,
            1.0,
        );
        let (x0, y0, _) = top.project(0.0, 0.0, 0.5);
        assert!(near(x0, 150.0) && near(y0, 150.0));
        // +x is right, +y is up the screen, higher points are nearer.
        let (x, y, _) = top.project(1.0, 0.0, 0.5);
        assert!(x > 150.0 && near(y, 150.0));
        let (x, y, _) = top.project(0.0, 1.0, 0.5);
        assert!(near(x, 150.0) && y < 150.0);
        assert!(top.project(0.0, 0.0, 1.0).2 < top.project(0.0, 0.0, 0.0).2);
        let side = Camera::new(
            &View {
                yaw: 0.0,
                pitch: 0.0,
                zoom: 1.0,
            },
            300.0,
            300.0,
            1.0,
        );
        // From the side, height is up the screen and +y is away from the viewer.
        assert!(side.project(0.0, 0.0, 1.0).1 < side.project(0.0, 0.0, 0.0).1);
        assert!(side.project(0.0, 1.0, 0.5).2 > side.project(0.0, -1.0, 0.5).2);
    }

    #[test]
    fn the_box_fits_from_every_angle_and_distances_are_kept() {
        for yaw in (-180..180).step_by(15) {
            for pitch in [5.0, 30.0, 60.0, 90.0] {
                let v = View {
                    yaw: f64::from(yaw),
                    pitch,
                    zoom: 1.0,
                };
                let c = Camera::new(&v, 400.0, 300.0, 0.8);
                for corner in 0..8 {
                    let bit = |b: i32| if corner & b != 0 { 1.0 } else { -1.0 };
                    let z = if corner & 4 != 0 { 0.8 } else { 0.0 };
                    let (x, y, _) = c.project(bit(1), bit(2), z);
                    assert!((0.0..=400.0).contains(&x) && (0.0..=300.0).contains(&y));
                }
                // Orthographic: a unit vector keeps its length (screen and depth).
                let (a, b, d) = c.project(0.3, -0.2, 0.1);
                let (p, q, e) = c.project(0.3 + 0.6, -0.2, 0.1 + 0.8);
                let s = 300.0 / 2.95;
                let len = (((p - a) / s).powi(2) + ((q - b) / s).powi(2) + (e - d).powi(2)).sqrt();
                assert!(near(len, 1.0), "{len}");
            }
        }
    }
}

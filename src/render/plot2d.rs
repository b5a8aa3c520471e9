//! A 2-D chart: axes, contour lines, minima, and run paths, on any plotters backend.
//!
//! The background (frame, contours, minima) changes only with the surface or the size;
//! paths are drawn on top each time a run changes. Both use [`chart`] with the same
//! arguments, so they agree on the pixel mapping.

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::contour;
use super::field::Field;
use super::palette::{Rgb, Theme};
use crate::core::error::Error;

/// A chart with real-valued x and y axes.
pub type Chart2d<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

fn err<E: std::fmt::Display>(e: E) -> Error {
    Error::new(format!("drawing failed: {e}"))
}

/// Sets up the chart over `bounds = [x0, x1, y0, y1]` with room for axis labels.
pub fn chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    bounds: [f64; 4],
    theme: &Theme,
) -> Result<Chart2d<'a, DB>, Error> {
    let [x0, x1, y0, y1] = bounds;
    ChartBuilder::on(area)
        .margin(theme.px(8.0))
        .x_label_area_size(theme.px(22.0))
        .y_label_area_size(theme.px(34.0))
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(err)
}

/// The pixel rectangle of the plotting area: `(left, top, width, height)`.
pub fn plot_rect<DB: DrawingBackend>(chart: &Chart2d<'_, DB>) -> (i32, i32, u32, u32) {
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    (
        xr.start,
        yr.start,
        (xr.end - xr.start).max(0) as u32,
        (yr.end - yr.start).max(0) as u32,
    )
}

/// Draws the axes with tick labels (no grid lines: the heatmap is the grid).
pub fn draw_frame<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    theme: &Theme,
) -> Result<(), Error> {
    let fg = theme.fg.to_plotters();
    let font = (FontFamily::SansSerif, f64::from(theme.px(11.0)))
        .into_font()
        .color(&fg);
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(5)
        .y_labels(5)
        .axis_style(fg.stroke_width(theme.px(1.0)))
        .label_style(font)
        .x_label_formatter(&|v| tick(*v))
        .y_label_formatter(&|v| tick(*v))
        .draw()
        .map_err(err)
}

fn tick(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r == 0.0 {
        "0".to_string()
    } else {
        format!("{r}")
    }
}

/// Draws `levels` contour lines of `field`, thin and translucent.
pub fn draw_contours<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    field: &Field,
    levels: &[f64],
    theme: &Theme,
) -> Result<(), Error> {
    let style = RGBAColor(255, 255, 255, 0.35).stroke_width(theme.px(1.0));
    for &level in levels {
        let segs = contour::segments(field, level);
        chart
            .draw_series(
                segs.into_iter()
                    .map(|s| PathElement::new(s.to_vec(), style)),
            )
            .map_err(err)?;
    }
    Ok(())
}

/// Marks points (the known minima) with small crosses.
pub fn draw_minima<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    minima: &[(f64, f64)],
    theme: &Theme,
) -> Result<(), Error> {
    let style = WHITE.stroke_width(theme.px(2.0));
    let s = theme.px(5.0) as i32;
    chart
        .draw_series(minima.iter().map(|&p| Cross::new(p, s, style)))
        .map_err(err)?;
    Ok(())
}

/// Draws a run's path: `points` flattened `[x0, y0, x1, y1, …]`, with a dot per step,
/// a ring at the start and a larger dot at the end. Non-finite points are skipped.
pub fn draw_path<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    points: &[f64],
    color: Rgb,
    theme: &Theme,
) -> Result<(), Error> {
    let c = color.to_plotters();
    let pts: Vec<(f64, f64)> = points
        .chunks_exact(2)
        .map(|p| (p[0], p[1]))
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect();
    let (Some(&first), Some(&last)) = (pts.first(), pts.last()) else {
        return Ok(());
    };
    // A dark halo under the line keeps it readable on the bright end of the scale.
    let halo = RGBAColor(0, 0, 0, 0.45).stroke_width(theme.px(3.5));
    chart
        .draw_series(std::iter::once(PathElement::new(pts.clone(), halo)))
        .map_err(err)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            pts.clone(),
            c.stroke_width(theme.px(1.5)),
        )))
        .map_err(err)?;
    if pts.len() <= 400 {
        let r = theme.px(1.8) as i32;
        chart
            .draw_series(pts.iter().map(|&p| Circle::new(p, r, c.filled())))
            .map_err(err)?;
    }
    chart
        .draw_series([
            Circle::new(first, theme.px(5.0) as i32, c.stroke_width(theme.px(2.0))),
            Circle::new(last, theme.px(4.5) as i32, c.filled()),
        ])
        .map_err(err)?;
    Ok(())
}

/// Writes a short note (such as "diverged") in the top-left corner of the plot.
pub fn draw_note<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    text: &str,
    theme: &Theme,
) -> Result<(), Error> {
    let area = chart.plotting_area().strip_coord_spec();
    let font = (FontFamily::SansSerif, f64::from(theme.px(14.0)))
        .into_font()
        .color(&WHITE);
    let pad = theme.px(8.0) as i32;
    let w = (text.chars().count() as f64 * theme.px(14.0) as f64 * 0.6) as i32 + 2 * pad;
    area.draw(&Rectangle::new(
        [
            (pad / 2, pad / 2),
            (pad / 2 + w, pad / 2 + theme.px(24.0) as i32),
        ],
        RGBAColor(0, 0, 0, 0.6).filled(),
    ))
    .map_err(err)?;
    area.draw(&Text::new(text.to_string(), (pad, pad), font))
        .map_err(err)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn draw(path: &[f64], note: Option<&str>) -> String {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (200, 150)).into_drawing_area();
            area.fill(&WHITE).unwrap();
            let theme = Theme::default();
            let field = Field::sample(|x, y| x * x + 4.0 * y * y, [-2.0, 2.0, -2.0, 2.0], 30, 30);
            let mut c = chart(&area, field.bounds, &theme).unwrap();
            let (l, t, pw, ph) = plot_rect(&c);
            assert!(l > 0 && t >= 0 && pw > 100 && ph > 80);
            draw_frame(&mut c, &theme).unwrap();
            draw_contours(&mut c, &field, &field.levels(8), &theme).unwrap();
            draw_minima(&mut c, &[(0.0, 0.0)], &theme).unwrap();
            draw_path(&mut c, path, crate::render::palette::SERIES[1], &theme).unwrap();
            if let Some(n) = note {
                draw_note(&mut c, n, &theme).unwrap();
            }
            area.present().unwrap();
        }
        svg
    }

    #[test]
    fn path_changes_pixels_and_nan_points_are_skipped() {
        let empty = draw(&[], None);
        let path = draw(&[-1.5, 1.0, -1.0, -0.5, -0.2, 0.1, 0.0, 0.0], None);
        let with_nan = draw(&[-1.5, 1.0, f64::NAN, 0.0, -0.2, 0.1], None);
        assert_ne!(empty, path);
        assert_ne!(empty, with_nan);
        // The path colour (Okabe–Ito orange) appears only when there is a path.
        assert!(path.to_uppercase().contains("#E69F00"));
        assert!(!empty.to_uppercase().contains("#E69F00"));
        assert!(draw(&[], Some("diverged")).contains("diverged"));
    }
}

//! Linear regression as a surface: the mean-squared error of ŷ = w·x + b over (w, b).

use crate::core::error::Result;
use crate::core::spec::{Params, Range};

use super::{Bounds, Surface};

/// The most data points a regression surface takes.
pub const MAX_POINTS: usize = 1000;
/// The largest |x| or |y| of a data point.
pub const MAX_COORD: f64 = 1e6;

/// L(w, b) = (1/n)·Σᵢ (w·xᵢ + b − yᵢ)² over the data points (xᵢ, yᵢ).
///
/// The parameters are the slope `w` and intercept `b` (point `[w, b]`). The minimum
/// is found in closed form by least squares: w = Sxy/Sxx, b = ȳ − w·x̄. When every
/// xᵢ is the same (Sxx = 0, up to rounding) the minimizers form a line
/// w·x̄ + b = ȳ; the one nearest the origin is reported.
#[derive(Debug, Clone, PartialEq)]
pub struct Regression {
    /// The data points (x, y).
    pub points: Vec<[f64; 2]>,
    min: [f64; 2],
}

impl Regression {
    /// A regression surface over `points` (the caller keeps them finite and non-empty).
    pub fn new(points: Vec<[f64; 2]>) -> Self {
        let min = least_squares(&points);
        Regression { points, min }
    }

    pub(super) fn read(p: &mut Params) -> Result<Self> {
        let points = p.points(
            "points",
            &[[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]],
            Range::closed(-MAX_COORD, MAX_COORD),
            MAX_POINTS,
        )?;
        Ok(Regression::new(points))
    }

    fn n(&self) -> f64 {
        self.points.len().max(1) as f64
    }
}

/// The least-squares (w, b); the minimum-norm one when the x's do not vary.
fn least_squares(points: &[[f64; 2]]) -> [f64; 2] {
    if points.is_empty() {
        return [0.0, 0.0];
    }
    let n = points.len() as f64;
    let mx = points.iter().map(|p| p[0]).sum::<f64>() / n;
    let my = points.iter().map(|p| p[1]).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p[0] - mx) * (p[0] - mx)).sum();
    let sxy: f64 = points.iter().map(|p| (p[0] - mx) * (p[1] - my)).sum();
    let sq: f64 = points.iter().map(|p| p[0] * p[0]).sum();
    if sxx > 1e-12 * sq && sxx > 0.0 {
        let w = sxy / sxx;
        [w, my - w * mx]
    } else {
        let d = mx * mx + 1.0;
        [my * mx / d, my / d]
    }
}

impl Surface for Regression {
    fn name(&self) -> &str {
        "regression"
    }
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, p: &[f64]) -> f64 {
        let (w, b) = (p[0], p[1]);
        self.points
            .iter()
            .map(|q| {
                let r = w * q[0] + b - q[1];
                r * r
            })
            .sum::<f64>()
            / self.n()
    }
    fn gradient(&self, p: &[f64], g: &mut [f64]) {
        let (w, b) = (p[0], p[1]);
        let (mut gw, mut gb) = (0.0, 0.0);
        for q in &self.points {
            let r = w * q[0] + b - q[1];
            gw += r * q[0];
            gb += r;
        }
        g[0] = 2.0 * gw / self.n();
        g[1] = 2.0 * gb / self.n();
    }
    fn hessian(&self, _p: &[f64], h: &mut [f64]) {
        let n = self.n();
        let sxx: f64 = self.points.iter().map(|q| q[0] * q[0]).sum();
        let sx: f64 = self.points.iter().map(|q| q[0]).sum();
        h[0] = 2.0 * sxx / n;
        h[1] = 2.0 * sx / n;
        h[2] = h[1];
        h[3] = 2.0 * self.points.len() as f64 / n;
    }
    fn bounds(&self) -> Bounds {
        let s = self.default_start();
        let [w, b] = self.min;
        let hw = (1.25 * (s[0] - w).abs()).max(2.5);
        let hb = (1.25 * (s[1] - b).abs()).max(2.5);
        Bounds::xy(w - hw, w + hw, b - hb, b + hb)
    }
    fn minima(&self) -> Vec<Vec<f64>> {
        vec![self.min.to_vec()]
    }
    #[cfg(any(not(target_arch = "wasm32"), feature = "api"))]
    fn description(&self) -> String {
        "Linear regression: the mean-squared error of ŷ = w·x + b over the slope w and intercept b."
            .to_string()
    }
    fn default_start(&self) -> Vec<f64> {
        vec![0.5, 0.1]
    }
}

#[cfg(test)]
mod tests {
    use crate::core::spec::Spec;
    use crate::core::surface::{build, check};

    #[test]
    fn derivatives_match_finite_differences() {
        let s = build(&Spec::parse("regression(points=[[1,2],[2,4.5],[3,5.8],[-1,0]])").unwrap())
            .unwrap();
        for p in [[0.5, 0.1], [2.0, 0.0], [-1.0, 3.0]] {
            check::derivatives(s.as_ref(), &p, 1e-6);
        }
    }

    #[test]
    fn lesson_one_numbers() {
        // Data (1,2), (2,4), (3,6), start w = 0.5, b = 0.1: residuals −1.4, −2.9, −4.4.
        let s = build(&Spec::bare("regression")).unwrap();
        let l = (1.4f64 * 1.4 + 2.9 * 2.9 + 4.4 * 4.4) / 3.0;
        assert!((s.value(&[0.5, 0.1]) - l).abs() < 1e-12);
        let mut g = [0.0; 2];
        s.gradient(&[0.5, 0.1], &mut g);
        // ∂L/∂w = (2/3)(−1.4·1 − 2.9·2 − 4.4·3) = −13.6; ∂L/∂b = (2/3)(−8.7) = −5.8.
        assert!(
            (g[0] + 13.6).abs() < 1e-12 && (g[1] + 5.8).abs() < 1e-12,
            "{g:?}"
        );
        let m = s.minima();
        assert!(
            (m[0][0] - 2.0).abs() < 1e-12 && m[0][1].abs() < 1e-12,
            "{m:?}"
        );
    }

    #[test]
    fn degenerate_x_gives_the_minimum_norm_solution() {
        let s = build(&Spec::parse("regression(points=[[2,3],[2,5]])").unwrap()).unwrap();
        let m = &s.minima()[0];
        // w·2 + b = 4 nearest the origin: (w, b) = 4/5·(2, 1).
        assert!(
            (m[0] - 1.6).abs() < 1e-12 && (m[1] - 0.8).abs() < 1e-12,
            "{m:?}"
        );
        let s =
            build(&Spec::parse("regression(points=[[0.1,1],[0.1,1],[0.1,1]])").unwrap()).unwrap();
        let m = &s.minima()[0];
        assert!(
            s.value(m) < 1e-20 && m.iter().all(|v| v.is_finite()),
            "{m:?}"
        );
        assert!(build(&Spec::parse("regression(points=[])").unwrap()).is_err());
        assert!(build(&Spec::parse("regression(points=[[1,inf]])").unwrap()).is_err());
    }
}

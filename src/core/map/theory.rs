//! What theory says about the `quadratic` surface, for drawing over a map.
//!
//! On f(θ) = ½θᵀHθ with Hessian eigenvalues 0 < λ_min ≤ λ_max (for `quadratic(a, b)`:
//! a and b), gradient descent θ ← θ − η∇f multiplies the error along each eigenvector
//! by 1 − ηλ per step, so it converges exactly when 0 < η < 2/λ_max. Heavy-ball
//! momentum (torch's SGD with momentum β, no dampening, not Nesterov) follows the
//! two-term recurrence θₜ₊₁ = θₜ − η∇f(θₜ) + β(θₜ − θₜ₋₁), which converges exactly
//! when 0 ≤ β < 1 and 0 < η < 2(1 + β)/λ_max, fastest at
//! η* = (2/(√λ_max + √λ_min))², β* = ((√κ − 1)/(√κ + 1))² with κ = λ_max/λ_min, where
//! every direction shrinks by √β* = (√κ − 1)/(√κ + 1) per step, against
//! (κ − 1)/(κ + 1) for the best plain rate 2/(λ_min + λ_max).
//!
//! Reference: B. T. Polyak, "Some methods of speeding up the convergence of iteration
//! methods" (1964); G. Goh, "Why momentum really works" (Distill, 2017).

use crate::core::surface::Surface;

/// The curvatures of a quadratic and the answers that follow from them.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct QuadraticTheory {
    /// The smallest Hessian eigenvalue.
    pub lambda_min: f64,
    /// The largest Hessian eigenvalue.
    pub lambda_max: f64,
}

impl QuadraticTheory {
    /// The theory of `surface` when it is the `quadratic` surface (its Hessian is
    /// constant, so it is read at the origin); `None` for any other surface.
    pub fn of(surface: &dyn Surface) -> Option<QuadraticTheory> {
        if surface.name() != "quadratic" || surface.dim() != 2 {
            return None;
        }
        let mut h = [0.0; 4];
        surface.hessian(&[0.0, 0.0], &mut h);
        // Eigenvalues of the symmetric 2×2 matrix [[p, q], [q, r]].
        let [p, q, _, r] = h;
        let mean = 0.5 * (p + r);
        let radius = (0.25 * (p - r) * (p - r) + q * q).sqrt();
        let (lo, hi) = (mean - radius, mean + radius);
        (lo > 0.0 && hi.is_finite()).then_some(QuadraticTheory {
            lambda_min: lo,
            lambda_max: hi,
        })
    }

    /// The condition number κ = λ_max/λ_min.
    pub fn kappa(&self) -> f64 {
        self.lambda_max / self.lambda_min
    }

    /// The largest stable rate of gradient descent, 2/λ_max (exclusive).
    pub fn sgd_lr_limit(&self) -> f64 {
        2.0 / self.lambda_max
    }

    /// The largest stable rate of heavy ball with momentum β, 2(1 + β)/λ_max
    /// (exclusive); meaningful for 0 ≤ β < 1.
    pub fn momentum_lr_limit(&self, beta: f64) -> f64 {
        2.0 * (1.0 + beta) / self.lambda_max
    }

    /// Whether heavy ball with rate `lr` and momentum `beta` converges
    /// (β = 0 is gradient descent).
    pub fn converges(&self, lr: f64, beta: f64) -> bool {
        (0.0..1.0).contains(&beta) && lr > 0.0 && lr < self.momentum_lr_limit(beta)
    }

    /// The best rate of gradient descent, 2/(λ_min + λ_max).
    pub fn sgd_optimal_lr(&self) -> f64 {
        2.0 / (self.lambda_min + self.lambda_max)
    }

    /// Gradient descent's error factor per step at its best rate, (κ − 1)/(κ + 1).
    pub fn sgd_optimal_rate(&self) -> f64 {
        let k = self.kappa();
        (k - 1.0) / (k + 1.0)
    }

    /// The optimal heavy-ball pair (η*, β*).
    pub fn momentum_optimal(&self) -> (f64, f64) {
        let (smax, smin) = (self.lambda_max.sqrt(), self.lambda_min.sqrt());
        let lr = (2.0 / (smax + smin)).powi(2);
        let sk = self.kappa().sqrt();
        let beta = ((sk - 1.0) / (sk + 1.0)).powi(2);
        (lr, beta)
    }

    /// Heavy ball's error factor per step at its optimal pair, (√κ − 1)/(√κ + 1).
    pub fn momentum_optimal_rate(&self) -> f64 {
        let sk = self.kappa().sqrt();
        (sk - 1.0) / (sk + 1.0)
    }
}

/// The distance to the minimum along each eigen-direction of the quadratic's Hessian,
/// at each point of `points` (flattened `[x0, y0, x1, y1, …]`): `[along λ_min, along
/// λ_max]`, each as a magnitude. `None` unless `surface` is the `quadratic` surface.
///
/// Gradient descent multiplies the first by |1 − ηλ_min| and the second by |1 − ηλ_max|
/// per step, so on a log scale each is a straight line (heavy ball's curves oscillate
/// under an envelope instead).
pub fn direction_errors(surface: &dyn Surface, points: &[f64]) -> Option<[Vec<f64>; 2]> {
    QuadraticTheory::of(surface)?;
    let mut h = [0.0; 4];
    surface.hessian(&[0.0, 0.0], &mut h);
    let [p, q, _, r] = h;
    let centre = surface.minima().into_iter().next()?;
    let (cx, cy) = (*centre.first()?, *centre.get(1)?);
    // Unit eigenvectors of [[p, q], [q, r]]: the axes when q = 0, else (q, λ − p).
    let mean = 0.5 * (p + r);
    let radius = (0.25 * (p - r) * (p - r) + q * q).sqrt();
    let vector = |lambda: f64, axis: (f64, f64)| {
        if q == 0.0 {
            return axis;
        }
        let (vx, vy) = (q, lambda - p);
        let n = vx.hypot(vy);
        (vx / n, vy / n)
    };
    let (lo_axis, hi_axis) = if p <= r {
        ((1.0, 0.0), (0.0, 1.0))
    } else {
        ((0.0, 1.0), (1.0, 0.0))
    };
    let v_min = vector(mean - radius, lo_axis);
    let v_max = vector(mean + radius, hi_axis);
    let mut out = [Vec::new(), Vec::new()];
    for pt in points.chunks_exact(2) {
        let (dx, dy) = (pt[0] - cx, pt[1] - cy);
        for (o, v) in out.iter_mut().zip([v_min, v_max]) {
            o.push((dx * v.0 + dy * v.1).abs());
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::map::{Axis, Map, MapSpec};
    use crate::core::run::Status;
    use crate::core::spec::Spec;
    use crate::core::surface;

    fn theory(spec: &str) -> QuadraticTheory {
        let s = surface::build(&Spec::parse(spec).unwrap()).unwrap();
        QuadraticTheory::of(s.as_ref()).unwrap()
    }

    /// The status of heavy ball at (lr, beta) on `surf`, simulated by a one-cell map.
    fn simulate(surf: &str, lr: f64, beta: f64, steps: usize) -> Status {
        let one = |key: &str, v: f64| Axis {
            key: key.into(),
            lo: v,
            hi: v,
            n: 1,
            log: false,
        };
        let m = Map::new(MapSpec {
            surface: Spec::parse(surf).unwrap(),
            start: None,
            optimizer: Spec::bare("sgd"),
            x: one("lr", lr),
            y: Some(one("momentum", beta)),
            steps,
            tol: 1e-6,
        })
        .unwrap();
        m.run_all().unwrap().cells[0].status
    }

    #[test]
    fn eigenvalues_kappa_and_optimal_pair() {
        let t = theory("quadratic(a=1, b=25)");
        assert_eq!((t.lambda_min, t.lambda_max, t.kappa()), (1.0, 25.0, 25.0));
        assert_eq!(t.sgd_lr_limit(), 0.08);
        assert_eq!(t.momentum_lr_limit(0.5), 0.12);
        let (lr, beta) = t.momentum_optimal();
        // (2/(5 + 1))² = 1/9, ((5 − 1)/(5 + 1))² = 4/9.
        assert!((lr - 1.0 / 9.0).abs() < 1e-15 && (beta - 4.0 / 9.0).abs() < 1e-15);
        assert!((t.momentum_optimal_rate() - 2.0 / 3.0).abs() < 1e-15);
        assert!((t.sgd_optimal_rate() - 24.0 / 26.0).abs() < 1e-15);
        let r = theory("quadratic(a=9, b=4)");
        assert_eq!((r.lambda_min, r.lambda_max), (4.0, 9.0));
        let s = surface::build(&Spec::bare("rosenbrock")).unwrap();
        assert!(QuadraticTheory::of(s.as_ref()).is_none());
    }

    #[test]
    fn simulated_cells_agree_with_the_sgd_limit() {
        for surf in ["quadratic(a=1, b=25)", "quadratic(a=2, b=10)"] {
            let t = theory(surf);
            let limit = t.sgd_lr_limit();
            assert_eq!(simulate(surf, 0.9 * limit, 0.0, 2000), Status::Converged);
            assert_eq!(simulate(surf, 1.1 * limit, 0.0, 2000), Status::Diverged);
            assert!(t.converges(0.9 * limit, 0.0) && !t.converges(1.1 * limit, 0.0));
        }
    }

    #[test]
    fn simulated_cells_agree_with_the_momentum_region() {
        let surf = "quadratic(a=1, b=25)";
        let t = theory(surf);
        for beta in [0.3, 0.6, 0.9] {
            let limit = t.momentum_lr_limit(beta);
            assert_eq!(
                simulate(surf, 0.9 * limit, beta, 3000),
                Status::Converged,
                "β={beta}"
            );
            assert_eq!(
                simulate(surf, 1.1 * limit, beta, 3000),
                Status::Diverged,
                "β={beta}"
            );
        }
        // β ≥ 1 never converges: at β = 1 the error does not shrink.
        assert_ne!(simulate(surf, 0.01, 1.0, 3000), Status::Converged);
        // The optimal pair converges within about log(tol)/log(rate) steps, far sooner
        // than the best plain rate.
        let (lr, beta) = t.momentum_optimal();
        let fast = converged_at(surf, lr, beta);
        let slow = converged_at(surf, t.sgd_optimal_lr(), 0.0);
        assert!(fast * 3 < slow, "{fast} vs {slow}");
    }

    #[test]
    fn direction_errors_follow_one_factor_per_direction() {
        // Gradient descent on ½(x² + 10y²) at η = 0.15: |x| shrinks by 0.85 and |y| by
        // |1 − 1.5| = 0.5 per step, and on this bowl the directions are the axes.
        let s = surface::build(&Spec::parse("quadratic(a=10, b=1)").unwrap()).unwrap();
        let mut p = vec![1.2, -1.5];
        let mut pts = p.clone();
        for _ in 0..5 {
            p = vec![p[0] - 0.15 * 10.0 * p[0], p[1] - 0.15 * p[1]];
            pts.extend_from_slice(&p);
        }
        let [lo, hi] = direction_errors(s.as_ref(), &pts).unwrap();
        assert_eq!((lo[0], hi[0]), (1.5, 1.2));
        for k in 1..6 {
            assert!((lo[k] / lo[k - 1] - 0.85).abs() < 1e-12);
            assert!((hi[k] / hi[k - 1] - 0.5).abs() < 1e-12);
        }
        let r = surface::build(&Spec::bare("rosenbrock")).unwrap();
        assert!(direction_errors(r.as_ref(), &pts).is_none());
    }

    fn converged_at(surf: &str, lr: f64, beta: f64) -> usize {
        let one = |key: &str, v: f64| Axis {
            key: key.into(),
            lo: v,
            hi: v,
            n: 1,
            log: false,
        };
        let m = Map::new(MapSpec {
            surface: Spec::parse(surf).unwrap(),
            start: None,
            optimizer: Spec::bare("sgd"),
            x: one("lr", lr),
            y: Some(one("momentum", beta)),
            steps: 5000,
            tol: 1e-6,
        })
        .unwrap();
        m.run_all().unwrap().cells[0].converged_at.unwrap()
    }
}

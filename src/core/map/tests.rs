//! The map's cells against single runs of `core::run`, and its limits.

use super::*;

fn axis(key: &str, lo: f64, hi: f64, n: usize, log: bool) -> Axis {
    Axis {
        key: key.into(),
        lo,
        hi,
        n,
        log,
    }
}

fn spec(surface: &str, opt: &str, x: Axis, y: Option<Axis>, steps: usize) -> MapSpec {
    MapSpec {
        surface: Spec::parse(surface).unwrap(),
        start: None,
        optimizer: Spec::parse(opt).unwrap(),
        x,
        y,
        steps,
        tol: DEFAULT_TOL,
    }
}

/// Checks every cell of `m` against `core::run` of the cell's spec: the same status,
/// convergence step, steps taken and final loss, to the bit.
fn agrees_with_single_runs(m: &Map) -> Vec<Cell> {
    let res = m.run_all().unwrap();
    for (i, cell) in res.cells.iter().enumerate() {
        let s = m.cell_spec(i);
        let t = m.single_run(&s).unwrap();
        let last = t.loss.last().copied().unwrap();
        assert_eq!(cell.status, t.status, "{s}");
        assert_eq!(cell.converged_at, t.converged_at, "{s}");
        assert_eq!(cell.taken, t.len() - 1, "{s}");
        assert_eq!(
            cell.final_loss.to_bits(),
            last.to_bits(),
            "{s}: {} vs {last}",
            cell.final_loss
        );
    }
    res.cells
}

#[test]
fn sgd_cells_equal_single_runs_bit_for_bit() {
    let m = Map::new(spec(
        "quadratic(a=1, b=25)",
        "sgd",
        axis("lr", 1e-3, 0.2, 9, true),
        Some(axis("momentum", 0.0, 0.99, 7, false)),
        300,
    ))
    .unwrap();
    let cells = agrees_with_single_runs(&m);
    for status in [Status::Converged, Status::Diverged, Status::MaxSteps] {
        assert!(cells.iter().any(|c| c.status == status), "{status:?}");
    }
    let nesterov = Map::new(spec(
        "rosenbrock",
        "sgd(nesterov=true, weight_decay=0.01)",
        axis("lr", 1e-4, 3e-3, 5, true),
        Some(axis("momentum", 0.5, 0.95, 4, false)),
        200,
    ))
    .unwrap();
    agrees_with_single_runs(&nesterov);
    let damp = Map::new(spec(
        "himmelblau",
        "sgd(momentum=0.8)",
        axis("lr", 1e-3, 0.05, 5, true),
        Some(axis("dampening", 0.0, 0.9, 3, false)),
        150,
    ))
    .unwrap();
    agrees_with_single_runs(&damp);
}

#[test]
fn adam_rmsprop_and_boxed_optimizers_equal_single_runs() {
    for (surf, opt, x, y) in [
        (
            "quadratic(a=1, b=25)",
            "adam",
            axis("lr", 1e-3, 1.0, 6, true),
            axis("beta2", 0.9, 0.9999, 4, false),
        ),
        (
            "rosenbrock",
            "adam(weight_decay=0.001)",
            axis("lr", 1e-3, 0.3, 5, true),
            axis("beta1", 0.0, 0.95, 3, false),
        ),
        (
            "quadratic(a=1, b=25)",
            "rmsprop(momentum=0.5)",
            axis("lr", 1e-3, 0.3, 5, true),
            axis("alpha", 0.5, 0.99, 3, false),
        ),
        (
            "quadratic(a=1, b=100)",
            "rmsprop",
            axis("lr", 1e-3, 10.0, 8, true),
            axis("alpha", 0.9, 0.999, 4, false),
        ),
        (
            "rosenbrock",
            "rmsprop(centered=true, weight_decay=0.01)",
            axis("lr", 1e-4, 0.05, 5, true),
            axis("momentum", 0.0, 0.9, 3, false),
        ),
        (
            "beale",
            "adam(amsgrad=true)",
            axis("lr", 1e-3, 0.1, 4, true),
            axis("eps", 1e-8, 1e-2, 3, true),
        ),
        (
            "quadratic(a=1, b=50)",
            "lion",
            axis("lr", 1e-4, 0.1, 5, true),
            axis("beta1", 0.5, 0.95, 3, false),
        ),
        (
            "quadratic(a=1, b=50)",
            "sophia",
            axis("lr", 1e-3, 1.0, 5, true),
            axis("rho", 0.01, 1.0, 3, true),
        ),
    ] {
        let m = Map::new(spec(surf, opt, x, Some(y), 200)).unwrap();
        agrees_with_single_runs(&m);
    }
}

#[test]
fn a_surface_without_a_known_minimum_uses_the_gradient_norm() {
    // `saddle` has no minimum: convergence is by the gradient norm, as in `core::run`.
    let m = Map::new(spec(
        "saddle",
        "sgd",
        axis("lr", 1e-3, 0.5, 6, true),
        None,
        100,
    ))
    .unwrap();
    assert_eq!(m.rows(), 1);
    agrees_with_single_runs(&m);
}

#[test]
fn limits_and_bad_axes_are_errors_not_panics() {
    let big = spec(
        "quadratic",
        "sgd",
        axis("lr", 1e-3, 1.0, 256, true),
        Some(axis("momentum", 0.0, 0.9, 256, false)),
        1000,
    );
    let e = Map::new(big).err().unwrap().to_string();
    assert!(e.contains("cells × steps"), "{e}");
    let steps = spec(
        "quadratic",
        "sgd",
        axis("lr", 0.1, 1.0, 2, false),
        None,
        1_000_000_000,
    );
    assert!(Map::new(steps).is_err());
    let side = spec(
        "quadratic",
        "sgd",
        axis("lr", 0.1, 1.0, 1000, false),
        None,
        1,
    );
    assert!(Map::new(side).is_err());
    let key = spec(
        "quadratic",
        "sgd",
        axis("nesterov", 0.0, 1.0, 2, false),
        None,
        10,
    );
    assert!(Map::new(key)
        .err()
        .unwrap()
        .to_string()
        .contains("not a numeric key"));
    let unknown = spec(
        "quadratic",
        "sgd",
        axis("beta9", 0.0, 1.0, 2, false),
        None,
        10,
    );
    assert!(Map::new(unknown).is_err());
    let range = spec(
        "quadratic",
        "adam",
        axis("lr", 0.1, 1.0, 2, false),
        Some(axis("beta2", 0.5, 1.5, 3, false)),
        10,
    );
    assert!(Map::new(range).err().unwrap().to_string().contains("beta2"));
    let same = spec(
        "quadratic",
        "sgd",
        axis("lr", 0.1, 1.0, 2, false),
        Some(axis("lr", 0.1, 1.0, 2, false)),
        10,
    );
    assert!(Map::new(same).is_err());
    let mut start = spec("quadratic", "sgd", axis("lr", 0.1, 1.0, 2, false), None, 10);
    start.start = Some(vec![1.0, f64::INFINITY]);
    assert!(Map::new(start).is_err());
}

#[test]
fn cells_run_in_any_order_and_subset() {
    let m = Map::new(spec(
        "quadratic(a=1, b=25)",
        "sgd",
        axis("lr", 1e-3, 0.2, 8, true),
        Some(axis("momentum", 0.0, 0.9, 8, false)),
        100,
    ))
    .unwrap();
    let all = m.run_all().unwrap().cells;
    let some = m.run_cells(&[63, 0, 17, 999]).unwrap();
    assert_eq!(some.len(), 3);
    for (i, c) in some {
        assert_eq!(c, all[i]);
    }
}

#[test]
fn the_schema_lists_every_numeric_optimizer_key() {
    use crate::core::spec::ParamKind;
    let mut keys: Vec<String> = Vec::new();
    for name in optim::NAMES {
        for p in optim::describe(name).unwrap() {
            if p.kind == ParamKind::Num && !keys.contains(&p.name) {
                keys.push(p.name);
            }
        }
    }
    let listed: Vec<String> = crate::core::schema::MAP_KEYS
        .iter()
        .map(|k| k.to_string())
        .collect();
    assert_eq!(listed, keys);
}

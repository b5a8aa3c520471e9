//! `gdz map`: a convergence map as JSON, agreeing with theory on a quadratic.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

use serde_json::Value;

fn gdz(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gdz"))
        .args(args)
        .output()
        .expect("gdz runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn map_prints_axes_cells_and_theory() {
    let (code, out, err) = gdz(&[
        "map",
        "--surface",
        "quadratic(a=1, b=25)",
        "--optimizer",
        "sgd",
        "--x",
        "lr",
        "--x-range",
        "0.01,0.2",
        "--x-cells",
        "20",
        "--y",
        "momentum",
        "--y-range",
        "0,0.9",
        "--y-cells",
        "10",
        "--steps",
        "2000",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let xs: Vec<f64> = v["x_values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    let ys: Vec<f64> = v["y_values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert_eq!((xs.len(), ys.len()), (20, 10));
    assert_eq!((xs[0], xs[19], ys[9]), (0.01, 0.2, 0.9));
    assert_eq!(v["x"]["key"], "lr");
    assert_eq!(v["theory"]["lambda_max"], 25.0);
    assert_eq!(v["theory"]["sgd_lr_limit"], 0.08);
    let cells = v["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 200);
    // Every cell clearly inside heavy ball's region converges and every one clearly
    // outside diverges: η < 2(1 + β)/25.
    let mut checked = 0;
    for (i, c) in cells.iter().enumerate() {
        let (lr, beta) = (xs[i % 20], ys[i / 20]);
        let limit = 2.0 * (1.0 + beta) / 25.0;
        let status = c["status"].as_str().unwrap();
        if lr < 0.9 * limit {
            assert_eq!(status, "converged", "lr={lr} β={beta}");
            assert!(c["converged_at"].as_u64().is_some());
            checked += 1;
        } else if lr > 1.1 * limit {
            assert_eq!(status, "diverged", "lr={lr} β={beta}");
            assert!(c["converged_at"].is_null());
            checked += 1;
        }
    }
    assert!(checked > 150, "{checked}");
}

#[test]
fn map_refuses_bad_grids_in_one_line() {
    for (args, needle) in [
        (
            vec![
                "--x",
                "lr",
                "--x-range",
                "0.01,1",
                "--x-cells",
                "256",
                "--y",
                "momentum",
                "--y-range",
                "0,0.9",
                "--y-cells",
                "256",
                "--steps",
                "1000",
            ],
            "cells × steps",
        ),
        (
            vec!["--x", "lr", "--x-range", "0.01,1", "--steps", "1000000000"],
            "steps",
        ),
        (vec!["--x", "lr", "--x-range", "0,1", "--x-log"], "log axis"),
        (
            vec!["--x", "nesterov", "--x-range", "0,1"],
            "not a numeric key",
        ),
        (vec!["--x", "lr", "--x-range", "1"], "LO,HI"),
        (
            vec!["--x", "lr", "--x-range", "0.1,1", "--y", "momentum"],
            "go together",
        ),
    ] {
        let mut all = vec!["map", "--surface", "quadratic", "--optimizer", "sgd"];
        all.extend(args);
        let (code, out, err) = gdz(&all);
        assert_eq!(code, 2, "{all:?}: {out}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains(needle), "{all:?}: {err}");
    }
}

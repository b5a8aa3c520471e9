//! The `gdz` binary: JSON on stdout, one-line errors on stderr with exit status 2;
//! `--help` and `--version` on stdout with status 0.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Read;
use std::process::{Command, Stdio};

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

fn ok_json(args: &[&str]) -> Value {
    let (code, out, err) = gdz(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"))
}

fn fails(args: &[&str], needle: &str) {
    let (code, out, err) = gdz(args);
    assert_eq!(code, 2, "{args:?} should fail: {out}");
    assert!(out.is_empty(), "{args:?}: stdout {out}");
    assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
    assert!(err.contains(needle), "{args:?}: {err} lacks {needle}");
}

#[test]
fn trace_prints_the_trajectory() {
    let v = ok_json(&[
        "trace",
        "--surface",
        "quadratic(a=1, b=10)",
        "--start",
        "1,1",
        "--optimizer",
        "sgd(lr=0.1)",
        "--steps",
        "3",
    ]);
    let points = v["points"].as_array().unwrap();
    assert_eq!(points.len(), 4);
    assert_eq!(points[0], serde_json::json!([1.0, 1.0]));
    assert_eq!(v["loss"].as_array().unwrap().len(), 4);
    assert_eq!(v["lr"], serde_json::json!([0.1, 0.1, 0.1]));
    assert_eq!(v["grad_norm"].as_array().unwrap().len(), 3);
    assert_eq!(v["status"], "max_steps");
    assert!(v["converged_at"].is_null());
    // x shrinks by 0.9 per step.
    assert!((points[1][0].as_f64().unwrap() - 0.9).abs() < 1e-15);
}

#[test]
fn trace_one_dimensional_schedules_clipping_noise_and_nulls() {
    let v = ok_json(&[
        "trace",
        "--surface",
        "quartic",
        "--start",
        "3",
        "--optimizer",
        "sgd(lr=0.01)",
        "--steps",
        "500",
    ]);
    assert_eq!(v["points"][0], serde_json::json!([3.0]));
    assert_eq!(v["status"], "converged");
    let v = ok_json(&[
        "trace",
        "--surface",
        "rosenbrock",
        "--optimizer",
        "adam(lr=0.01)",
        "--steps",
        "20",
        "--schedule",
        "cosine(t_max=20)",
        "--clip-norm",
        "1",
        "--noise",
        "0.5",
        "--batch",
        "8",
        "--seed",
        "3",
    ]);
    let lr = v["lr"].as_array().unwrap();
    assert_eq!(lr[0], 0.01);
    assert!(lr[19].as_f64().unwrap() < 1e-3);
    // A start where the loss overflows: diverged at once, the infinite loss prints null.
    let v = ok_json(&[
        "trace",
        "--surface",
        "rosenbrock",
        "--start",
        "1e200,1e200",
        "--optimizer",
        "sgd",
        "--steps",
        "5",
    ]);
    assert_eq!(v["status"], "diverged");
    assert_eq!(v["loss"], serde_json::json!([null]));
    // Cliff: unclipped, one step leaves the box; clipped, the run converges.
    let wild = ok_json(&[
        "trace",
        "--surface",
        "cliff",
        "--optimizer",
        "sgd(lr=0.1)",
        "--steps",
        "1",
    ]);
    assert!(wild["points"][1][0].as_f64().unwrap() < -8.0);
    let tame = ok_json(&[
        "trace",
        "--surface",
        "cliff",
        "--optimizer",
        "sgd(lr=0.1)",
        "--steps",
        "400",
        "--clip-norm",
        "1",
    ]);
    assert_eq!(tame["status"], "converged");
}

#[test]
fn schedule_prints_n_plus_one_rates_and_cycled_momentum() {
    let v = ok_json(&[
        "schedule",
        "--schedule",
        "step(step_size=2, gamma=0.5)",
        "--lr",
        "1",
        "--steps",
        "4",
    ]);
    assert_eq!(v["lr"], serde_json::json!([1.0, 1.0, 0.5, 0.5, 0.25]));
    assert!(v.get("momentum").is_none());
    let v = ok_json(&[
        "schedule",
        "--schedule",
        "cyclic(base_lr=0.1, max_lr=1, step_size_up=2)",
        "--lr",
        "5",
        "--steps",
        "4",
        "--momentum",
        "0.5",
    ]);
    assert_eq!(v["lr"].as_array().unwrap().len(), 5);
    assert_eq!(v["momentum"].as_array().unwrap().len(), 5);
    assert_eq!(v["momentum"][0], 0.9);
}

#[test]
fn race_ranks_the_field() {
    let v = ok_json(&[
        "race",
        "--surface",
        "quadratic(a=1, b=10)",
        "--start",
        "1,1",
        "--optimizers",
        "sgd(lr=0.001); sgd(lr=0.1, momentum=0.5); adam(lr=0.1)",
        "--steps",
        "300",
    ]);
    let e = v["entries"].as_array().unwrap();
    assert_eq!(e.len(), 3);
    assert_eq!(e[1]["spec"], "sgd(lr=0.1, momentum=0.5)");
    assert_eq!(e[1]["status"], "converged");
    let ranks: Vec<u64> = e.iter().map(|x| x["rank"].as_u64().unwrap()).collect();
    let mut sorted = ranks.clone();
    sorted.sort();
    assert_eq!(sorted, [1, 2, 3]);
    assert_eq!(e[0]["rank"], 3);
}

#[test]
fn list_names_everything_with_parameters() {
    let v = ok_json(&["list"]);
    let names = |k: &str| -> Vec<String> {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|x| x["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names("surfaces"), gdz::core::surface::NAMES);
    assert_eq!(names("optimizers"), gdz::core::optim::NAMES);
    assert_eq!(names("schedules"), gdz::core::schedule::NAMES);
    let adam = &v["optimizers"][4];
    assert_eq!(adam["name"], "adam");
    let beta1 = adam["params"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "beta1")
        .unwrap();
    assert_eq!(beta1["default"], "0.9");
    assert_eq!(beta1["max"], 1.0);
    assert_eq!(beta1["max_open"], true);
    let lr = &adam["params"][0];
    assert!(lr["max"].is_null(), "unbounded above prints null: {lr}");
    assert!(v["surfaces"][0]["description"].as_str().unwrap().len() > 10);
}

#[test]
fn bad_arguments_exit_2_with_one_line() {
    fails(&[], "usage");
    fails(&["frobnicate"], "unrecognized subcommand 'frobnicate'");
    fails(
        &["trace", "--surface", "rosenbrock"],
        "--optimizer is required",
    );
    fails(&["trace", "--optimizer", "sgd"], "--surface is required");
    fails(
        &["trace", "--surface", "volcano", "--optimizer", "sgd"],
        "unknown surface",
    );
    fails(
        &[
            "trace",
            "--surface",
            "rosenbrock",
            "--optimizer",
            "adam(beta1=2)",
        ],
        "beta1 = 2",
    );
    fails(
        &[
            "trace",
            "--surface",
            "rosenbrock",
            "--optimizer",
            "sgd",
            "--steps",
            "1e3",
        ],
        "whole number",
    );
    fails(
        &[
            "trace",
            "--surface",
            "rosenbrock",
            "--optimizer",
            "sgd",
            "--steps",
            "100001",
        ],
        "steps = 100001 is out of range; allowed: 0 ≤ steps ≤ 100000",
    );
    fails(
        &[
            "trace",
            "--surface",
            "rosenbrock",
            "--optimizer",
            "sgd",
            "--start",
            "1,nan",
        ],
        "must be a finite number",
    );
    fails(
        &[
            "trace",
            "--surface",
            "rosenbrock",
            "--optimizer",
            "sgd",
            "--start",
            "1",
        ],
        "coordinates",
    );
    fails(
        &[
            "trace",
            "--surface",
            "rosenbrock",
            "--optimizer",
            "sgd",
            "--clip-norm",
            "-1",
        ],
        "clip_norm",
    );
    fails(
        &[
            "trace",
            "--surface",
            "rosenbrock",
            "--optimizer",
            "sgd",
            "--batch",
            "4",
        ],
        "noise is required",
    );
    fails(
        &[
            "trace",
            "--surface",
            "rosenbrock",
            "--optimizer",
            "sgd",
            "--bogus",
            "1",
        ],
        "unexpected argument '--bogus'",
    );
    fails(
        &[
            "trace",
            "--surface",
            "rosenbrock",
            "--surface",
            "beale",
            "--optimizer",
            "sgd",
        ],
        "cannot be used multiple times",
    );
    fails(
        &["trace", "--surface", "rosenbrock", "--optimizer"],
        "a value is required for '--optimizer",
    );
    fails(
        &[
            "trace",
            "--surface",
            "rosenbrock",
            "--optimizer",
            "adagrad",
            "--schedule",
            "onecycle(max_lr=1, total_steps=9)",
        ],
        "cycle_momentum",
    );
    fails(
        &[
            "schedule",
            "--schedule",
            "cosine",
            "--lr",
            "1",
            "--steps",
            "3",
        ],
        "t_max is required",
    );
    fails(
        &[
            "schedule",
            "--schedule",
            "constant",
            "--lr",
            "-1",
            "--steps",
            "3",
        ],
        "lr = -1 is out of range; allowed: 0 ≤ lr",
    );
    fails(
        &["schedule", "--schedule", "constant", "--lr", "1"],
        "--steps is required",
    );
    fails(
        &[
            "race",
            "--surface",
            "rosenbrock",
            "--optimizers",
            "sgd;;adam",
        ],
        "empty",
    );
    fails(&["list", "extra"], "unexpected argument");
}

#[test]
fn help_prints_usage() {
    for args in [&["help"][..], &["--help"], &["-h"]] {
        let (code, out, err) = gdz(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(
            out.contains("gdz trace") && out.contains("gdz bench"),
            "{out}"
        );
        assert!(err.is_empty());
    }
    for cmd in ["trace", "schedule", "race", "list", "bench", "site"] {
        let (code, out, err) = gdz(&[cmd, "--help"]);
        assert_eq!(code, 0, "{cmd}: {err}");
        assert!(out.contains(&format!("Usage: gdz {cmd}")), "{cmd}: {out}");
    }
    let (_, out, _) = gdz(&["trace", "--help"]);
    for flag in [
        "--surface",
        "--optimizer",
        "--start",
        "--clip-norm",
        "--noise",
        "--seed",
    ] {
        assert!(out.contains(flag), "{flag}: {out}");
    }
    let (_, out, _) = gdz(&["site", "--help"]);
    assert!(
        out.contains("--template") && out.contains("--widget-sets"),
        "{out}"
    );
}

#[test]
fn version_prints_the_crate_version() {
    let (code, out, err) = gdz(&["--version"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), format!("gdz {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn start_takes_either_flag_form_and_negative_values() {
    let base = [
        "trace",
        "--surface",
        "rosenbrock",
        "--optimizer",
        "sgd",
        "--steps",
        "1",
    ];
    let spaced = ok_json(&[&base[..], &["--start", "-1.5,2"]].concat());
    let joined = ok_json(&[&base[..], &["--start=-1.5,2"]].concat());
    assert_eq!(spaced["points"][0], serde_json::json!([-1.5, 2.0]));
    assert_eq!(spaced, joined);
    let v = ok_json(&[
        "trace",
        "--surface",
        "quartic",
        "--start",
        "-1",
        "--optimizer",
        "sgd",
        "--steps",
        "1",
    ]);
    assert_eq!(v["points"][0], serde_json::json!([-1.0]));
    // Negative numbers reach the core, which names the range.
    fails(
        &[&base[..], &["--clip-value", "-2"]].concat(),
        "clip_value = -2 is out of range",
    );
}

#[cfg(unix)]
#[test]
fn a_non_utf8_argument_is_an_error_not_a_panic() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    for args in [
        vec![
            OsStr::new("trace"),
            OsStr::new("--surface"),
            OsStr::from_bytes(b"ros\xffbrock"),
        ],
        vec![OsStr::from_bytes(b"\xfe\xff")],
        vec![OsStr::new("list"), OsStr::from_bytes(b"--\xff")],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_gdz"))
            .args(&args)
            .output()
            .expect("gdz runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
        assert!(err.starts_with("gdz: "), "{err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    // Megabytes of JSON into a reader that takes one byte and leaves.
    let mut child = Command::new(env!("CARGO_BIN_EXE_gdz"))
        .args([
            "trace",
            "--surface",
            "quadratic",
            "--optimizer",
            "sgd(lr=0.001)",
            "--steps",
            "100000",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gdz runs");
    let mut first = [0u8; 1];
    child
        .stdout
        .take()
        .expect("piped")
        .read_exact(&mut first)
        .expect("one byte");
    assert_eq!(&first, b"{");
    let out = child.wait_with_output().expect("gdz ends");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.is_empty(), "{err}");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn widgets_prints_the_schema() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gdz"))
        .arg("widgets")
        .output()
        .expect("gdz runs");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let list = v.as_array().expect("a list of widgets");
    assert_eq!(list.len(), gdz::core::schema::WIDGETS.len());
    let race = list.iter().find(|w| w["name"] == "race").expect("race");
    let steps = race["attributes"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["name"] == "steps"))
        .expect("race steps");
    assert_eq!(steps["max"], 5000);
    assert_eq!(steps["default"], "200");
    assert_eq!(steps["kind"], "integer");
}

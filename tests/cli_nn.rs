//! The network commands of the `gdz` binary: `train`, `lr-find` and `slice`. JSON on
//! stdout; a bad file, flag or architecture is one line on stderr with exit status 2; a
//! diverged training is a record with status `diverged` and exit status 0, like
//! `gdz trace`. Last, the float64 torch trainings of tests/fixtures/torch_network.json
//! replayed through the binary from CSV and JSON files.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::Command;

use gdz::core::nn::{Weights, ACTIVATIONS, DATASETS, LOSSES};
use serde_json::{json, Value};

fn gdz<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> (i32, String, String) {
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

fn ok_json<S: AsRef<std::ffi::OsStr> + std::fmt::Debug>(args: &[S]) -> Value {
    let (code, out, err) = gdz(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"))
}

fn fails<S: AsRef<std::ffi::OsStr> + std::fmt::Debug>(args: &[S], needle: &str) {
    let (code, out, err) = gdz(args);
    assert_eq!(code, 2, "{args:?} should fail: {out}");
    assert!(out.is_empty(), "{args:?}: stdout {out}");
    assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
    assert!(err.starts_with("gdz: "), "{args:?}: {err}");
    assert!(err.contains(needle), "{args:?}: {err} lacks {needle}");
}

/// A fresh folder under the system's temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "gdz-cli-nn-{}-{name}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    /// Writes `text` to `name` in the folder and returns the path as a string.
    fn file(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A CSV of 2 features and a 0/1 label, `n` rows from smooth formulas.
fn xor_csv(n: usize) -> String {
    let mut s = String::from("a,b,label\n");
    for i in 0..n {
        let a = (0.7 * i as f64 + 0.3).sin();
        let b = (1.3 * i as f64 + 0.1).cos();
        s += &format!("{a},{b},{}\n", u8::from((a > 0.0) != (b > 0.0)));
    }
    s
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|x| x.as_f64().unwrap_or(f64::NAN))
        .collect()
}

const MODEL: &str = "mlp(layers=[2,4,4,1], activation=tanh)";

#[test]
fn train_prints_one_entry_per_step_and_the_weights_in_the_init_layout() {
    let dir = TempDir::new("shape");
    let data = dir.file("xor.csv", &xor_csv(10));
    let v = ok_json(&[
        "train",
        "--model",
        MODEL,
        "--data",
        &data,
        "--optimizer",
        "sgd(lr=0.1, momentum=0.9)",
        "--schedule",
        "step(step_size=3, gamma=0.5)",
        "--loss",
        "bce",
        "--batch",
        "4",
        "--epochs",
        "3",
    ]);
    // ceil(10 / 4) = 3 steps per epoch.
    for key in [
        "loss",
        "grad_norm",
        "grad_norm_clipped",
        "lr",
        "update_ratio",
    ] {
        assert_eq!(v[key].as_array().unwrap().len(), 9, "{key}: {v}");
    }
    assert!(floats(&v["loss"]).iter().all(|l| l.is_finite() && *l > 0.0));
    assert_eq!(
        v["lr"],
        json!([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025])
    );
    assert_eq!(v["update_ratio"][0].as_array().unwrap().len(), 3);
    assert_eq!(v["status"], "max_steps");
    assert_eq!(v["epochs"], 3);
    // Every row trains; none is held out, so nothing is evaluated.
    assert_eq!(v["eval"], json!([]));
    let w: Weights = serde_json::from_value(v["params"].clone()).unwrap();
    let shapes: Vec<(usize, usize, usize)> = w
        .layers
        .iter()
        .map(|l| (l.weight.len(), l.weight[0].len(), l.bias.len()))
        .collect();
    assert_eq!(shapes, [(4, 2, 4), (4, 4, 4), (1, 4, 1)]);

    // The printed weights read back as --init; zero epochs leave them as they are.
    let init = dir.file("w.json", &v["params"].to_string());
    let again = ok_json(&[
        "train",
        "--model",
        MODEL,
        "--data",
        &data,
        "--init",
        &init,
        "--optimizer",
        "adam",
        "--loss",
        "bce",
        "--epochs",
        "0",
    ]);
    assert_eq!(again["loss"], json!([]));
    assert_eq!(again["params"], v["params"]);
}

/// y = 1, 2, …, 10 with a zero 1→1 network and lr = 0: every batch loss is a mean of
/// known squares, so the batches and accumulation groups can be read off the losses.
#[test]
fn in_order_batches_and_accumulation_groups_that_end_with_the_epoch() {
    let dir = TempDir::new("order");
    let mut csv = String::from("x,y\n");
    for i in 1..=10 {
        csv += &format!("0.5,{i}\n");
    }
    let data = dir.file("lin.csv", &csv);
    let init = dir.file("zero.json", r#"{"layers":[{"weight":[[0]],"bias":[0]}]}"#);
    let run = |extra: &[&str]| {
        let mut args = vec![
            "train",
            "--model",
            "mlp(layers=[1,1])",
            "--data",
            &data,
            "--init",
            &init,
            "--optimizer",
            "sgd(lr=0)",
            "--loss",
            "mse",
        ];
        args.extend_from_slice(extra);
        floats(&ok_json(&args)["loss"])
    };
    let sq = |i: usize| (i * i) as f64;
    // Batches of one row, in file order.
    let l = run(&["--batch", "1", "--epochs", "1", "--shuffle", "false"]);
    assert_eq!(l, (1..=10).map(sq).collect::<Vec<_>>());
    // Shuffled, the same rows come in another order.
    let l = run(&["--batch", "1", "--epochs", "1", "--seed", "5"]);
    assert_ne!(l, (1..=10).map(sq).collect::<Vec<_>>());
    let mut sorted = l.clone();
    sorted.sort_by(f64::total_cmp);
    assert_eq!(sorted, (1..=10).map(sq).collect::<Vec<_>>());
    // Batches of 3 (3, 3, 3, 1 rows), 3 per step: each epoch is one group of three
    // batches and one group of the last batch alone (still divided by 3), so 2 epochs
    // are 4 steps, not ceil(8 / 3) = 3.
    let l = run(&[
        "--batch",
        "3",
        "--accumulate",
        "3",
        "--epochs",
        "2",
        "--shuffle",
        "false",
    ]);
    let mean = |r: std::ops::RangeInclusive<usize>| {
        let n = r.clone().count() as f64;
        r.map(sq).sum::<f64>() / n
    };
    let full = (mean(1..=3) + mean(4..=6) + mean(7..=9)) / 3.0;
    let last = sq(10) / 3.0;
    assert_eq!(l.len(), 4, "{l:?}");
    for (got, want) in l.iter().zip([full, last, full, last]) {
        assert!((got - want).abs() <= 1e-12 * want, "{l:?}");
    }
    // With accumulate 1 a run is epochs × ceil(n / batch) steps.
    assert_eq!(run(&["--batch", "3", "--epochs", "2"]).len(), 8);
    assert_eq!(run(&["--batch", "20", "--epochs", "3"]).len(), 3);
}

#[test]
fn data_may_be_a_generated_set() {
    let args = [
        "train",
        "--model",
        MODEL,
        "--data",
        "moons(n=40, noise=0.1, test=0.25, seed=1)",
        "--optimizer",
        "adam(lr=0.01)",
        "--loss",
        "bce",
        "--batch",
        "8",
        "--epochs",
        "2",
    ];
    let v = ok_json(&args);
    // 30 training rows: 4 batches of 8 per epoch.
    assert_eq!(v["loss"].as_array().unwrap().len(), 8);
    // The 10 held-out rows are evaluated at the end.
    assert_eq!(v["eval"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v["eval"][0]["step"], 8);
    let acc = v["eval"][0]["accuracy"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&acc) && (acc * 10.0).fract() == 0.0);
    assert_eq!(ok_json(&args), v, "the same spec, the same run");
    let other = ok_json(&[
        "train",
        "--model",
        MODEL,
        "--data",
        "moons(n=40, noise=0.1, test=0.25, seed=2)",
        "--optimizer",
        "adam(lr=0.01)",
        "--loss",
        "bce",
        "--batch",
        "8",
        "--epochs",
        "2",
    ]);
    assert_ne!(other["loss"], v["loss"]);
}

#[test]
fn help_documents_every_flag() {
    let (code, out, err) = gdz(&["--help"]);
    assert_eq!(code, 0, "{err}");
    for cmd in ["train", "lr-find", "slice"] {
        assert!(out.contains(cmd), "{cmd}: {out}");
    }
    let common = ["--model", "--data", "--init", "--loss"];
    let batches = [
        "--batch",
        "--shuffle",
        "--clip-norm",
        "--clip-value",
        "--accumulate",
        "--seed",
    ];
    let own: [(&str, &[&str]); 3] = [
        ("train", &["--optimizer", "--schedule", "--epochs"]),
        (
            "lr-find",
            &[
                "--optimizer",
                "--lo",
                "--hi",
                "--steps",
                "--beta",
                "--blowup",
            ],
        ),
        ("slice", &["--dims", "--steps", "--span", "--seed"]),
    ];
    for (cmd, flags) in own {
        let (code, out, err) = gdz(&[cmd, "--help"]);
        assert_eq!(code, 0, "{cmd}: {err}");
        assert!(err.is_empty());
        assert!(out.contains(&format!("Usage: gdz {cmd}")), "{out}");
        let with_batches = if cmd == "slice" { &[][..] } else { &batches };
        for flag in common.iter().chain(flags).chain(with_batches) {
            // Each flag has a line of its own that says what it does.
            let line = out
                .lines()
                .find(|l| l.trim_start().starts_with(&format!("{flag} ")))
                .unwrap_or_else(|| panic!("{cmd} --help lacks {flag}: {out}"));
            assert!(line.len() > flag.len() + 30, "{cmd} {flag}: {line}");
        }
    }
    let (_, out, _) = gdz(&["train", "--help"]);
    for name in DATASETS.iter().chain(ACTIVATIONS).chain(LOSSES) {
        assert!(out.contains(name), "train --help does not name {name}");
    }
    // The defaults are the core's.
    let d = gdz::core::nn::TrainConfig::default();
    assert!(out.contains(&format!("[default: {}]", d.batch)), "{out}");
    let (_, out, _) = gdz(&["slice", "--help"]);
    let s = gdz::core::nn::SliceConfig::default();
    assert!(out.contains(&format!("[default: {}]", s.steps)), "{out}");
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let dir = TempDir::new("bad");
    let good = dir.file("good.csv", &xor_csv(12));
    let train = |data: &str, model: &str, extra: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = [
            "train",
            "--model",
            model,
            "--data",
            data,
            "--optimizer",
            "adam",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for (flag, value) in [("--epochs", "1"), ("--loss", "bce")] {
            if !extra.contains(&flag) {
                v.extend([flag.to_string(), value.to_string()]);
            }
        }
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let missing = dir.file("missing.csv", "a,b,label\n0.1,0.2,1\n0.3,0\n");
    fails(&train(&missing, MODEL, &[]), "line 3: 2 fields");
    let text = dir.file("text.csv", "a,b,label\n0.1,zero,1\n");
    fails(
        &train(&text, MODEL, &[]),
        "column \"b\": \"zero\" is not a finite number",
    );
    let label = dir.file("label.csv", "a,b,label\n0.1,0.2,1\n0.1,0.2,3\n");
    fails(
        &train(&label, MODEL, &[]),
        "target 3 is out of range for bce",
    );
    let mut big = String::from("a,b,label\n");
    big.push_str(&"0.5,0.25,1\n".repeat(1_000_000));
    let big = dir.file("big.csv", &big);
    fails(&train(&big, MODEL, &[]), "more than 10000 rows");
    let nowhere = dir.0.join("nowhere.csv");
    fails(&train(nowhere.to_str().unwrap(), MODEL, &[]), "nowhere.csv");
    fails(
        &train(nowhere.to_str().unwrap(), MODEL, &[]),
        "not a data set spec",
    );
    fails(
        &train("swirl(n=10)", MODEL, &[]),
        "unknown data set \"swirl\"",
    );
    fails(&train("moons(n=0)", MODEL, &[]), "n = 0 is out of range");
    fails(
        &train(dir.0.to_str().unwrap(), MODEL, &[]),
        "cannot read --data",
    );

    fails(&train(&good, "mlp(layers=[2,0,1])", &[]), "width 0");
    fails(&train(&good, "mlp(layers=[2,10000,1])", &[]), "width 10000");
    let deep = format!("mlp(layers=[{}])", vec!["4"; 50].join(","));
    fails(&train(&good, &deep, &[]), "layers has 50 widths");
    fails(&train(&good, "mlp(layers=[3,4,1])", &[]), "takes 3");
    fails(&train(&good, "cnn", &[]), "unknown model");

    let bad_json = dir.file("bad.json", r#"{"layers":[{"weight":[[1,2]],"bias":"#);
    fails(
        &train(&good, "mlp(layers=[2,1])", &["--init", &bad_json]),
        "--init",
    );
    let wrong = dir.file(
        "wrong.json",
        r#"{"layers":[{"weight":[[1,2,3]],"bias":[0]}]}"#,
    );
    fails(
        &train(&good, "mlp(layers=[2,1])", &["--init", &wrong]),
        "layer 0: weight must be 1 rows of 2 numbers",
    );
    let absent = dir.0.join("absent.json");
    fails(
        &train(
            &good,
            "mlp(layers=[2,1])",
            &["--init", absent.to_str().unwrap()],
        ),
        "cannot read --init",
    );

    fails(
        &train(&good, MODEL, &["--shuffle", "maybe"]),
        "must be true or false",
    );
    fails(&train(&good, MODEL, &["--batch", "0"]), "batch = 0");
    fails(
        &train(&good, MODEL, &["--accumulate", "1001"]),
        "accumulate = 1001",
    );
    fails(&train(&good, MODEL, &["--clip-norm", "-1"]), "clip_norm");
    fails(&train(&good, MODEL, &["--epochs", "1e9"]), "whole number");
    fails(
        &train(&good, MODEL, &["--epochs", "10000000"]),
        "at most 1000000",
    );
    fails(
        &train(&good, "mlp(layers=[2,4,1])", &["--loss", "ce"]),
        "ce needs a network with one output per class",
    );
    fails(&train(&good, MODEL, &["--loss", "hinge"]), "unknown loss");
    let mut no_epochs = train(&good, MODEL, &[]);
    no_epochs.retain(|a| a != "--epochs" && a != "1");
    fails(&no_epochs, "--epochs is required");

    let lr_find = |extra: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = [
            "lr-find",
            "--model",
            MODEL,
            "--data",
            &good,
            "--optimizer",
            "sgd",
            "--loss",
            "bce",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    fails(&lr_find(&["--steps", "1"]), "steps = 1");
    fails(&lr_find(&["--lo", "1", "--hi", "0.1"]), "lo < hi");
    fails(&lr_find(&["--beta", "1"]), "beta = 1");
    let slice = |extra: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = ["slice", "--model", MODEL, "--data", &good, "--loss", "bce"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    fails(&slice(&["--dims", "3"]), "dims = 3");
    fails(&slice(&["--steps", "1000"]), "steps = 1000");
    fails(&slice(&["--span", "0"]), "span = 0");
}

#[test]
fn a_diverged_training_reports_it_and_exits_0() {
    let dir = TempDir::new("diverge");
    let data = dir.file("xor.csv", &xor_csv(16));
    let v = ok_json(&[
        "train",
        "--model",
        MODEL,
        "--data",
        &data,
        "--optimizer",
        "adam(lr=1e308)",
        "--loss",
        "bce",
        "--batch",
        "4",
        "--epochs",
        "5",
    ]);
    assert_eq!(v["status"], "diverged");
    // The step that blew up is recorded, then the run stops.
    let loss = floats(&v["loss"]);
    assert!(!loss.is_empty() && loss.len() < 20, "{loss:?}");
    assert_eq!(v["lr"][0], 1e308);
    // The parameters are the last finite ones.
    let w: Weights = serde_json::from_value(v["params"].clone()).unwrap();
    assert!(w.layers.iter().all(|l| l
        .weight
        .concat()
        .iter()
        .chain(&l.bias)
        .all(|p| p.is_finite())));
}

#[test]
fn lr_find_prints_the_sweep_and_its_suggestion() {
    let dir = TempDir::new("lrfind");
    let data = dir.file("xor.csv", &xor_csv(40));
    let v = ok_json(&[
        "lr-find",
        "--model",
        MODEL,
        "--data",
        &data,
        "--optimizer",
        "sgd(momentum=0.9)",
        "--loss",
        "bce",
        "--batch",
        "8",
        "--lo",
        "1e-4",
        "--hi",
        "1e-1",
        "--steps",
        "31",
    ]);
    let lr = floats(&v["lr"]);
    let n = lr.len();
    assert_eq!(floats(&v["loss"]).len(), n);
    assert_eq!(floats(&v["smoothed"]).len(), n);
    assert!((3..=31).contains(&n), "{v}");
    assert_eq!(v["stopped_early"], n < 31);
    assert!((lr[0] - 1e-4).abs() < 1e-18);
    // Rates grow by 10^(3/30) each step.
    for w in lr.windows(2) {
        assert!((w[1] / w[0] - 10f64.powf(0.1)).abs() < 1e-12, "{lr:?}");
    }
    let s = v["suggestion"].as_f64().unwrap();
    assert!(lr.contains(&s), "{s} is one of the rates");
    assert!(lr.contains(&v["min_loss_lr"].as_f64().unwrap()));
}

#[test]
fn slice_prints_the_grid_around_the_weights() {
    let dir = TempDir::new("slice");
    let data = dir.file("xor.csv", &xor_csv(20));
    let base = ["slice", "--model", MODEL, "--data", &data, "--loss", "bce"];
    let with = |extra: &[&str]| {
        let mut a = base.to_vec();
        a.extend_from_slice(extra);
        ok_json(&a)
    };
    let v = with(&["--dims", "2", "--steps", "5", "--span", "0.5"]);
    assert_eq!(floats(&v["alphas"]), [-0.5, -0.25, 0.0, 0.25, 0.5]);
    assert_eq!(v["betas"], v["alphas"]);
    let loss = floats(&v["loss"]);
    assert_eq!(loss.len(), 25);
    // The middle of the grid is the given weights.
    assert_eq!(loss[12], v["center"].as_f64().unwrap());
    assert!(loss.iter().all(|l| l.is_finite() && *l > 0.0));
    let one = with(&["--dims", "1", "--steps", "7"]);
    assert_eq!(one["betas"], json!([]));
    assert_eq!(one["loss"].as_array().unwrap().len(), 7);
    assert_eq!(
        one["center"], v["center"],
        "the same seed, the same weights"
    );
    let other = with(&["--dims", "1", "--steps", "7", "--seed", "9"]);
    assert_ne!(
        other["center"], one["center"],
        "another seed, other weights"
    );
}

// ---- The torch replay through the binary ----

#[path = "torch/network_fixture.rs"]
mod network_fixture;
use network_fixture::{close, fixture, Case};

fn flat(w: &Weights) -> Vec<f64> {
    w.layers
        .iter()
        .flat_map(|l| l.weight.concat().into_iter().chain(l.bias.iter().copied()))
        .collect()
}

/// The case's rows as CSV: `{}` writes each f64 so that it reads back exactly.
fn case_csv(c: &Case) -> String {
    let mut s: Vec<String> = (0..c.widths[0]).map(|i| format!("x{i}")).collect();
    s.push("y".into());
    let mut text = s.join(",") + "\n";
    for (x, y) in c.x.iter().zip(&c.y) {
        let row: Vec<String> = x.iter().chain([y]).map(|v| format!("{v}")).collect();
        text += &(row.join(",") + "\n");
    }
    text
}

fn case_args(c: &Case, data: &Path, init: &Path) -> Vec<String> {
    let widths: Vec<String> = c.widths.iter().map(|w| w.to_string()).collect();
    let mut a: Vec<String> = vec![
        "train".into(),
        "--model".into(),
        format!(
            "mlp(layers=[{}], activation={})",
            widths.join(","),
            c.activation
        ),
        "--data".into(),
        data.to_str().unwrap().into(),
        "--init".into(),
        init.to_str().unwrap().into(),
        "--optimizer".into(),
        c.optimizer.clone(),
        "--loss".into(),
        c.loss.clone(),
        "--batch".into(),
        c.batch.to_string(),
        "--epochs".into(),
        c.epochs.to_string(),
        "--shuffle".into(),
        c.shuffle.to_string(),
        "--accumulate".into(),
        c.accumulate.to_string(),
        "--seed".into(),
        c.seed.to_string(),
    ];
    for (flag, value) in [
        ("--schedule", c.schedule.clone()),
        ("--clip-norm", c.clip_norm.map(|v| v.to_string())),
        ("--clip-value", c.clip_value.map(|v| v.to_string())),
    ] {
        if let Some(v) = value {
            a.push(flag.into());
            a.push(v);
        }
    }
    a
}

/// Every configuration of the fixture can be said with flags (the model, optimizer and
/// schedule are specs; data and init are files), so every one is replayed.
#[test]
fn torch_trainings_replayed_through_the_binary() {
    let fx = fixture();
    let dir = TempDir::new("torch");
    let mut replayed = 0;
    for (k, c) in fx.cases.iter().enumerate() {
        let data = dir.0.join(format!("case{k}.csv"));
        std::fs::write(&data, case_csv(c)).unwrap();
        let init = dir.0.join(format!("case{k}.json"));
        std::fs::write(&init, serde_json::to_string(&c.init).unwrap()).unwrap();
        let v = ok_json(&case_args(c, &data, &init));
        assert_eq!(v["status"], "max_steps", "{}", c.name);
        let loss = floats(&v["loss"]);
        assert_eq!(loss.len(), c.loss_per_step.len(), "{}: steps", c.name);
        let (gn, lr) = (floats(&v["grad_norm"]), floats(&v["lr"]));
        for (s, want) in c.loss_per_step.iter().enumerate() {
            close(&format!("{} step {}: loss", c.name, s + 1), loss[s], *want);
            close(
                &format!("{} step {}: grad_norm", c.name, s + 1),
                gn[s],
                c.grad_norm[s],
            );
            close(&format!("{} step {}: lr", c.name, s + 1), lr[s], c.lr[s]);
        }
        let got: Weights = serde_json::from_value(v["params"].clone()).unwrap();
        let (got, want) = (flat(&got), flat(&c.final_weights));
        assert_eq!(got.len(), want.len(), "{}", c.name);
        for (i, (g, w)) in got.iter().zip(&want).enumerate() {
            close(&format!("{}: final parameter {i}", c.name), *g, *w);
        }
        replayed += 1;
    }
    assert!(replayed >= 3 && replayed == fx.cases.len(), "{replayed}");
}

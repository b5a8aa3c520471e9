//! The network core: gradients and Hessian-vector products against finite differences,
//! data sets, the CSV reader, the trainer's accumulation, clipping and divergence,
//! training to high accuracy, the range test, slices and the decision grid.
#![cfg(not(target_arch = "wasm32"))]

use gdz::core::nn::*;
use gdz::core::run::Status;
use gdz::core::spec::Spec;
use proptest::prelude::*;

fn net(spec: &str) -> Mlp {
    Mlp::parse(spec).unwrap()
}

/// A batch of `rows` inputs and targets suited to `loss` from a simple formula.
fn batch(mlp: &Mlp, loss: Loss, rows: usize, salt: f64) -> (Vec<f64>, Vec<f64>) {
    let n_in = mlp.n_inputs();
    let x: Vec<f64> = (0..rows * n_in)
        .map(|i| ((i as f64 + 1.0) * 0.7 + salt).sin() * 1.5)
        .collect();
    let y: Vec<f64> = (0..rows)
        .map(|r| match loss {
            Loss::Bce => (r % 2) as f64,
            Loss::Mse => (r as f64 * 0.3 + salt).cos(),
            Loss::CrossEntropy => (r % mlp.n_outputs()) as f64,
        })
        .collect();
    (x, y)
}

fn mean_loss(mlp: &Mlp, p: &[f64], x: &[f64], y: &[f64], loss: Loss, ws: &mut Workspace) -> f64 {
    let out = mlp.forward(p, x, ws).unwrap().to_vec();
    let count = if loss == Loss::CrossEntropy {
        y.len()
    } else {
        y.len() * mlp.n_outputs()
    };
    loss.sum(&out, y, mlp.n_outputs()) / count as f64
}

fn arch() -> impl Strategy<Value = (Vec<usize>, usize, usize)> {
    (
        1usize..=3,
        prop::collection::vec(1usize..=5, 0..=3),
        0usize..4,
        0usize..3,
    )
        .prop_map(|(n_in, hidden, act, loss)| {
            let n_out = if loss == 2 { 3 } else { 1 };
            let mut w = vec![n_in];
            w.extend(hidden);
            w.push(n_out);
            (w, act, loss)
        })
}

const ACTS: [Activation; 4] = [
    Activation::Tanh,
    Activation::Relu,
    Activation::Sigmoid,
    Activation::Gelu,
];
const LOSS: [Loss; 3] = [Loss::Bce, Loss::Mse, Loss::CrossEntropy];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(60))]

    /// ∇θ from the backward pass equals central differences of the loss, for random
    /// small networks, activations, losses, seeds and batch sizes.
    #[test]
    fn gradient_matches_central_differences(
        (widths, act, loss) in arch(), seed in 0u64..1000, rows in 1usize..6, scale in 0.25f64..2.0
    ) {
        let mlp = Mlp::new(&widths, ACTS[act]).unwrap();
        let loss = LOSS[loss];
        let p = mlp.init(seed);
        let (x, y) = batch(&mlp, loss, rows, seed as f64);
        let mut ws = Workspace::new(&mlp, 1);
        let mut g = vec![0.0; mlp.n_params()];
        let l = mlp.loss_grad(&p, &x, &y, loss, scale, &mut ws, &mut g).unwrap();
        prop_assert!((l - mean_loss(&mlp, &p, &x, &y, loss, &mut ws)).abs() < 1e-14);
        let h = 1e-6;
        for i in 0..p.len() {
            let (mut up, mut dn) = (p.clone(), p.clone());
            up[i] += h;
            dn[i] -= h;
            let fd = scale * (mean_loss(&mlp, &up, &x, &y, loss, &mut ws)
                - mean_loss(&mlp, &dn, &x, &y, loss, &mut ws)) / (2.0 * h);
            // ReLU's kink can sit inside the difference interval: allow a looser match there.
            let tol = if ACTS[act] == Activation::Relu { 1e-4 } else { 1e-7 };
            prop_assert!((g[i] - fd).abs() <= tol * (1.0 + fd.abs()),
                "param {}: backward {} vs differences {}", i, g[i], fd);
        }
    }

    /// H v by the R-operator equals central differences of gradients along v.
    #[test]
    fn hvp_matches_differences_of_gradients(
        (widths, act, loss) in arch(), seed in 0u64..1000, rows in 1usize..6
    ) {
        let act = if ACTS[act] == Activation::Relu { Activation::Tanh } else { ACTS[act] };
        let mlp = Mlp::new(&widths, act).unwrap();
        let loss = LOSS[loss];
        let p = mlp.init(seed);
        let v = mlp.init(seed + 7);
        let (x, y) = batch(&mlp, loss, rows, 0.3 * seed as f64);
        let mut ws = Workspace::new(&mlp, 2);
        let n = mlp.n_params();
        let (mut g, mut hv) = (vec![0.0; n], vec![0.0; n]);
        mlp.loss_grad_hvp(&p, &x, &y, loss, 1.0, &v, &mut ws, &mut g, &mut hv).unwrap();
        let h = 1e-5;
        let grad_at = |q: &[f64], ws: &mut Workspace| {
            let mut g = vec![0.0; n];
            mlp.loss_grad(q, &x, &y, loss, 1.0, ws, &mut g).unwrap();
            g
        };
        let up: Vec<f64> = p.iter().zip(&v).map(|(a, b)| a + h * b).collect();
        let dn: Vec<f64> = p.iter().zip(&v).map(|(a, b)| a - h * b).collect();
        let (gu, gd) = (grad_at(&up, &mut ws), grad_at(&dn, &mut ws));
        for i in 0..n {
            let fd = (gu[i] - gd[i]) / (2.0 * h);
            prop_assert!((hv[i] - fd).abs() <= 1e-6 * (1.0 + fd.abs()),
                "param {}: R-op {} vs differences {}", i, hv[i], fd);
        }
    }
}

#[test]
fn relu_hvp_is_exact_away_from_kinks() {
    // ReLU is piecewise linear: the R-operator's Hessian keeps only the loss curvature;
    // differences of gradients with a tiny step agree where no unit crosses 0.
    let mlp = net("mlp(layers=[2,6,6,3], activation=relu)");
    let p = mlp.init(5);
    let v = mlp.init(6);
    let (x, y) = batch(&mlp, Loss::CrossEntropy, 8, 0.1);
    let mut ws = Workspace::new(&mlp, 8);
    let n = mlp.n_params();
    let (mut g, mut hv) = (vec![0.0; n], vec![0.0; n]);
    mlp.loss_grad_hvp(
        &p,
        &x,
        &y,
        Loss::CrossEntropy,
        1.0,
        &v,
        &mut ws,
        &mut g,
        &mut hv,
    )
    .unwrap();
    let h = 1e-7;
    let mut gu = vec![0.0; n];
    let mut gd = vec![0.0; n];
    let up: Vec<f64> = p.iter().zip(&v).map(|(a, b)| a + h * b).collect();
    let dn: Vec<f64> = p.iter().zip(&v).map(|(a, b)| a - h * b).collect();
    mlp.loss_grad(&up, &x, &y, Loss::CrossEntropy, 1.0, &mut ws, &mut gu)
        .unwrap();
    mlp.loss_grad(&dn, &x, &y, Loss::CrossEntropy, 1.0, &mut ws, &mut gd)
        .unwrap();
    for i in 0..n {
        let fd = (gu[i] - gd[i]) / (2.0 * h);
        assert!(
            (hv[i] - fd).abs() < 1e-6 * (1.0 + fd.abs()),
            "{i}: {} vs {fd}",
            hv[i]
        );
    }
}

#[test]
fn wrong_lengths_are_errors_not_panics() {
    let mlp = net("mlp(layers=[2,3,1])");
    let mut ws = Workspace::new(&mlp, 4);
    let p = mlp.init(0);
    assert!(mlp.forward(&p[1..], &[0.0, 0.0], &mut ws).is_err());
    assert!(mlp.forward(&p, &[0.0, 0.0, 0.0], &mut ws).is_err());
    let mut g = vec![0.0; p.len()];
    assert!(mlp
        .loss_grad(&p, &[0.0; 4], &[1.0], Loss::Bce, 1.0, &mut ws, &mut g)
        .is_err());
    // A workspace made for another network is rebuilt, not misused.
    let other = net("mlp(layers=[2,9,9,1])");
    let mut ws2 = Workspace::new(&other, 1);
    let out = mlp.forward(&p, &[0.5; 20], &mut ws2).unwrap();
    assert_eq!(out.len(), 10);
}

#[test]
fn bad_architectures_are_rejected() {
    for spec in [
        "mlp(layers=[2,0,1])",
        "mlp(layers=[2,10000,1])",
        "mlp(layers=[2,-3,1])",
        "mlp(layers=[])",
        "mlp(layers=[2,256,256,256,1])",
        "mlp(activation=softmax)",
    ] {
        let e = Mlp::parse(spec).err().map(|e| e.to_string());
        assert!(e.is_some(), "{spec}");
    }
    let fifty = format!("mlp(layers=[{}])", vec!["3"; 50].join(","));
    assert!(Mlp::parse(&fifty).is_err());
    // Widths 1..=256, up to 6 hidden layers, ≤ 100k parameters are fine.
    assert!(Mlp::parse("mlp(layers=[1,256,256,1])").is_ok());
    assert!(Mlp::parse("mlp(layers=[2,4,4,4,4,4,4,3], activation=gelu)").is_ok());
}

#[test]
fn data_sets_are_deterministic_with_the_right_shapes() {
    for name in DATASETS {
        let a = generate_str(&format!("{name}(n=120, seed=9)")).unwrap();
        let b = generate_str(&format!("{name}(n=120, seed=9)")).unwrap();
        assert_eq!(a, b, "{name}");
        assert_eq!(a.train.len(), 90, "{name}");
        assert_eq!(a.test.len(), 30, "{name}");
        assert!(a.train.x.iter().all(|v| v.is_finite()));
        let c = generate_str(&format!("{name}(n=120, seed=10)")).unwrap();
        assert_ne!(a, c, "{name}");
    }
    let blobs = generate_str("blobs(n=300, test=0)").unwrap();
    let mut counts = [0; 3];
    for y in &blobs.train.y {
        counts[*y as usize] += 1;
    }
    assert_eq!(counts, [100, 100, 100]);
    let moons = generate_str("moons(n=200, noise=0, test=0)").unwrap();
    for i in 0..moons.train.len() {
        let (x, y) = moons.train.row(i).unwrap();
        // Noise-free moons lie on their unit circles.
        let (cx, cy) = if y == 0.0 { (0.0, 0.0) } else { (1.0, 0.5) };
        assert!(((x[0] - cx).hypot(x[1] - cy) - 1.0).abs() < 1e-12);
    }
}

#[test]
fn csv_reader_and_its_errors() {
    let d = read_csv("a,b,c,label\n1,2,3,0\n4,5,6,2\n").unwrap();
    assert_eq!((d.len(), d.n_features()), (2, 3));
    assert_eq!(d.classes(), Some(3));
    for (text, want) in [
        ("", "empty"),
        ("x,label\n", "no data rows"),
        ("label\n1\n", "at least two columns"),
        (
            "x,y,label\n1,2\n",
            "line 2: 2 fields; the header has 3 columns",
        ),
        ("x,y,label\n1,2,0\n1,2,3,4\n", "line 3: more than 3 fields"),
        (
            "x,label\n1,0\nabc,1\n",
            "line 3: column \"x\": \"abc\" is not a finite number",
        ),
        ("x,label\n1,\n", "line 2: column \"label\" is empty"),
        ("x,label\ninf,0\n", "not a finite number"),
        (",label\n1,0\n", "column 1 has no name"),
    ] {
        let e = read_csv(text)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains(want), "{text:?}: {e}");
    }
    let wide = format!(
        "{},y\n",
        (0..17)
            .map(|i| format!("x{i}"))
            .collect::<Vec<_>>()
            .join(",")
    );
    assert!(read_csv(&wide)
        .unwrap_err()
        .to_string()
        .contains("17 feature columns"));
    // A million rows is refused quickly, before anything is stored.
    let big = format!("x,y\n{}", "1,0\n".repeat(1_000_000));
    let t = std::time::Instant::now();
    let e = read_csv(&big).unwrap_err().to_string();
    assert!(e.contains("more than 10000 rows"), "{e}");
    assert!(t.elapsed().as_millis() < 500, "{:?}", t.elapsed());
    // A label out of range for the loss is refused when training starts.
    let d = read_csv("x1,x2,label\n0,0,0\n1,1,3\n").unwrap();
    let test = d.rows(0..0);
    let mlp = net("mlp(layers=[2,4,3])");
    let e = Trainer::from_specs(
        mlp.clone(),
        mlp.init(0),
        Loss::CrossEntropy,
        Split { train: d, test },
        &Spec::bare("sgd"),
        None,
        TrainConfig::default(),
    )
    .err()
    .map(|e| e.to_string())
    .unwrap();
    assert!(e.contains("row 2: target 3 is out of range for ce"), "{e}");
}

fn trainer(
    model: &str,
    data: &str,
    loss: Loss,
    opt: &str,
    sched: Option<&str>,
    cfg: TrainConfig,
) -> Trainer {
    let mlp = net(model);
    let p = mlp.init(cfg.seed);
    let sched = sched.map(|s| Spec::parse(s).unwrap());
    Trainer::from_specs(
        mlp,
        p,
        loss,
        generate_str(data).unwrap(),
        &Spec::parse(opt).unwrap(),
        sched.as_ref(),
        cfg,
    )
    .unwrap()
}

#[test]
fn accumulating_k_batches_equals_one_big_batch_with_sgd() {
    // 96 rows in order: K = 3 batches of 8 with the 1/K scaling and plain SGD take the
    // same steps as batches of 24.
    let data = "sine(n=96, test=0, seed=4)";
    let model = "mlp(layers=[1,8,1], activation=tanh)";
    let small = TrainConfig {
        batch: 8,
        accumulate: 3,
        shuffle: false,
        ..TrainConfig::default()
    };
    let big = TrainConfig {
        batch: 24,
        shuffle: false,
        ..TrainConfig::default()
    };
    let mut a = trainer(model, data, Loss::Mse, "sgd(lr=0.1)", None, small);
    let mut b = trainer(model, data, Loss::Mse, "sgd(lr=0.1)", None, big);
    for _ in 0..12 {
        let (ra, rb) = (a.step(), b.step());
        assert!(
            (ra.loss - rb.loss).abs() < 1e-13,
            "{} vs {}",
            ra.loss,
            rb.loss
        );
        assert!((ra.grad_norm - rb.grad_norm).abs() < 1e-13);
        assert_eq!(ra.epoch, rb.epoch);
    }
    for (x, y) in a.params().iter().zip(b.params()) {
        assert!((x - y).abs() < 1e-13);
    }
    assert_eq!(a.epochs_done(), 3);
}

#[test]
fn a_group_never_spans_two_epochs() {
    // 10 rows, batch 4, K = 2: batches of 4, 4 | 2 → steps of 2 batches and 1 batch.
    let cfg = TrainConfig {
        batch: 4,
        accumulate: 2,
        shuffle: false,
        ..TrainConfig::default()
    };
    let mut t = trainer(
        "mlp(layers=[1,3,1])",
        "sine(n=10, test=0)",
        Loss::Mse,
        "sgd(lr=0.01)",
        None,
        cfg,
    );
    let epochs: Vec<u64> = (0..6).map(|_| t.step().epoch).collect();
    assert_eq!(epochs, [0, 0, 1, 1, 2, 2]);
    assert_eq!(t.epochs_done(), 3);
    let rec = train(&mut t, 2).unwrap();
    assert_eq!(rec.loss.len(), 4);
    assert_eq!(rec.epochs, 5);
}

#[test]
fn clipping_by_norm_and_value() {
    let base = TrainConfig {
        batch: 16,
        shuffle: false,
        ..TrainConfig::default()
    };
    let data = "moons(n=64, test=0)";
    let model = "mlp(layers=[2,8,1])";
    let mut plain = trainer(model, data, Loss::Bce, "sgd(lr=0.1)", None, base.clone());
    let r = plain.step();
    assert_eq!(r.grad_norm, r.grad_norm_clipped);
    let cfg = TrainConfig {
        clip_norm: Some(r.grad_norm / 10.0),
        ..base.clone()
    };
    let mut clipped = trainer(model, data, Loss::Bce, "sgd(lr=0.1)", None, cfg);
    let c = clipped.step();
    assert_eq!(c.grad_norm, r.grad_norm);
    assert!((c.grad_norm_clipped - r.grad_norm / 10.0).abs() < 1e-6 * r.grad_norm);
    let cfg = TrainConfig {
        clip_value: Some(1e-3),
        ..base
    };
    let mut v = trainer(model, data, Loss::Bce, "sgd(lr=0.1)", None, cfg);
    v.step();
    assert!(v.grad().iter().all(|g| g.abs() <= 1e-3));
}

#[test]
fn adam_learns_xor_and_moons() {
    let cfg = TrainConfig {
        batch: 32,
        seed: 1,
        eval_every: 50,
        ..TrainConfig::default()
    };
    let mut t = trainer(
        "mlp(layers=[2,16,16,1], activation=tanh)",
        "xor(n=800, noise=0, seed=2)",
        Loss::Bce,
        "adam(lr=0.01)",
        None,
        cfg.clone(),
    );
    let rec = train(&mut t, 80).unwrap();
    assert_eq!(rec.status, Status::MaxSteps);
    let acc = rec.eval.last().unwrap().accuracy.unwrap();
    eprintln!("xor test accuracy {acc}");
    assert!(acc > 0.95, "xor test accuracy {acc}");
    assert!(rec.eval.len() > 5);
    assert!(rec.update_ratio.iter().all(|r| r.len() == 3));

    let mut t = trainer(
        "mlp(layers=[2,16,16,1], activation=relu)",
        "moons(n=400, noise=0.1, seed=3)",
        Loss::Bce,
        "adam(lr=0.01)",
        Some("cosine(t_max=400)"),
        cfg.clone(),
    );
    let rec = train(&mut t, 40).unwrap();
    let acc = rec.eval.last().unwrap().accuracy.unwrap();
    assert!(acc > 0.95, "moons test accuracy {acc}");
    assert!(rec.lr.last().unwrap() < &0.01);

    let mut t = trainer(
        "mlp(layers=[2,16,3], activation=gelu)",
        "blobs(n=300, seed=4)",
        Loss::CrossEntropy,
        "adamw(lr=0.02)",
        None,
        cfg,
    );
    let rec = train(&mut t, 30).unwrap();
    let acc = rec.eval.last().unwrap().accuracy.unwrap();
    assert!(acc > 0.9, "blobs test accuracy {acc}");
}

#[test]
fn every_optimizer_and_schedule_trains_without_error() {
    let cfg = TrainConfig {
        batch: 16,
        ..TrainConfig::default()
    };
    for opt in gdz::core::optim::NAMES {
        let mut t = trainer(
            "mlp(layers=[2,6,1])",
            "moons(n=64)",
            Loss::Bce,
            opt,
            None,
            cfg.clone(),
        );
        let first = t.step();
        t.run(30);
        assert!(!t.diverged(), "{opt}");
        assert!(first.loss.is_finite(), "{opt}");
    }
    for sched in [
        "step(step_size=5)",
        "onecycle(max_lr=0.1, total_steps=40)",
        "cyclic(base_lr=0.001, max_lr=0.1, step_size_up=5)",
        "warmup_cosine(warmup_steps=5, total_steps=40)",
        "plateau(patience=2)",
    ] {
        let mut t = trainer(
            "mlp(layers=[2,6,1])",
            "moons(n=64)",
            Loss::Bce,
            "sgd(lr=0.05, momentum=0.9)",
            Some(sched),
            cfg.clone(),
        );
        let r = t.run(30).unwrap();
        assert!(!r.diverged, "{sched}");
    }
}

#[test]
fn sophia_gets_a_hutchinson_diagonal_and_trains() {
    let cfg = TrainConfig {
        batch: 32,
        seed: 3,
        eval_every: 100,
        ..TrainConfig::default()
    };
    let mut t = trainer(
        "mlp(layers=[2,16,1], activation=tanh)",
        "moons(n=300, seed=5)",
        Loss::Bce,
        "sophia(lr=0.01, rho=0.05, k=5, weight_decay=0)",
        None,
        cfg,
    );
    t.step();
    let h: Vec<f64> = t
        .optimizer()
        .state()
        .into_iter()
        .find(|(k, _)| *k == "h")
        .unwrap()
        .1;
    assert!(
        h.iter().any(|x| *x != 0.0),
        "the refresh saw a Hessian estimate"
    );
    let rec = train(&mut t, 30).unwrap();
    assert!(rec.eval.last().unwrap().accuracy.unwrap() > 0.85);
}

#[test]
fn huge_learning_rate_diverges_cleanly() {
    for opt in ["sgd(lr=1e308)", "adam(lr=1e308)", "lion(lr=1e308)"] {
        let cfg = TrainConfig {
            batch: 16,
            ..TrainConfig::default()
        };
        let mut t = trainer(
            "mlp(layers=[2,8,1])",
            "moons(n=64)",
            Loss::Bce,
            opt,
            None,
            cfg,
        );
        let before = t.params().to_vec();
        let rec = train(&mut t, 50).unwrap();
        assert_eq!(rec.status, Status::Diverged, "{opt}");
        assert!(rec.params.iter().all(|p| p.is_finite()));
        assert!(rec.loss.len() < 50);
        let r = t.step();
        assert!(r.diverged);
        // The parameters kept are the last finite ones, and the trainer holds them.
        assert_eq!(rec.params.len(), before.len());
        assert_eq!(t.params(), rec.params.as_slice());
    }
}

#[test]
fn lr_find_sweeps_and_suggests() {
    let mlp = net("mlp(layers=[2,16,1])");
    let p = mlp.init(1);
    let r = lr_find(
        mlp,
        p,
        Loss::Bce,
        generate_str("moons(n=400, seed=2)").unwrap(),
        &Spec::bare("sgd"),
        TrainConfig {
            batch: 32,
            ..TrainConfig::default()
        },
        &LrFindConfig {
            lo: 1e-5,
            hi: 1e3,
            steps: 300,
            ..LrFindConfig::default()
        },
    )
    .unwrap();
    assert!((r.lr[0] - 1e-5).abs() < 1e-18);
    assert!(r.lr.windows(2).all(|w| w[1] > w[0]));
    assert!(r.stopped_early, "sgd at lr 1e3 blows up");
    let s = r.suggestion.unwrap();
    assert!(s > 1e-3 && s < 1e2, "suggestion {s}");
    let m = r.min_loss_lr.unwrap();
    assert!(m >= s, "{m} vs {s}");
}

#[test]
fn slices_center_on_the_weights() {
    let mlp = net("mlp(layers=[2,8,1])");
    let p = mlp.init(2);
    let d = generate_str("moons(n=100, test=0)").unwrap().train;
    let cfg = SliceConfig {
        dims: 2,
        steps: 5,
        span: 1.0,
        seed: 1,
    };
    let s = loss_slice(&mlp, &p, Loss::Bce, &d, &cfg).unwrap();
    assert_eq!(s.loss.len(), 25);
    assert_eq!(s.alphas, vec![-1.0, -0.5, 0.0, 0.5, 1.0]);
    assert!((s.loss[12] - s.center).abs() < 1e-15);
    assert_eq!(s, loss_slice(&mlp, &p, Loss::Bce, &d, &cfg).unwrap());
    let one = loss_slice(
        &mlp,
        &p,
        Loss::Bce,
        &d,
        &SliceConfig {
            dims: 1,
            ..cfg.clone()
        },
    )
    .unwrap();
    assert_eq!(one.loss.len(), 5);
    assert!(one.betas.is_empty());
    assert!(loss_slice(&mlp, &p, Loss::Bce, &d, &SliceConfig { dims: 3, ..cfg }).is_err());
}

#[test]
fn decision_grid_matches_forward() {
    let mlp = net("mlp(layers=[2,8,3])");
    let p = mlp.init(4);
    let g = GridBox {
        x_min: -1.0,
        x_max: 1.0,
        y_min: -2.0,
        y_max: 2.0,
        nx: 100,
        ny: 100,
    };
    let mut ws = Workspace::new(&mlp, 1);
    let mut out = vec![0.0; 100 * 100];
    decision_grid(&mlp, &p, &g, GridOutput::Class, &mut ws, &mut out).unwrap();
    let mut prob = vec![0.0; 100 * 100];
    decision_grid(&mlp, &p, &g, GridOutput::Probability, &mut ws, &mut prob).unwrap();
    // Cell (i, j) = (99, 0) is at x = 1, y = −2.
    let z = mlp.forward(&p, &[1.0, -2.0], &mut ws).unwrap().to_vec();
    let best = (0..3).max_by(|a, b| z[*a].total_cmp(&z[*b])).unwrap();
    assert_eq!(out[99], best as f64);
    let mut sm = [0.0; 3];
    softmax(&z, &mut sm);
    assert!((prob[99] - sm[best]).abs() < 1e-15);
    assert!(decision_grid(&mlp, &p, &g, GridOutput::Class, &mut ws, &mut out[1..]).is_err());
    // A board's grid, computed whole, holds exactly what the two grids hold.
    let mut b = BoardGrid::default();
    b.refresh(&mlp, &p, &g, false, 1, &mut ws).unwrap();
    assert_eq!(b.class, out);
    assert_eq!(b.value, prob);
    let t = std::time::Instant::now();
    for _ in 0..10 {
        decision_grid(&mlp, &p, &g, GridOutput::Probability, &mut ws, &mut prob).unwrap();
    }
    eprintln!("100×100 grid: {:?} per frame", t.elapsed() / 10);
}

#[test]
fn weights_round_trip_through_json() {
    let mlp = net("mlp(layers=[2,3,1])");
    let p = mlp.init(8);
    let w = mlp.weights(&p).unwrap();
    let back = Weights::from_json(&w.to_json()).unwrap();
    assert_eq!(mlp.params_from(&back).unwrap(), p);
    let other = net("mlp(layers=[2,4,1])");
    assert!(other.params_from(&back).is_err());
}

#[test]
fn commands_run_end_to_end() {
    let csv = "x1,x2,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n";
    let out = train_command(&TrainCommand {
        model: "mlp(layers=[2,8,1])".into(),
        data: DataSource::Csv(csv.into()),
        init: None,
        optimizer: "adam(lr=0.05)".into(),
        schedule: Some("cosine(t_max=200)".into()),
        loss: "bce".into(),
        epochs: 200,
        train: TrainConfig {
            batch: 4,
            shuffle: false,
            ..TrainConfig::default()
        },
    })
    .unwrap();
    assert_eq!(out.loss.len(), 200);
    assert!(out.loss[199] < 0.1, "{}", out.loss[199]);
    let json = serde_json::to_string(&out).unwrap();
    assert!(json.contains("\"status\":\"max_steps\""));
    let lf = lr_find_command(&LrFindCommand {
        model: "mlp(layers=[2,8,1])".into(),
        data: DataSource::Generated("moons(n=200)".into()),
        init: None,
        optimizer: "adam".into(),
        loss: "bce".into(),
        train: TrainConfig::default(),
        sweep: LrFindConfig::default(),
    })
    .unwrap();
    assert!(!lf.lr.is_empty());
    let sl = slice_command(&SliceCommand {
        model: "mlp(layers=[2,8,1])".into(),
        data: DataSource::Generated("moons(n=200)".into()),
        init: Some(out.params.clone()),
        loss: "bce".into(),
        slice: SliceConfig {
            dims: 1,
            steps: 11,
            span: 0.5,
            seed: 0,
        },
    })
    .unwrap();
    assert_eq!(sl.loss.len(), 11);
    let bad = train_command(&TrainCommand {
        model: "mlp(layers=[3,8,1])".into(),
        data: DataSource::Csv(csv.into()),
        init: None,
        optimizer: "adam".into(),
        schedule: None,
        loss: "bce".into(),
        epochs: 1,
        train: TrainConfig::default(),
    });
    assert!(bad.is_err());
}

#[test]
fn step_speed() {
    // A 2-16-16-1 tanh net, batch 32, BCE, Adam: forward + backward + step.
    let cfg = TrainConfig {
        batch: 32,
        ..TrainConfig::default()
    };
    let mut t = trainer(
        "mlp(layers=[2,16,16,1], activation=tanh)",
        "moons(n=1024, test=0)",
        Loss::Bce,
        "adam(lr=0.001)",
        None,
        cfg,
    );
    t.run(200);
    let n = 5_000;
    let start = std::time::Instant::now();
    t.run(n);
    let per = start.elapsed() / n as u32;
    eprintln!("training step (2-16-16-1 tanh, batch 32, adam): {per:?}");
    assert!(!t.diverged());
}

#[test]
fn net_setup_reads_per_run_lists() {
    use gdz::core::schema;
    let attrs = [
        ("optimizer", "adam(lr=0.01); sgd(lr=0.1); lion(lr=0.001)"),
        ("batch", "16; 64; 32"),
        ("clip_norm", "1; off; 2"),
        ("accumulate", "4"),
        ("seed", "7"),
    ];
    let get = |n: &str| {
        attrs
            .iter()
            .find(|(k, _)| *k == n)
            .map(|(_, v)| v.to_string())
    };
    let (values, problems) = schema::read(&schema::NETWORK, &get);
    assert!(problems.is_empty(), "{problems:?}");
    let setup = NetSetup::read(&values, None).unwrap();
    assert_eq!(setup.runs.len(), 3);
    let batches: Vec<usize> = setup.runs.iter().map(|r| r.config.batch).collect();
    assert_eq!(batches, [16, 64, 32]);
    let clips: Vec<Option<f64>> = setup.runs.iter().map(|r| r.config.clip_norm).collect();
    assert_eq!(clips, [Some(1.0), None, Some(2.0)]);
    // One entry is every run's.
    assert!(setup
        .runs
        .iter()
        .all(|r| r.config.accumulate == 4 && r.config.seed == 7));
    assert_eq!(
        setup.runs[0].name(),
        "adam(lr=0.01), batch 16, clip norm 1, accumulate 4"
    );
    assert_eq!(setup.runs[1].name(), "sgd(lr=0.1), batch 64, accumulate 4");
    // Every run starts from the same weights, the seed's.
    assert_eq!(setup.params, setup.mlp.init(7));
    let a = setup.trainer(&setup.runs[0]).unwrap();
    let b = setup.trainer(&setup.runs[1]).unwrap();
    assert_eq!(a.params(), b.params());
    // A reader's data replaces the generated set.
    let own = DataSource::Csv("a,b,y\n0,0,0\n1,1,1\n0,1,1\n1,0,0\n".into())
        .load()
        .unwrap();
    let setup = NetSetup::read(&values, Some(own.clone())).unwrap();
    assert_eq!(setup.split.train.y.len() + setup.split.test.y.len(), 4);
}

#[test]
fn board_grid_refreshed_in_interlaced_rows_matches_the_whole_grid() {
    let mlp = net("mlp(layers=[2,8,3])");
    let p = mlp.init(4);
    let q = mlp.init(5);
    let g = GridBox {
        x_min: -1.0,
        x_max: 1.0,
        y_min: -2.0,
        y_max: 2.0,
        nx: 37,
        ny: 23,
    };
    let mut ws = Workspace::new(&mlp, 1);
    let whole = |params: &[f64], ws: &mut Workspace| {
        let (mut v, mut c) = (vec![0.0; 37 * 23], vec![0.0; 37 * 23]);
        decision_grid(&mlp, params, &g, GridOutput::Probability, ws, &mut v).unwrap();
        decision_grid(&mlp, params, &g, GridOutput::Class, ws, &mut c).unwrap();
        (v, c)
    };
    let mut b = BoardGrid::default();
    // A new grid is computed whole, whatever the stride.
    b.refresh(&mlp, &p, &g, false, 3, &mut ws).unwrap();
    assert_eq!((b.value.clone(), b.class.clone()), whole(&p, &mut ws));
    // New weights: one refresh updates every third row only ...
    b.refresh(&mlp, &q, &g, false, 3, &mut ws).unwrap();
    let (vq, _) = whole(&q, &mut ws);
    let (vp, _) = whole(&p, &mut ws);
    for j in 0..23 {
        let row = |v: &[f64]| v[j * 37..(j + 1) * 37].to_vec();
        let want = if j % 3 == 0 { row(&vq) } else { row(&vp) };
        assert_eq!(row(&b.value), want, "row {j}");
    }
    // ... and three refreshes update them all.
    b.refresh(&mlp, &q, &g, false, 3, &mut ws).unwrap();
    b.refresh(&mlp, &q, &g, false, 3, &mut ws).unwrap();
    assert_eq!((b.value.clone(), b.class.clone()), whole(&q, &mut ws));
    // A regression holds the raw output.
    let mut r = BoardGrid::default();
    r.refresh(&mlp, &q, &g, true, 1, &mut ws).unwrap();
    let mut out = vec![0.0; 37 * 23];
    decision_grid(&mlp, &q, &g, GridOutput::Value, &mut ws, &mut out).unwrap();
    assert_eq!(r.value, out);
    assert!(r.class.is_empty());
}

"""Writes tests/fixtures/torch_reference.json: float64 PyTorch trajectories and schedules.

Run from the repository root with a Python that has torch installed:

    python tests/torch/reference.py

Every optimizer run mirrors gdz's run loop (src/core/run.rs): the gradient comes from
the same closed-form surface formulas as the Rust code (same operation order, so the
same bits), is optionally clipped with torch.nn.utils.clip_grad_norm_, handed to a
torch optimizer as p.grad, then optimizer.step() and scheduler.step() follow. Each
scheduler is also stepped alone for 60 steps with a dummy optimizer.

Lion and Sophia are not in torch.optim: they are written below as small
torch.optim.Optimizer classes straight from their update equations, using the same
tensor operations a torch implementation would.

The native test tests/core_torch.rs replays every case and compares each step.
"""

import json
import math
import os
import sys

import torch

torch.set_default_dtype(torch.float64)
STEPS = 30
SCHED_STEPS = 60


# ---------------------------------------------------------------- surfaces
# Written with the same operation order as src/core/surface/*.rs.

def quadratic(a, b):
    def value(p):
        x, y = p
        return 0.5 * (a * x * x + b * y * y)

    def grad(p):
        x, y = p
        return [a * x, b * y]

    def hdiag(p):
        return [a, b]

    return value, grad, hdiag


def rosenbrock(a=1.0, b=100.0):
    def value(p):
        x, y = p
        u = a - x
        w = y - x * x
        return u * u + b * w * w

    def grad(p):
        x, y = p
        w = y - x * x
        return [-2.0 * (a - x) - 4.0 * b * x * w, 2.0 * b * w]

    def hdiag(p):
        x, y = p
        return [2.0 - 4.0 * b * (y - x * x) + 8.0 * b * x * x, 2.0 * b]

    return value, grad, hdiag


def himmelblau():
    def parts(p):
        x, y = p
        return x, y, x * x + y - 11.0, x + y * y - 7.0

    def value(p):
        _, _, a, b = parts(p)
        return a * a + b * b

    def grad(p):
        x, y, a, b = parts(p)
        return [4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b]

    def hdiag(p):
        x, y, a, b = parts(p)
        return [4.0 * a + 8.0 * x * x + 2.0, 2.0 + 4.0 * b + 8.0 * y * y]

    return value, grad, hdiag


SURFACES = {
    "rosenbrock": (rosenbrock(), [-1.2, 1.0]),
    "quadratic(a=1, b=10)": (quadratic(1.0, 10.0), [-1.5, 1.2]),
    "himmelblau": (himmelblau(), [0.0, 0.0]),
}


# ---------------------------------------------------------------- Lion and Sophia

class Lion(torch.optim.Optimizer):
    """theta <- theta(1 - lr wd); theta <- theta - lr sign(b1 m + (1-b1) g); m <- b2 m + (1-b2) g."""

    def __init__(self, params, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
        super().__init__(params, dict(lr=lr, betas=betas, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            lr, (b1, b2), wd = group["lr"], group["betas"], group["weight_decay"]
            for p in group["params"]:
                g = p.grad
                state = self.state[p]
                if not state:
                    state["m"] = torch.zeros_like(p)
                m = state["m"]
                p.mul_(1 - lr * wd)
                c = m.mul(b1).add(g, alpha=1 - b1)
                p.add_(torch.sign(c), alpha=-lr)
                m.mul_(b2).add_(g, alpha=1 - b2)


class Sophia(torch.optim.Optimizer):
    """m <- b1 m + (1-b1) g; every k steps (t = 1, k+1, ...) h <- b2 h + (1-b2) diag H;
    theta <- theta(1 - lr wd); theta <- theta - lr clip(m / max(rho h, eps), -1, 1)."""

    def __init__(self, params, lr=1e-4, betas=(0.965, 0.99), rho=0.04, eps=1e-12,
                 weight_decay=0.1, k=10):
        super().__init__(params, dict(lr=lr, betas=betas, rho=rho, eps=eps,
                                      weight_decay=weight_decay, k=k))
        self.hessian_diag = None

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            lr, (b1, b2) = group["lr"], group["betas"]
            for p in group["params"]:
                g = p.grad
                state = self.state[p]
                if not state:
                    state["t"] = 0
                    state["m"] = torch.zeros_like(p)
                    state["h"] = torch.zeros_like(p)
                state["t"] += 1
                m, h = state["m"], state["h"]
                if (state["t"] - 1) % group["k"] == 0:
                    h.mul_(b2).add_(torch.tensor(self.hessian_diag), alpha=1 - b2)
                m.mul_(b1).add_(g, alpha=1 - b1)
                p.mul_(1 - lr * group["weight_decay"])
                ratio = (m / torch.clamp(group["rho"] * h, min=group["eps"])).clamp(-1.0, 1.0)
                p.add_(ratio, alpha=-lr)


# ---------------------------------------------------------------- optimizers
# (gdz spec, torch constructor). foreach=False: the single-tensor code path, which is
# what torch uses on CPU anyway.

O = torch.optim
OPTIMIZERS = [
    ("sgd(lr=0.001)", lambda p: O.SGD(p, lr=0.001, foreach=False)),
    ("sgd(lr=0.001, momentum=0.9)", lambda p: O.SGD(p, lr=0.001, momentum=0.9, foreach=False)),
    ("sgd(lr=0.001, momentum=0.9, nesterov=true)",
     lambda p: O.SGD(p, lr=0.001, momentum=0.9, nesterov=True, foreach=False)),
    ("sgd(lr=0.0005, momentum=0.8, dampening=0.1, weight_decay=0.01)",
     lambda p: O.SGD(p, lr=0.0005, momentum=0.8, dampening=0.1, weight_decay=0.01, foreach=False)),
    ("adagrad", lambda p: O.Adagrad(p, foreach=False)),
    ("adagrad(lr=0.1, lr_decay=0.01, weight_decay=0.1, initial_accumulator_value=0.1, eps=1e-8)",
     lambda p: O.Adagrad(p, lr=0.1, lr_decay=0.01, weight_decay=0.1,
                         initial_accumulator_value=0.1, eps=1e-8, foreach=False)),
    ("rmsprop", lambda p: O.RMSprop(p, foreach=False)),
    ("rmsprop(lr=0.001, alpha=0.9, momentum=0.9, centered=true, weight_decay=0.01)",
     lambda p: O.RMSprop(p, lr=0.001, alpha=0.9, momentum=0.9, centered=True,
                         weight_decay=0.01, foreach=False)),
    ("adadelta", lambda p: O.Adadelta(p, foreach=False)),
    ("adadelta(lr=0.5, rho=0.95, eps=1e-5, weight_decay=0.01)",
     lambda p: O.Adadelta(p, lr=0.5, rho=0.95, eps=1e-5, weight_decay=0.01, foreach=False)),
    ("adam", lambda p: O.Adam(p, foreach=False)),
    ("adam(lr=0.01)", lambda p: O.Adam(p, lr=0.01, foreach=False)),
    ("adam(lr=0.01, amsgrad=true, weight_decay=0.01)",
     lambda p: O.Adam(p, lr=0.01, amsgrad=True, weight_decay=0.01, foreach=False)),
    ("adam(lr=0.02, beta1=0.3, beta2=0.9, eps=1e-6)",
     lambda p: O.Adam(p, lr=0.02, betas=(0.3, 0.9), eps=1e-6, foreach=False)),
    ("adamw", lambda p: O.AdamW(p, foreach=False)),
    ("adamw(lr=0.01, weight_decay=0.1, amsgrad=true)",
     lambda p: O.AdamW(p, lr=0.01, weight_decay=0.1, amsgrad=True, foreach=False)),
    ("nadam", lambda p: O.NAdam(p, foreach=False)),
    ("nadam(lr=0.01, weight_decay=0.01, momentum_decay=0.01)",
     lambda p: O.NAdam(p, lr=0.01, weight_decay=0.01, momentum_decay=0.01, foreach=False)),
    ("nadam(lr=0.01, weight_decay=0.1, decoupled_weight_decay=true)",
     lambda p: O.NAdam(p, lr=0.01, weight_decay=0.1, decoupled_weight_decay=True, foreach=False)),
    ("radam", lambda p: O.RAdam(p, foreach=False)),
    ("radam(lr=0.001, weight_decay=0.01)",
     lambda p: O.RAdam(p, lr=0.001, weight_decay=0.01, foreach=False)),
    ("radam(lr=0.001, beta2=0.9, weight_decay=0.1, decoupled_weight_decay=true)",
     lambda p: O.RAdam(p, lr=0.001, betas=(0.9, 0.9), weight_decay=0.1,
                       decoupled_weight_decay=True, foreach=False)),
    ("adamax", lambda p: O.Adamax(p, foreach=False)),
    ("adamax(lr=0.01, weight_decay=0.01)",
     lambda p: O.Adamax(p, lr=0.01, weight_decay=0.01, foreach=False)),
    ("lion", lambda p: Lion(p)),
    ("lion(lr=0.001, beta1=0.95, beta2=0.98, weight_decay=0.1)",
     lambda p: Lion(p, lr=0.001, betas=(0.95, 0.98), weight_decay=0.1)),
    ("sophia", lambda p: Sophia(p)),
    ("sophia(lr=0.01, rho=0.05, k=3, weight_decay=0.01)",
     lambda p: Sophia(p, lr=0.01, rho=0.05, k=3, weight_decay=0.01)),
]


# ---------------------------------------------------------------- schedules
L = torch.optim.lr_scheduler


def warmup_cosine(opt, warmup, total, start_factor, eta_min=0.0):
    return L.SequentialLR(opt, [
        L.LinearLR(opt, start_factor=start_factor, end_factor=1.0, total_iters=warmup),
        L.CosineAnnealingLR(opt, T_max=total - warmup, eta_min=eta_min),
    ], milestones=[warmup])


def warmup_linear(opt, warmup, total, start_factor, end_factor=0.0):
    return L.SequentialLR(opt, [
        L.LinearLR(opt, start_factor=start_factor, end_factor=1.0, total_iters=warmup),
        L.LinearLR(opt, start_factor=1.0, end_factor=end_factor, total_iters=total - warmup),
    ], milestones=[warmup])


SCHEDULES = [
    ("constant", lambda o: None),
    ("step(step_size=7, gamma=0.5)", lambda o: L.StepLR(o, step_size=7, gamma=0.5)),
    ("step(step_size=3)", lambda o: L.StepLR(o, step_size=3)),
    ("multistep(milestones=[5,20,20,41], gamma=0.3)",
     lambda o: L.MultiStepLR(o, milestones=[5, 20, 20, 41], gamma=0.3)),
    ("exponential(gamma=0.93)", lambda o: L.ExponentialLR(o, gamma=0.93)),
    ("cosine(t_max=17, eta_min=0.001)", lambda o: L.CosineAnnealingLR(o, T_max=17, eta_min=0.001)),
    ("cosine(t_max=60)", lambda o: L.CosineAnnealingLR(o, T_max=60)),
    ("cosine_restarts(t_0=5, t_mult=2, eta_min=0.01)",
     lambda o: L.CosineAnnealingWarmRestarts(o, T_0=5, T_mult=2, eta_min=0.01)),
    ("cosine_restarts(t_0=7)", lambda o: L.CosineAnnealingWarmRestarts(o, T_0=7)),
    ("linear", lambda o: L.LinearLR(o)),
    ("linear(start_factor=0.1, end_factor=0.7, total_iters=25)",
     lambda o: L.LinearLR(o, start_factor=0.1, end_factor=0.7, total_iters=25)),
    ("polynomial", lambda o: L.PolynomialLR(o)),
    ("polynomial(total_iters=40, power=2.5)", lambda o: L.PolynomialLR(o, total_iters=40, power=2.5)),
    ("onecycle(max_lr=1, total_steps=60)", lambda o: L.OneCycleLR(o, max_lr=1.0, total_steps=60)),
    ("onecycle(max_lr=0.5, total_steps=60, pct_start=0.25, anneal_strategy=linear, "
     "div_factor=10, final_div_factor=100, three_phase=true, base_momentum=0.8, max_momentum=0.9)",
     lambda o: L.OneCycleLR(o, max_lr=0.5, total_steps=60, pct_start=0.25, anneal_strategy="linear",
                            div_factor=10.0, final_div_factor=100.0, three_phase=True,
                            base_momentum=0.8, max_momentum=0.9)),
    ("cyclic(base_lr=0.01, max_lr=0.1, step_size_up=8)",
     lambda o: L.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=8)),
    ("cyclic(base_lr=0.01, max_lr=0.1, step_size_up=4, step_size_down=6, mode=triangular2)",
     lambda o: L.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=4, step_size_down=6,
                          mode="triangular2")),
    ("cyclic(base_lr=0.001, max_lr=0.1, step_size_up=5, mode=exp_range, gamma=0.97)",
     lambda o: L.CyclicLR(o, base_lr=0.001, max_lr=0.1, step_size_up=5, mode="exp_range", gamma=0.97)),
    ("warmup_cosine(warmup_steps=10, total_steps=50, start_factor=0.1, eta_min=0.001)",
     lambda o: warmup_cosine(o, 10, 50, 0.1, 0.001)),
    ("warmup_cosine(warmup_steps=0, total_steps=20)", lambda o: warmup_cosine(o, 0, 20, 1.0 / 3)),
    ("warmup_linear(warmup_steps=6, total_steps=40, start_factor=0.25, end_factor=0.1)",
     lambda o: warmup_linear(o, 6, 40, 0.25, 0.1)),
    ("warmup_linear(warmup_steps=5, total_steps=30)", lambda o: warmup_linear(o, 5, 30, 1.0 / 3)),
    ("plateau(factor=0.5, patience=3, threshold=0.01, cooldown=2, min_lr=0.001)",
     lambda o: L.ReduceLROnPlateau(o, factor=0.5, patience=3, threshold=0.01, cooldown=2, min_lr=0.001)),
    ("plateau", lambda o: L.ReduceLROnPlateau(o)),
]

# Losses fed to plateau schedules when stepped alone: falls, stalls, wobbles.
PLATEAU_LOSSES = [10.0 / (1 + t) if t < 15 else 0.6 + 0.01 * math.sin(t) for t in range(SCHED_STEPS)]

# Schedules driving a run (schedule spec must come after its optimizer in a run).
RUNS_WITH_SCHEDULES = [
    ("rosenbrock", "sgd(lr=0.001, momentum=0.9)", "onecycle(max_lr=0.002, total_steps=30)", None),
    ("rosenbrock", "adam(lr=0.01)", "cyclic(base_lr=0.001, max_lr=0.02, step_size_up=5)", None),
    ("rosenbrock", "nadam(lr=0.01)",
     "onecycle(max_lr=0.02, total_steps=30, three_phase=true, pct_start=0.2)", None),
    ("quadratic(a=1, b=10)", "adamw(lr=0.05)", "warmup_cosine(warmup_steps=5, total_steps=30)", None),
    ("quadratic(a=1, b=10)", "rmsprop(lr=0.01)", "cosine(t_max=10)", None),
    ("himmelblau", "sgd(lr=0.01)", "plateau(factor=0.5, patience=1, threshold=0.2)", None),
    ("rosenbrock", "sgd(lr=0.002)", "constant", 1.0),
    ("rosenbrock", "adam(lr=0.05)", "step(step_size=10, gamma=0.5)", 5.0),
    ("himmelblau", "lion(lr=0.01)", "cyclic(base_lr=0.001, max_lr=0.05, step_size_up=6)", None),
]


def opt_factory(spec):
    for s, f in OPTIMIZERS:
        if s == spec:
            return f
    # Constructors for specs that only appear with schedules.
    table = {
        "adam(lr=0.05)": lambda p: O.Adam(p, lr=0.05, foreach=False),
        "nadam(lr=0.01)": lambda p: O.NAdam(p, lr=0.01, foreach=False),
        "adamw(lr=0.05)": lambda p: O.AdamW(p, lr=0.05, foreach=False),
        "rmsprop(lr=0.01)": lambda p: O.RMSprop(p, lr=0.01, foreach=False),
        "sgd(lr=0.01)": lambda p: O.SGD(p, lr=0.01, foreach=False),
        "sgd(lr=0.002)": lambda p: O.SGD(p, lr=0.002, foreach=False),
        "lion(lr=0.01)": lambda p: Lion(p, lr=0.01),
    }
    return table[spec]


def sched_factory(spec):
    for s, f in SCHEDULES:
        if s == spec:
            return f
    table = {
        "onecycle(max_lr=0.002, total_steps=30)": lambda o: L.OneCycleLR(o, max_lr=0.002, total_steps=30),
        "cyclic(base_lr=0.001, max_lr=0.02, step_size_up=5)":
            lambda o: L.CyclicLR(o, base_lr=0.001, max_lr=0.02, step_size_up=5),
        "onecycle(max_lr=0.02, total_steps=30, three_phase=true, pct_start=0.2)":
            lambda o: L.OneCycleLR(o, max_lr=0.02, total_steps=30, three_phase=True, pct_start=0.2),
        "warmup_cosine(warmup_steps=5, total_steps=30)": lambda o: warmup_cosine(o, 5, 30, 1.0 / 3),
        "cosine(t_max=10)": lambda o: L.CosineAnnealingLR(o, T_max=10),
        "plateau(factor=0.5, patience=1, threshold=0.2)":
            lambda o: L.ReduceLROnPlateau(o, factor=0.5, patience=1, threshold=0.2),
        "step(step_size=10, gamma=0.5)": lambda o: L.StepLR(o, step_size=10, gamma=0.5),
        "cyclic(base_lr=0.001, max_lr=0.05, step_size_up=6)":
            lambda o: L.CyclicLR(o, base_lr=0.001, max_lr=0.05, step_size_up=6),
    }
    return table[spec]


def run(surface, opt_spec, sched_spec, clip_norm):
    (value, grad, hdiag), start = SURFACES[surface]
    p = torch.tensor(start, requires_grad=False)
    opt = opt_factory(opt_spec)([p])
    sched = sched_factory(sched_spec)(opt)
    points, lrs, losses = [list(start)], [], [value(start)]
    for _ in range(STEPS):
        x = p.tolist()
        g = grad(x)
        p.grad = torch.tensor(g)
        if clip_norm is not None:
            torch.nn.utils.clip_grad_norm_([p], clip_norm, foreach=False)
        if isinstance(opt, Sophia):
            opt.hessian_diag = hdiag(x)
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        x = p.tolist()
        loss = value(x)
        if isinstance(sched, L.ReduceLROnPlateau):
            sched.step(loss)
        elif sched is not None:
            sched.step()
        points.append(x)
        losses.append(loss)
    return {"surface": surface, "start": start, "optimizer": opt_spec, "schedule": sched_spec,
            "clip_norm": clip_norm, "steps": STEPS, "points": points, "lr": lrs, "loss": losses}


def schedule_alone(spec, base_lr, opt_kind):
    p = torch.zeros(2, requires_grad=True)
    if opt_kind == "sgd":
        opt = O.SGD([p], lr=base_lr, momentum=0.9)
        get_m = lambda: opt.param_groups[0]["momentum"]
    else:
        opt = O.Adam([p], lr=base_lr, betas=(0.9, 0.999))
        get_m = lambda: opt.param_groups[0]["betas"][0]
    sched = sched_factory(spec)(opt)
    cycles = spec.startswith(("onecycle", "cyclic"))
    lr_of = (lambda: sched.get_last_lr()[0]) if sched is not None else (lambda: opt.param_groups[0]["lr"])
    lrs, moms, losses = [lr_of()], [get_m()], []
    for t in range(SCHED_STEPS):
        p.grad = torch.zeros(2)
        opt.step()
        if isinstance(sched, L.ReduceLROnPlateau):
            losses.append(PLATEAU_LOSSES[t])
            sched.step(PLATEAU_LOSSES[t])
        elif sched is not None:
            sched.step()
        lrs.append(lr_of())
        moms.append(get_m())
    return {"schedule": spec, "base_lr": base_lr, "optimizer": opt_kind, "steps": SCHED_STEPS,
            "lr": lrs, "momentum": moms if cycles else None, "losses": losses or None}


def main():
    import warnings
    warnings.simplefilter("ignore")
    out = {
        "generator": "tests/torch/reference.py",
        "torch_version": torch.__version__,
        "python_version": sys.version.split()[0],
        "cpu_capability": torch.backends.cpu.get_cpu_capability(),
        "dtype": "float64",
        "optimizer_runs": [],
        "schedules": [],
    }
    for surface in ["rosenbrock", "quadratic(a=1, b=10)"]:
        for spec, _ in OPTIMIZERS:
            out["optimizer_runs"].append(run(surface, spec, "constant", None))
    for spec in ["sgd(lr=0.001, momentum=0.9, nesterov=true)", "adam(lr=0.01)", "sophia(lr=0.01, rho=0.05, k=3, weight_decay=0.01)"]:
        out["optimizer_runs"].append(run("himmelblau", spec, "constant", None))
    for surface, o, s, clip in RUNS_WITH_SCHEDULES:
        out["optimizer_runs"].append(run(surface, o, s, clip))
    for spec, _ in SCHEDULES:
        out["schedules"].append(schedule_alone(spec, 0.1, "sgd"))
    for spec, _ in SCHEDULES:
        if spec.startswith(("onecycle", "cyclic")):
            out["schedules"].append(schedule_alone(spec, 0.1, "adam"))
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "fixtures", "torch_reference.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {os.path.normpath(path)}: {len(out['optimizer_runs'])} runs, "
          f"{len(out['schedules'])} schedules, torch {torch.__version__}")


if __name__ == "__main__":
    main()

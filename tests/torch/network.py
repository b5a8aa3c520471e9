"""Writes tests/fixtures/torch_network.json: float64 PyTorch training runs of small MLPs.

Run from the repository root with a Python that has torch installed:

    python tests/torch/network.py

Each case builds an nn.Sequential of nn.Linear layers and activations in float64, with
torch's default initialisation under a fixed torch.manual_seed, on a small fixed data
set, and trains it with the same loop as gdz's trainer (src/core/nn/trainer.rs):

* mini-batches in file order, or from a Fisher-Yates shuffle per epoch driven by
  SplitMix64 seeded with the case's seed (the generator of src/core/rng.rs, written out
  below), so both sides draw the same batches;
* gradient accumulation: each batch loss divided by K, summed gradients, one step;
  a group never spans two epochs;
* clip_grad_value_ then clip_grad_norm_, optimizer.step(), scheduler.step();
* for Sophia (not in torch.optim, written below from its update rule), the Hessian
  diagonal is Hutchinson's u * (H u) with u a Rademacher vector from a second
  SplitMix64 stream (seed XOR a fixed salt, sign from the top bit), H u by double
  backward through autograd.

The fixture records the data, the initial weights (in gdz's init JSON layout), the
per-step loss, gradient norm and learning rate, and the final weights. The native test
tests/core_nn_torch.rs replays every case.
"""

import json
import os

import torch

torch.set_default_dtype(torch.float64)

MASK = (1 << 64) - 1
HUTCHINSON_SALT = 0xD1B54A32D192ED03


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next_u64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)


def shuffle(order, rng):
    for i in range(len(order) - 1, 0, -1):
        j = rng.next_u64() % (i + 1)
        order[i], order[j] = order[j], order[i]


class Sophia(torch.optim.Optimizer):
    """Decoupled decay, then theta -= lr * clip(m / max(rho * h, eps), -1, 1), with
    m an EMA of gradients (beta1) and h an EMA (beta2) of the Hessian-diagonal estimate
    refreshed at steps 1, k+1, 2k+1, ..."""

    def __init__(self, params, lr, beta1=0.965, beta2=0.99, rho=0.04, eps=1e-12,
                 weight_decay=0.1, k=10):
        super().__init__(params, dict(lr=lr, beta1=beta1, beta2=beta2, rho=rho, eps=eps,
                                      weight_decay=weight_decay, k=k))
        self.t = 0

    def wants_hessian(self, t):
        return (t - 1) % self.param_groups[0]["k"] == 0

    @torch.no_grad()
    def step(self, hdiag=None):
        self.t += 1
        for group in self.param_groups:
            lr, b1, b2 = group["lr"], group["beta1"], group["beta2"]
            for i, p in enumerate(group["params"]):
                st = self.state[p]
                if not st:
                    st["m"] = torch.zeros_like(p)
                    st["h"] = torch.zeros_like(p)
                if hdiag is not None and self.wants_hessian(self.t):
                    st["h"].mul_(b2).add_(hdiag[i], alpha=1 - b2)
                p.mul_(1 - lr * group["weight_decay"])
                st["m"].mul_(b1).add_(p.grad, alpha=1 - b1)
                step = st["m"] / torch.clamp(group["rho"] * st["h"], min=group["eps"])
                p.add_(step.clamp(-1.0, 1.0), alpha=-lr)


ACT = {"tanh": torch.nn.Tanh, "relu": torch.nn.ReLU, "sigmoid": torch.nn.Sigmoid,
       "gelu": torch.nn.GELU}
LOSS = {"bce": torch.nn.BCEWithLogitsLoss, "mse": torch.nn.MSELoss,
        "ce": torch.nn.CrossEntropyLoss}


def build(widths, act):
    mods = []
    for i in range(len(widths) - 1):
        mods.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i + 2 < len(widths):
            mods.append(ACT[act]())
    return torch.nn.Sequential(*mods)


def weights(model):
    return {"layers": [{"weight": m.weight.detach().tolist(), "bias": m.bias.detach().tolist()}
                       for m in model if isinstance(m, torch.nn.Linear)]}


def data(n, n_in, kind):
    """Fixed rows from smooth formulas (no random numbers to reproduce)."""
    xs, ys = [], []
    for r in range(n):
        x = [1.5 * torch.sin(torch.tensor(0.37 * (r + 1) * (c + 1) + 0.11 * c)).item()
             for c in range(n_in)]
        if kind == "bce":
            y = 1.0 if x[0] * (x[1] if n_in > 1 else 1.0) > 0 else 0.0
        elif kind == "ce":
            y = float(r % 3)
        else:
            y = torch.sin(torch.tensor(2.0 * x[0])).item()
        xs.append(x)
        ys.append(y)
    return xs, ys


def train(case):
    torch.manual_seed(case["torch_seed"])
    model = build(case["widths"], case["activation"])
    init = weights(model)
    params = list(model.parameters())
    xs, ys = data(case["rows"], case["widths"][0], case["loss"])
    X = torch.tensor(xs)
    if case["loss"] == "ce":
        Y = torch.tensor([int(y) for y in ys])
    else:
        Y = torch.tensor(ys).unsqueeze(1)
    crit = LOSS[case["loss"]]()
    opt = case["make_opt"](params)
    sched = case["make_sched"](opt) if case["make_sched"] else None
    n, B, K = len(ys), case["batch"], case["accumulate"]
    order = list(range(n))
    rng = SplitMix64(case["seed"])
    hrng = SplitMix64(case["seed"] ^ HUTCHINSON_SALT)
    if case["shuffle"]:
        shuffle(order, rng)
    cursor, epoch, t = 0, 0, 0
    losses, norms, lrs = [], [], []
    sophia = isinstance(opt, Sophia)
    while epoch + (1 if cursor >= n else 0) < case["epochs"]:
        t += 1
        want_h = sophia and opt.wants_hessian(t)
        for p in params:
            p.grad = torch.zeros_like(p)
        if want_h:
            flat = [1.0 if hrng.next_u64() >> 63 == 1 else -1.0
                    for _ in range(sum(p.numel() for p in params))]
            us, at = [], 0
            for p in params:
                us.append(torch.tensor(flat[at:at + p.numel()]).reshape(p.shape))
                at += p.numel()
            hv = [torch.zeros_like(p) for p in params]
        total = 0.0
        for k in range(K):
            if cursor >= n:
                if k > 0:
                    break
                epoch += 1
                cursor = 0
                if case["shuffle"]:
                    shuffle(order, rng)
            idx = order[cursor:cursor + B]
            cursor += len(idx)
            loss = crit(model(X[idx]), Y[idx]) / K
            if want_h:
                g = torch.autograd.grad(loss, params, create_graph=True)
                dot = sum((gi * ui).sum() for gi, ui in zip(g, us))
                h = torch.autograd.grad(dot, params)
                for p, gi, hi, acc in zip(params, g, h, hv):
                    p.grad += gi.detach()
                    acc += hi
            else:
                loss.backward()
            total += loss.item()
        norms.append(torch.sqrt(sum((p.grad ** 2).sum() for p in params)).item())
        losses.append(total)
        if case["clip_value"] is not None:
            torch.nn.utils.clip_grad_value_(params, case["clip_value"], foreach=False)
        if case["clip_norm"] is not None:
            torch.nn.utils.clip_grad_norm_(params, case["clip_norm"], foreach=False)
        lrs.append(opt.param_groups[0]["lr"])
        if sophia:
            opt.step([u * h for u, h in zip(us, hv)] if want_h else None)
        else:
            opt.step()
        if sched is not None:
            sched.step()
    out = {k: v for k, v in case.items() if not k.startswith("make_")}
    out.update(x=xs, y=ys, init=init, loss_per_step=losses, grad_norm=norms, lr=lrs,
               final=weights(model))
    return out


O = torch.optim
CASES = [
    dict(name="tanh 2-8-8-1, bce, adam + cosine, clip_norm, shuffled",
         widths=[2, 8, 8, 1], activation="tanh", loss="bce", rows=24, batch=8,
         accumulate=1, shuffle=True, clip_norm=1.0, clip_value=None, seed=7, epochs=8,
         torch_seed=1, optimizer="adam(lr=0.01)", schedule="cosine(t_max=20)",
         make_opt=lambda p: O.Adam(p, lr=0.01, foreach=False),
         make_sched=lambda o: O.lr_scheduler.CosineAnnealingLR(o, T_max=20)),
    dict(name="relu 1-16-1, mse, sgd momentum, in order, accumulate 2",
         widths=[1, 16, 1], activation="relu", loss="mse", rows=18, batch=4,
         accumulate=2, shuffle=False, clip_norm=None, clip_value=None, seed=0, epochs=6,
         torch_seed=2, optimizer="sgd(lr=0.05, momentum=0.9)", schedule=None,
         make_opt=lambda p: O.SGD(p, lr=0.05, momentum=0.9, foreach=False),
         make_sched=None),
    dict(name="gelu 2-6-3, cross-entropy, adamw, clip_value, shuffled",
         widths=[2, 6, 3], activation="gelu", loss="ce", rows=30, batch=10,
         accumulate=1, shuffle=True, clip_norm=None, clip_value=0.5, seed=3, epochs=6,
         torch_seed=3, optimizer="adamw(lr=0.02, weight_decay=0.1)",
         schedule="step(step_size=5, gamma=0.5)",
         make_opt=lambda p: O.AdamW(p, lr=0.02, weight_decay=0.1, foreach=False),
         make_sched=lambda o: O.lr_scheduler.StepLR(o, step_size=5, gamma=0.5)),
    dict(name="sigmoid 2-5-1, bce, sophia with Hutchinson, accumulate 2",
         widths=[2, 5, 1], activation="sigmoid", loss="bce", rows=16, batch=4,
         accumulate=2, shuffle=True, clip_norm=None, clip_value=None, seed=11, epochs=6,
         torch_seed=4, optimizer="sophia(lr=0.01, rho=0.05, k=3, weight_decay=0.01)",
         schedule=None,
         make_opt=lambda p: Sophia(p, lr=0.01, rho=0.05, k=3, weight_decay=0.01),
         make_sched=None),
    dict(name="tanh 2-4-4-4-1, bce, rmsprop centered, clip_norm",
         widths=[2, 4, 4, 4, 1], activation="tanh", loss="bce", rows=20, batch=5,
         accumulate=1, shuffle=False, clip_norm=0.5, clip_value=None, seed=0, epochs=5,
         torch_seed=5, optimizer="rmsprop(lr=0.01, momentum=0.5, centered=true)",
         schedule=None,
         make_opt=lambda p: O.RMSprop(p, lr=0.01, momentum=0.5, centered=True, foreach=False),
         make_sched=None),
]


def main():
    cases = [train(c) for c in CASES]
    path = os.path.join(os.path.dirname(__file__), "..", "fixtures", "torch_network.json")
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__.split("+")[0], "cases": cases}, f)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.normpath(path)}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""PyTorch side of `nphunt bench --compare-kernels` (issue 17): nphunt's trained dense AE or VAE rebuilt in
PyTorch from the weights nphunt exported (spec.json + .npy files in --dir), then

  --check   the scores of nphunt's standardised inputs (x.npy, mask.npy) against nphunt's own scores
            (scores_mse.npy, scores_vae_mu2.npy): relative differences;
  training  E epochs over x_train.npy at batch B with torch.optim.Adam(lr 1e-3, weight_decay 1e-4), the loss of
            nphunt's EventReconstruction objective (dense: mean squared error; VAE: (1 - beta) per-event sum of
            squared errors + --beta KL, nphunt's default 0.5), events/s median over epochs (wall) and
            events over the process CPU time of each epoch (medians over epochs);
  scoring   forward pass + per-event MSE on standardised inputs at each batch size: the first 16,384 events,
            passes over max(4 batch, 16,384) events, untimed warm-up for 2 s, repeats of whole passes for >= 1 s, median of the repeats, as wall
            rate and as events per process CPU-second.

Writes --json. Run by /usr/bin/python3 (Debian's python3-torch)."""
import argparse
import json
import os
import platform
import time

import numpy as np
import torch

POOL = 16384


class Net(torch.nn.Module):
    def __init__(self, spec, d):
        super().__init__()
        self.slope = spec["slope"]
        self.variational = spec["variational"]

        def lin(l):
            w = np.load(os.path.join(d, l["w"]))
            b = np.load(os.path.join(d, l["b"]))
            m = torch.nn.Linear(w.shape[1], w.shape[0])
            with torch.no_grad():
                m.weight.copy_(torch.from_numpy(w))
                m.bias.copy_(torch.from_numpy(b))
            return m

        def stack(layers):
            mods = []
            for l in layers:
                mods.append(lin(l))
                if l["act"]:
                    mods.append(torch.nn.LeakyReLU(self.slope))
            return torch.nn.Sequential(*mods)

        self.encoder = stack(spec["encoder"])
        self.decoder = stack(spec["decoder"])
        if self.variational:
            self.mu = lin(spec["mu"])
            self.logvar = lin(spec["logvar"])

    def forward(self, x, eps=None):
        h = self.encoder(x)
        if not self.variational:
            return self.decoder(h), None, None
        mu, lv = self.mu(h), self.logvar(h)
        z = mu if eps is None else mu + torch.exp(0.5 * lv) * eps
        return self.decoder(z), mu, lv


def loss_fn(net, x, beta, gen):
    if not net.variational:
        r, _, _ = net(x)
        return ((r - x) ** 2).mean()
    eps = torch.randn(x.shape[0], net.mu.out_features, generator=gen)
    r, mu, lv = net(x, eps)
    n = x.shape[0]
    reco = ((r - x) ** 2).sum() / n
    kl = -0.5 * (1 + lv - mu ** 2 - lv.exp()).sum() / n
    return (1 - beta) * reco + beta * kl


def rel(a, b):
    return np.abs(a - b) / np.maximum(np.abs(b), 1e-300)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch", type=int, default=1024)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--score-batches", default="1024,16384")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--beta", type=float, default=0.5)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--json", required=True)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    out = {"load_start": os.getloadavg()[0], "threads": a.threads,
           "versions": {"torch": torch.__version__, "numpy": np.__version__, "python": platform.python_version()}}
    with open(os.path.join(a.dir, "spec.json")) as f:
        spec = json.load(f)
    x = torch.from_numpy(np.load(os.path.join(a.dir, "x.npy")))
    if a.check:
        net = Net(spec, a.dir).eval()
        agreement = []
        with torch.no_grad():
            r, mu, _ = net(x)
            d = (r - x).double()
            mse = (d * d).mean(dim=1).numpy()
            mine = {"mse": mse}
            if net.variational:
                mine["vae_mu2"] = (mu.double() ** 2).sum(dim=1).numpy()
        for name in spec["scores"]:
            theirs = np.load(os.path.join(a.dir, "scores_" + name + ".npy"))
            q = rel(mine[name], theirs)
            agreement.append({"score": name, "events": int(len(q)), "max_relative": float(q.max()),
                              "median_relative": float(np.median(q)), "fraction_above_1e-6": float((q > 1e-6).mean())})
        out["agreement"] = agreement

    # training from nphunt's exported (trained) weights: the speed does not depend on the starting point
    net = Net(spec, a.dir).train()
    xt = torch.from_numpy(np.load(os.path.join(a.dir, "x_train.npy")))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3, weight_decay=1e-4)
    gen = torch.Generator().manual_seed(a.seed)
    n, b = len(xt), a.batch
    rates, cpu = [], []
    for _ in range(a.epochs):
        t0, c0 = time.perf_counter(), time.process_time()
        order = torch.randperm(n, generator=gen)
        for i in range(0, n, b):
            xb = xt[order[i:i + b]]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(net, xb, a.beta, gen)
            loss.backward()
            opt.step()
            loss.item()
        rates.append(n / (time.perf_counter() - t0))
        cpu.append(n / (time.process_time() - c0))
    out["train"] = {"wall": float(np.median(rates)), "cpu": float(np.median(cpu)), "epochs": rates, "epochs_cpu": cpu}

    net.eval()
    z = x[:POOL]
    if len(z) < POOL:
        z = z.repeat((POOL + len(z) - 1) // len(z), 1)[:POOL]
    z = z.contiguous()
    score = {}
    with torch.no_grad():
        for bs in [int(v) for v in a.score_batches.split(",")]:
            events = max(4 * bs, POOL)
            batches = [z[(i * bs) % (len(z) - bs + 1):(i * bs) % (len(z) - bs + 1) + bs] for i in range(events // bs)]
            w0 = time.perf_counter()
            while True:  # warm-up: untimed repeats for at least 2 s, as nphunt's side
                for xb in batches:
                    r, _, _ = net(xb)
                    ((r - xb) ** 2).mean(dim=1)
                if time.perf_counter() - w0 >= 2:
                    break
            w, c = [], []
            for _ in range(a.repeats):  # whole passes for at least 1 s each, as nphunt's side
                t0, c0, done = time.perf_counter(), time.process_time(), 0
                while True:
                    for xb in batches:
                        r, _, _ = net(xb)
                        ((r - xb) ** 2).mean(dim=1)
                    done += len(batches) * bs
                    if time.perf_counter() - t0 >= 1:
                        break
                w.append(done / (time.perf_counter() - t0))
                c.append(done / max(time.process_time() - c0, 1e-9))
            score[str(bs)] = {"wall": float(np.median(w)), "cpu": float(np.median(c))}
    out["score"] = score
    out["load_end"] = os.getloadavg()[0]
    with open(a.json, "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()

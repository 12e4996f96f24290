#!/usr/bin/env python3
"""PyTorch side of `nphunt bench --compare-kernels` (issue 17): nphunt's trained dense AE, VAE, conv AE or
transformer AE rebuilt in PyTorch from the weights nphunt exported (spec.json + .npy files in --dir; the conv
and transformer from their DJL parameters by name, spec["arch"] and spec["config"]), then

  --check   the scores of nphunt's standardised inputs (x.npy, mask.npy) against nphunt's own scores
            (scores_mse.npy, scores_vae_mu2.npy): relative differences;
  training  E epochs over x_train.npy at batch B with torch.optim.Adam(lr 1e-3, weight_decay 1e-4), the loss of
            nphunt's EventReconstruction objective (dense, conv, transformer: mean squared error; VAE: (1 - beta) per-event sum of
            squared errors + --beta KL, nphunt's default 0.5), events/s median over epochs (wall) and
            events over the process CPU time of each epoch (medians over epochs);
  scoring   forward pass (the transformer also reads the slot mask) + per-event MSE on standardised inputs at each batch size: the first 16,384 events,
            passes over max(4 batch, 16,384) events, untimed warm-up for 2 s, repeats of whole passes for >= 1 s, median of the repeats, as wall
            rate and as events per process CPU-second.

Writes --json. Run by /usr/bin/python3 (Debian's python3-torch)."""
import argparse
import json
import os
import platform
import re
import time

import math

import numpy as np
import torch
import torch.nn.functional as F

POOL = 16384


class ParamNet(torch.nn.Module):
    """nphunt's conv or transformer autoencoder (spec["arch"]) from its DJL parameters by name (spec["params"]:
    name, file), written with torch.nn.functional so every operation is the one nphunt's block runs
    (nphunt-torch ConvAutoencoder, TransformerAutoencoder, TransformerEncoderLayer, TransformerSelfAttention)."""

    def __init__(self, spec, d, arrays=None):
        """From spec["params"] (files in d), or from arrays: {name without DJL's indices: float32 ndarray}."""
        super().__init__()
        self.arch = spec["arch"]
        self.cfg = spec["config"]
        self.variational = False
        self.p = torch.nn.ParameterDict()
        self.names = {}
        if arrays is None:
            # DJL names a child's parameters "<2-digit index><child>_<parameter>": drop the indices
            arrays = {re.sub(r"(^|_)\d\d(?=[A-Za-z])", r"\1", q["name"]): np.load(os.path.join(d, q["file"]))
                      for q in spec["params"]}
        for i, (name, v) in enumerate(arrays.items()):
            key = "p%d" % i
            self.p[key] = torch.nn.Parameter(torch.from_numpy(np.ascontiguousarray(v, dtype=np.float32)).clone())
            self.names[name] = key

    def w(self, name):
        return self.p[self.names[name]]

    def lin(self, x, prefix):
        return F.linear(x, self.w(prefix + "_weight"), self.w(prefix + "_bias"))

    def forward(self, x, mask=None, eps=None):
        if self.arch == "conv":
            return self.conv(x), None, None
        return self.transformer(x, mask), None, None

    # ConvAutoencoder: avgPool2d (3,1)/(3,1) padding (1,0), padding counted (DJL 0.35.1 with PyTorch does)
    def conv(self, x):
        c, b = self.cfg, x.shape[0]
        s = c["negativeSlope"]

        def cv(h, name, pad):
            return F.conv2d(h, self.w(name + "_weight"), self.w(name + "_bias"), padding=pad)

        def pool(h):
            return F.avg_pool2d(h, (3, 1), (3, 1), (1, 0), ceil_mode=False, count_include_pad=True)

        def up(h, rows):
            return h.repeat_interleave(3, dim=2)[:, :, 1:1 + rows, :]

        h = x.reshape(b, 1, 19, 3)
        h = pool(F.leaky_relu(cv(h, "conv1", (1, 1)), s))
        h = pool(F.leaky_relu(cv(h, "conv2", (1, 0)), s))
        z = self.lin(h.reshape(b, -1), "toLatent")
        h = F.leaky_relu(self.lin(z, "fromLatent"), s).reshape(b, c["filters2"], 3, 3)
        h = F.leaky_relu(cv(up(h, 7), "deconv2", (1, 1)), s)
        h = cv(up(h, 19), "deconv1", (1, 1))
        return h.reshape(b, 57)

    def layer(self, h, prefix, key_bias):
        c = self.cfg
        d, heads = c["embedDim"], c["heads"]
        b, t = h.shape[0], h.shape[1]
        dh = d // heads
        a = F.layer_norm(h, (d,), self.w(prefix + "_norm1_gamma"), self.w(prefix + "_norm1_beta"), 1e-5)
        q, k, v = self.lin(a, prefix + "_attention_qkv").split(d, dim=2)
        q = q.reshape(b, t, heads, dh).transpose(1, 2) * (1.0 / math.sqrt(dh))
        k = k.reshape(b, t, heads, dh).permute(0, 2, 3, 1)
        v = v.reshape(b, t, heads, dh).transpose(1, 2)
        sc = q @ k
        if key_bias is not None:
            sc = sc + key_bias
        att = (sc.softmax(-1) @ v).transpose(1, 2).reshape(b, t, d)
        h = h + self.lin(att, prefix + "_attention_out")
        f = F.layer_norm(h, (d,), self.w(prefix + "_norm2_gamma"), self.w(prefix + "_norm2_beta"), 1e-5)
        f = self.lin(F.gelu(self.lin(f, prefix + "_ff1")), prefix + "_ff2")
        return h + f

    # TransformerAutoencoder: key-padding bias -1e9 on empty slots, slot 0 always real, masked mean pooling
    def transformer(self, x, mask):
        c = self.cfg
        b, d = x.shape[0], c["embedDim"]
        first = (torch.arange(19) < 0.5).float()
        real = torch.maximum(mask, first)
        key_bias = ((real - 1.0) * 1e9).reshape(b, 1, 1, 19)
        h = self.lin(x.reshape(b, 19, 3), "embed") + self.w("slotEmbedding")
        for i in range(c["encoderLayers"]):
            h = self.layer(h, "encoder%d" % i, key_bias)
        wts = real.unsqueeze(2)
        pooled = (h * wts).sum(1) / wts.sum(1)
        pooled = F.layer_norm(pooled, (d,), self.w("encoderNorm_gamma"), self.w("encoderNorm_beta"), 1e-5)
        z = self.lin(pooled, "toLatent")
        q = self.lin(z, "fromLatent").unsqueeze(1) + self.w("slotQueries")
        for i in range(c["decoderLayers"]):
            q = self.layer(q, "decoder%d" % i, None)
        q = F.layer_norm(q, (d,), self.w("decoderNorm_gamma"), self.w("decoderNorm_beta"), 1e-5)
        return self.lin(q, "head").reshape(b, 57)


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


def make(spec, d):
    return ParamNet(spec, d) if "arch" in spec else Net(spec, d)


def fwd(net, x, m):
    return net(x, m) if isinstance(net, ParamNet) else net(x)


def loss_fn(net, x, m, beta, gen):
    if not net.variational:
        r, _, _ = fwd(net, x, m)
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
    mk = torch.from_numpy(np.load(os.path.join(a.dir, "mask.npy")))
    if a.check:
        net = make(spec, a.dir).eval()
        agreement = []
        with torch.no_grad():
            r, mu, _ = fwd(net, x, mk)
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
    net = make(spec, a.dir).train()
    xt = torch.from_numpy(np.load(os.path.join(a.dir, "x_train.npy")))
    mt = torch.from_numpy(np.load(os.path.join(a.dir, "mask_train.npy")))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3, weight_decay=1e-4)
    gen = torch.Generator().manual_seed(a.seed)
    n, b = len(xt), a.batch
    rates, cpu = [], []
    for _ in range(a.epochs):
        t0, c0 = time.perf_counter(), time.process_time()
        order = torch.randperm(n, generator=gen)
        for i in range(0, n, b):
            idx = order[i:i + b]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(net, xt[idx], mt[idx], a.beta, gen)
            loss.backward()
            opt.step()
            loss.item()
        rates.append(n / (time.perf_counter() - t0))
        cpu.append(n / (time.process_time() - c0))
    out["train"] = {"wall": float(np.median(rates)), "cpu": float(np.median(cpu)), "epochs": rates, "epochs_cpu": cpu}

    net.eval()
    z, zm = x[:POOL], mk[:POOL]
    if len(z) < POOL:
        z = z.repeat((POOL + len(z) - 1) // len(z), 1)[:POOL]
        zm = zm.repeat((POOL + len(zm) - 1) // len(zm), 1)[:POOL]
    z, zm = z.contiguous(), zm.contiguous()
    score = {}
    with torch.no_grad():
        for bs in [int(v) for v in a.score_batches.split(",")]:
            events = max(4 * bs, POOL)
            starts = [(i * bs) % (len(z) - bs + 1) for i in range(events // bs)]
            batches = [(z[s:s + bs], zm[s:s + bs]) for s in starts]
            w0 = time.perf_counter()
            while True:  # warm-up: untimed repeats for at least 2 s, as nphunt's side
                for xb, mb in batches:
                    r, _, _ = fwd(net, xb, mb)
                    ((r - xb) ** 2).mean(dim=1)
                if time.perf_counter() - w0 >= 2:
                    break
            w, c = [], []
            for _ in range(a.repeats):  # whole passes for at least 1 s each, as nphunt's side
                t0, c0, done = time.perf_counter(), time.process_time(), 0
                while True:
                    for xb, mb in batches:
                        r, _, _ = fwd(net, xb, mb)
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

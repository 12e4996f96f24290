#!/usr/bin/python3
"""PyTorch reference for nphunt's particle-list VAE with a Chamfer loss: a COMPARISON HARNESS, not part of nphunt.

It trains the same model as nphunt's `chamfer-vae` (the public "vande" VAEparticle layer sequence:
Conv2d 3x3, two Conv1d k3, average pooling, dense layers, Gaussian latent space, a mirrored decoder;
loss = masked symmetric Chamfer distance + beta KL, Adam lr 1e-3 with coupled L2 weight decay 1e-4) on
the same preprocessed jets (written by nphunt as .npy files), and measures its training speed on this
machine, so that nphunt's benchmark (org.nphunt.benchmark.jets.ChamferVaeComparison) can print
nphunt/PyTorch ratios. See README.md beside it.

Run with Debian's interpreter (the one that has python3-torch):
    /usr/bin/python3 chamfer_vae_reference.py --inputs X.npy --mask M.npy --epochs 2 --batch 256 --json OUT.json
"""

import argparse
import json
import os
import platform
import sys
import time
from datetime import datetime, timezone

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

SCHEMA = "nphunt-reference-chamfer/1"
PADDED = 1e6  # added to the squared distance of a padded slot (nphunt: Chamfer.PADDED)


class ParticleVae(nn.Module):
    """nphunt's ParticleVae: (B,C,3) -> recon (B,C,3), mu (B,L), logVar (B,L); ReLU after hidden layers."""

    def __init__(self, c=100, latent=10, filters=(6, 10, 14), dense=(170, 40)):
        super().__init__()
        f1, f2, f3 = filters
        self.c, self.f = c, filters
        self.pooled = (c - 6) // 2
        self.conv2d = nn.Conv2d(1, f1, 3)
        self.conv1a = nn.Conv1d(f1, f2, 3)
        self.conv1b = nn.Conv1d(f2, f3, 3)
        widths = [f3 * self.pooled] + list(dense)
        self.enc = nn.ModuleList(nn.Linear(a, b) for a, b in zip(widths[:-1], widths[1:]))
        self.mu = nn.Linear(widths[-1], latent)
        self.logvar = nn.Linear(widths[-1], latent)
        back = [latent] + list(reversed(dense)) + [f3 * self.pooled]
        self.dec = nn.ModuleList(nn.Linear(a, b) for a, b in zip(back[:-1], back[1:]))
        # stride-1 transposed convolutions = convolutions with padding kernel-1 (as nphunt)
        self.deconv1b = nn.Conv1d(f3, f2, 3, padding=2)
        self.deconv1a = nn.Conv1d(f2, f1, 3, padding=2)
        self.deconv2d = nn.Conv2d(f1, 1, 3, padding=2)

    def forward(self, x, eps=None):
        b, c = x.shape[0], self.c
        f1, f2, f3 = self.f
        h = F.relu(self.conv2d(x.view(b, 1, c, 3))).view(b, f1, c - 2)
        h = F.relu(self.conv1a(h))
        h = F.relu(self.conv1b(h))
        h = F.avg_pool1d(h, 2).reshape(b, -1)
        for layer in self.enc:
            h = F.relu(layer(h))
        mu, lv = self.mu(h), self.logvar(h)
        z = mu if eps is None else mu + torch.exp(0.5 * lv) * eps
        d = z
        for layer in self.dec:
            d = F.relu(layer(d))
        d = d.view(b, f3, self.pooled).repeat_interleave(2, dim=2)
        d = F.relu(self.deconv1b(d))
        d = F.relu(self.deconv1a(d))
        d = self.deconv2d(d.view(b, f1, c - 2, 1)).view(b, c, 3)
        return d, mu, lv


def chamfer(x, y, mask):
    """Per-jet masked symmetric Chamfer distance, the same algorithm as nphunt's Chamfer.distance: nearest
    neighbours without gradient from one batched product of augmented vectors, then the exact squared
    distances of the matched pairs (differentiable)."""
    with torch.no_grad():
        pad = ((1 - mask) * PADDED).unsqueeze(2)
        ones = torch.ones_like(pad)
        xa = torch.cat([x, (x * x).sum(2, keepdim=True) + pad, ones], 2)
        ya = torch.cat([-2 * y, ones, (y * y).sum(2, keepdim=True) + pad], 2)
        j_of = torch.bmm(xa, ya.transpose(1, 2)).argmin(2)
        i_of = torch.bmm(ya, xa.transpose(1, 2)).argmin(2)
    y_near = y.gather(1, j_of.unsqueeze(2).expand_as(x))
    x_near = x.gather(1, i_of.unsqueeze(2).expand_as(y))
    to_outputs = ((x - y_near) ** 2).sum(2)
    to_inputs = ((y - x_near) ** 2).sum(2)
    return ((to_outputs * mask).sum(1) + (to_inputs * mask).sum(1)) / x.shape[1]


def kl(mu, lv):
    return -0.5 * (1 + lv - mu * mu - lv.exp()).sum(1)


def loadavg():
    try:
        return list(os.getloadavg())
    except OSError:
        return [None, None, None]


def main(argv=None):
    p = argparse.ArgumentParser(prog="chamfer_vae_reference", description=__doc__.splitlines()[0])
    p.add_argument("--inputs", required=True, help="(N, C, 3) float32 .npy: standardised constituents")
    p.add_argument("--mask", required=True, help="(N, C) float32 .npy: 1 real, 0 padded")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--weight-decay", type=float, default=1e-4)
    p.add_argument("--beta", type=float, default=0.01)
    p.add_argument("--latent", type=int, default=10)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--loss", choices=["chamfer", "slotwise"], default="chamfer")
    p.add_argument("--json", required=True)
    a = p.parse_args(argv)
    if a.epochs < 1 or a.batch < 1:
        p.error("--epochs and --batch must be >= 1")
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    load_start = loadavg()
    x = torch.from_numpy(np.load(a.inputs).astype(np.float32, copy=False))
    m = torch.from_numpy(np.load(a.mask).astype(np.float32, copy=False))
    if x.ndim != 3 or x.shape[2] != 3 or m.shape != x.shape[:2]:
        print(f"chamfer_vae_reference: error: inputs {tuple(x.shape)} and mask {tuple(m.shape)} are not (N,C,3), (N,C)",
              file=sys.stderr)
        return 1
    n, c = x.shape[0], x.shape[1]
    model = ParticleVae(c=c, latent=a.latent)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr, weight_decay=a.weight_decay)
    gen = torch.Generator().manual_seed(a.seed)
    history = []
    for epoch in range(1, a.epochs + 1):
        order = torch.randperm(n, generator=gen)
        total, seen = 0.0, 0
        t0 = time.perf_counter()
        c0 = time.thread_time()
        for s in range(0, n, a.batch):
            idx = order[s:s + a.batch]
            xb, mb = x[idx], m[idx]
            eps = torch.randn(len(idx), a.latent, generator=gen)
            recon, mu, lv = model(xb, eps)
            reco = chamfer(xb, recon, mb) if a.loss == "chamfer" else ((xb - recon) ** 2).sum(2).mul(mb).sum(1) / c
            loss = (reco + a.beta * kl(mu, lv)).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
            seen += len(idx)
        sec = time.perf_counter() - t0
        cpu = time.thread_time() - c0
        history.append({"epoch": epoch, "train_loss": total / seen, "seconds": sec, "cpu_seconds": cpu, "jets": seen,
                        "jets_per_s": seen / sec, "jets_per_cpu_s": seen / cpu})
    out = {
        "schema": SCHEMA,
        "started_utc": datetime.now(timezone.utc).isoformat(),
        "summary": {"train_jets_per_s": history[-1]["jets_per_s"], "final_train_loss": history[-1]["train_loss"]},
        "config": vars(a) | {"jets": n, "constituents": c,
                             "parameters": sum(p.numel() for p in model.parameters())},
        "training": {"history": history},
        "versions": {"python": platform.python_version(), "torch": torch.__version__, "numpy": np.__version__},
        "machine": {"loadavg_start": load_start, "loadavg_end": loadavg(), "torch_threads": torch.get_num_threads(),
                    "env": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OMP_WAIT_POLICY", "MKL_NUM_THREADS")}},
    }
    with open(a.json, "w") as f:
        json.dump(out, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())

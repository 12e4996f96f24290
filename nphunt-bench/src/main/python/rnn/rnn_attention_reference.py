#!/usr/bin/python3
"""PyTorch reference of nphunt's recurrent autoencoder 'rnn-attention' (issue 14): a BENCHMARK
HARNESS, not part of nphunt.

The same network as org.nphunt.model.RecurrentAutoencoder (see RecurrentAeConfig): the 19 ADC2021
slots as a sequence (standardised pT, eta, phi + occupancy + type one-hot), a masked bidirectional GRU
encoder (empty slots keep the state), latent bottleneck, GRU decoder with Bahdanau attention over the
real slots, teacher forcing with ratio k = max(tf_min, tf_start * tf_decay^(epoch-1)), MSE over the 57
standardised values; Adam lr 1e-3 with coupled L2 1e-4; one intra-op thread. nn.GRUCell has the same
equations as nphunt's cells (gates r, z, n; b_hn inside the reset product).

It reads the same training file as nphunt's side (Particles of an ADC2021 HDF5 file), standardises
as nphunt does (per column over real objects), trains for --warmup + --epochs epochs at --batch and
prints one JSON object: training events/s per epoch (training steps only) and the final loss.

Run with Debian's interpreter: /usr/bin/python3 rnn_attention_reference.py --train FILE.h5 ...
"""

import argparse
import json
import sys
import time

import h5py
import numpy as np
import torch
from torch import nn

SLOTS, KIN = 19, 3
TYPES = [0] + [1] * 4 + [2] * 4 + [3] * 10  # MET, electrons, muons, jets


def load(path):
    with h5py.File(path, "r") as f:
        p = np.asarray(f["Particles"][:], dtype=np.float64)
    real = (p[:, :, 3] != 0).astype(np.float32)
    x = p[:, :, :3]
    mean = np.zeros((SLOTS, KIN))
    std = np.ones((SLOTS, KIN))
    for s in range(SLOTS):
        sel = real[:, s] != 0
        if sel.sum() >= 2:
            v = x[sel, s, :]
            mean[s] = v.mean(axis=0)
            sd = v.std(axis=0)
            std[s] = np.where(sd >= 1e-6, sd, 1.0)
    z = ((x - mean) / std) * real[:, :, None]
    return torch.tensor(z.reshape(len(p), SLOTS * KIN), dtype=torch.float32), torch.tensor(real)


class RecurrentAE(nn.Module):
    def __init__(self, hidden=32, latent=8, attention=32, bidirectional=True):
        super().__init__()
        self.h = hidden
        self.bi = bidirectional
        d = 2 * hidden if bidirectional else hidden
        self.d = d
        step = KIN + 1 + 4
        self.enc_f = nn.GRUCell(step, hidden)
        self.enc_b = nn.GRUCell(step, hidden) if bidirectional else None
        self.to_latent = nn.Linear(d, latent)
        self.from_latent = nn.Linear(latent, hidden)
        self.attn_key = nn.Linear(d, attention)
        self.attn_query = nn.Linear(hidden, attention)
        self.attn_score = nn.Linear(attention, 1, bias=False)
        self.dec = nn.GRUCell(KIN + SLOTS + d, hidden)
        self.out = nn.Linear(hidden + d, KIN)
        types = torch.zeros(SLOTS, 4)
        for s, t in enumerate(TYPES):
            types[s, t] = 1
        self.register_buffer("types", types)
        self.register_buffer("eye", torch.eye(SLOTS))

    def forward(self, x, mask, tf=None):
        b = x.shape[0]
        xs = x.view(b, SLOTS, KIN)
        steps = torch.cat([xs, mask.unsqueeze(2), self.types.expand(b, SLOTS, 4)], 2)
        h = x.new_zeros(b, self.h)
        fw = []
        for t in range(SLOTS):
            m = mask[:, t:t + 1]
            h = m * self.enc_f(steps[:, t], h) + (1 - m) * h
            fw.append(h)
        if self.bi:
            h = x.new_zeros(b, self.h)
            bw = [None] * SLOTS
            for t in reversed(range(SLOTS)):
                m = mask[:, t:t + 1]
                h = m * self.enc_b(steps[:, t], h) + (1 - m) * h
                bw[t] = h
            enc = torch.stack([torch.cat([fw[t], bw[t]], 1) for t in range(SLOTS)], 1)
            summary = torch.cat([fw[-1], bw[0]], 1)
        else:
            enc = torch.stack(fw, 1)
            summary = fw[-1]
        s = torch.tanh(self.from_latent(self.to_latent(summary)))
        keys = self.attn_key(enc)
        masked = (1 - mask) * -1e9
        y = x.new_zeros(b, KIN)
        outs = []
        for i in range(SLOTS):
            e = self.attn_score(torch.tanh(keys + self.attn_query(s).unsqueeze(1))).squeeze(2) + masked
            alpha = torch.softmax(e, 1)
            c = torch.bmm(alpha.unsqueeze(1), enc).squeeze(1)
            s = self.dec(torch.cat([y, self.eye[i].expand(b, SLOTS), c], 1), s)
            yhat = self.out(torch.cat([s, c], 1))
            outs.append(yhat)
            if i < SLOTS - 1:
                if tf is not None:
                    k = tf[:, i:i + 1]
                    y = k * xs[:, i] + (1 - k) * yhat
                else:
                    y = yhat
        return torch.stack(outs, 1).reshape(b, SLOTS * KIN)


def main():
    ap = argparse.ArgumentParser(prog="rnn_attention_reference")
    ap.add_argument("--train", required=True)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--batch", type=int, default=1024)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--hidden", type=int, default=32)
    ap.add_argument("--latent", type=int, default=8)
    ap.add_argument("--attention", type=int, default=32)
    ap.add_argument("--tf-start", type=float, default=1.0)
    ap.add_argument("--tf-decay", type=float, default=0.8)
    ap.add_argument("--tf-min", type=float, default=0.0)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    x, mask = load(a.train)
    n = x.shape[0]
    model = RecurrentAE(a.hidden, a.latent, a.attention)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)
    gen = torch.Generator().manual_seed(a.seed)
    rates = []
    loss_v = float("nan")
    for epoch in range(1, a.warmup + a.epochs + 1):
        k = max(a.tf_min, a.tf_start * a.tf_decay ** (epoch - 1))
        perm = torch.randperm(n, generator=gen)
        t0 = time.perf_counter()
        for s in range(0, n, a.batch):
            idx = perm[s:s + a.batch]
            xb, mb = x[idx], mask[idx]
            tf = (torch.rand(len(idx), SLOTS, generator=gen) < k).float()
            opt.zero_grad()
            loss = ((model(xb, mb, tf) - xb) ** 2).mean()
            loss.backward()
            opt.step()
            loss_v = loss.item()
        dt = time.perf_counter() - t0
        if epoch > a.warmup:
            rates.append(n / dt)
    json.dump({"tool": "pytorch", "torch": torch.__version__, "threads": torch.get_num_threads(), "events": n,
               "batch": a.batch, "epochs_per_second": rates, "train_events_per_second": float(np.median(rates)),
               "final_loss": loss_v}, sys.stdout)
    print()


if __name__ == "__main__":
    main()

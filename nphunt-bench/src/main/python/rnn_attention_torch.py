#!/usr/bin/python3
"""The rnn-attention network of nphunt (RecurrentAeConfig defaults: H 32, latent 8, attention 32,
bidirectional GRU encoder, GRU decoder with Bahdanau attention, teacher forcing; T = 19 slots) written
in PyTorch with the same layers and the same equations as org.nphunt.model.RecurrentAutoencoder, timed on
this CPU: training steps (forward with teacher forcing, MSE loss, backward, Adam with weight decay) and
free-decoding forward passes, on random standardised inputs of the same shapes (the cost does not depend
on the values). A cost comparison for BENCHMARKS.md (issue 17), not a numerical reference.

usage: /usr/bin/python3 rnn_attention_torch.py [THREADS] [EVENTS]
prints events/s and CPU-us per event for training (batch 1024) and scoring (batch 1024).
"""
import os
import sys
import time

import torch
import torch.nn as nn

T, K, H, L, A = 19, 3, 32, 8, 32
D = 2 * H
TYPES = [0] + [1] * 4 + [2] * 4 + [3] * 10


class RnnAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.encFx, self.encFh = nn.Linear(8, 3 * H), nn.Linear(H, 3 * H)
        self.encBx, self.encBh = nn.Linear(8, 3 * H), nn.Linear(H, 3 * H)
        self.toLatent, self.fromLatent = nn.Linear(D, L), nn.Linear(L, H)
        self.attnKey, self.attnQuery = nn.Linear(D, A), nn.Linear(H, A)
        self.attnScore = nn.Linear(A, 1, bias=False)
        self.decX, self.decH = nn.Linear(K + T + D, 3 * H), nn.Linear(H, 3 * H)
        self.out = nn.Linear(H + D, K)
        onehot = torch.zeros(T, 4)
        onehot[torch.arange(T), torch.tensor(TYPES)] = 1
        self.register_buffer("types", onehot)
        self.register_buffer("eye", torch.eye(T))

    @staticmethod
    def gru(gx, h, wh, m=None):
        gh = wh(h)
        r = torch.sigmoid(gx[:, :H] + gh[:, :H])
        u = torch.sigmoid(gx[:, H:2 * H] + gh[:, H:2 * H])
        n = torch.tanh(gx[:, 2 * H:] + r * gh[:, 2 * H:])
        nxt = (1 - u) * n + u * h
        return nxt if m is None else nxt * m + h * (1 - m)

    def forward(self, x, mask, tf=None):
        b = x.shape[0]
        xs = x.view(b, T, K)
        enc_in = torch.cat([xs, mask.unsqueeze(2), self.types.expand(b, T, 4)], 2).reshape(b * T, 8)
        gxf = self.encFx(enc_in).view(b, T, 3 * H)
        gxb = self.encBx(enc_in).view(b, T, 3 * H)
        hf, hb = [None] * T, [None] * T
        s = x.new_zeros(b, H)
        for t in range(T):
            s = self.gru(gxf[:, t], s, self.encFh, mask[:, t:t + 1])
            hf[t] = s
        s = x.new_zeros(b, H)
        for t in reversed(range(T)):
            s = self.gru(gxb[:, t], s, self.encBh, mask[:, t:t + 1])
            hb[t] = s
        enc = torch.stack([torch.cat([hf[t], hb[t]], 1) for t in range(T)], 1)
        z = self.toLatent(torch.cat([hf[T - 1], hb[0]], 1))
        s = torch.tanh(self.fromLatent(z))
        keys = self.attnKey(enc.reshape(b * T, D)).view(b, T, A)
        masked = (1 - mask) * -1e9
        y = x.new_zeros(b, K)
        outs = []
        for i in range(T):
            q = self.attnQuery(s).unsqueeze(1)
            e = self.attnScore(torch.tanh(keys + q).reshape(b * T, A)).view(b, T) + masked
            alpha = torch.softmax(e, 1)
            c = torch.bmm(alpha.unsqueeze(1), enc).view(b, D)
            s = self.gru(self.decX(torch.cat([y, self.eye[i].expand(b, T), c], 1)), s, self.decH)
            yhat = self.out(torch.cat([s, c], 1))
            outs.append(yhat)
            if i < T - 1:
                y = yhat if tf is None else xs[:, i] * tf[:, i:i + 1] + yhat * (1 - tf[:, i:i + 1])
        return torch.stack(outs, 1).reshape(b, T * K)


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    events = int(sys.argv[2]) if len(sys.argv) > 2 else 20480
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    batch = 1024
    model = RnnAttention()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)
    g = torch.Generator().manual_seed(2)
    x = torch.randn(events, T * K, generator=g)
    mask = (torch.rand(events, T, generator=g) < 0.4).float()
    mask[:, 0] = 1
    x = x * mask.repeat_interleave(K, 1)
    tf = (torch.rand(events, T, generator=g) < 0.5).float()
    load = os.getloadavg()[0]

    def train_pass():
        for s in range(0, events, batch):
            opt.zero_grad()
            r = model(x[s:s + batch], mask[s:s + batch], tf[s:s + batch])
            loss = ((r - x[s:s + batch]) ** 2).mean()
            loss.backward()
            opt.step()

    def score_pass():
        with torch.no_grad():
            for s in range(0, events, batch):
                model(x[s:s + batch], mask[s:s + batch])

    for name, fn in (("train", train_pass), ("score", score_pass)):
        if name == "score":
            fn()  # warm-up of the scoring path
        else:
            opt.zero_grad()
            ((model(x[:batch], mask[:batch], tf[:batch]) - x[:batch]) ** 2).mean().backward()  # warm-up
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
        print("pytorch %s threads %d batch %d: %d events in %.2f s wall = %.0f events/s, %.1f CPU-us per event, load %.2f -> %.2f"
              % (name, threads, batch, events, wall, events / wall, cpu / events * 1e6, load, os.getloadavg()[0]))
        sys.stdout.flush()


if __name__ == "__main__":
    main()

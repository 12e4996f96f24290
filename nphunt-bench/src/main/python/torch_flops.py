#!/usr/bin/python3
"""FLOPs of nphunt's conv and transformer autoencoders by PyTorch's profiler, a reference for ModelCost's MACs.

The networks are rebuilt in PyTorch with the layer shapes of org.nphunt.model.ConvAutoencoder and
TransformerAutoencoder (one event, batch 1) and run under torch.profiler with with_flops=True. The profiler
counts 2 FLOPs per multiply-accumulate of aten::conv2d, aten::addmm, aten::mm and aten::bmm; it also counts
one FLOP per element of aten::add and aten::mul (residuals, biases added separately, embeddings), which are
not multiply-accumulates of a weight and are left out here, as ModelCost leaves them out. Softmax,
LayerNorm, GELU, pooling and upsampling get no FLOPs from the profiler.

Run (Debian's python3 with python3-torch; torch 1.13 has no torch.utils.flop_counter):
    /usr/bin/python3 nphunt-bench/src/main/python/torch_flops.py > nphunt-torch/src/test/resources/deploy/torch_flops.json
"""
import json
import sys

import torch
import torch.nn.functional as F
from torch.profiler import ProfilerActivity, profile

SLOTS, KIN = 19, 3
COUNTED = ("aten::conv2d", "aten::addmm", "aten::mm", "aten::bmm", "aten::baddbmm")


class ConvAe(torch.nn.Module):
    def __init__(self, latent, f1, f2):
        super().__init__()
        self.f2 = f2
        self.conv1 = torch.nn.Conv2d(1, f1, (3, 3), padding=(1, 1))
        self.conv2 = torch.nn.Conv2d(f1, f2, (3, 1), padding=(1, 0))
        self.to_latent = torch.nn.Linear(f2 * 3 * KIN, latent)
        self.from_latent = torch.nn.Linear(latent, f2 * 3 * KIN)
        self.deconv2 = torch.nn.Conv2d(f2, f1, (3, 3), padding=(1, 1))
        self.deconv1 = torch.nn.Conv2d(f1, 1, (3, 3), padding=(1, 1))

    @staticmethod
    def pool(a):
        return F.avg_pool2d(a, (3, 1), (3, 1), (1, 0), count_include_pad=True)

    @staticmethod
    def up(a, rows):
        return a.repeat_interleave(3, dim=2)[:, :, 1:1 + rows, :]

    def forward(self, x):
        b = x.shape[0]
        h = x.reshape(b, 1, SLOTS, KIN)
        h = self.pool(F.leaky_relu(self.conv1(h), 0.1))
        h = self.pool(F.leaky_relu(self.conv2(h), 0.1))
        z = self.to_latent(h.reshape(b, -1))
        h = F.leaky_relu(self.from_latent(z), 0.1).reshape(b, self.f2, 3, KIN)
        h = F.leaky_relu(self.deconv2(self.up(h, 7)), 0.1)
        return self.deconv1(self.up(h, SLOTS)).reshape(b, SLOTS * KIN)


class Layer(torch.nn.Module):
    def __init__(self, d, heads, ff):
        super().__init__()
        self.heads = heads
        self.norm1 = torch.nn.LayerNorm(d)
        self.qkv = torch.nn.Linear(d, 3 * d)
        self.out = torch.nn.Linear(d, d)
        self.norm2 = torch.nn.LayerNorm(d)
        self.ff1 = torch.nn.Linear(d, ff)
        self.ff2 = torch.nn.Linear(ff, d)

    def forward(self, h):
        b, t, d = h.shape
        dh = d // self.heads
        q, k, v = self.qkv(self.norm1(h)).split(d, dim=2)
        q, k, v = (a.reshape(b, t, self.heads, dh).transpose(1, 2) for a in (q, k, v))
        att = torch.softmax(torch.matmul(q, k.transpose(2, 3)) / dh ** 0.5, dim=-1)
        a = torch.matmul(att, v).transpose(1, 2).reshape(b, t, d)
        h = h + self.out(a)
        return h + self.ff2(F.gelu(self.ff1(self.norm2(h))))


class TransformerAe(torch.nn.Module):
    def __init__(self, latent, d, heads, enc, dec, ff):
        super().__init__()
        self.embed = torch.nn.Linear(KIN, d)
        self.slot_embedding = torch.nn.Parameter(torch.randn(SLOTS, d))
        self.encoder = torch.nn.ModuleList([Layer(d, heads, ff) for _ in range(enc)])
        self.encoder_norm = torch.nn.LayerNorm(d)
        self.to_latent = torch.nn.Linear(d, latent)
        self.from_latent = torch.nn.Linear(latent, d)
        self.slot_queries = torch.nn.Parameter(torch.randn(SLOTS, d))
        self.decoder = torch.nn.ModuleList([Layer(d, heads, ff) for _ in range(dec)])
        self.decoder_norm = torch.nn.LayerNorm(d)
        self.head = torch.nn.Linear(d, KIN)

    def forward(self, x):
        b = x.shape[0]
        h = self.embed(x.reshape(b, SLOTS, KIN)) + self.slot_embedding
        for layer in self.encoder:
            h = layer(h)
        z = self.to_latent(self.encoder_norm(h.mean(dim=1)))
        q = self.from_latent(z).unsqueeze(1) + self.slot_queries
        for layer in self.decoder:
            q = layer(q)
        return self.head(self.decoder_norm(q)).reshape(b, SLOTS * KIN)


def flops(model):
    x = torch.zeros(1, SLOTS * KIN)
    with torch.no_grad(), profile(activities=[ProfilerActivity.CPU], with_flops=True) as p:
        model(x)
    by_op = {}
    for e in p.key_averages():
        if e.key in COUNTED and e.flops:
            by_op[e.key] = by_op.get(e.key, 0) + e.flops
    return sum(by_op.values()), by_op


def main():
    torch.manual_seed(1)
    cases = []
    for c in ({"latentDim": 8, "filters1": 16, "filters2": 32}, {"latentDim": 2, "filters1": 3, "filters2": 5}):
        total, by_op = flops(ConvAe(c["latentDim"], c["filters1"], c["filters2"]))
        cases.append({"architecture": "conv", "config": c, "flops": total, "byOp": by_op})
    for c in ({"latentDim": 8, "embedDim": 32, "heads": 4, "encoderLayers": 2, "decoderLayers": 2, "ffDim": 64},
              {"latentDim": 2, "embedDim": 4, "heads": 2, "encoderLayers": 1, "decoderLayers": 1, "ffDim": 6}):
        m = TransformerAe(c["latentDim"], c["embedDim"], c["heads"], c["encoderLayers"], c["decoderLayers"], c["ffDim"])
        total, by_op = flops(m)
        cases.append({"architecture": "transformer", "config": c, "tokens": SLOTS, "flops": total, "byOp": by_op})
    json.dump({"torch": torch.__version__, "counted": list(COUNTED), "cases": cases}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

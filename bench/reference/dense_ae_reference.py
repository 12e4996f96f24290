#!/usr/bin/python3
"""PyTorch reference for nphunt's dense autoencoder: a COMPARISON HARNESS, not part of nphunt.

It trains and scores the same dense autoencoder as nphunt (57-32-16-3-16-32-57, LeakyReLU(0.3),
Adam lr 1e-3 with coupled L2 weight decay 1e-4, MSE on standardised inputs) on ADC2021-layout HDF5
files (arXiv:2107.02157), measures training and scoring speed on this machine, and computes the
same AUCs, so that nphunt's benchmark can print nphunt/PyTorch ratios. See README.md beside it.

Run with Debian's interpreter (the one that has python3-torch): /usr/bin/python3 dense_ae_reference.py
"""

import argparse
import hashlib
import json
import math
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone

import h5py
import numpy as np
import sklearn
import torch
from sklearn.metrics import roc_auc_score

SCHEMA = "nphunt-reference-dense/1"
SLOTS, FEATURES, KIN = 19, 4, 3
INPUTS = SLOTS * KIN  # 57
CLASS_ID = 3
LAYERS = [57, 32, 16, 3, 16, 32, 57]
LEAKY_SLOPE = 0.3
LATENT = LAYERS.index(min(LAYERS))  # index of the 3-dim bottleneck
STD_FLOOR = 1e-6
FPRS = [1e-5, 1e-4, 1e-3, 1e-2]
TIMING_BATCHES = [1, 64, 1024, 16384]
PROG = "dense_ae_reference"


class RefError(Exception):
    """A user-facing error: printed as one line, exit status 1."""


# ----------------------------------------------------------------------------- input


def open_particles(path):
    """Opens FILE and checks its `Particles` dataset is (N,19,4) floating point with N > 0."""
    if not os.path.isfile(path):
        raise RefError(f"{path}: no such file")
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise RefError(f"{path}: not a readable HDF5 file ({e})") from None
    if "Particles" not in f:
        f.close()
        raise RefError(f"{path}: dataset 'Particles' missing")
    ds = f["Particles"]
    if not isinstance(ds, h5py.Dataset) or len(ds.shape) != 3 or ds.shape[1:] != (SLOTS, FEATURES):
        f.close()
        raise RefError(f"{path}: dataset 'Particles' has shape {getattr(ds, 'shape', None)}, "
                       f"expected (N,{SLOTS},{FEATURES})")
    if ds.dtype.kind != "f":
        f.close()
        raise RefError(f"{path}: dataset 'Particles' has dtype {ds.dtype}, expected float32 or float64")
    if ds.shape[0] == 0:
        f.close()
        raise RefError(f"{path}: dataset 'Particles' holds no events")
    return f, ds


def read_chunks(path, chunk):
    """Yields (first_event, particles float64 (n,19,4), processId or None) chunk by chunk, validated."""
    f, ds = open_particles(path)
    with f:
        pid_ds = f["ProcessId"] if "ProcessId" in f else None
        if pid_ds is not None and pid_ds.shape[0] != ds.shape[0]:
            raise RefError(f"{path}: dataset 'ProcessId' has {pid_ds.shape[0]} entries, "
                           f"'Particles' has {ds.shape[0]} events")
        n = ds.shape[0]
        for start in range(0, n, chunk):
            p = np.asarray(ds[start:start + chunk], dtype=np.float64)
            bad = ~np.isfinite(p)
            if bad.any():
                e, s, k = np.argwhere(bad)[0]
                raise RefError(f"{path}: dataset 'Particles' event {start + e} slot {s} feature {k} "
                               f"is {p[e, s, k]}")
            cls = p[:, :, CLASS_ID]
            if (cls != np.round(cls)).any() or (cls < 0).any() or (cls > 4).any():
                e, s = np.argwhere((cls != np.round(cls)) | (cls < 0) | (cls > 4))[0]
                raise RefError(f"{path}: dataset 'Particles' event {start + e} slot {s} "
                               f"has class id {cls[e, s]}, expected 0..4")
            pid = None if pid_ds is None else np.asarray(pid_ds[start:start + chunk]).reshape(-1)
            yield start, p, pid


def kinematics(p, log_pt):
    """(n,19,4) particles -> raw inputs (n,57) (pT optionally log1p) and mask (n,19) bool.

    Values are rounded to float32 first (nphunt's model inputs are float32), then held as float64
    for the statistics and the standardisation.
    """
    mask = p[:, :, CLASS_ID] != 0
    x = p[:, :, :KIN].astype(np.float32).astype(np.float64)
    if log_pt:
        x[:, :, 0] = np.log1p(x[:, :, 0])
    return x.reshape(len(p), INPUTS), mask


# ----------------------------------------------------------------------------- preprocessing


class Standardiser:
    """Per-column z = (x - mean)/std over real objects only; empty slots are exactly 0 afterwards.

    mean and population std (ddof 0) come from the training events where the column's slot is
    non-empty (class id != 0). A column with < 2 entries or std < 1e-6 uses std 1; with no entries
    it also uses mean 0. Accumulated chunk by chunk with Chan et al.'s parallel variance update.
    """

    def __init__(self):
        self.count = np.zeros(INPUTS)
        self.mean_acc = np.zeros(INPUTS)
        self.m2 = np.zeros(INPUTS)
        self.mean = None
        self.std = None

    def update(self, x, mask):
        m = np.repeat(mask, KIN, axis=1)  # (n,57)
        nb = m.sum(axis=0).astype(np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            mb = np.where(nb > 0, (x * m).sum(axis=0) / np.maximum(nb, 1), 0.0)
        m2b = (((x - mb) * m) ** 2).sum(axis=0)
        n = self.count + nb
        delta = mb - self.mean_acc
        safe = np.maximum(n, 1)
        self.mean_acc = np.where(n > 0, self.mean_acc + delta * nb / safe, 0.0)
        self.m2 = self.m2 + m2b + delta ** 2 * self.count * nb / safe
        self.count = n

    def finish(self):
        std = np.sqrt(np.where(self.count > 0, self.m2 / np.maximum(self.count, 1), 0.0))
        self.mean = np.where(self.count > 0, self.mean_acc, 0.0)
        self.std = np.where((self.count < 2) | (std < STD_FLOOR), 1.0, std)
        return self

    def apply(self, x, mask):
        z = (x - self.mean) / self.std
        z[~np.repeat(mask, KIN, axis=1)] = 0.0
        return z.astype(np.float32)


# ----------------------------------------------------------------------------- model and scores


def build_model(init):
    layers = []
    for i in range(len(LAYERS) - 1):
        lin = torch.nn.Linear(LAYERS[i], LAYERS[i + 1])
        if init == "xavier":
            torch.nn.init.xavier_uniform_(lin.weight)
            torch.nn.init.zeros_(lin.bias)
        layers.append(lin)
        if i + 1 not in (LATENT, len(LAYERS) - 1):  # latent and output stay linear
            layers.append(torch.nn.LeakyReLU(LEAKY_SLOPE))
    return torch.nn.Sequential(*layers)


def mse_scores(recon, z):
    """Per-event MSE over the 57 standardised values."""
    d = recon - z
    return (d * d).mean(dim=1)


def mae_pt_mse_angles_scores(recon, z, mask):
    """Per event: mean over REAL objects of |d pT| + d eta^2 + d phi^2 (standardised units).

    mask is (B,19) float (1 real, 0 empty); an event without real objects scores 0.
    """
    d = (recon - z).view(-1, SLOTS, KIN)
    per_obj = d[:, :, 0].abs() + d[:, :, 1] ** 2 + d[:, :, 2] ** 2
    return (per_obj * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)


def loss_fn(recon, z, mask3, masked):
    d2 = (recon - z) ** 2
    if not masked:
        return d2.mean()
    return (d2 * mask3).sum() / mask3.sum().clamp(min=1.0)


# ----------------------------------------------------------------------------- metrics


def auc_stderr(auc, n_pos, n_neg):
    """Hanley & McNeil (1982) standard error of an AUC."""
    q1, q2 = auc / (2 - auc), 2 * auc * auc / (1 + auc)
    v = (auc * (1 - auc) + (n_pos - 1) * (q1 - auc * auc) + (n_neg - 1) * (q2 - auc * auc)) / (n_pos * n_neg)
    return math.sqrt(max(v, 0.0))


def tpr_at_fpr(bkg, sig, fpr):
    """Threshold = the (k+1)-th highest background score, k = floor(fpr * n_bkg); TPR = P(sig > t).

    None (n/a) when the background has fewer than 10/fpr events.
    """
    n = len(bkg)
    if n < 10.0 / fpr:
        return {"fpr": fpr, "tpr": None, "threshold": None, "fpr_actual": None,
                "note": f"n/a: background {n} < {int(round(10 / fpr))} events"}
    k = int(math.floor(fpr * n))
    t = float(np.partition(bkg, n - 1 - k)[n - 1 - k])
    return {"fpr": fpr, "tpr": float((sig > t).mean()), "threshold": t,
            "fpr_actual": float((bkg > t).mean()), "note": None}


def evaluate(bkg, sig):
    y = np.concatenate([np.zeros(len(bkg)), np.ones(len(sig))])
    auc = float(roc_auc_score(y, np.concatenate([bkg, sig])))
    return {"auc": auc, "auc_stderr": auc_stderr(auc, len(sig), len(bkg)),
            "tpr_at_fpr": [tpr_at_fpr(bkg, sig, f) for f in FPRS]}


# ----------------------------------------------------------------------------- pipeline


def derived_seed(seed, purpose):
    return int(np.random.SeedSequence([seed, purpose]).generate_state(1, dtype=np.uint32)[0])


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            h.update(block)
    return h.hexdigest()


def file_info(path):
    return {"path": os.path.abspath(path), "sha256": sha256(path), "bytes": os.path.getsize(path)}


def load_training(path, val_fraction, seed, log_pt, chunk):
    """Reads the training file chunk by chunk; returns standardised train/val tensors and the stats."""
    f, ds = open_particles(path)
    n = ds.shape[0]
    f.close()
    perm = np.random.default_rng(derived_seed(seed, 0)).permutation(n)
    n_val = int(round(val_fraction * n))
    if n - n_val < 1 or (val_fraction > 0 and n_val < 1):
        raise RefError(f"{path}: {n} events are too few for validation fraction {val_fraction}")
    is_val = np.zeros(n, dtype=bool)
    is_val[perm[:n_val]] = True
    raw = np.empty((n, INPUTS), dtype=np.float32)  # the model's inputs are float32, as in nphunt
    mask = np.empty((n, SLOTS), dtype=bool)
    st = Standardiser()
    for start, p, _ in read_chunks(path, chunk):
        x, m = kinematics(p, log_pt)
        raw[start:start + len(p)], mask[start:start + len(p)] = x, m
        tr = ~is_val[start:start + len(p)]
        st.update(x[tr], m[tr])
    st.finish()
    for start in range(0, n, chunk):  # standardise in place
        raw[start:start + chunk] = st.apply(raw[start:start + chunk], mask[start:start + chunk])
    # training rows in the seeded permutation's order, validation rows likewise
    tr_idx, va_idx = perm[n_val:], perm[:n_val]
    ztr, zva = raw[tr_idx], raw[va_idx]
    del raw
    return (torch.from_numpy(ztr), torch.from_numpy(mask[tr_idx].astype(np.float32)),
            torch.from_numpy(zva), torch.from_numpy(mask[va_idx].astype(np.float32)), st, n)


def batched_eval(model, z, mask, batch=16384):
    """Per-event mse and mae_pt_mse_angles scores (float64 numpy) of standardised inputs, in no_grad batches."""
    mse, s4 = [], []
    with torch.no_grad():
        for i in range(0, len(z), batch):
            zb, mb = z[i:i + batch], mask[i:i + batch]
            r = model(zb)
            mse.append(mse_scores(r, zb))
            s4.append(mae_pt_mse_angles_scores(r, zb, mb))
    return torch.cat(mse).numpy().astype(np.float64), torch.cat(s4).numpy().astype(np.float64)


def train(model, ztr, mtr, zva, mva, args, log):
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    gen = torch.Generator().manual_seed(derived_seed(args.seed, 2))
    n, b = len(ztr), args.batch
    history = []
    for epoch in range(1, args.epochs + 1):
        model.train()
        t0 = time.perf_counter()
        order = torch.randperm(n, generator=gen)
        total = 0.0
        for i in range(0, n, b):
            idx = order[i:i + b]
            zb = ztr[idx]
            opt.zero_grad(set_to_none=True)
            m3 = mtr[idx].repeat_interleave(KIN, dim=1) if args.masked_loss else None
            loss = loss_fn(model(zb), zb, m3, args.masked_loss)
            loss.backward()
            opt.step()
            lv = loss.item()
            if not math.isfinite(lv):
                raise RefError(f"training diverged: loss {lv} at epoch {epoch}, batch {i // b}")
            total += lv * len(idx)
        secs = time.perf_counter() - t0
        model.eval()
        with torch.no_grad():
            vl = 0.0
            for i in range(0, len(zva), 16384):
                zb = zva[i:i + 16384]
                m3 = mva[i:i + 16384].repeat_interleave(KIN, dim=1) if args.masked_loss else None
                vl += loss_fn(model(zb), zb, m3, args.masked_loss).item() * len(zb)
        val = vl / len(zva) if len(zva) else None
        history.append({"epoch": epoch, "train_loss": total / n, "val_loss": val, "seconds": secs,
                        "events_per_s": n / secs})
        log(f"epoch {epoch:3d}  train {total / n:.5f}  val {val if val is None else round(val, 5)}  "
            f"{n / secs:,.0f} events/s")
    return history


def score_file(model, path, st, log_pt, chunk, keep=0):
    """Streams FILE, returns (mse, mae_pt_mse_angles scores, processId counts, first `keep` standardised rows)."""
    mse, s4, pids, pool_z, pool_m, kept = [], [], {}, [], [], 0
    for _, p, pid in read_chunks(path, chunk):
        x, m = kinematics(p, log_pt)
        z, mt = torch.from_numpy(st.apply(x, m)), torch.from_numpy(m.astype(np.float32))
        a, c = batched_eval(model, z, mt)
        mse.append(a)
        s4.append(c)
        if pid is not None:
            for v, k in zip(*np.unique(pid, return_counts=True)):
                pids[str(int(v))] = pids.get(str(int(v)), 0) + int(k)
        if kept < keep:
            pool_z.append(z[:keep - kept])
            pool_m.append(mt[:keep - kept])
            kept += len(pool_z[-1])
    pool = (torch.cat(pool_z), torch.cat(pool_m)) if pool_z else None
    return np.concatenate(mse), np.concatenate(s4), pids or None, pool


def time_scoring(model, pool, repeats):
    """Forward pass + per-event MSE on standardised in-memory inputs, per batch size, after warm-up."""
    z = pool
    need = max(TIMING_BATCHES)
    if len(z) < need:
        z = z.repeat((need + len(z) - 1) // len(z), 1)[:need]
    z = z.contiguous()
    out = []
    with torch.no_grad():
        for b in TIMING_BATCHES:
            events = 2048 if b == 1 else max(4 * b, 16384)
            batches = [z[(i * b) % (len(z) - b + 1):(i * b) % (len(z) - b + 1) + b]
                       for i in range(events // b)]
            for xb in batches:  # warm-up: one untimed repeat
                mse_scores(model(xb), xb)
            rates = []
            for _ in range(repeats):
                t0 = time.perf_counter()
                for xb in batches:
                    mse_scores(model(xb), xb)
                rates.append(len(batches) * b / (time.perf_counter() - t0))
            out.append({"batch": b, "events_per_repeat": len(batches) * b, "repeats": repeats,
                        "events_per_s_median": float(np.median(rates)),
                        "events_per_s_min": float(np.min(rates)), "events_per_s_max": float(np.max(rates))})
        # latency of one event: per-call wall time
        one = [z[i:i + 1] for i in range(1000)]
        for xb in one[:100]:
            mse_scores(model(xb), xb).item()
        lat = []
        for xb in one:
            t0 = time.perf_counter_ns()
            mse_scores(model(xb), xb).item()
            lat.append((time.perf_counter_ns() - t0) / 1000.0)
    lat = np.array(lat)
    return out, {"calls": len(lat), "median": float(np.median(lat)), "p10": float(np.percentile(lat, 10)),
                 "p90": float(np.percentile(lat, 90)), "p99": float(np.percentile(lat, 99))}


def debian_torch_package():
    """Version of Debian's python3-torch package, or None (torch.__version__ says 1.13.0a0 there)."""
    try:
        r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "python3-torch"], capture_output=True,
                           text=True, timeout=10)
        return (r.stdout.strip() or None) if r.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        return None


def machine_info():
    cpu = None
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), None)
    except OSError:
        pass
    mem = None
    try:
        with open("/proc/meminfo") as f:
            mem = next((int(l.split()[1]) // 1024 for l in f if l.startswith("MemTotal")), None)
    except OSError:
        pass
    return {"cores_online": os.cpu_count(), "cores_usable": len(os.sched_getaffinity(0)),
            "cpu_model": cpu, "mem_total_mb": mem, "platform": platform.platform(),
            "loadavg_start": list(os.getloadavg()),
            "env": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OMP_WAIT_POLICY", "GOMP_SPINCOUNT",
                                                   "MKL_NUM_THREADS", "KMP_BLOCKTIME")}}


def write_json_atomic(path, obj, force):
    if os.path.exists(path) and not force:
        raise RefError(f"{path}: exists (use --force to overwrite)")
    d = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(d):
        raise RefError(f"{path}: directory {d} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=d)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file ordinary permissions
        with os.fdopen(fd, "w") as f:
            json.dump(obj, f, indent=1, allow_nan=False)
            f.write("\n")
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def parse_args(argv):
    ap = argparse.ArgumentParser(prog=PROG, description="PyTorch reference of nphunt's dense autoencoder "
                                 "(comparison harness, not part of nphunt)")
    ap.add_argument("--train", required=True, help="SM training HDF5 file (validation split taken from it)")
    ap.add_argument("--test", required=True, help="SM test HDF5 file (background for AUCs)")
    ap.add_argument("--signal", action="append", default=[], metavar="NAME=FILE",
                    help="signal HDF5 file, repeatable")
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--batch", type=int, default=1024)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--weight-decay", type=float, default=1e-4)
    ap.add_argument("--val-fraction", type=float, default=0.2)
    ap.add_argument("--log-pt", action="store_true", help="use log(1+pT) before standardising")
    ap.add_argument("--masked-loss", action="store_true", help="loss over real objects only (default: all 57)")
    ap.add_argument("--init", choices=["torch", "xavier"], default="torch",
                    help="weight init: torch default (Kaiming-uniform a=sqrt5) or Xavier-uniform with zero bias")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--chunk", type=int, default=65536, help="events per HDF5 read")
    ap.add_argument("--repeats", type=int, default=5, help="timing repeats per scoring batch size")
    ap.add_argument("--no-timing", action="store_true", help="skip the scoring-speed measurement")
    ap.add_argument("--json", help="write the results here (refuses to overwrite without --force)")
    ap.add_argument("--force", action="store_true")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    for name in ("epochs", "batch", "threads", "chunk", "repeats"):
        if getattr(a, name) <= 0:
            ap.error(f"--{name} must be > 0, found {getattr(a, name)}")
    if not 0 <= a.val_fraction < 1:
        ap.error(f"--val-fraction must be in [0, 1), found {a.val_fraction}")
    if a.lr <= 0 or a.weight_decay < 0:
        ap.error(f"--lr must be > 0 and --weight-decay >= 0, found {a.lr} and {a.weight_decay}")
    sigs = []
    for s in a.signal:
        name, sep, path = s.partition("=")
        if not sep or not name or not path:
            ap.error(f"--signal must be NAME=FILE, found '{s}'")
        if name in [n for n, _ in sigs]:
            ap.error(f"--signal name '{name}' given twice")
        sigs.append((name, path))
    a.signal = sigs
    return a


def run(args):
    log = (lambda *_: None) if args.quiet else (lambda m: print(m, flush=True))
    if args.json and os.path.exists(args.json) and not args.force:
        raise RefError(f"{args.json}: exists (use --force to overwrite)")
    torch.set_num_threads(args.threads)
    machine = machine_info()
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")

    t0 = time.perf_counter()
    ztr, mtr, zva, mva, st, n_file = load_training(args.train, args.val_fraction, args.seed,
                                                   args.log_pt, args.chunk)
    load_s = time.perf_counter() - t0
    log(f"train file: {n_file} events ({len(ztr)} train, {len(zva)} validation), loaded in {load_s:.2f} s")

    torch.manual_seed(derived_seed(args.seed, 1))
    model = build_model(args.init)
    history = train(model, ztr, mtr, zva, mva, args, log)
    train_s = sum(h["seconds"] for h in history)
    model.eval()

    bkg_mse, bkg_s4, bkg_pids, pool = score_file(model, args.test, st, args.log_pt, args.chunk,
                                                 keep=max(TIMING_BATCHES))
    signals = []
    for name, path in args.signal:
        mse, s4, pids, _ = score_file(model, path, st, args.log_pt, args.chunk)
        signals.append({"name": name, "path": os.path.abspath(path), "events": len(mse),
                        "process_ids": pids,
                        "scores": {"mse": evaluate(bkg_mse, mse), "mae_pt_mse_angles": evaluate(bkg_s4, s4)}})

    throughput, latency = (None, None) if args.no_timing else time_scoring(model, pool[0], args.repeats)
    rates = [h["events_per_s"] for h in history]
    summary = {
        "train_events_per_s": float(np.median(rates)),
        "score_events_per_s": None if throughput is None else
        {str(t["batch"]): t["events_per_s_median"] for t in throughput},
        "latency_us": None if latency is None else latency["median"],
        "auc": {s["name"]: s["scores"]["mse"]["auc"] for s in signals},
        "auc_stderr": {s["name"]: s["scores"]["mse"]["auc_stderr"] for s in signals},
    }
    result = {
        "schema": SCHEMA,
        "summary": summary,
        "tool": "bench/reference/dense_ae_reference.py",
        "started_utc": started,
        "versions": {"python": platform.python_version(), "torch": torch.__version__,
                     "torch_debian_package": debian_torch_package(),
                     "numpy": np.__version__, "h5py": h5py.__version__, "sklearn": sklearn.__version__},
        "machine": {**machine, "torch_threads": torch.get_num_threads(),
                    "torch_interop_threads": torch.get_num_interop_threads(),
                    "loadavg_end": list(os.getloadavg())},
        "config": {"layers": LAYERS, "activation": f"LeakyReLU({LEAKY_SLOPE})", "latent_activation": "linear",
                   "output_activation": "linear", "loss": "masked_mse" if args.masked_loss else "mse",
                   "optimizer": "Adam (torch.optim.Adam, coupled L2)", "lr": args.lr,
                   "weight_decay": args.weight_decay, "batch": args.batch, "epochs": args.epochs,
                   "seed": args.seed, "val_fraction": args.val_fraction, "log_pt": args.log_pt,
                   "init": args.init, "threads": args.threads, "chunk": args.chunk, "repeats": args.repeats,
                   "std_floor": STD_FLOOR},
        "inputs": {"train": {**file_info(args.train), "events": n_file},
                   "test": {**file_info(args.test), "events": len(bkg_mse), "process_ids": bkg_pids},
                   "signals": [{"name": n, **file_info(p)} for n, p in args.signal]},
        "split": {"train_events": len(ztr), "val_events": len(zva)},
        "preprocessing": {"log_pt": args.log_pt, "count": st.count.astype(int).tolist(),
                          "mean": st.mean.tolist(), "std": st.std.tolist()},
        "training": {"load_seconds": load_s, "train_seconds": train_s,
                     "events_per_s": len(ztr) * len(history) / train_s,
                     "events_per_s_median_epoch": float(np.median(rates)),
                     "events_per_s_min_epoch": float(np.min(rates)),
                     "events_per_s_max_epoch": float(np.max(rates)),
                     "final_train_loss": history[-1]["train_loss"], "final_val_loss": history[-1]["val_loss"],
                     "history": history},
        "scoring": {"what": "forward + per-event MSE on standardised in-memory float32 inputs, torch.no_grad",
                    "throughput": throughput, "latency_us": latency},
        "evaluation": {"background": {"name": "test", "events": len(bkg_mse),
                                      "mean_mse": float(bkg_mse.mean()),
                                      "mean_mae_pt_mse_angles": float(bkg_s4.mean())},
                       "signals": signals},
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
    }
    print_table(result, log)
    if args.json:
        write_json_atomic(args.json, result, args.force)
        log(f"wrote {args.json}")
    return result


def fmt_tpr(x):
    return "n/a" if x["tpr"] is None else f"{x['tpr']:.4f}"


def print_table(r, log):
    t = r["training"]
    log(f"\nPyTorch {r['versions']['torch']}, {r['machine']['torch_threads']} threads, "
        f"{r['machine']['cores_usable']} cores usable, load {r['machine']['loadavg_start'][0]:.2f}")
    log(f"training: {t['events_per_s']:,.0f} events/s (batch {r['config']['batch']}, "
        f"{r['config']['epochs']} epochs, median epoch {t['events_per_s_median_epoch']:,.0f})")
    if r["scoring"]["throughput"]:
        for s in r["scoring"]["throughput"]:
            log(f"scoring batch {s['batch']:>5}: {s['events_per_s_median']:>12,.0f} events/s "
                f"(min {s['events_per_s_min']:,.0f}, max {s['events_per_s_max']:,.0f})")
        log(f"latency of one event: {r['scoring']['latency_us']['median']:.1f} us (median)")
    log(f"{'signal':<16}{'score':<9}{'AUC':>8}{'+-':>8}" + "".join(f"{'TPR@' + format(f, 'g'):>12}" for f in FPRS))
    for s in r["evaluation"]["signals"]:
        for k, v in s["scores"].items():
            log(f"{s['name']:<16}{k:<9}{v['auc']:8.4f}{v['auc_stderr']:8.4f}"
                + "".join(f"{fmt_tpr(x):>12}" for x in v["tpr_at_fpr"]))


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        run(args)
    except RefError as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Reference values for nphunt's statistics engine (org.nphunt.fit, org.nphunt.fom), computed with SciPy,
NumPy and scikit-learn, written as JSON fixtures for nphunt-core's tests.

Run with Debian's Python (python3-scipy, python3-sklearn):

    /usr/bin/python3 nphunt-bench/src/main/python/fit/fit_reference.py \
        nphunt-core/src/test/resources/org/nphunt/fit/scipy_reference.json

Everything here is computed independently of nphunt:
  * the dijet background f(m) = p0 (1 - x)^p1 / x^(p2 + p3 ln x), x = m / sqrt(s), integrated over each bin
    with a 20-point Gauss-Legendre rule, checked against scipy.integrate.quad (nphunt uses 5 points);
  * the Crystal Ball signal from scipy.stats.crystalball (beta = alpha, m = n);
  * the binned Poisson -2 ln L = 2 sum [nu - n ln nu + ln n!] minimised with scipy.optimize.minimize (BFGS with
    the analytic gradient, in the plain parametrisation (ln p0, p1, p2, p3), several starts);
  * the F-test p-value from scipy.stats.f.sf, the two-sample chi2 from scipy.stats.chi2_contingency,
    the KS test from scipy.stats.ks_2samp (exact), Poisson tail probabilities from scipy.stats.poisson,
    ROC points from sklearn.metrics.roc_curve.
The histograms are drawn once from a seeded NumPy generator and stored in the fixture (the Java tests use
the stored counts).
"""
import json
import sys

import numpy as np
from scipy import integrate, optimize, stats
from sklearn.metrics import roc_curve

SQRT_S = 13000.0
GL_X, GL_W = np.polynomial.legendre.leggauss(20)


def density(m, p):
    x = m / SQRT_S
    p3 = p[3] if len(p) == 4 else 0.0
    return p[0] * np.exp(p[1] * np.log1p(-x) - (p[2] + p3 * np.log(x)) * np.log(x))


def nodes(edges):
    lo, hi = edges[:-1], edges[1:]
    half = 0.5 * (hi - lo)
    mid = 0.5 * (hi + lo)
    m = mid[:, None] + half[:, None] * GL_X[None, :]
    w = half[:, None] * GL_W[None, :]
    return m, w


def bin_integrals(edges, p):
    m, w = nodes(edges)
    return (w * density(m, p)).sum(axis=1)


def bin_integrals_quad(edges, p):
    return np.array([integrate.quad(lambda m: density(m, p), a, b, epsabs=0, epsrel=1e-13, limit=200)[0]
                     for a, b in zip(edges[:-1], edges[1:])])


def features(edges, npar):
    """d ln f / d(ln p0, p1, p2, p3) at the quadrature nodes."""
    m, _ = nodes(edges)
    x = m / SQRT_S
    lx = np.log(x)
    g = [np.ones_like(m), np.log1p(-x), -lx, -lx * lx]
    return g[:npar]


def cb_fractions(edges, mass, rel_width=0.07, alpha=1.0, n=3.0, rel_mean=1.0):
    cdf = stats.crystalball.cdf(edges, alpha, n, loc=rel_mean * mass, scale=rel_width * mass)
    sf = stats.crystalball.sf(edges, alpha, n, loc=rel_mean * mass, scale=rel_width * mass)
    out = np.where(edges[:-1] >= rel_mean * mass, sf[:-1] - sf[1:], cdf[1:] - cdf[:-1])
    return out


def m2lnl(n, nu):
    from scipy.special import gammaln
    if np.any(nu <= 0):
        return np.inf
    return 2.0 * np.sum(nu - n * np.log(nu) + gammaln(n + 1))


def deviance(n, nu):
    t = nu - n + np.where(n > 0, n * np.log(np.where(n > 0, n, 1) / nu), 0.0)
    return 2.0 * np.sum(t)


def pearson(n, nu):
    return np.sum((n - nu) ** 2 / nu)


def std_params(theta):
    return np.concatenate([[np.exp(theta[0])], theta[1:]])


class Model:
    """Several categories, shared mu, background parameters theta_c = (ln p0, p1, p2[, p3])."""

    def __init__(self, cats, npars, sig):
        self.cats = cats  # list of (edges, counts)
        self.npars = npars
        self.sig = sig  # per category: signal per unit mu (or zeros)
        self.m, self.w, self.g = [], [], []
        for (edges, _), npar in zip(cats, npars):
            m, w = nodes(edges)
            self.m.append(m)
            self.w.append(w)
            self.g.append(features(edges, npar))

    def split(self, theta):
        out, off = [], 0
        for k in self.npars:
            out.append(theta[off:off + k])
            off += k
        return out

    def value_grad(self, mu, theta, mu_free):
        total = 0.0
        gmu = 0.0
        grads = []
        for c, th in enumerate(self.split(theta)):
            n = self.cats[c][1]
            e = self.w[c] * density(self.m[c], std_params(th))
            b = e.sum(axis=1)
            nu = mu * self.sig[c] + b
            if np.any(nu <= 0):
                return np.inf, None
            total += m2lnl(n, nu)
            d = 2.0 * (1.0 - n / nu)
            gmu += np.sum(d * self.sig[c])
            grads.append(np.array([np.sum(d * (e * gk).sum(axis=1)) for gk in self.g[c]]))
        grad = np.concatenate(grads)
        if mu_free:
            grad = np.concatenate([[gmu], grad])
        return total, grad


def minimise(fun_grad, starts):
    best = None
    for x0 in starts:
        res = optimize.minimize(fun_grad, x0, jac=True, method="BFGS", options={"gtol": 1e-9, "maxiter": 20000})
        for _ in range(3):  # restart BFGS from its own result (fresh Hessian approximation)
            res2 = optimize.minimize(fun_grad, res.x, jac=True, method="BFGS", options={"gtol": 1e-9, "maxiter": 20000})
            if res2.fun <= res.fun:
                res = res2
        if best is None or res.fun < best.fun:
            best = res
    return best


def linear_start(edges, counts, npar):
    mid = 0.5 * (edges[:-1] + edges[1:])
    x = mid / SQRT_S
    lx = np.log(x)
    cols = [np.ones_like(x), np.log1p(-x), -lx, -lx * lx][:npar]
    ok = counts > 0
    a = np.stack(cols, axis=1)[ok] * np.sqrt(counts[ok])[:, None]
    y = np.log(counts[ok] / (edges[1:] - edges[:-1])[ok]) * np.sqrt(counts[ok])
    return np.linalg.lstsq(a, y, rcond=None)[0]


def fit_background(edges, counts, npar, extra_starts=()):
    model = Model([(edges, counts)], [npar], [np.zeros(len(counts))])
    fg = lambda th: model.value_grad(0.0, th, False)
    starts = [linear_start(edges, counts, npar)] + [np.asarray(s)[:npar] for s in extra_starts]
    res = minimise(fg, starts)
    nu = bin_integrals(edges, std_params(res.x))
    return res.x, res.fun, deviance(counts, nu), pearson(counts, nu)


def main(out_path):
    rng = np.random.default_rng(20240613)
    out = {"generator": "nphunt-bench/src/main/python/fit/fit_reference.py", "sqrtS": SQRT_S}

    # --- 1. bin integrals: 20-point Gauss-Legendre against adaptive quad
    edges_a = np.linspace(1200.0, 3600.0, 41)
    edges_b = np.geomspace(1200.0, 3600.0, 31)
    p4 = [1.0, 7.0, 4.5, 0.3]
    gl = bin_integrals(edges_a, p4)
    qd = bin_integrals_quad(edges_a, p4)
    assert np.max(np.abs(gl / qd - 1)) < 1e-12, np.max(np.abs(gl / qd - 1))
    out["binIntegrals"] = {"edges": edges_a.tolist(), "parameters": p4, "integrals": qd.tolist()}

    # --- 2. Crystal Ball values
    cb_cases = []
    for (mean, sigma, alpha, n) in [(0.0, 1.0, 1.0, 3.0), (2400.0, 168.0, 1.5, 2.0), (1.0, 0.5, 0.4, 10.0),
                                    (0.0, 2.0, 3.0, 1.5)]:
        xs = mean + sigma * np.array([-30.0, -8.0, -3.0, -alpha - 1e-9, -alpha, -alpha + 1e-9, -0.5, 0.0, 0.7, 2.0, 5.0, 9.0])
        cb_cases.append({"mean": mean, "sigma": sigma, "alpha": alpha, "n": n, "x": xs.tolist(),
                         "pdf": stats.crystalball.pdf(xs, alpha, n, loc=mean, scale=sigma).tolist(),
                         "cdf": stats.crystalball.cdf(xs, alpha, n, loc=mean, scale=sigma).tolist(),
                         "sf": stats.crystalball.sf(xs, alpha, n, loc=mean, scale=sigma).tolist()})
    out["crystalBall"] = cb_cases

    # --- 3. two categories: A with a clear p3, B without; a Crystal Ball signal at 2400 GeV
    mass = 2400.0
    eff = [0.6, 0.4]
    mu_true = 600.0
    pa = [1.0, 6.0, 5.0, 0.8]
    pb = [1.0, 9.0, 4.0]
    ba = bin_integrals(edges_a, pa)
    pa[0] = 30000.0 / ba.sum()
    bb = bin_integrals(edges_b, pb)
    pb[0] = 8000.0 / bb.sum()
    sa = eff[0] * cb_fractions(edges_a, mass)
    sb = eff[1] * cb_fractions(edges_b, mass)
    na = rng.poisson(bin_integrals(edges_a, pa) + mu_true * sa).astype(float)
    nb = rng.poisson(bin_integrals(edges_b, pb) + mu_true * sb).astype(float)
    cats = [(edges_a, na), (edges_b, nb)]
    out["categories"] = [{"name": "A", "edges": edges_a.tolist(), "counts": na.tolist(), "signalEfficiency": eff[0]},
                         {"name": "B", "edges": edges_b.tolist(), "counts": nb.tolist(), "signalEfficiency": eff[1]}]
    out["signal"] = {"mass": mass, "relativeWidth": 0.07, "alpha": 1.0, "n": 3.0, "relativeMean": 1.0,
                     "fractionsA": cb_fractions(edges_a, mass).tolist(),
                     "fractionsB": cb_fractions(edges_b, mass).tolist()}

    # -2 ln L at fixed parameter points (no fit involved)
    points = []
    for mu, qa, qb in [(0.0, pa, pb), (250.0, [pa[0] * 0.97, 6.2, 4.9, 0.75], [pb[0] * 1.02, 8.8, 4.1, 0.05]),
                       (-80.0, [pa[0], 6.0, 5.0], [pb[0], 9.0, 4.0])]:
        m2 = 0.0
        for (edges, n), s, q in zip(cats, (sa, sb), (qa, qb)):
            m2 += m2lnl(n, bin_integrals(edges, q) + mu * s)
        points.append({"mu": mu, "parametersA": list(qa), "parametersB": list(qb), "minus2LnL": m2})
    out["likelihoodPoints"] = points

    # background-only fits, both forms, and the F-test (Pearson chi2, the dijet convention)
    bkg = []
    chosen_theta = []
    for name, (edges, n) in zip("AB", cats):
        th3, m3, d3, c3 = fit_background(edges, n, 3)
        th4, m4, d4, c4 = fit_background(edges, n, 4, extra_starts=[np.append(th3, 0.0)])
        ndf3, ndf4 = len(n) - 3, len(n) - 4
        f = ((c3 - c4) / (ndf3 - ndf4)) / (c4 / ndf4)
        p = stats.f.sf(f, ndf3 - ndf4, ndf4)
        assert abs(p - 0.05) > 0.01, ("F-test too close to the threshold", name, p)
        use4 = p < 0.05
        chosen_theta.append((4, th4) if use4 else (3, th3))
        bkg.append({"name": name,
                    "three": {"parameters": std_params(th3).tolist(), "minus2LnL": m3, "deviance": d3, "pearsonChi2": c3},
                    "four": {"parameters": std_params(th4).tolist(), "minus2LnL": m4, "deviance": d4, "pearsonChi2": c4},
                    "fTest": {"f": f, "pValue": p, "fourChosen": bool(use4)}})
    out["backgroundOnly"] = bkg

    # signal + background, shared mu, profiled backgrounds
    npars = [k for k, _ in chosen_theta]
    theta0 = np.concatenate([th for _, th in chosen_theta])
    model = Model(cats, npars, [sa, sb])
    fg = lambda x: model.value_grad(x[0], x[1:], True)
    res = minimise(fg, [np.concatenate([[0.0], theta0]), np.concatenate([[mu_true], theta0])])
    mu_hat, m2_hat = res.x[0], res.fun
    m2_b = sum(b["four" if k == 4 else "three"]["minus2LnL"] for b, k in zip(bkg, npars))

    def profile(mu, start):
        r = minimise(lambda th: model.value_grad(mu, th, False), [start, res.x[1:], theta0])
        return r.fun, r.x

    # profile at mu = 0 as a check of the background-only minimum
    m2_0, _ = profile(0.0, theta0)
    assert abs(m2_0 - m2_b) < 1e-6, (m2_0, m2_b)
    q0 = max(0.0, m2_b - m2_hat) if mu_hat > 0 else 0.0
    crossings = []
    for sign in (-1, 1):
        f1 = lambda mu: profile(mu, res.x[1:])[0] - m2_hat - 1.0
        lo, hi = mu_hat, mu_hat + sign * 50.0
        while f1(hi) < 0:
            hi = mu_hat + (hi - mu_hat) * 1.6
        crossings.append(optimize.brentq(f1, min(lo, hi), max(lo, hi), xtol=1e-8) if sign > 0 else
                         optimize.brentq(f1, hi, lo, xtol=1e-8))
    nu_hat = [bin_integrals(e, std_params(th)) + mu_hat * s
              for (e, _), th, s in zip(cats, model.split(res.x[1:]), (sa, sb))]
    out["signalFit"] = {
        "forms": npars, "muHat": mu_hat, "minus2LnL": m2_hat, "minus2LnLBackgroundOnly": m2_b, "q0": q0,
        "z": float(np.sqrt(q0)), "muLow": crossings[0], "muHigh": crossings[1],
        "backgroundParameters": [std_params(th).tolist() for th in model.split(res.x[1:])],
        "deviance": float(sum(deviance(n, nu) for (_, n), nu in zip(cats, nu_hat))),
        "pearsonChi2": float(sum(pearson(n, nu) for (_, n), nu in zip(cats, nu_hat))),
        "profile": [{"mu": mu, "minus2LnL": profile(mu, res.x[1:])[0]} for mu in (0.0, 300.0, mu_hat + 100.0)]}

    # --- 4. F-test hand cases
    out["fTest"] = [{"chi2Small": a, "ndfSmall": b, "chi2Large": c, "ndfLarge": d,
                     "f": ((a - c) / (b - d)) / (c / d), "pValue": float(stats.f.sf(((a - c) / (b - d)) / (c / d), b - d, d))}
                    for a, b, c, d in [(60.0, 47, 52.0, 46), (48.5, 37, 47.9, 36), (130.0, 50, 60.0, 48), (20.0, 10, 19.99, 9)]]

    # --- 5. two-sample shape tests
    h1 = rng.poisson(bin_integrals(edges_a, pa) * 0.2).astype(int)
    b2 = bin_integrals(edges_a, [1.0, 6.5, 5.0, 0.8])
    h2 = rng.poisson(b2 * 4000.0 / b2.sum()).astype(int)
    h1[-3:] = 0
    h2[-3:] = [0, 1, 0]
    keep = (h1 + h2) > 0
    chi2, p, dof, _ = stats.chi2_contingency(np.stack([h1[keep], h2[keep]]), correction=False)
    out["chiSquareTwoSample"] = {"edges": edges_a.tolist(), "a": h1.tolist(), "b": h2.tolist(), "chi2": chi2,
                                 "pValue": p, "ndf": int(dof)}
    xs = np.round(rng.normal(0.0, 1.0, 60), 4)
    ys = np.round(rng.normal(0.3, 1.1, 80), 4)
    ks = stats.ks_2samp(xs, ys, method="exact")
    xl = np.round(rng.normal(0.0, 1.0, 1200), 4)
    yl = np.round(rng.normal(0.1, 1.0, 900), 4)
    ksl = stats.ks_2samp(xl, yl, method="asymp")
    # scipy's "asymp" two-sided p-value is kstwo.sf(d, round(en)); the classical large-sample formula, which
    # Hipparchus implements, is the limiting Kolmogorov distribution kstwobign.sf(sqrt(en) d) (Smirnov 1948)
    en = len(xl) * len(yl) / (len(xl) + len(yl))
    out["ks"] = [{"x": xs.tolist(), "y": ys.tolist(), "statistic": ks.statistic, "pValue": ks.pvalue, "method": "exact"},
                 {"x": xl.tolist(), "y": yl.tolist(), "statistic": ksl.statistic, "pValue": ksl.pvalue, "method": "asymp",
                  "pValueLimiting": float(stats.kstwobign.sf(np.sqrt(en) * ksl.statistic))}]

    # --- 6. Poisson tails and significances
    res_cases = []
    for n, lam in [(25.0, 10.0), (3.0, 10.0), (0.0, 4.0), (120.0, 100.0), (0.0, 0.3), (60.0, 20.0), (9.0, 10.0), (2.5, 7.2)]:
        if n > lam:
            pv = stats.poisson.sf(n - 1, lam) if float(n).is_integer() else float(stats.gamma.cdf(lam, n))
            z = stats.norm.isf(pv) if pv < 0.5 else 0.0
        elif n < lam:
            pv = stats.poisson.cdf(n, lam) if float(n).is_integer() else float(stats.gamma.sf(lam, n + 1))
            z = -stats.norm.isf(pv) if pv < 0.5 else 0.0
        else:
            z = 0.0
        res_cases.append({"n": n, "nu": lam, "z": float(z)})
    out["significanceResiduals"] = res_cases
    out["zFromP"] = [{"p": p, "z": float(stats.norm.isf(p))} for p in (0.5, 0.3, 0.158655, 1e-3, 2.87e-7, 1e-20, 1e-100, 1e-300)]

    # --- 7. figures of merit: weighted ROC points from scikit-learn
    ns, nbk = 800, 2000
    sig = np.round(rng.normal(1.0, 1.0, ns), 2)  # rounded: ties within and across samples
    bk = np.round(rng.normal(-0.5, 1.0, nbk), 2)
    ws = np.round(rng.uniform(0.5, 1.5, ns), 3)
    wb = np.round(rng.uniform(0.2, 2.0, nbk), 3)
    y = np.concatenate([np.ones(ns), np.zeros(nbk)])
    score = np.concatenate([sig, bk])
    w = np.concatenate([ws, wb])
    fpr, tpr, thr = roc_curve(y, score, sample_weight=w, drop_intermediate=False)
    counts = np.array([np.sum(bk >= t) for t in thr])
    # rejection at eps_S = 0.3: linear interpolation between the last point below and the first at or above
    hi = int(np.argmax(tpr >= 0.3))
    lo = hi - 1
    eb = fpr[hi] if tpr[hi] == 0.3 else fpr[lo] + (0.3 - tpr[lo]) / (tpr[hi] - tpr[lo]) * (fpr[hi] - fpr[lo])
    keep = (counts >= 10) & (fpr > 0)
    sic = tpr[keep] / np.sqrt(fpr[keep])
    k = int(np.argmax(sic))
    out["figuresOfMerit"] = {"signal": sig.tolist(), "signalWeights": ws.tolist(), "background": bk.tolist(),
                             "backgroundWeights": wb.tolist(), "fpr": fpr[1:].tolist(), "tpr": tpr[1:].tolist(),
                             "thresholds": thr[1:].tolist(), "backgroundEfficiencyAt03": eb,
                             "rejectionAt03": 1.0 / eb, "maxSic": sic[k], "thresholdAtMaxSic": thr[keep][k],
                             "sicPoints": int(keep.sum())}

    with open(out_path, "w") as fh:
        json.dump(out, fh, separators=(",", ":"))
        fh.write("\n")
    print("wrote", out_path)
    print("signal fit:", json.dumps(out["signalFit"], indent=1)[:2000])
    print("background-only:", json.dumps([{k: b[k] for k in ("name", "fTest")} for b in bkg]))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "scipy_reference.json")

#!/usr/bin/env python3
"""Comparator for test/bench/risk.bench.ts (issue 15): the risk engine's standard workload written
with vectorized numpy (cumulative sums along the day axis, all symbols at once as one 2-D array,
one partition shared by VaR and CVaR).

Usage: risk_numpy.py DIR  -- DIR holds meta.json ({"symbols", "benchmarks", "days", "window",
"repeats", "warmup", "ppy", "alpha"}), returns.f64 (symbols x days, float64 little-endian) and
benchmarks.f64 (benchmarks x days). Prints one JSON object with the median milliseconds per part
(and every timed run, "<part>Samples"), and writes each part's results to DIR/<part>.out.f64 (in the JS bench's order) for the accuracy
check. Exits 3 when numpy cannot be imported.
"""
import json
import math
import os
import statistics
import sys
import time

try:
    import numpy as np
except ImportError as e:  # pragma: no cover
    print(json.dumps({"error": f"numpy not available: {e}"}))
    sys.exit(3)


def wsum(a, w):
    """Trailing window sums along the last axis: N-w+1 values, by one cumulative sum."""
    c = np.cumsum(a, axis=-1)
    out = c[..., w - 1:].copy()
    out[..., 1:] -= c[..., :-w]
    return out


def constant_windows(a, w):
    """True where every value of the trailing window equals the first (no change between rows)."""
    ch = np.zeros(a.shape)
    ch[..., 1:] = np.diff(a, axis=-1) != 0
    c = np.cumsum(ch, axis=-1)
    return (c[..., w - 1:] - c[..., : c.shape[-1] - w + 1]) == 0


def main():
    d = sys.argv[1]
    with open(os.path.join(d, "meta.json")) as f:
        meta = json.load(f)
    S, K, N, w = meta["symbols"], meta["benchmarks"], meta["days"], meta["window"]
    ppy, alpha = meta["ppy"], meta["alpha"]
    R = np.fromfile(os.path.join(d, "returns.f64"), dtype="<f8").reshape(S, N)
    B = np.fromfile(os.path.join(d, "benchmarks.f64"), dtype="<f8").reshape(K, N)
    if np.isnan(R).any() or np.isnan(B).any():
        print(json.dumps({"error": "the comparator expects complete data (no NaN)"}))
        sys.exit(4)
    sq = math.sqrt(ppy)
    from statistics import NormalDist

    z = NormalDist().inv_cdf(alpha)
    phi_z = math.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)

    def pair_sums():
        # Centre each series on its mean before the cumulative sums (the sums then cancel little).
        xc = R - R.mean(axis=1, keepdims=True)  # (S, N)
        yc = B - B.mean(axis=1, keepdims=True)  # (K, N)
        sx = wsum(xc, w)  # (S, M)
        sy = wsum(yc, w)  # (K, M)
        cxx = wsum(xc * xc, w) - sx * sx / w
        cyy = wsum(yc * yc, w) - sy * sy / w
        cxy = wsum(xc[None, :, :] * yc[:, None, :], w) - sx[None, :, :] * sy[:, None, :] / w  # (K, S, M)
        return cxx, cyy, cxy

    # As the engine: a constant window has exactly zero variance (not a rounding residue).
    def rolling_correlation():
        cxx, cyy, cxy = pair_sums()
        const = constant_windows(R, w)[None, :, :] | constant_windows(B, w)[:, None, :]
        with np.errstate(invalid="ignore", divide="ignore"):
            out = np.where(const, np.nan, cxy / np.sqrt(cxx[None, :, :] * cyy[:, None, :]))
        return out.transpose(1, 0, 2)  # (S, K, M), the JS order

    def rolling_beta():
        xc = R - R.mean(axis=1, keepdims=True)
        yc = B - B.mean(axis=1, keepdims=True)
        sx = wsum(xc, w)
        sy = wsum(yc, w)
        cyy = wsum(yc * yc, w) - sy * sy / w
        cxy = wsum(xc[None, :, :] * yc[:, None, :], w) - sx[None, :, :] * sy[:, None, :] / w
        with np.errstate(invalid="ignore", divide="ignore"):
            ok = (cyy / w >= 1e-30) & ~constant_windows(B, w)
            beta = np.where(ok[:, None, :], cxy / cyy[:, None, :], np.nan)
        return beta.transpose(1, 0, 2)

    def rolling_vol_sharpe():
        mu = R.mean(axis=1, keepdims=True)
        xc = R - mu
        sx = wsum(xc, w)
        cxx = wsum(xc * xc, w) - sx * sx / w
        sd = np.where(constant_windows(R, w), 0.0, np.sqrt(np.maximum(cxx, 0) / (w - 1)))
        vol = sd * sq
        with np.errstate(invalid="ignore", divide="ignore"):
            sharpe = (sx / w + mu) / sd * sq  # a zero sd gives +-inf, or NaN for a zero mean
        return np.stack([vol, sharpe], axis=1)  # (S, 2, M): vol then Sharpe per symbol

    def metric_set():
        n = N
        mean = R.mean(axis=1)
        sd = R.std(axis=1, ddof=1)
        growth = np.prod(1 + R, axis=1)
        cagr = growth ** (ppy / n) - 1
        wealth = np.cumprod(1 + R, axis=1)
        peak = np.maximum(np.maximum.accumulate(wealth, axis=1), 1.0)
        maxdd = np.minimum((wealth / peak - 1).min(axis=1), 0.0)
        calmar = cagr / np.abs(maxdd)
        sharpe = mean / sd * sq
        neg = np.minimum(R, 0)
        ddraw = np.sqrt((neg * neg).mean(axis=1))
        dd = ddraw * sq
        sortino = mean / ddraw * sq
        up = np.where(R > 0, R, 0).sum(axis=1)
        down = -neg.sum(axis=1)
        omega = up / down
        # VaR (type-7 quantile) and CVaR (mean of the k smallest) from ONE partition.
        h = (n - 1) * alpha
        lo = int(math.floor(h))
        frac = h - lo
        k = min(n, lo + 1)
        p = np.partition(R, [lo, min(lo + 1, n - 1)], axis=1)
        var = p[:, lo] + frac * (p[:, min(lo + 1, n - 1)] - p[:, lo])
        cvar = p[:, :k].mean(axis=1)
        pvar = mean + sd * z
        pes = mean - sd * phi_z / alpha
        cols = [cagr, sd * sq, maxdd, calmar, sharpe, sortino, dd, omega, var, cvar, pvar, pes]
        xc = R - mean[:, None]
        bmean = B.mean(axis=1)
        yc = B - bmean[:, None]
        syy = (yc * yc).sum(axis=1)  # (K,)
        sxx = (xc * xc).sum(axis=1)  # (S,)
        sxy = xc @ yc.T  # (S, K)
        beta = sxy / syy[None, :]
        alph = (1 + (mean[:, None] - beta * bmean[None, :])) ** ppy - 1
        corr = sxy / np.sqrt(sxx[:, None] * syy[None, :])
        a = R[:, None, :] - B[None, :, :]  # (S, K, N)
        ir = a.mean(axis=2) / a.std(axis=2, ddof=1)
        per_b = np.stack([beta, alph, corr, ir], axis=2).reshape(S, K * 4)  # per benchmark: beta, alpha, corr, ir
        return np.concatenate([np.stack(cols, axis=1), per_b], axis=1)  # (S, 12 + 4K)

    parts = {
        "rollingCorrelationMs": ("rollingCorrelation", rolling_correlation),
        "rollingBetaMs": ("rollingBeta", rolling_beta),
        "rollingVolSharpeMs": ("rollingVolSharpe", rolling_vol_sharpe),
        "metricSetMs": ("metricSet", metric_set),
    }
    out = {"numpy": np.__version__, "python": sys.version.split()[0], "repeats": meta["repeats"]}
    for key, (name, f) in parts.items():
        for _ in range(meta["warmup"]):
            res = f()
        times = []
        for _ in range(meta["repeats"]):
            t0 = time.perf_counter_ns()
            res = f()
            times.append((time.perf_counter_ns() - t0) / 1e6)
        out[key] = statistics.median(times)
        out[key.replace("Ms", "Samples")] = times
        np.ascontiguousarray(res, dtype="<f8").tofile(os.path.join(d, f"{name}.out.f64"))
    print(json.dumps(out))


if __name__ == "__main__":
    main()

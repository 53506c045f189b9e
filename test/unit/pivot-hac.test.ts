/**
 * Newey–West (HAC) standard errors, p-values and Holm's adjustment (src/core/pivot/hac.ts):
 *
 * - a hand computation of the sandwich on six rows (exact residuals in 35ths), at lags 0, 1 and 2,
 *   with and without the small-sample factor; the expected matrices were also checked with numpy
 *   (2.4, the same formula written with matrix products);
 * - lag 0 is White's heteroskedasticity-robust estimator (HC0; HC1 with n/(n − p));
 * - a published example: Stata's `newey g_realinv g_realgdp L.realint, lag(4)` and `regress …,
 *   vce(robust)` on the US macro data, as recorded in statsmodels'
 *   `statsmodels/regression/tests/results/results_macro_ols_robust.py` (`results_newey4`,
 *   `results_hc0` = HC1, `results_ivhc0_large` = HC0; statsmodels @ 13d0d7f2a8d2) and used by
 *   its `test_robustcov.py` for `cov_type='HAC', maxlags=4, use_correction=True`. The data:
 *   statsmodels' `macrodata` (US Federal Reserve / FRED quarterly series 1959Q1–2009Q3, public
 *   domain), here the columns realgdp, realinv, realint as in `examples/macrodata.csv` of
 *   wesm/pydata-book @ 760b3b8 (the same values). Regression: y = 400 Δln(realinv) on
 *   400 Δln(realgdp) and realint lagged one quarter, with a constant; n = 202.
 */
import assert from 'node:assert/strict';
import { holmAdjust, neweyWestCov, neweyWestLag, normalCdf, ols, olsHac, twoSidedP } from '../../src/core/pivot';
import { Xoshiro128ss } from '../../src/core/scenario/prng';

/** realgdp,realinv,realint per quarter, 1959Q1..2009Q3 (203 rows). */
const MACRO = `
  2710.349,286.898,0.0 2778.801,310.859,0.74 2775.488,289.226,1.09 2785.204,299.356,4.06 2847.699,331.722,1.19 2834.39,298.152,2.55
  2839.022,296.375,-0.34 2802.616,259.764,1.08 2819.264,266.405,2.77 2872.005,286.246,0.81 2918.419,310.227,1.52 2977.83,315.463,1.8
  3031.241,334.271,0.47 3064.709,331.039,2.65 3093.047,336.962,0.67 3100.563,325.65,2.08 3141.087,343.721,2.38 3180.447,348.73,0.29
  3240.332,360.102,2.6 3264.967,364.534,1.06 3338.246,379.523,3.38 3376.587,377.778,2.57 3422.469,386.754,2.25 3431.957,389.91,1.71
  3516.251,429.145,2.65 3563.96,429.119,1.3 3636.285,444.444,3.04 3724.014,446.493,1.46 3815.423,484.244,-0.37 3828.124,475.408,2.55
  3853.301,470.697,0.33 3884.52,472.957,4.39 3918.74,460.007,1.8 3919.556,440.393,0.17 3950.826,453.033,0.84 3980.97,462.834,0.18
  4063.013,472.907,1.67 4131.998,492.026,-0.28 4160.267,476.053,0.65 4178.293,480.998,1.34 4244.1,512.686,-0.58 4256.46,508.601,1.02
  4283.378,520.36,1.63 4263.261,492.334,1.26 4256.573,476.925,0.47 4264.289,478.419,2.52 4302.259,486.594,1.04 4256.637,458.406,-0.18
  4374.016,517.935,1.65 4398.829,533.986,-0.19 4433.943,541.01,1.75 4446.264,524.085,0.95 4525.769,561.147,0.64 4633.101,595.495,0.98
  4677.503,603.97,0.66 4754.546,607.104,0.38 4876.166,645.654,-3.28 4932.571,675.837,2.64 4906.252,649.412,-4.41 4953.05,674.253,-2.71
  4909.617,631.23,-3.16 4922.188,628.102,-1.96 4873.52,592.672,-5.4 4854.34,598.306,-3.11 4795.295,493.212,0.22 4831.942,476.085,-1.91
  4913.328,516.402,-0.34 4977.511,530.596,-1.24 5090.663,585.541,2.77 5128.947,610.513,-1.09 5154.072,611.646,-1.22 5191.499,615.898,-0.92
  5251.762,646.198,-4.16 5356.131,696.141,-0.24 5451.921,734.078,0.59 5450.793,713.356,-0.88 5469.405,727.504,-1.24 5684.569,777.454,-3.18
  5740.3,801.452,-2.01 5816.222,819.689,0.76 5825.949,819.556,-2.66 5831.418,817.66,-4.07 5873.335,801.742,-1.38 5889.495,786.817,-2.68
  5908.467,781.114,-0.85 5787.373,710.64,-0.42 5776.617,656.477,0.3 5883.46,723.22,3.11 6005.717,795.091,5.32 5957.795,757.24,4.69
  6030.184,804.242,6.36 5955.062,773.053,7.07 5857.333,692.514,10.42 5889.074,691.9,1.58 5866.37,683.825,5.65 5871.001,622.93,8.77
  5944.02,645.11,4.56 6077.619,707.372,4.66 6197.468,754.937,5.01 6325.574,834.427,3.76 6448.264,921.763,4.76 6559.594,952.841,6.85
  6623.343,974.989,6.37 6677.264,958.993,5.87 6740.275,927.375,3.36 6797.344,943.383,4.56 6903.523,932.959,4.17 6955.918,969.434,2.01
  7022.757,967.442,10.95 7050.969,945.972,3.13 7118.95,916.315,2.76 7153.359,917.736,1.1 7193.019,945.776,0.97 7269.51,947.1,1.79
  7332.558,948.055,1.99 7458.022,1021.98,2.29 7496.6,964.398,1.64 7592.881,987.858,2.07 7632.082,994.204,2.52 7733.991,1007.371,3.72
  7806.603,1045.975,2.44 7865.016,1033.753,3.63 7927.393,1021.604,4.88 7944.697,1011.119,1.01 8027.693,1021.07,3.44 8059.598,1021.36,2.76
  8059.476,997.319,-1.46 7988.864,934.248,2.79 7950.164,896.21,4.65 8003.822,891.704,2.29 8037.538,913.904,2.25 8069.046,948.891,0.95
  8157.616,927.796,0.71 8244.294,988.912,0.36 8329.361,999.135,-0.44 8417.016,1030.758,0.02 8432.485,1054.979,0.13 8486.435,1063.263,1.08
  8531.108,1062.514,-0.04 8643.769,1118.583,1.13 8727.919,1166.845,1.02 8847.303,1234.855,0.96 8904.289,1212.655,2.0 9003.18,1269.19,2.6
  9025.267,1282.09,2.28 9044.668,1247.61,3.42 9120.684,1235.601,2.97 9184.275,1270.392,2.05 9247.188,1287.128,1.31 9407.052,1353.795,2.79
  9488.879,1422.059,2.0 9592.458,1418.193,1.97 9666.235,1451.304,3.85 9809.551,1543.976,3.76 9932.672,1571.426,2.29 10008.874,1596.523,3.88
  10103.425,1672.732,4.53 10194.277,1652.716,2.52 10328.787,1700.071,2.78 10507.575,1754.743,2.43 10601.179,1809.993,1.49 10684.049,1803.674,2.62
  10819.914,1848.949,1.41 11014.254,1914.567,2.35 11043.044,1887.836,1.87 11258.454,2018.529,1.62 11267.867,1986.956,3.3 11334.544,1987.845,1.81
  11297.171,1882.691,2.57 11371.251,1876.65,1.28 11340.075,1837.074,2.27 11380.128,1731.189,1.51 11477.868,1789.327,-1.84 11538.77,1810.779,0.14
  11596.43,1814.531,-1.05 11598.824,1813.219,-1.88 11645.819,1813.141,-0.17 11738.706,1823.698,-0.13 11935.461,1889.883,-1.67 12042.817,1959.783,-2.11
  12127.623,1970.015,-1.42 12213.818,2055.58,-2.41 12303.533,2082.231,-1.95 12410.282,2125.152,0.11 12534.113,2170.299,-1.46 12587.535,2131.468,1.16
  12683.153,2154.949,-5.62 12748.699,2232.193,3.6 12915.938,2264.721,1.91 12962.462,2261.247,0.85 12965.916,2229.636,6.48 13060.679,2165.966,1.62
  13099.901,2132.609,0.36 13203.977,2162.214,1.97 13321.109,2166.491,0.55 13391.249,2123.426,-3.37 13366.865,2082.886,-1.26 13415.266,2026.518,-6.79
  13324.6,1990.693,4.33 13141.92,1857.661,8.91 12925.41,1558.494,-0.71 12901.504,1456.678,-3.19 12990.341,1486.398,-3.44
`
  .trim()
  .split(/\s+/)
  .map((r) => r.split(',').map(Number) as [number, number, number]);

const close = (a: number, b: number, rel: number, what: string) => assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${what}: ${a} vs ${b}`);

describe('HAC: Newey–West standard errors', () => {
  // Six rows: y = [1, 3, 2, 5, 4, 6] on x = 1..6 with a constant. OLS: α = 0.4, β = 31/35, residuals
  // e = [-10, 29, -37, 37, -29, 10] / 35; XᵀX = [[6, 21], [21, 91]], (XᵀX)⁻¹ = [[91, -21], [-21, 6]] / 105.
  const x = [1, 2, 3, 4, 5, 6];
  const y = [1, 3, 2, 5, 4, 6];
  const e = [-10, 29, -37, 37, -29, 10].map((v) => v / 35);
  const design = x.map((v) => [1, v]);

  /** The sandwich written out for a 2-column design: (XᵀX)⁻¹ Ŝ (XᵀX)⁻¹ with Ŝ summed term by term. */
  function handSandwich(lags: number): number[][] {
    const inv = [
      [91 / 105, -21 / 105],
      [-21 / 105, 6 / 105],
    ];
    const S = [
      [0, 0],
      [0, 0],
    ];
    for (let t = 0; t < 6; t++) for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) S[a]![b]! += e[t]! * e[t]! * design[t]![a]! * design[t]![b]!;
    for (let l = 1; l <= lags; l++) {
      const w = 1 - l / (lags + 1);
      for (let t = l; t < 6; t++)
        for (let a = 0; a < 2; a++)
          for (let b = 0; b < 2; b++) S[a]![b]! += w * e[t]! * e[t - l]! * (design[t]![a]! * design[t - l]![b]! + design[t - l]![a]! * design[t]![b]!);
    }
    const mul = (A: number[][], B: number[][]) => A.map((r) => B[0]!.map((_, j) => r.reduce((s, v, m) => s + v * B[m]![j]!, 0)));
    return mul(mul(inv, S), inv);
  }

  it('the six-row example by hand, at lags 0, 1 and 2; the small-sample factor is n/(n − p) = 6/4', () => {
    const fit = ols(y, [x]);
    close(fit.alpha, 0.4, 1e-12, 'α');
    close(fit.beta[0]!, 31 / 35, 1e-12, 'β');
    // numpy (the same formula with matrix products) gives, without the factor:
    const numpy: Record<number, number[][]> = {
      0: [
        [0.29150476190476243, -0.05335510204081652],
        [-0.05335510204081648, 0.0152443148688047],
      ],
      1: [
        [0.08624761904761925, -0.02124081632653068],
        [-0.02124081632653068, 0.00606880466472305],
      ],
      2: [
        [0.04655600907029497, -0.00627871720116625],
        [-0.00627871720116625, 0.00179391920033321],
      ],
    };
    for (const lags of [0, 1, 2]) {
      const got = neweyWestCov(design, e, lags, false)!;
      const hand = handSandwich(lags);
      const corrected = neweyWestCov(design, e, lags, true)!;
      for (let a = 0; a < 2; a++)
        for (let b = 0; b < 2; b++) {
          close(got[a]![b]!, hand[a]![b]!, 1e-12, `lag ${lags} [${a}][${b}] vs the hand sum`);
          close(got[a]![b]!, numpy[lags]![a]![b]!, 1e-12, `lag ${lags} [${a}][${b}] vs numpy`);
          close(corrected[a]![b]!, (hand[a]![b]! * 6) / 4, 1e-12, `lag ${lags} [${a}][${b}] × n/(n − p)`);
        }
    }
    // olsHac on the same data: the intercept first, then the slope.
    const h = olsHac(y, [x], { lags: 1 });
    close(h.se[0]!, Math.sqrt((handSandwich(1)[1]![1]! * 6) / 4), 1e-12, 'HAC se of β');
    close(h.alphaSe, Math.sqrt((handSandwich(1)[0]![0]! * 6) / 4), 1e-12, 'HAC se of α');
  });

  it('lag 0 is White’s heteroskedasticity-robust estimator: HC0 = (XᵀX)⁻¹ Σ e² x xᵀ (XᵀX)⁻¹, HC1 = HC0 × n/(n − p)', () => {
    // A heteroskedastic regression: the error's sd grows with |x|.
    const g = new Xoshiro128ss(5);
    const n = 300;
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < n; i++) {
      const xi = 2 * g.next() - 1;
      const u = g.next() + g.next() + g.next() - 1.5;
      xs.push(xi);
      ys.push(0.1 + 2 * xi + (0.2 + 2 * Math.abs(xi)) * u);
    }
    const fit = ols(ys, [xs]);
    const res = ys.map((v, i) => v - fit.alpha - fit.beta[0]! * xs[i]!);
    // HC0 of the slope for one regressor: Σ (x − x̄)² e² / (Σ (x − x̄)²)².
    const mx = xs.reduce((a, b) => a + b, 0) / n;
    const sxx = xs.reduce((a, v) => a + (v - mx) ** 2, 0);
    const hc0 = xs.reduce((a, v, i) => a + (v - mx) ** 2 * res[i]! ** 2, 0) / sxx ** 2;
    const h0 = olsHac(ys, [xs], { lags: 0, smallSample: false });
    const h1 = olsHac(ys, [xs], { lags: 0 });
    close(h0.se[0]! ** 2, hc0, 1e-10, 'HC0');
    close(h1.se[0]! ** 2, (hc0 * n) / (n - 2), 1e-10, 'HC1');
    // The classic OLS error ignores that the noise is larger where x is far from 0.
    assert.ok(h0.se[0]! > 1.1 * fit.se[0]!, `robust ${h0.se[0]} vs classic ${fit.se[0]}`);
  });

  it('Stata’s newey, lag(4), and robust (HC0/HC1) errors on the US macro data (statsmodels’ recorded results)', () => {
    assert.equal(MACRO.length, 203);
    const y: number[] = [];
    const gdp: number[] = [];
    const realint: number[] = [];
    for (let t = 1; t < MACRO.length; t++) {
      y.push(400 * Math.log(MACRO[t]![1] / MACRO[t - 1]![1]));
      gdp.push(400 * Math.log(MACRO[t]![0] / MACRO[t - 1]![0]));
      realint.push(MACRO[t - 1]![2]);
    }
    const h = olsHac(y, [gdp, realint], { lags: 4 });
    assert.equal(h.fit.n, 202);
    // results_newey4: b and se of g_realgdp, L.realint, _cons.
    close(h.fit.beta[0]!, 4.3742216647032, 1e-10, 'b g_realgdp');
    close(h.fit.beta[1]!, -0.61399696947899, 1e-10, 'b L.realint');
    close(h.fit.alpha, -9.4816727746549, 1e-10, 'b _cons');
    close(h.se[0]!, 0.33125644884286, 1e-9, 'newey se g_realgdp');
    close(h.se[1]!, 0.29582347593197, 1e-9, 'newey se L.realint');
    close(h.alphaSe, 1.1859338087713, 1e-9, 'newey se _cons');
    // The full covariance (ours: _cons first; Stata's: _cons last).
    const stata = [
      [0.10973083489998, 0.0003953117603, -0.31803287070833],
      [0.0003953117603, 0.08751152891247, -0.06062111121649],
      [-0.31803287070833, -0.06062111121649, 1.4064389987868],
    ];
    const order = [1, 2, 0];
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) close(h.cov[order[a]!]![order[b]!]!, stata[a]![b]!, 1e-8, `newey cov [${a}][${b}]`);
    // Without the n/(n − k) factor: ivreg2 …, robust bw(5) (results_ivhac4_large; bw 5 = 4 lags).
    const large = olsHac(y, [gdp, realint], { lags: 4, smallSample: false });
    close(large.se[0]!, 0.32878742225811, 1e-9, 'HAC large se g_realgdp');
    close(large.alphaSe, 1.1770944273439, 1e-9, 'HAC large se _cons');
    // Lag 0: regress …, vce(robust) is HC1 (results_hc0); ivreg2 …, robust is HC0 (results_ivhc0_large).
    const hc1 = olsHac(y, [gdp, realint], { lags: 0 });
    const hc0 = olsHac(y, [gdp, realint], { lags: 0, smallSample: false });
    close(hc1.se[0]!, 0.32355452428856, 1e-9, 'HC1 se g_realgdp');
    close(hc1.se[1]!, 0.32772840315987, 1e-9, 'HC1 se L.realint');
    close(hc1.alphaSe, 1.3690593206013, 1e-9, 'HC1 se _cons');
    close(hc0.se[0]!, 0.32114290415293, 1e-9, 'HC0 se g_realgdp');
    close(hc0.se[1]!, 0.32528567293437, 1e-9, 'HC0 se L.realint');
    // The classic errors of the same fit: rmse 10.7037959322668 (Stata's regress).
    close(h.fit.residualStd, 10.7037959322668, 1e-10, 'rmse');
  });

  it('the rule-of-thumb lag floor(4 (n/100)^(2/9)); autocorrelated errors widen the HAC error', () => {
    assert.deepEqual([20, 27, 28, 99, 100, 272, 273, 1000].map(neweyWestLag), [2, 2, 3, 3, 4, 4, 5, 6]);
    // AR(1) regressor and AR(1) errors (ρ = 0.8): the classic OLS error is far too small.
    const g = new Xoshiro128ss(17);
    const n = 2000;
    const z = () => g.next() + g.next() + g.next() + g.next() - 2;
    let xv = 0;
    let ev = 0;
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < n; i++) {
      xv = 0.8 * xv + z();
      ev = 0.8 * ev + z();
      xs.push(xv);
      ys.push(1 + 0.5 * xv + ev);
    }
    const h = olsHac(ys, [xs]);
    assert.equal(h.lags, 7, 'n = 2000');
    assert.ok(h.se[0]! > 1.5 * h.fit.se[0]!, `HAC ${h.se[0]} vs classic ${h.fit.se[0]}`);
  });
});

describe('HAC: p-values and multiple tests', () => {
  it('Φ and two-sided p against values of 0.5 erfc(−x/√2) (Python math.erfc)', () => {
    const cases: Array<[number, number]> = [
      [-1.96, 0.024997895148220435],
      [-3, 0.0013498980316300957],
      [0.5, 0.6914624612740131],
      [-8, 6.220960574271819e-16],
      [-10, 7.619853024160593e-24],
    ];
    for (const [xv, want] of cases) close(normalCdf(xv), want, Math.abs(xv) > 7 ? 1e-7 : 1e-12, `Φ(${xv})`);
    close(twoSidedP(1.959963984540054), 0.05, 1e-12, 'p at 1.96');
    assert.equal(twoSidedP(0), 1);
    assert.equal(twoSidedP(-2), twoSidedP(2));
    assert.ok(Number.isNaN(twoSidedP(NaN)));
    assert.equal(normalCdf(-40), 0);
    assert.equal(normalCdf(40), 1);
  });

  it('Holm: step-down m, m−1, … times the sorted p, monotone, capped at 1; NaN left out of m', () => {
    const adj = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    // sorted 0.005×4 = 0.02, 0.01×3 = 0.03, 0.03×2 = 0.06, 0.04×1 → max(0.06, 0.04) = 0.06
    [0.03, 0.06, 0.06, 0.02].forEach((want, i) => close(adj[i]!, want, 1e-12, `p ${i}`));
    const withNan = holmAdjust([0.2, NaN, 0.01]);
    assert.ok(Number.isNaN(withNan[1]!));
    close(withNan[2]!, 0.02, 1e-12, 'two tests');
    close(withNan[0]!, 0.2, 1e-12, 'largest p times 1');
    assert.deepEqual(holmAdjust([0.6, 0.7]), [1, 1]);
  });
});

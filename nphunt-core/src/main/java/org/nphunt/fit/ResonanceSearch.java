package org.nphunt.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hipparchus.analysis.solvers.BrentSolver;
import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.special.Gamma;
import org.nphunt.NphuntException;

/**
 * The binned likelihood fit of a resonance search over one or several categories.
 *
 * <p>Model: in bin i of category c the expected count is nu_ci = mu eps_c s_ci(M) + b_ci(theta_c), with
 * s_ci(M) the fraction of a signal of mass M in the bin ({@link SignalShape}), eps_c the category's
 * signal efficiency, and b_ci the dijet function of the category's own parameters theta_c integrated
 * over the bin ({@link DijetFunction}). The likelihood is the product of Poisson terms over all bins of
 * all categories; -2 ln L is minimised (equivalently the likelihood-ratio chi2, see {@link Minimizer}).
 * The background parameters are nuisance parameters, profiled (minimised over) everywhere.
 *
 * <p>Procedure:
 * <ol>
 *   <li>{@link #backgroundOnly()}: each category is fitted with mu = 0 in the 3- and 4-parameter forms,
 *       from several starts (a weighted linear least-squares fit of ln(n / width), which is linear in the
 *       parameters; the 3-parameter solution extended with p3 = 0; a generic shape), keeping the lowest
 *       -2 ln L; the F-test picks the form unless the configuration fixes it.</li>
 *   <li>{@link #fit(double)}: mu and all background parameters are fitted together (one minimisation
 *       over 1 + sum of the background parameters, started from the background-only fit). The profile
 *       likelihood at mu = 0 is re-minimised from the signal-plus-background parameters as a guard
 *       against a background-only fit stuck in a local minimum. q0 = -2 Delta ln L between the two,
 *       Z = sqrt(q0) for mu hat > 0 (Cowan, Cranmer, Gross, Vitells, arXiv:1007.1727). The mu interval
 *       is where the profiled -2 Delta ln L <= 1 (for fixed mu the categories are independent, so the
 *       profile is a sum of per-category fits), found with Hipparchus' Brent solver; the Hessian error
 *       is the cross-check.</li>
 *   <li>{@link #scan(double[])}: {@link #fit(double)} at each mass, tabulated.</li>
 * </ol>
 *
 * <p>Not thread-safe (the background-only fit is cached); use one instance per thread. Deterministic:
 * no randomness is involved.
 */
public final class ResonanceSearch {
  private final FitConfig config;
  private final SignalShape shape;
  private final Cat[] cats;
  private final double[] defaultEfficiencies;
  private BackgroundOnlyResult background;

  /** One category's fixed data and model. */
  private static final class Cat {
    final String name;
    final double[] n;
    final double[] edges;
    final BinnedDijet model;
    /** -2 ln L = deviance + constant; constant = 2 sum [n - n ln n + ln n!]. */
    final double likelihoodConstant;
    int nPar;
    double[] backgroundOnlyT;

    Cat(Category c, FitConfig config) {
      this.name = c.name();
      this.n = c.data().counts();
      this.edges = c.data().edges();
      try {
        this.model = new BinnedDijet(edges, config.sqrtS(), config.integrationPoints(), n);
      } catch (IllegalArgumentException e) {
        throw new NphuntException("category " + name + ": " + e.getMessage(), e);
      }
      double k = 0;
      for (double v : n) {
        k += v - (v > 0 ? v * Math.log(v) : 0) + Gamma.logGamma(v + 1);
      }
      this.likelihoodConstant = 2 * k;
    }
  }

  /**
   * @param config fit configuration
   * @param categories at least one, distinct names, each with events in its fit range
   * @param shape the signal shape used for every category
   * @throws NphuntException when a category is unusable (no events, a range outside (0, sqrt(s)))
   */
  public ResonanceSearch(FitConfig config, List<Category> categories, SignalShape shape) {
    if (config == null || categories == null || shape == null) {
      throw new IllegalArgumentException("config, categories and shape must be given");
    }
    if (categories.isEmpty()) {
      throw new NphuntException("resonance search needs at least one category");
    }
    Set<String> names = new HashSet<>();
    this.config = config;
    this.shape = shape;
    this.cats = new Cat[categories.size()];
    this.defaultEfficiencies = new double[categories.size()];
    for (int c = 0; c < cats.length; c++) {
      Category cat = categories.get(c);
      if (!names.add(cat.name())) {
        throw new NphuntException("category name " + cat.name() + " appears twice");
      }
      if (!(cat.data().total() > 0)) {
        throw new NphuntException("category " + cat.name() + ": no events in the fit range [" + cat.data().lo()
            + ", " + cat.data().hi() + "] GeV");
      }
      cats[c] = new Cat(cat, config);
      defaultEfficiencies[c] = cat.signalEfficiency();
    }
  }

  public FitConfig config() {
    return config;
  }

  public SignalShape shape() {
    return shape;
  }

  // ------------------------------------------------------------------------------------------------
  // background-only

  /** The background-only fits of every category and the F-test choices (computed once, then cached). */
  public BackgroundOnlyResult backgroundOnly() {
    if (background != null) {
      return background;
    }
    List<CategoryBackground> out = new ArrayList<>();
    double m2 = 0;
    double dev = 0;
    double pear = 0;
    int ndf = 0;
    for (Cat c : cats) {
      Fitted f3 = fitBackground(c, 3, null);
      Fitted f4 = fitBackground(c, 4, f3.x);
      BackgroundFit b3 = backgroundFit(c, 3, f3);
      BackgroundFit b4 = backgroundFit(c, 4, f4);
      ChiSquareKind kind = config.fTestChiSquare();
      FTestResult ft = FTest.test(b3.chi2(kind), b3.ndf(), b4.chi2(kind), b4.ndf(), config.fTestAlpha());
      BackgroundForm chosen = switch (config.background()) {
        case THREE_PARAMETER -> BackgroundForm.THREE_PARAMETER;
        case FOUR_PARAMETER -> BackgroundForm.FOUR_PARAMETER;
        case F_TEST -> ft.largerChosen() ? BackgroundForm.FOUR_PARAMETER : BackgroundForm.THREE_PARAMETER;
      };
      c.nPar = chosen.parameters();
      c.backgroundOnlyT = chosen == BackgroundForm.THREE_PARAMETER ? f3.x : f4.x;
      CategoryBackground cb = new CategoryBackground(c.name, b3, b4, ft, chosen);
      out.add(cb);
      BackgroundFit bf = cb.chosenFit();
      m2 += bf.minus2LnL();
      dev += bf.deviance();
      pear += bf.pearsonChi2();
      ndf += bf.ndf();
    }
    background = new BackgroundOnlyResult(out, m2, dev, pear, ndf);
    return background;
  }

  private record Fitted(double[] x, double cost, int evaluations, boolean converged) {}

  /** Background-only fit of one category with nPar parameters, from several starts. */
  private Fitted fitBackground(Cat c, int nPar, double[] threeParameterSolution) {
    double total = 0;
    for (double v : c.n) {
      total += v;
    }
    List<double[]> starts = new ArrayList<>();
    double[] lin = c.model.linearStart(c.n, nPar);
    if (lin != null) {
      starts.add(lin);
    }
    if (threeParameterSolution != null) {
      starts.add(Arrays.copyOf(threeParameterSolution, nPar));
    }
    double[] generic = new double[nPar];
    generic[1] = 10;
    generic[2] = 5;
    starts.add(generic);
    Problem problem = new Problem(new Cat[] {c}, new int[] {nPar}, null, false, 0);
    Fitted best = null;
    int evaluations = 0;
    for (double[] s : starts) {
      double a = c.model.normalise(s, nPar, total);
      if (Double.isFinite(a)) {
        s[0] = a;
      }
      Minimizers.Solution sol = Minimizers.minimize(problem, s, config);
      evaluations += sol.evaluations();
      if (best == null || sol.cost() < best.cost) {
        best = new Fitted(sol.x(), sol.cost(), 0, sol.converged());
      }
    }
    if (best == null || !Double.isFinite(best.cost) || best.cost >= Double.MAX_VALUE) {
      throw new NphuntException("category " + c.name + ": the " + nPar + "-parameter background fit failed from every start");
    }
    return new Fitted(best.x, best.cost, evaluations, best.converged);
  }

  private BackgroundFit backgroundFit(Cat c, int nPar, Fitted f) {
    double[] b = new double[c.n.length];
    c.model.expected(f.x, nPar, b, null);
    double[][] cov = covariance(new Problem(new Cat[] {c}, new int[] {nPar}, null, false, 0), f.x);
    double[] p = c.model.toStandard(f.x, nPar);
    double[] err = new double[nPar];
    if (cov == null) {
      Arrays.fill(err, Double.NaN);
    } else {
      double[][] j = c.model.standardJacobian(f.x, nPar);
      for (int r = 0; r < nPar; r++) {
        double v = 0;
        for (int a = 0; a < nPar; a++) {
          for (int bb = 0; bb < nPar; bb++) {
            v += j[r][a] * cov[a][bb] * j[r][bb];
          }
        }
        err[r] = Math.sqrt(v);
      }
    }
    double dev = PoissonStatistics.deviance(c.n, b);
    return new BackgroundFit(nPar == 3 ? BackgroundForm.THREE_PARAMETER : BackgroundForm.FOUR_PARAMETER, p, err,
        dev + c.likelihoodConstant, dev, PoissonStatistics.pearson(c.n, b), c.n.length - nPar, b,
        PoissonStatistics.pearsonResiduals(c.n, b), PoissonStatistics.significanceResiduals(c.n, b),
        f.converged, f.evaluations);
  }

  // ------------------------------------------------------------------------------------------------
  // signal + background

  /** The signal-plus-background fit at {@code mass} GeV with the categories' own signal efficiencies. */
  public SignalFit fit(double mass) {
    return fit(mass, defaultEfficiencies);
  }

  /**
   * The signal-plus-background fit at {@code mass} GeV with the given per-category signal efficiencies
   * (e.g. efficiencies that depend on the mass), in the categories' order.
   *
   * @throws NphuntException when no signal is expected in the fit ranges at this mass
   */
  public SignalFit fit(double mass, double[] efficiencies) {
    backgroundOnly();
    double[][] sig = signalTemplates(mass, efficiencies);
    int[] nPar = nPars();
    int nc = cats.length;

    // background-only profile at mu = 0 (cached fit), re-checked below
    double[] x0 = concat(0, bkgOnlyParameters());
    Problem joint = new Problem(cats, nPar, sig, true, 0);
    double devB = Minimizers.cost(joint, x0);

    // start: mu = 0 or the linearised estimate with the background fixed, whichever is better
    double mu0 = linearMuEstimate(sig);
    double[] start = x0;
    double[] xa = x0.clone();
    xa[0] = mu0;
    if (Minimizers.cost(joint, xa) < devB) {
      start = xa;
    }
    Minimizers.Solution sb = Minimizers.minimize(joint, start, config);
    boolean converged = sb.converged();
    double[] xHat = sb.x();
    double devHat = sb.cost();

    // guard: the profile at mu = 0, started from the signal-plus-background background parameters
    double[][] tHat = split(xHat, nPar);
    Profile profile = new Profile(sig, nPar, tHat);
    double devB2 = profile.value(0);
    if (devB2 < devB - 1e-9 * Math.max(1, devB)) {
      devB = devB2;
    }
    double muHat = xHat[0];
    double q0Raw = Math.max(0, devB - devHat);
    double q0 = muHat > 0 ? q0Raw : 0;
    double z = Math.sqrt(q0);

    // errors
    double[][] cov = covariance(joint, xHat);
    double errH = cov == null ? Double.NaN : Math.sqrt(cov[0][0]);
    double step = Double.isFinite(errH) && errH > 0 ? errH : fisherMuError(sig, xHat, nPar);
    double up = crossing(profile, muHat, devHat, step);
    double down = crossing(profile, muHat, devHat, -step);
    converged &= profile.converged;

    // per-category results
    List<CategorySignalFit> per = new ArrayList<>();
    boolean boundary = false;
    double pearson = 0;
    double dev = 0;
    int bins = 0;
    int pars = 1;
    for (int c = 0; c < nc; c++) {
      Cat cat = cats[c];
      double[] b = new double[cat.n.length];
      cat.model.expected(tHat[c], nPar[c], b, null);
      double[] s = new double[b.length];
      double[] nu = new double[b.length];
      for (int i = 0; i < b.length; i++) {
        s[i] = muHat * sig[c][i];
        nu[i] = b[i] + s[i];
        boundary |= nu[i] < 1e-9;
      }
      double dc = PoissonStatistics.deviance(cat.n, nu);
      double pc = PoissonStatistics.pearson(cat.n, nu);
      per.add(new CategorySignalFit(cat.name, nPar[c] == 3 ? BackgroundForm.THREE_PARAMETER
          : BackgroundForm.FOUR_PARAMETER, cat.model.toStandard(tHat[c], nPar[c]), efficiencies[c], b, s,
          PoissonStatistics.pearsonResiduals(cat.n, nu), PoissonStatistics.significanceResiduals(cat.n, nu), dc, pc,
          cat.n.length - nPar[c]));
      pearson += pc;
      dev += dc;
      bins += cat.n.length;
      pars += nPar[c];
    }
    double constant = likelihoodConstant();
    return new SignalFit(mass, muHat, muHat - down, up - muHat, errH, q0, z, PoissonStatistics.pValueFromZ(z),
        devHat + constant, devB + constant, dev, pearson, bins - pars, converged, boundary, per);
  }

  /** {@link #fit(double)} at each mass: the table of a mass scan. */
  public MassScan scan(double[] masses) {
    BackgroundOnlyResult bkg = backgroundOnly();
    List<ScanPoint> points = new ArrayList<>();
    for (double m : masses) {
      points.add(ScanPoint.of(fit(m)));
    }
    return new MassScan(bkg, points);
  }

  /**
   * The profile likelihood: -2 ln L at (mass, mu) minimised over all background parameters, with the
   * categories' forms from the background-only fit and their own signal efficiencies. For plotting the
   * profile and for tests.
   */
  public double profileMinus2LnL(double mass, double mu) {
    backgroundOnly();
    double[][] sig = signalTemplates(mass, defaultEfficiencies);
    int[] nPar = nPars();
    double[][] start = new double[cats.length][];
    for (int c = 0; c < cats.length; c++) {
      start[c] = cats[c].backgroundOnlyT.clone();
    }
    return new Profile(sig, nPar, start).value(mu) + likelihoodConstant();
  }

  /**
   * -2 ln L at fixed parameters, no fit: mu, and per category the background parameters
   * {p0, p1, p2(, p3)} of {@link DijetFunction} (length 3 or 4, any form), with the categories' own signal
   * efficiencies.
   */
  public double minus2LnL(double mass, double mu, List<double[]> backgroundParameters) {
    if (backgroundParameters.size() != cats.length) {
      throw new IllegalArgumentException("need background parameters for " + cats.length + " categories, found "
          + backgroundParameters.size());
    }
    double[][] sig = signalTemplates(mass, defaultEfficiencies);
    double total = 0;
    for (int c = 0; c < cats.length; c++) {
      double[] p = backgroundParameters.get(c);
      DijetFunction.checkParameters(p);
      double[] b = new double[cats[c].n.length];
      cats[c].model.expected(cats[c].model.toInternal(p), p.length, b, null);
      for (int i = 0; i < b.length; i++) {
        b[i] += mu * sig[c][i];
      }
      total += PoissonStatistics.minus2LnL(cats[c].n, b);
    }
    return total;
  }

  // ------------------------------------------------------------------------------------------------
  // helpers

  private int[] nPars() {
    int[] nPar = new int[cats.length];
    for (int c = 0; c < cats.length; c++) {
      nPar[c] = cats[c].nPar;
    }
    return nPar;
  }

  private double likelihoodConstant() {
    double k = 0;
    for (Cat c : cats) {
      k += c.likelihoodConstant;
    }
    return k;
  }

  private double[] bkgOnlyParameters() {
    int len = 0;
    for (Cat c : cats) {
      len += c.nPar;
    }
    double[] x = new double[len];
    int off = 0;
    for (Cat c : cats) {
      System.arraycopy(c.backgroundOnlyT, 0, x, off, c.nPar);
      off += c.nPar;
    }
    return x;
  }

  private static double[] concat(double mu, double[] rest) {
    double[] x = new double[rest.length + 1];
    x[0] = mu;
    System.arraycopy(rest, 0, x, 1, rest.length);
    return x;
  }

  private static double[][] split(double[] x, int[] nPar) {
    double[][] t = new double[nPar.length][];
    int off = 1;
    for (int c = 0; c < nPar.length; c++) {
      t[c] = Arrays.copyOfRange(x, off, off + nPar[c]);
      off += nPar[c];
    }
    return t;
  }

  /** Signal counts per unit mu per category: efficiency * shape fractions. */
  private double[][] signalTemplates(double mass, double[] efficiencies) {
    if (efficiencies == null || efficiencies.length != cats.length) {
      throw new IllegalArgumentException("need one signal efficiency per category (" + cats.length + ")");
    }
    double[][] s = new double[cats.length][];
    double sum = 0;
    for (int c = 0; c < cats.length; c++) {
      double eps = efficiencies[c];
      if (!(eps >= 0 && eps <= 1)) {
        throw new IllegalArgumentException("category " + cats[c].name + ": signal efficiency must be in [0, 1], found "
            + eps);
      }
      s[c] = shape.fractions(cats[c].edges, mass);
      for (int i = 0; i < s[c].length; i++) {
        s[c][i] *= eps;
        sum += s[c][i];
      }
    }
    if (!(sum > 1e-9)) {
      throw new NphuntException("mass " + mass + " GeV: no signal expected inside the categories' fit ranges"
          + " (fraction " + sum + ")");
    }
    return s;
  }

  /** mu estimated with the background fixed at the background-only fit: sum s (n - b) / b / sum s^2 / b. */
  private double linearMuEstimate(double[][] sig) {
    double num = 0;
    double den = 0;
    for (int c = 0; c < cats.length; c++) {
      Cat cat = cats[c];
      double[] b = new double[cat.n.length];
      cat.model.expected(cat.backgroundOnlyT, cat.nPar, b, null);
      for (int i = 0; i < b.length; i++) {
        num += sig[c][i] * (cat.n[i] - b[i]) / b[i];
        den += sig[c][i] * sig[c][i] / b[i];
      }
    }
    double mu = den > 0 ? num / den : 0;
    return Double.isFinite(mu) ? mu : 0;
  }

  /** 1 / sqrt(sum s^2 / nu): the mu error with the background known, for bracketing. */
  private double fisherMuError(double[][] sig, double[] xHat, int[] nPar) {
    double[][] t = split(xHat, nPar);
    double f = 0;
    for (int c = 0; c < cats.length; c++) {
      double[] b = new double[cats[c].n.length];
      cats[c].model.expected(t[c], nPar[c], b, null);
      for (int i = 0; i < b.length; i++) {
        double nu = b[i] + xHat[0] * sig[c][i];
        if (nu > 0) {
          f += sig[c][i] * sig[c][i] / nu;
        }
      }
    }
    return f > 0 ? 1 / Math.sqrt(f) : 1;
  }

  /**
   * Where the profile deviance rises by 1 above its minimum devHat at muHat, on the side given by the
   * sign of {@code step} (a first guess of the distance, the Hessian error). The profile is close to a
   * parabola, so g(mu) = sqrt(P(mu) - devHat) is close to linear and the secant method on g - 1 usually
   * converges in 2-4 profile evaluations; when it does not (g not increasing, no convergence in 12
   * steps) a bracket is expanded (by 1.6 each time) and Hipparchus' Brent solver finishes. NaN when no
   * crossing is found within 60 expansions.
   */
  private double crossing(Profile profile, double muHat, double devHat, double step) {
    java.util.function.DoubleUnaryOperator g = mu -> Math.sqrt(Math.max(0, profile.value(mu) - devHat));
    double dir = Math.signum(step);
    double d0 = 0;
    double g0 = 0;
    double d1 = Math.abs(step);
    double g1 = g.applyAsDouble(muHat + dir * d1);
    for (int it = 0; it < 12; it++) {
      if (Math.abs(g1 - 1) < 1e-6) {
        return muHat + dir * d1;
      }
      double slope = (g1 - g0) / (d1 - d0);
      if (!(slope > 0) || !Double.isFinite(g1)) {
        break;
      }
      // secant step in the distance from muHat; stay on this side, at most 4x further
      double d2 = Math.min(Math.max(d1 + (1 - g1) / slope, 0.25 * d1), 4 * d1);
      d0 = d1;
      g0 = g1;
      d1 = d2;
      g1 = g.applyAsDouble(muHat + dir * d1);
    }
    // fallback: bracket and Brent
    double inner = muHat;
    double d = step;
    double outer = Double.NaN;
    for (int k = 0; k < 60; k++) {
      double mu = muHat + d;
      if (g.applyAsDouble(mu) >= 1) {
        outer = mu;
        break;
      }
      inner = mu;
      d *= 1.6;
    }
    if (Double.isNaN(outer)) {
      return Double.NaN;
    }
    double lo = Math.min(inner, outer);
    double hi = Math.max(inner, outer);
    BrentSolver solver = new BrentSolver(1e-7 * Math.abs(step) + 1e-12);
    try {
      return solver.solve(200, mu -> g.applyAsDouble(mu) - 1, lo, hi);
    } catch (MathRuntimeException e) {
      return Double.NaN;
    }
  }

  /** The profile deviance at fixed mu: a sum of independent per-category fits, warm-started. */
  private final class Profile {
    final double[][] sig;
    final int[] nPar;
    final double[][] fallback;
    final List<Double> mus = new ArrayList<>();
    final List<double[][]> solutions = new ArrayList<>();
    boolean converged = true;

    Profile(double[][] sig, int[] nPar, double[][] start) {
      this.sig = sig;
      this.nPar = nPar;
      this.fallback = start;
    }

    double value(double mu) {
      // warm start from the nearest mu solved so far
      double[][] from = fallback;
      double bestDist = Double.POSITIVE_INFINITY;
      for (int k = 0; k < mus.size(); k++) {
        double dist = Math.abs(mus.get(k) - mu);
        if (dist < bestDist) {
          bestDist = dist;
          from = solutions.get(k);
        }
      }
      double total = 0;
      double[][] sol = new double[cats.length][];
      for (int c = 0; c < cats.length; c++) {
        Problem p = new Problem(new Cat[] {cats[c]}, new int[] {nPar[c]}, new double[][] {sig[c]}, false, mu);
        double[] start = feasible(cats[c], nPar[c], sig[c], mu, from[c]);
        Minimizers.Solution s = Minimizers.minimize(p, start, config);
        if (from != fallback) {
          // a second start from the signal-plus-background solution guards against drifting into a
          // worse local minimum while walking along mu
          double[] alt = feasible(cats[c], nPar[c], sig[c], mu, fallback[c]);
          if (Minimizers.cost(p, alt) < s.cost()) {
            Minimizers.Solution s2 = Minimizers.minimize(p, alt, config);
            if (s2.cost() < s.cost()) {
              s = s2;
            }
          }
        }
        converged &= s.converged();
        total += s.cost();
        sol[c] = s.x();
      }
      mus.add(mu);
      solutions.add(sol);
      return total;
    }
  }

  /** Raises the background normalisation until mu s + b > 0 in every bin. */
  private static double[] feasible(Cat c, int nPar, double[] s, double mu, double[] t) {
    double[] x = t.clone();
    if (mu >= 0) {
      return x;
    }
    double[] b = new double[c.n.length];
    c.model.expected(x, nPar, b, null);
    double worst = 0;
    for (int i = 0; i < b.length; i++) {
      worst = Math.max(worst, -mu * s[i] / b[i]);
    }
    if (worst >= 0.5) {
      x[0] += Math.log(2 * worst);
    }
    return x;
  }

  /**
   * 2 H^-1 at x, H the analytic Hessian of -2 ln L (see {@link Problem#gradientHessian}); null when H is
   * not positive definite. H is equilibrated first (D^-1/2 H D^-1/2 with D its diagonal), since its
   * entries span many decades (mu in events, the background parameters of order 1) and the Cholesky
   * test of positivity is only meaningful on the scaled matrix.
   */
  private static double[][] covariance(Problem p, double[] x) {
    int dim = p.parameters();
    double[] g = new double[dim];
    double[][] h = new double[dim][dim];
    p.gradientHessian(x, g, h);
    double[] d = new double[dim];
    for (int k = 0; k < dim; k++) {
      if (!(h[k][k] > 0) || Double.isInfinite(h[k][k])) {
        return null;
      }
      d[k] = Math.sqrt(h[k][k]);
    }
    double[][] scaled = new double[dim][dim];
    for (int a = 0; a < dim; a++) {
      for (int b = 0; b < dim; b++) {
        scaled[a][b] = h[a][b] / (d[a] * d[b]);
      }
    }
    try {
      RealMatrix inv = new CholeskyDecomposition(new Array2DRowRealMatrix(scaled, false), 1e-10, 1e-14)
          .getSolver().getInverse();
      double[][] cov = new double[dim][dim];
      for (int a = 0; a < dim; a++) {
        for (int b = 0; b < dim; b++) {
          cov[a][b] = 2 * inv.getEntry(a, b) / (d[a] * d[b]);
        }
        if (!(cov[a][a] >= 0)) {
          return null;
        }
      }
      return cov;
    } catch (MathRuntimeException notPositive) {
      return null;
    }
  }

  /**
   * The least-squares problem over [mu (when free), theta_1, theta_2, ...] with the Poisson deviance
   * residuals of every bin of every category.
   */
  private static final class Problem implements Minimizers.Problem {
    final Cat[] cs;
    final int[] nPar;
    final double[][] sig;
    final boolean muFree;
    final double muFixed;
    final int dim;
    final int res;
    final double[] b;
    final double[][] db;
    final double[] t = new double[4];
    final double[] d = new double[1];

    Problem(Cat[] cs, int[] nPar, double[][] sig, boolean muFree, double muFixed) {
      this.cs = cs;
      this.nPar = nPar;
      this.sig = sig;
      this.muFree = muFree;
      this.muFixed = muFixed;
      int dimension = muFree ? 1 : 0;
      int residuals = 0;
      int maxBins = 0;
      for (int c = 0; c < cs.length; c++) {
        dimension += nPar[c];
        residuals += cs[c].n.length;
        maxBins = Math.max(maxBins, cs[c].n.length);
      }
      this.dim = dimension;
      this.res = residuals;
      this.b = new double[maxBins];
      this.db = new double[maxBins][4];
    }

    @Override
    public int parameters() {
      return dim;
    }

    @Override
    public int residuals() {
      return res;
    }

    @Override
    public void evaluate(double[] x, double[] r, double[][] jac) {
      double mu = muFree ? x[0] : muFixed;
      int off = muFree ? 1 : 0;
      int row = 0;
      for (int c = 0; c < cs.length; c++) {
        Cat cat = cs[c];
        int np = nPar[c];
        System.arraycopy(x, off, t, 0, np);
        cat.model.expected(t, np, b, jac != null ? db : null);
        double[] s = sig == null ? null : sig[c];
        for (int i = 0; i < cat.n.length; i++, row++) {
          double si = s == null ? 0 : s[i];
          double nu = mu * si + b[i];
          r[row] = PoissonStatistics.devianceResidual(cat.n[i], nu, d);
          if (jac != null) {
            double[] jr = jac[row];
            Arrays.fill(jr, 0);
            if (muFree) {
              jr[0] = d[0] * si;
            }
            for (int k = 0; k < np; k++) {
              jr[off + k] = d[0] * db[i][k];
            }
          }
        }
        off += np;
      }
    }

    /**
     * True when some bin's expectation is below 0.01 events with no events observed, or below 1e-6 events
     * (where the deviance residual sqrt(2 nu) loses smoothness and least squares converges poorly).
     */
    @Override
    public boolean nearBoundary(double[] x) {
      double mu = muFree ? x[0] : muFixed;
      int off = muFree ? 1 : 0;
      for (int c = 0; c < cs.length; c++) {
        Cat cat = cs[c];
        int np = nPar[c];
        System.arraycopy(x, off, t, 0, np);
        cat.model.expected(t, np, b, null);
        double[] s = sig == null ? null : sig[c];
        for (int i = 0; i < cat.n.length; i++) {
          double nu = mu * (s == null ? 0 : s[i]) + b[i];
          if (nu < 1e-6 || (nu < 0.01 && cat.n[i] == 0)) {
            return true;
          }
        }
        off += np;
      }
      return false;
    }

    /**
     * The exact gradient and Hessian of -2 ln L (the deviance) at x: with F = 2 sum [nu - n + n ln(n / nu)],
     * dF/dnu = 2 (1 - n / nu) and d2F/dnu2 = 2 n / nu^2, so H = sum [2 n / nu^2 grad(nu) grad(nu)^T
     * + 2 (1 - n / nu) Hess(nu)]; nu is linear in mu and ln of the background density is linear in the
     * internal parameters, so Hess(nu) is analytic ({@link BinnedDijet#secondDerivatives}).
     */
    @Override
    public void gradientHessian(double[] x, double[] grad, double[][] h) {
      Arrays.fill(grad, 0);
      for (double[] row : h) {
        Arrays.fill(row, 0);
      }
      double mu = muFree ? x[0] : muFixed;
      int off = muFree ? 1 : 0;
      double[][] h2 = new double[4][4];
      for (int c = 0; c < cs.length; c++) {
        Cat cat = cs[c];
        int np = nPar[c];
        System.arraycopy(x, off, t, 0, np);
        cat.model.expected(t, np, b, db);
        double[] s = sig == null ? null : sig[c];
        for (int i = 0; i < cat.n.length; i++) {
          double si = s == null ? 0 : s[i];
          double nu = mu * si + b[i];
          double n = cat.n[i];
          double w1 = 2 * n / (nu * nu);
          double w2 = 2 * (1 - n / nu);
          if (muFree) {
            grad[0] += w2 * si;
            h[0][0] += w1 * si * si;
            for (int k = 0; k < np; k++) {
              h[0][off + k] += w1 * si * db[i][k];
              h[off + k][0] += w1 * si * db[i][k];
            }
          }
          cat.model.secondDerivatives(t, np, i, h2);
          for (int k = 0; k < np; k++) {
            grad[off + k] += w2 * db[i][k];
            for (int l = 0; l < np; l++) {
              h[off + k][off + l] += w1 * db[i][k] * db[i][l] + w2 * h2[k][l];
            }
          }
        }
        off += np;
      }
    }
  }
}

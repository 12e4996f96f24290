package org.nphunt.fit;

import org.hipparchus.exception.LocalizedCoreFormats;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.LocalizedOptimFormats;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresProblem;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.util.Pair;

/**
 * Minimisation of a sum of squared residuals (here the Poisson deviance residuals, so the sum is
 * -2 ln L up to a constant) with Hipparchus' Levenberg-Marquardt or BOBYQA optimisers.
 *
 * <p>For BOBYQA the parameters are rescaled to units of their approximate errors,
 * sqrt(diag((J^T J)^-1)) at the start (J^T J approximates half the Hessian of the deviance), so every
 * coordinate moves by O(1) per error and BOBYQA's single trust-region radius fits all of them.
 * Levenberg-Marquardt scales itself (MINPACK's column-norm scaling).
 *
 * <p>The best point ever evaluated is tracked, so a run that ends in one of Hipparchus' "tolerance too
 * small" states (reached when the cost has converged to rounding) still returns its minimum.
 */
final class Minimizers {
  private Minimizers() {}

  /** A least-squares problem: residuals and their Jacobian at a point. */
  interface Problem {
    int parameters();

    int residuals();

    /** Writes the residuals into r and, when jac != null, dr_i / dx_k into jac[i][k]. */
    void evaluate(double[] x, double[] r, double[][] jac);

    /** The exact gradient and Hessian of sum r^2 at x (x in the problem's feasible region). */
    void gradientHessian(double[] x, double[] grad, double[][] h);

    /** True when x is close to where the residuals stop being smooth (then the result is polished). */
    boolean nearBoundary(double[] x);
  }

  /**
   * @param x the best point
   * @param cost sum of squared residuals there
   * @param evaluations function evaluations used
   * @param converged false when the evaluation budget ran out or the optimiser failed
   */
  record Solution(double[] x, double cost, int evaluations, boolean converged) {}

  static Solution minimize(Problem p, double[] start, FitConfig config) {
    Solution s;
    if (config.minimizer() == Minimizer.BOBYQA) {
      s = bobyqa(p, start, scales(p, start), config);
    } else {
      // Levenberg-Marquardt rescales internally by the Jacobian's column norms (MINPACK's diag), so it
      // needs no scaling of its own
      double[] unit = new double[p.parameters()];
      java.util.Arrays.fill(unit, 1);
      s = levenbergMarquardt(p, start, unit, config);
    }
    return s.converged() && !p.nearBoundary(s.x()) ? s : polish(p, s, config);
  }

  /**
   * Newton iterations on the exact objective from an optimiser's result that did not converge or ended
   * near the boundary of the physical region: step -H^-1 grad with the
   * analytic Hessian (damped by adding tau I until Cholesky succeeds when H is not positive definite),
   * backtracking (Armijo) so that every accepted point lowers sum r^2 and stays feasible. Stops when the
   * Newton decrement grad^T H^-1 grad falls below tolerance * max(1, cost) (the expected further gain of
   * -2 ln L), after 20 iterations, or when no step of at least 2^-11 of the Newton step lowers the
   * objective (a minimum on the boundary nu = 0 of the physical region, where Newton steps are cut
   * short).
   *
   * <p>Least squares on the deviance residuals converges poorly where an expectation approaches 0 in a
   * bin with no events (the residual sqrt(2 nu) is not smooth there, while the objective 2 nu is); the
   * Newton steps on the objective itself finish those fits and make every minimum precise to rounding,
   * which the profile-likelihood differences need.
   */
  static Solution polish(Problem p, Solution s, FitConfig config) {
    if (!Double.isFinite(s.cost()) || s.cost() >= Double.MAX_VALUE) {
      return s;
    }
    int n = p.parameters();
    double[] x = s.x().clone();
    double cost = s.cost();
    double[] grad = new double[n];
    double[][] h = new double[n][n];
    int evaluations = s.evaluations();
    boolean converged = s.converged();
    for (int it = 0; it < 20; it++) {
      p.gradientHessian(x, grad, h);
      double[] step = newtonStep(grad, h);
      if (step == null) {
        break;
      }
      double slope = 0;
      for (int k = 0; k < n; k++) {
        slope += grad[k] * step[k];
      }
      if (!(slope < 0)) {
        break;
      }
      if (-slope < config.tolerance() * Math.max(1, cost)) {
        converged = true;
        break;
      }
      double alpha = 1;
      boolean accepted = false;
      double[] trial = new double[n];
      for (int ls = 0; ls < 12; ls++) {
        for (int k = 0; k < n; k++) {
          trial[k] = x[k] + alpha * step[k];
        }
        double c = cost(p, trial);
        evaluations++;
        if (c <= cost + 1e-4 * alpha * slope) {
          x = trial.clone();
          cost = c;
          accepted = true;
          break;
        }
        alpha *= 0.5;
      }
      if (!accepted) {
        break;
      }
    }
    return new Solution(x, cost, evaluations, converged);
  }

  /**
   * -H^-1 grad, solved on the equilibrated matrix D^-1/2 H D^-1/2 (D the diagonal of H, whose entries
   * span decades), adding tau I (growing) when that is not positive definite; null when hopeless.
   */
  private static double[] newtonStep(double[] grad, double[][] h) {
    int n = grad.length;
    double[] d = new double[n];
    for (int k = 0; k < n; k++) {
      if (!Double.isFinite(grad[k]) || !Double.isFinite(h[k][k])) {
        return null;
      }
      d[k] = h[k][k] > 0 ? Math.sqrt(h[k][k]) : 1;
    }
    double[] gs = new double[n];
    for (int k = 0; k < n; k++) {
      gs[k] = grad[k] / d[k];
    }
    double tau = 0;
    for (int attempt = 0; attempt < 20; attempt++) {
      double[][] m = new double[n][n];
      for (int a = 0; a < n; a++) {
        for (int b = 0; b < n; b++) {
          m[a][b] = h[a][b] / (d[a] * d[b]);
        }
        m[a][a] += tau;
      }
      try {
        double[] sol = new CholeskyDecomposition(new Array2DRowRealMatrix(m, false), 1e-10, 1e-14).getSolver()
            .solve(new ArrayRealVector(gs, false)).toArray();
        for (int k = 0; k < n; k++) {
          sol[k] = -sol[k] / d[k];
          if (!Double.isFinite(sol[k])) {
            return null;
          }
        }
        return sol;
      } catch (MathRuntimeException notPositive) {
        tau = tau == 0 ? 1e-8 : tau * 10;
      }
    }
    return null;
  }

  /** sum r^2 at x. */
  static double cost(Problem p, double[] x) {
    double[] r = new double[p.residuals()];
    p.evaluate(x, r, null);
    return sumSquares(r);
  }

  private static double sumSquares(double[] r) {
    double s = 0;
    for (double v : r) {
      s += v * v;
    }
    return s;
  }

  /** Approximate parameter errors at x, sqrt(diag((J^T J)^-1)); 1 where that fails. */
  static double[] scales(Problem p, double[] x) {
    int n = p.parameters();
    int m = p.residuals();
    double[] r = new double[m];
    double[][] jac = new double[m][n];
    p.evaluate(x, r, jac);
    double[][] jtj = new double[n][n];
    for (int i = 0; i < m; i++) {
      double[] row = jac[i];
      for (int a = 0; a < n; a++) {
        for (int b = a; b < n; b++) {
          jtj[a][b] += row[a] * row[b];
        }
      }
    }
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < a; b++) {
        jtj[a][b] = jtj[b][a];
      }
    }
    double[] s = new double[n];
    java.util.Arrays.fill(s, 1);
    try {
      RealMatrix inv = new CholeskyDecomposition(new Array2DRowRealMatrix(jtj, false), 1e-14, 1e-300)
          .getSolver().getInverse();
      for (int a = 0; a < n; a++) {
        double v = Math.sqrt(inv.getEntry(a, a));
        if (v > 0 && Double.isFinite(v)) {
          s[a] = v;
        }
      }
    } catch (MathRuntimeException singular) {
      // keep unit scales
    }
    return s;
  }

  /** Wraps the problem in scaled coordinates y = x / scale and remembers the best point. */
  private static final class Tracker {
    final Problem p;
    final double[] scale;
    final double[] r;
    final double[][] jac;
    final double[] x;
    double bestCost = Double.POSITIVE_INFINITY;
    double[] bestX;
    int evaluations;

    Tracker(Problem p, double[] scale) {
      this.p = p;
      this.scale = scale;
      this.r = new double[p.residuals()];
      this.jac = new double[p.residuals()][p.parameters()];
      this.x = new double[p.parameters()];
    }

    double evaluate(double[] y, boolean withJacobian) {
      for (int k = 0; k < x.length; k++) {
        x[k] = y[k] * scale[k];
      }
      evaluations++;
      p.evaluate(x, r, withJacobian ? jac : null);
      double c = sumSquares(r);
      if (!Double.isFinite(c)) {
        c = Double.MAX_VALUE;
      }
      if (c < bestCost) {
        bestCost = c;
        bestX = x.clone();
      }
      return c;
    }
  }

  private static Solution levenbergMarquardt(Problem p, double[] start, double[] scale, FitConfig config) {
    Tracker t = new Tracker(p, scale);
    int n = p.parameters();
    int m = p.residuals();
    double[] y0 = new double[n];
    for (int k = 0; k < n; k++) {
      y0[k] = start[k] / scale[k];
    }
    LeastSquaresProblem problem = new LeastSquaresBuilder()
        .start(y0)
        .target(new double[m])
        .model(point -> {
          t.evaluate(point.toArray(), true);
          double[][] js = new double[m][n];
          for (int i = 0; i < m; i++) {
            for (int k = 0; k < n; k++) {
              double v = t.jac[i][k] * scale[k];
              js[i][k] = Double.isFinite(v) ? v : 0;
            }
          }
          return new Pair<>(new ArrayRealVector(t.r.clone(), false), new Array2DRowRealMatrix(js, false));
        })
        .maxEvaluations(config.maxEvaluations())
        .maxIterations(config.maxEvaluations())
        .lazyEvaluation(false)
        .build();
    LevenbergMarquardtOptimizer lm = new LevenbergMarquardtOptimizer()
        .withCostRelativeTolerance(config.tolerance())
        .withParameterRelativeTolerance(config.tolerance())
        .withOrthoTolerance(1e-10);
    boolean converged;
    try {
      lm.optimize(problem);
      converged = true;
    } catch (MathIllegalStateException e) {
      // the "tolerance too small" states mean the cost stopped changing at rounding level: converged
      converged = e.getSpecifier() == LocalizedOptimFormats.TOO_SMALL_COST_RELATIVE_TOLERANCE
          || e.getSpecifier() == LocalizedOptimFormats.TOO_SMALL_PARAMETERS_RELATIVE_TOLERANCE
          || e.getSpecifier() == LocalizedOptimFormats.TOO_SMALL_ORTHOGONALITY_TOLERANCE;
      if (!converged && e.getSpecifier() != LocalizedCoreFormats.MAX_COUNT_EXCEEDED
          && e.getSpecifier() != LocalizedOptimFormats.UNABLE_TO_PERFORM_QR_DECOMPOSITION_ON_JACOBIAN) {
        throw e;
      }
    }
    if (t.bestX == null) {
      return new Solution(start.clone(), Double.POSITIVE_INFINITY, t.evaluations, false);
    }
    return new Solution(t.bestX, t.bestCost, t.evaluations, converged && t.bestCost < Double.MAX_VALUE);
  }

  private static Solution bobyqa(Problem p, double[] start, double[] scale, FitConfig config) {
    Tracker t = new Tracker(p, scale);
    int n = p.parameters();
    double[] y0 = new double[n];
    for (int k = 0; k < n; k++) {
      y0[k] = start[k] / scale[k];
    }
    // radii in units of the parameter errors: start at half an error, stop at 1e-6 of one
    // (a change of ~1e-12 in -2 ln L)
    BOBYQAOptimizer opt = new BOBYQAOptimizer(2 * n + 1, 0.5, 1e-6 * Math.max(1, Math.sqrt(config.tolerance() / 1e-10)));
    boolean converged;
    try {
      opt.optimize(new MaxEval(config.maxEvaluations()),
          new ObjectiveFunction(y -> t.evaluate(y, false)),
          GoalType.MINIMIZE,
          new InitialGuess(y0),
          SimpleBounds.unbounded(n));
      converged = true;
    } catch (MathIllegalStateException e) {
      converged = false;
    }
    if (t.bestX == null) {
      return new Solution(start.clone(), Double.POSITIVE_INFINITY, t.evaluations, false);
    }
    return new Solution(t.bestX, t.bestCost, t.evaluations, converged && t.bestCost < Double.MAX_VALUE);
  }
}

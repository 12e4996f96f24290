package org.nphunt.benchmark.eval;

import org.nphunt.eval.*;

import java.util.Map;
import java.util.SplittableRandom;
import org.nphunt.random.Seeds;

/**
 * Benchmark (not a test): evaluation of one score on N background and N/10 signal events.
 * Run (after {@code mvn -q -DskipTests package}): {@code java -Xmx2g -cp nphunt-cli/target/nphunt.jar:nphunt-bench/target/nphunt-bench.jar org.nphunt.benchmark.eval.EvalBenchmark 10000000}
 */
public final class EvalBenchmark {
  private EvalBenchmark() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
    SplittableRandom r = Seeds.random(1, "bench/eval");
    double[] b = new double[n];
    double[] s = new double[n / 10];
    for (int i = 0; i < n; i++) {
      b[i] = r.nextDouble();
    }
    for (int i = 0; i < s.length; i++) {
      s[i] = Math.sqrt(r.nextDouble());
    }
    for (int rep = 0; rep < 3; rep++) {
      long t0 = System.nanoTime();
      EvaluationResults res = new Evaluation(EvaluationConfig.defaults()).background("m", "SM", Map.of("x", b))
          .signal("m", "S", Map.of("x", s)).run();
      long t1 = System.nanoTime();
      double mw = Auc.mannWhitney(b, s);
      long t2 = System.nanoTime();
      System.out.printf("n_bkg=%d n_sig=%d: full evaluation %.2f s (%.1f M events/s), Mann-Whitney incl. sort %.2f s; AUC %.6f / %.6f%n",
          n, s.length, (t1 - t0) / 1e9, (n + s.length) / ((t1 - t0) / 1e3), (t2 - t1) / 1e9, res.results().get(0).auc(), mw);
    }
  }
}

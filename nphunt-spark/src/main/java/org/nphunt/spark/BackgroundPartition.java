package org.nphunt.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.nphunt.NphuntException;
import org.nphunt.eval.BackgroundStream;

/**
 * The background scores of one Spark partition, streamed (in blocks of {@value #BLOCK} events) into one
 * {@link BackgroundStream} per score, built from the broadcast {@link BackgroundStream.Spec}s (which carry
 * the sorted signals); the partition's result is the list of their integer {@link BackgroundStream.State}s,
 * which the driver combines by a tree reduction. Rows are (index, score...); a non-finite score names
 * its event.
 */
final class BackgroundPartition implements FlatMapFunction<Iterator<Row>, List<BackgroundStream.State>> {
  private static final long serialVersionUID = 1L;
  static final int BLOCK = 65_536;
  private final Broadcast<List<BackgroundStream.Spec>> specs;
  private final List<String> scores;
  private final String where;

  /** @param where the scores, for messages, e.g. "runs/scores (sm.h5)" */
  BackgroundPartition(Broadcast<List<BackgroundStream.Spec>> specs, List<String> scores, String where) {
    this.specs = specs;
    this.scores = List.copyOf(scores);
    this.where = where;
  }

  @Override
  public Iterator<List<BackgroundStream.State>> call(Iterator<Row> rows) {
    List<BackgroundStream> streams = new ArrayList<>();
    for (BackgroundStream.Spec s : specs.value()) {
      streams.add(s.newStream());
    }
    int k = scores.size();
    double[][] block = new double[k][BLOCK];
    int n = 0;
    while (rows.hasNext()) {
      Row r = rows.next();
      for (int s = 0; s < k; s++) {
        double v = r.getDouble(s + 1);
        if (!Double.isFinite(v)) {
          throw new NphuntException(where + ": score '" + scores.get(s) + "' at event " + r.getLong(0) + " is " + v
              + " (scores must be finite)");
        }
        block[s][n] = v;
      }
      if (++n == BLOCK) {
        add(streams, block, n);
        n = 0;
      }
    }
    add(streams, block, n);
    List<BackgroundStream.State> states = new ArrayList<>();
    streams.forEach(s -> states.add(s.state()));
    return List.of(states).iterator();
  }

  private static void add(List<BackgroundStream> streams, double[][] block, int n) {
    for (int s = 0; s < streams.size(); s++) {
      streams.get(s).add(block[s], 0, n);
    }
  }

  /** Score by score, the state of both lists' parts together. */
  static List<BackgroundStream.State> plus(List<BackgroundStream.State> a, List<BackgroundStream.State> b) {
    List<BackgroundStream.State> out = new ArrayList<>(a.size());
    for (int s = 0; s < a.size(); s++) {
      out.add(a.get(s).plus(b.get(s)));
    }
    return out;
  }
}

package org.nphunt.physics;

import java.util.ArrayList;
import java.util.List;
import org.nphunt.data.EventBatch;
import org.nphunt.data.MemoryEventSink;
import org.nphunt.data.ObjectType;

/**
 * Mean reconstructed-object multiplicities and MET of a sample: the table in docs/generator.md.
 * {@code java -cp ... org.nphunt.physics.Multiplicities [events=100000] [seed=1]} prints it for every
 * built-in process.
 *
 * @param process process name
 * @param events events measured
 * @param efficiency accepted / generated of the process
 * @param electrons mean stored electrons
 * @param muons mean stored muons
 * @param jets mean stored jets
 * @param met mean MET (GeV)
 * @param leadingLeptonPt mean pT of the leading lepton (GeV)
 */
public record Multiplicities(String process, long events, double efficiency, double electrons, double muons,
    double jets, double met, double leadingLeptonPt) {

  /** Measures a batch. */
  public static Multiplicities of(String process, double efficiency, EventBatch b) {
    double ne = 0;
    double nm = 0;
    double nj = 0;
    double met = 0;
    double lpt = 0;
    for (int e = 0; e < b.size(); e++) {
      ne += b.count(e, ObjectType.ELECTRON);
      nm += b.count(e, ObjectType.MUON);
      nj += b.count(e, ObjectType.JET);
      met += b.pt(e, 0);
      lpt += Math.max(b.pt(e, ObjectType.ELECTRON.firstSlot()), b.pt(e, ObjectType.MUON.firstSlot()));
    }
    int n = b.size();
    return new Multiplicities(process, n, efficiency, ne / n, nm / n, nj / n, met / n, lpt / n);
  }

  public static void main(String[] args) {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
    List<Multiplicities> rows = new ArrayList<>();
    System.out.println("| process | efficiency | electrons | muons | jets | MET (GeV) | leading lepton pT (GeV) |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (String name : Processes.names()) {
      CocktailSpec spec = Processes.builtIn(name);
      List<ProcessStats> stats = new ArrayList<>();
      MemoryEventSink sink = MemoryEventSink.collecting();
      stats.addAll(EventGenerator.generate(spec, events, seed, Runtime.getRuntime().availableProcessors(), sink, null).processes());
      EventBatch b = sink.all();
      double eff = stats.size() == 1 ? stats.get(0).efficiency() : Double.NaN;
      Multiplicities m = of(name, eff, b);
      rows.add(m);
      System.out.printf("| %s | %s | %.2f | %.2f | %.2f | %.1f | %.1f |%n", m.process(),
          Double.isNaN(eff) ? "-" : String.format("%.2f%%", 100 * eff), m.electrons(), m.muons(), m.jets(), m.met(),
          m.leadingLeptonPt());
    }
  }
}

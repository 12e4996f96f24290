package org.nphunt.data;

import java.util.List;

/**
 * Jets of the top-tagging reference data (Kasieczka, Plehn et al., arXiv:1902.09914): tensor
 * {@code constituents} (200, 4) of (E, px, py, pz) [GeV], pT-ordered, zero-padded; tensor
 * {@code truth} (4) the truth top four-vector (zeros for QCD jets); columns {@code is_signal_new}
 * (1 top, 0 QCD), {@code ttv} (0 train, 1 test, 2 validation) and the pandas row {@code index}.
 *
 * <p>The published files are pT-ordered; nphunt neither checks nor relies on that order (no model reads
 * these constituents yet; summaries take every non-padding row, wherever it sits), so a file in another
 * order reads the same. A model that cuts or reads the list in order must sort or check it first.
 *
 * @param maxConstituents padded length (200 in the published files)
 */
public record TopTaggingSchema(int maxConstituents) implements EventSchema {
  public static final String NAME = "toptagging";
  public static final int PUBLISHED_CONSTITUENTS = 200;
  public static final String CONSTITUENTS = "constituents";
  public static final String TRUTH = "truth";
  public static final String IS_SIGNAL = "is_signal_new";
  public static final String TTV = "ttv";
  public static final String INDEX = "index";

  public TopTaggingSchema {
    if (maxConstituents < 1 || maxConstituents > 10_000) {
      throw new IllegalArgumentException("maxConstituents must be in 1..10000, found " + maxConstituents);
    }
  }

  public static TopTaggingSchema published() {
    return new TopTaggingSchema(PUBLISHED_CONSTITUENTS);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "top-tagging jets (arXiv:1902.09914): up to " + maxConstituents + " constituents x (E, px, py, pz)";
  }

  private static List<Feature> fourVector() {
    return List.of(Feature.gev("E", "energy"), Feature.momentum("PX", "momentum x"),
        Feature.momentum("PY", "momentum y"), Feature.momentum("PZ", "momentum z"));
  }

  @Override
  public List<TensorSpec> tensors() {
    return List.of(
        new TensorSpec(CONSTITUENTS, List.of(maxConstituents, 4), fourVector(), TensorSpec.Padding.ZERO_ROWS,
            "jet constituents, zero-padded (pT-ordered in the published files; not checked)"),
        new TensorSpec(TRUTH, List.of(4), fourVector(), TensorSpec.Padding.ZERO_ROWS,
            "truth top four-vector (zeros for QCD jets)"));
  }

  @Override
  public List<ColumnSpec> columns() {
    return List.of(ColumnSpec.optional(IS_SIGNAL, ColumnType.INT32, "", "truth: 1 top jet, 0 QCD jet"),
        ColumnSpec.optional(TTV, ColumnType.INT32, "", "0 train, 1 test, 2 validation"),
        ColumnSpec.optional(INDEX, ColumnType.INT64, "", "pandas row index"));
  }
}

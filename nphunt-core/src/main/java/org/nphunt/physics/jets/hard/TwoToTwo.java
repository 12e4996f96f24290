package org.nphunt.physics.jets.hard;

import java.util.SplittableRandom;

/**
 * A set of 2 -> 2 subprocesses ab -> cd with equal outgoing masses m: their parton-flux-weighted
 * differential cross-section and, for an accepted phase-space point, the choice of one channel, its
 * flavours and its leading-colour flow.
 *
 * <p>Matrix elements are the spin- and colour-averaged |M|^2 / g^4 of Ellis, Stirling and Webber,
 * "QCD and collider physics", table 7.1 (massless) and Combridge, Nucl. Phys. B151 (1979) 429 (heavy
 * quarks), with dsigma/dt = pi alpha_s^2 / s^2 |M|^2/g^4. Implementations are immutable; all per-call
 * data live in a {@link State}.
 */
public interface TwoToTwo {
  /** Mass of each outgoing particle [GeV]. */
  double mass();

  /**
   * Sum over channels of x1 f_a(x1) x2 f_b(x2) dsigma_ab/dt [GeV^-4] at (x1, x2, s, t, u) with the
   * coupling alphaS; s, t, u and alphaS are kept in the state for {@link #choose}. f1 and f2 of the state
   * must hold the parton distributions at (x1, mu^2) and (x2, mu^2).
   */
  double evaluate(State st, double s, double t, double u, double alphaS);

  /**
   * After {@link #evaluate} (state unchanged since): picks a channel by its weight and fills ids, colours
   * and anticolours.
   */
  void choose(State st, SplittableRandom r);

  /** Per-thread scratch of a 2 -> 2 evaluation. */
  final class State {
    /** x f(x, mu^2) of beam 1 and 2, index 5 + pid (see {@link Grv94Lo}). */
    public final double[] f1 = new double[11];
    public final double[] f2 = new double[11];
    /** Channel weights of the last evaluation and their codes. */
    public double[] w = new double[256];
    public int[] code = new int[256];
    public int n;
    /** Flavours of partons 1, 2 (incoming) and 3, 4 (outgoing). */
    public final int[] id = new int[4];
    /** Colour and anticolour tags of partons 1..4 (0: none), as in the Les Houches convention. */
    public final int[] col = new int[4];
    public final int[] acol = new int[4];
    /** Mandelstam s, t, u of the last evaluation (kept for the colour-flow choice). */
    public double s;
    public double t;
    public double u;
    /** The coupling of the last evaluation. */
    public double alphaS;

    void add(double weight, int c) {
      if (n == w.length) {
        w = java.util.Arrays.copyOf(w, 2 * n);
        code = java.util.Arrays.copyOf(code, 2 * n);
      }
      w[n] = weight;
      code[n] = c;
      n++;
    }

    /** Index of a channel drawn by weight. */
    int pick(SplittableRandom r) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += w[i];
      }
      double x = sum * r.nextDouble();
      for (int i = 0; i < n; i++) {
        x -= w[i];
        if (x < 0 && w[i] > 0) {
          return i;
        }
      }
      for (int i = n - 1; i >= 0; i--) {
        if (w[i] > 0) {
          return i;
        }
      }
      throw new IllegalStateException("no channel with positive weight");
    }

    void setColours(int c1, int a1, int c2, int a2, int c3, int a3, int c4, int a4) {
      col[0] = c1;
      acol[0] = a1;
      col[1] = c2;
      acol[1] = a2;
      col[2] = c3;
      acol[2] = a3;
      col[3] = c4;
      acol[3] = a4;
    }

    /** Exchanges colours and anticolours (charge conjugation of the flow). */
    void swapColAcol() {
      for (int i = 0; i < 4; i++) {
        int c = col[i];
        col[i] = acol[i];
        acol[i] = c;
      }
    }

    /** Exchanges the roles of partons 1 and 2 and of 3 and 4 in the flow. */
    void swap1234() {
      int c = col[0];
      col[0] = col[1];
      col[1] = c;
      c = acol[0];
      acol[0] = acol[1];
      acol[1] = c;
      c = col[2];
      col[2] = col[3];
      col[3] = c;
      c = acol[2];
      acol[2] = acol[3];
      acol[3] = c;
    }

    /**
     * The colour partners of outgoing parton k (2 or 3, i.e. parton 3 or 4): the parton whose
     * anticolour (outgoing) or colour (incoming) matches k's colour, and likewise for k's anticolour;
     * written to out[0..1] as 0-based parton indices, -1 when absent. Returns how many were found.
     */
    public int partners(int k, int[] out) {
      out[0] = -1;
      out[1] = -1;
      int found = 0;
      if (col[k] != 0) {
        int p = match(k, col[k], true);
        if (p >= 0) {
          out[found++] = p;
        }
      }
      if (acol[k] != 0) {
        int p = match(k, acol[k], false);
        if (p >= 0) {
          out[found++] = p;
        }
      }
      return found;
    }

    private int match(int k, int tag, boolean colour) {
      for (int i = 2; i < 4; i++) {
        if (i != k && (colour ? acol[i] : col[i]) == tag) {
          return i;
        }
      }
      for (int i = 0; i < 2; i++) {
        if ((colour ? col[i] : acol[i]) == tag) {
          return i;
        }
      }
      return -1;
    }
  }
}

/**
 * The resonant anomaly search ({@code nphunt hunt}): an anomaly score made into a bump hunt whose
 * background is predicted from data, as in the CMS dijet anomaly search (arXiv:2412.03747).
 *
 * <ol>
 *   <li>{@link org.nphunt.hunt.Regions}: the signal region |DeltaEtaJJ| &lt; cut (default 1.4) and the
 *       background-dominated sideband |DeltaEtaJJ| &gt;= cut, where the anomaly model is trained;</li>
 *   <li>{@link org.nphunt.hunt.QuantileRegression}: a small dense network mJJ -&gt; score threshold per
 *       background-acceptance quantile (0.3, 0.5, 0.7, 0.9, 0.99 by default), trained with the pinball
 *       loss ({@link org.nphunt.hunt.PinballLoss}), k-folded so that no event is cut by a network that saw
 *       it;</li>
 *   <li>{@link org.nphunt.hunt.Hunt}: the thresholds split the signal region into orthogonal categories
 *       from most background-like to most anomalous, each with the same background mJJ shape by
 *       construction (checked with {@link org.nphunt.fit.ShapeCompatibility}); all categories are fitted
 *       together with a shared signal strength mu ({@link org.nphunt.fit.ResonanceSearch}) over a mass
 *       scan, next to the inclusive bump hunt without the score ({@link org.nphunt.hunt.HuntResult});</li>
 *   <li>{@link org.nphunt.hunt.SignalInjection}: signal injected into background in events or, through
 *       {@link org.nphunt.hunt.CrossSectionScale}, in sigma x BR; the anomaly model and the quantile
 *       regression re-trained per point; the recovered mu and significance, categorised and inclusive.</li>
 * </ol>
 *
 * <p>The weakly supervised alternatives in an mJJ window, compared by SIC curves
 * ({@link org.nphunt.hunt.MethodComparison}, {@link org.nphunt.hunt.MethodCurves}): CWoLa hunting
 * ({@link org.nphunt.hunt.CwolaHunting}, arXiv:1805.02664) with the bump hunt after its cut
 * ({@link org.nphunt.hunt.CutBumpHunt}), ANODE ({@link org.nphunt.hunt.Anode}, arXiv:2001.04990, on the
 * masked autoregressive flows of {@link org.nphunt.flow}) and the supervised reference
 * ({@link org.nphunt.hunt.SupervisedReference}).
 *
 * <p>{@link org.nphunt.hunt.ToyResonance} draws toy events (mJJ, DeltaEtaJJ, score) for tests and the
 * quick demonstration.
 *
 * <p>Units: masses in GeV. Every random choice comes from {@link org.nphunt.random.Seeds} streams named
 * here ("hunt/..."), so the same seed gives bit-identical results.
 */
package org.nphunt.hunt;

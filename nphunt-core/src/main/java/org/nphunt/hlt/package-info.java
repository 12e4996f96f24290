/**
 * The pieces of the HLT study (Cerri, Nguyen, Pierini, Spiropulu, Vlimant, arXiv:1811.10276) on
 * nphunt's trigger events that need no neural-network engine: the 21 high-level features
 * ({@link org.nphunt.hlt.HighLevelFeatures}) computed from ADC2021 events and the generator's truth
 * columns, and single-feature separations ({@link org.nphunt.hlt.FeatureSeparation}).
 */
package org.nphunt.hlt;

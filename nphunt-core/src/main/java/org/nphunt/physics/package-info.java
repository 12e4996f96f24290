/**
 * nphunt's built-in parametric event generator ("toy fast simulation") in the ADC2021 layout
 * (arXiv:2107.02157): four-vectors ({@link org.nphunt.physics.FourVector}), declarative process specs
 * ({@link org.nphunt.physics.ProcessSpec}, {@link org.nphunt.physics.CocktailSpec}), the allocation-free
 * event kernel (production, decays, detector response, isolation, MET, trigger) and the chunked,
 * thread-count-independent driver {@link org.nphunt.physics.EventGenerator}. The physics model is
 * described in docs/generator.md.
 */
package org.nphunt.physics;

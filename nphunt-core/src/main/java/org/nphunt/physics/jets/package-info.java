/**
 * The jet-level event generator (issue 11): pp collisions at 13 TeV producing particle-level events in
 * the LHC Olympics layout and, optionally, dijet events. Hard processes ({@code hard}: QCD dijets, W' -> X
 * Y, RS gravitons -> WW, t tbar, a hidden-valley dark shower), a coherent parton shower
 * ({@code shower}), hadronisation ({@code hadron}), a particle-flow detector ({@code detector}), the
 * selection ({@link org.nphunt.physics.jets.JetSelection}) and the chunked, thread-count-independent
 * driver {@link org.nphunt.physics.jets.JetGenerator} with declarative specs
 * ({@link org.nphunt.physics.jets.JetProcessSpec}, {@link org.nphunt.physics.jets.JetCocktailSpec},
 * built-ins in {@link org.nphunt.physics.jets.JetProcesses}). Physics, approximations and measured
 * distributions: docs/jet-generator.md.
 */
package org.nphunt.physics.jets;

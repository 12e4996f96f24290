/**
 * Hard processes of the jet-level generator at sqrt(s) = 13 TeV: leading-order proton parton
 * distributions ({@link org.nphunt.physics.jets.hard.Grv94Lo}), the 2 -> 2 QCD and heavy-pair matrix
 * elements with their leading-colour flows ({@link org.nphunt.physics.jets.hard.QcdDijetChannels},
 * {@link org.nphunt.physics.jets.hard.HeavyPairChannels}), an unweighting importance sampler of 2 -> 2
 * kinematics ({@link org.nphunt.physics.jets.hard.TwoToTwoSampler}), s-channel resonance production
 * ({@link org.nphunt.physics.jets.hard.ResonanceProduction}) and decay angular distributions
 * ({@link org.nphunt.physics.jets.hard.Decays}).
 */
package org.nphunt.physics.jets.hard;

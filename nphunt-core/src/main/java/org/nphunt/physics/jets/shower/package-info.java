/**
 * The final-state parton shower of the jet-level generator: one-loop running coupling
 * ({@link org.nphunt.physics.jets.shower.AlphaS}), Altarelli-Parisi splitting functions
 * ({@link org.nphunt.physics.jets.shower.Splitting}), the coupling and colour factors of a gauge sector
 * (QCD or a hidden valley, {@link org.nphunt.physics.jets.shower.ShowerSector}) and the shower itself
 * ({@link org.nphunt.physics.jets.shower.PartonShower}): virtuality ordering with an angular-ordering
 * veto (the coherent JETSET/Pythia 6 algorithm, Bengtsson and Sjostrand, Nucl. Phys. B289 (1987) 810;
 * Pythia 6.4 manual hep-ph/0603175, section 10.3), Sudakov veto algorithm (Pythia 8 manual
 * arXiv:1410.3012; Hoeche, arXiv:1411.4085), exact two-body kinematics at every branching.
 * The physics and its approximations are described in docs/jet-generator.md.
 */
package org.nphunt.physics.jets.shower;

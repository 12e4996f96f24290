/**
 * The event record of the jet-level generator: one growable set of primitive arrays per thread
 * ({@link org.nphunt.physics.jets.event.EventRecord}) holding every particle of an event from the
 * incoming partons to the final hadrons, the particle codes ({@link org.nphunt.physics.jets.event.Pid},
 * PDG numbering) and numerically stable Lorentz transformations
 * ({@link org.nphunt.physics.jets.event.Lorentz}).
 */
package org.nphunt.physics.jets.event;

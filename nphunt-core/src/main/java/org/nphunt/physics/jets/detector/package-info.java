/**
 * The detector model of the jet-level generator: a Delphes-like particle-flow response (tracks for charged
 * particles inside the tracker, energy-smeared calorimeter cells for photons and untracked hadrons) that
 * turns the final particles of an event into the (pT, eta, phi) list of the LHC Olympics layout
 * ({@link org.nphunt.physics.jets.detector.ParticleDetector},
 * {@link org.nphunt.physics.jets.detector.JetDetectorSpec}).
 */
package org.nphunt.physics.jets.detector;

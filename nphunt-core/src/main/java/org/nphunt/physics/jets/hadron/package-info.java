/**
 * Hadronisation of the jet-level generator: independent string-like fragmentation of every shower parton
 * into pions with exact global four-momentum conservation, neutral-pion decays, and the one-meson-per-parton
 * hadronisation of a dark shower ({@link org.nphunt.physics.jets.hadron.Fragmentation}). The model, its
 * justification and approximations are described in docs/jet-generator.md.
 */
package org.nphunt.physics.jets.hadron;

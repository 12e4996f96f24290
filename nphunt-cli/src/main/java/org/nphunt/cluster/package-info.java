/**
 * Particle-level events to dijet events, as a library behind {@code nphunt cluster}: anti-kT (or kT,
 * Cambridge/Aachen) jets, the two leading jets' kinematics, N-subjettiness, soft-drop mass and
 * constituents ({@link org.nphunt.jet.dijet.DijetFeatures}), streamed in blocks and clustered in
 * parallel, written in nphunt's dijet layout ({@link org.nphunt.hdf5.DijetWriter}).
 */
package org.nphunt.cluster;

/**
 * Per-event dijet features (mJJ, jet kinematics, tau_N, soft-drop masses, constituents) of the kind
 * used in the LHC Olympics 2020 anomaly-detection challenge (arXiv:2101.08320), from one event's
 * (pT, eta, phi) particles in the challenge's zero-padded layout.
 */
package org.nphunt.jet.dijet;

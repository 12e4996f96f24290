/**
 * Jet algorithms: sequential-recombination clustering of an event's particles with kT,
 * Cambridge/Aachen and anti-kT (Cacciari, Salam, Soyez, arXiv:0802.1189), exactly as FastJet 3.4
 * defines them (FastJet manual arXiv:1111.6097; tiled N^2 strategy hep-ph/0512210): distances in
 * rapidity and azimuth, E-scheme recombination, strict {@code DeltaR < R}, FastJet's tie order,
 * inclusive jets above a pT threshold sorted by pT, exclusive jets and subjets from the clustering
 * history.
 *
 * <p>{@link org.nphunt.jet.ClusterSequence} is the entry point: primitive arrays in (four-momenta or
 * (pT, eta, phi)), pseudojet and history indices out, reusable across events without allocation.
 * Sub-packages: {@code substructure} (N-subjettiness, soft drop), {@code image} (pre-processed jet
 * images), {@code dijet} (per-event dijet features of the LHC Olympics kind).
 *
 * <p>Units: GeV for momenta and masses; azimuth in radians. Validated against FastJet 3.4 (Debian
 * libfastjet-dev) by the tests, with reference outputs made by nphunt-bench/src/main/cpp/jets.
 */
package org.nphunt.jet;

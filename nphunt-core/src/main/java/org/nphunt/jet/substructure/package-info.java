/**
 * Jet substructure on {@link org.nphunt.jet.ClusterSequence} jets: N-subjettiness tau_N with
 * exclusive-kT axes and the normalised measure (Thaler, Van Tilburg, arXiv:1011.2268; as fjcontrib
 * Nsubjettiness) and soft-drop grooming (Larkoski, Marzani, Soyez, Thaler, arXiv:1402.2657; as
 * fjcontrib RecursiveTools, grooming mode). Both recluster the jet's constituents and are reusable,
 * not thread-safe objects.
 */
package org.nphunt.jet.substructure;

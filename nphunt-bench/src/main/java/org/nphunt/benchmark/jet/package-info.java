/**
 * Speed of nphunt's jet clustering ({@code org.nphunt.jet}) against FastJet 3.4 (arXiv:1111.6097) on
 * LHC Olympics events: anti-kT (arXiv:0802.1189) clustering and the full dijet-feature builder
 * ({@link org.nphunt.benchmark.jet.JetClusteringBenchmark}); the C++ side and the interleaved
 * comparison are nphunt-bench/src/main/cpp/jets/jets_reference.cc and compare_speed.sh.
 */
package org.nphunt.benchmark.jet;

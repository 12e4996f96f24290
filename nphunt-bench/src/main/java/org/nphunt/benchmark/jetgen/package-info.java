/**
 * Benchmarks and studies of the jet-level generator ({@code org.nphunt.physics.jets}): throughput with
 * a per-stage CPU profile ({@link org.nphunt.benchmark.jetgen.JetGeneratorBenchmark}) and the realism
 * comparison with the real LHC Olympics events ({@link org.nphunt.benchmark.jetgen.JetRealism}).
 */
package org.nphunt.benchmark.jetgen;

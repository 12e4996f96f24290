/**
 * The benchmark harness behind {@code nphunt bench}: timed repetitions after warm-up with robust
 * statistics ({@link org.nphunt.benchmark.Stats}), peak heap and resident memory per measurement
 * ({@link org.nphunt.benchmark.MemoryProbe}), the machine record ({@link org.nphunt.benchmark.Machine}),
 * the suites (generator, HDF5, training, scoring; {@link org.nphunt.benchmark.BenchSuites}), the
 * report written as JSON and markdown ({@link org.nphunt.benchmark.BenchReport}) and the interleaved
 * side-by-side run against the PyTorch reference script ({@link org.nphunt.benchmark.PytorchComparison}).
 *
 * <p>Why a command-line harness and not JMH: the quantities are throughputs of whole operations that
 * each run for 0.1-10 s (files of a million events, libtorch training epochs, generator runs on all
 * cores) and are reported per process together with peak heap and resident memory; JMH is built for
 * nanosecond-to-millisecond kernels, forks a JVM per benchmark (which would hide the process-wide RSS
 * and the native-library start-up we want to see once) and is not among the prefetched offline
 * dependencies. What JMH would add for such long operations (warm-up, repetitions, median and
 * spread, recorded machine and JVM) is done here explicitly, and the same code runs from
 * {@code nphunt bench} on any user's machine without a second artifact.
 */
package org.nphunt.benchmark;

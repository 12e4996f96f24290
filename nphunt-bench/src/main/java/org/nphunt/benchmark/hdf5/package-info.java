/**
 * Throughput benchmarks of the HDF5 event files (write and read, gzip and uncompressed), callable
 * from code (a {@code nphunt bench} command) or from the command line.
 */
package org.nphunt.benchmark.hdf5;

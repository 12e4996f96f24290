/** Throughput benchmarks of training and scoring (called by {@code nphunt bench}; not tests). */
package org.nphunt.benchmark.torch;

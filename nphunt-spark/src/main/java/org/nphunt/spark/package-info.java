/**
 * nphunt on Apache Spark ({@code nphunt spark score|evaluate}): scoring of event files of any size
 * and number, and their exact evaluation, distributed over a cluster (YARN, Kubernetes, standalone) or
 * the cores of one machine ({@code local[*]}).
 *
 * <ul>
 *   <li>{@link org.nphunt.spark.SparkScoring}: event files are planned on the executors (format, size,
 *       chunking, SHA-256), split into tasks of whole HDF5 chunks, read with nphunt's own readers on the
 *       executors, scored by the model (loaded once per executor JVM from a broadcast copy), and written as
 *       Parquet through Spark's output committers (a retried task leaves no duplicate rows); on request
 *       also as HDF5 score files identical to {@code nphunt score}'s.
 *   <li>{@link org.nphunt.spark.SparkEvaluation}: the exact streamed evaluation of
 *       {@link org.nphunt.eval.StreamingEvaluation} with the background cut into Spark partitions: each
 *       partition accumulates a {@link org.nphunt.eval.BackgroundStream} against the broadcast signals, the
 *       integer states are combined by a tree reduction and merged on the driver, so every number equals
 *       that of {@code nphunt evaluate} on the same scores, bit for bit.
 *   <li>{@link org.nphunt.spark.SparkErrors}: a bad file on an executor ends the job with the one-line
 *       message of the single-machine command.
 * </ul>
 *
 * <p>Spark is a {@code provided} dependency: the module's thin jar joins the production jar for
 * {@code nphunt spark} only (the launcher), or is the application jar of {@code spark-submit} (main class
 * {@link org.nphunt.spark.SparkMain}).
 */
package org.nphunt.spark;

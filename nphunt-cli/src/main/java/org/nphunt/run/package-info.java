/**
 * The main job, {@code nphunt run}, as a library: generate (or open) the data, train the models,
 * score, evaluate and write the report into one atomically committed run folder; and the
 * generator-quality check of {@code nphunt sample --report} ({@link org.nphunt.run.GeneratorCheck}).
 */
package org.nphunt.run;

/**
 * The main job, {@code nphunt run}, as a library: generate (or open) the data, train the models,
 * score, evaluate and write the report into one atomically committed run folder.
 */
package org.nphunt.run;

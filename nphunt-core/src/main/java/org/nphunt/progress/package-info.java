/**
 * Progress display for long work: a bar with events/s and ETA on a terminal, silent in CI and pipes;
 * counted nouns ("1 epoch", "2 epochs") for progress and log lines.
 */
package org.nphunt.progress;

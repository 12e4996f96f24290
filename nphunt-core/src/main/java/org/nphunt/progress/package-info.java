/** Progress display for long work: a bar with events/s and ETA on a terminal, silent in CI and pipes. */
package org.nphunt.progress;

/**
 * Reproducible randomness: every random choice derives from one user seed through
 * {@link org.nphunt.random.Seeds}, never from a global generator.
 */
package org.nphunt.random;

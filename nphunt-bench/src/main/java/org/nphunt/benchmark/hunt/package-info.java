/**
 * Studies of the resonant search ({@code org.nphunt.hunt}): the signal-injection scan on toys, and the
 * LHC Olympics-style comparison of the supervised reference, CWoLa hunting, ANODE and a jet-mass score
 * ({@link org.nphunt.benchmark.hunt.WeakSupervisionComparison}).
 */
package org.nphunt.benchmark.hunt;

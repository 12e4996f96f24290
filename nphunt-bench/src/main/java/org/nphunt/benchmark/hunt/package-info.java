/** Studies of the resonant search ({@code org.nphunt.hunt}): the signal-injection scan on toys. */
package org.nphunt.benchmark.hunt;

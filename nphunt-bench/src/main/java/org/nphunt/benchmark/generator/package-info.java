/** Speed of the built-in trigger-event generator (physics only, discarding sink). */
package org.nphunt.benchmark.generator;

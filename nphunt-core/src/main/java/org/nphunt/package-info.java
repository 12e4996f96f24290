/** Root of nphunt: the user-facing {@link org.nphunt.NphuntException}. */
package org.nphunt;

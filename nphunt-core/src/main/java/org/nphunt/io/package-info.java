/** File helpers shared by every output: atomic writes ({@link org.nphunt.io.AtomicOutput}) and hashing. */
package org.nphunt.io;

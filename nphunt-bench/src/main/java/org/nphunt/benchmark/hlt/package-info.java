/**
 * Analysis programs of the HLT study (issue 14) that are not part of the production jar: the
 * single-observable separations of the generated signals (the h+ -> tau nu realism study).
 */
package org.nphunt.benchmark.hlt;

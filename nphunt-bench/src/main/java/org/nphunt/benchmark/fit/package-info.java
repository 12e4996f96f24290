/** Speed and robustness of the resonance-search fits (org.nphunt.fit): mass scans, optimisers, toys. */
package org.nphunt.benchmark.fit;

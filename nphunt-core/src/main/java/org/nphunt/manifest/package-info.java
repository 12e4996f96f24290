/** Provenance carried by every output: config, seed, input hashes, versions, git revision, time. */
package org.nphunt.manifest;

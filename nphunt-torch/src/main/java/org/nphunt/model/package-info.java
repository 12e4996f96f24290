/**
 * Autoencoder architectures as DJL blocks, each described by a validated, JSON-round-tripping
 * {@link org.nphunt.model.ArchitectureConfig} record.
 */
package org.nphunt.model;

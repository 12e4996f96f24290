/**
 * Autoencoder architectures as DJL blocks, each described by a validated, JSON-round-tripping
 * {@link org.nphunt.model.ArchitectureConfig} record and registered in {@link
 * org.nphunt.model.Architectures}: the ADC2021 event autoencoders (dense, vae, conv, transformer) and the
 * jet models of dijet events (chamfer-vae, jet-image-ae, lola-ae, and decorrelated for any of them).
 */
package org.nphunt.model;

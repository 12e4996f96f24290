package org.nphunt.physics.jets;

import java.util.List;

/**
 * What a generation produced (also written as sink attributes).
 *
 * @param process cocktail name
 * @param events selected events written
 * @param seed the user seed
 * @param generatorVersion {@link JetGenerator#VERSION}
 * @param processes per-process statistics in cocktail order
 */
public record JetGenerationSummary(String process, long events, long seed, String generatorVersion,
    List<JetProcessStats> processes) {}

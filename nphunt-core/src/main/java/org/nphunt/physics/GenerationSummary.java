package org.nphunt.physics;

import java.util.List;

/**
 * What a generation produced, also written as sink attributes.
 *
 * @param process cocktail name
 * @param events accepted events written
 * @param seed the user seed
 * @param generatorVersion {@link EventGenerator#VERSION}
 * @param processes per-process efficiencies and counts, in cocktail order
 */
public record GenerationSummary(String process, long events, long seed, String generatorVersion,
    List<ProcessStats> processes) {}

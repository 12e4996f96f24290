package org.nphunt.run;

import java.nio.file.Path;

/**
 * One evaluation sample of a run: the Standard-Model test sample or a signal.
 *
 * @param name display name, e.g. "SM" or "Ato4l"
 * @param file the event file
 * @param start first event used
 * @param count number of events used
 * @param background true for the Standard-Model sample
 */
public record RunSample(String name, Path file, long start, long count, boolean background) {}

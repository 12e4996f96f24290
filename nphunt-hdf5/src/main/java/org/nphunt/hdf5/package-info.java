/**
 * ADC2021 event files and nphunt score files in HDF5, through the reference C library (JavaCPP
 * {@code org.bytedeco:hdf5}), with gzip (de)compression of chunks on a thread pool.
 *
 * <ul>
 *   <li>{@link org.nphunt.hdf5.Hdf5EventReader} / {@link org.nphunt.hdf5.Hdf5EventWriter}: streaming
 *       event I/O ({@code Particles} (N,19,4) plus {@code EvtId}, {@code ProcessId}, names, attributes).
 *   <li>{@link org.nphunt.hdf5.ScoreFileWriter} / {@link org.nphunt.hdf5.ScoreFileReader}: per-event
 *       scores, one float64 column per score.
 *   <li>{@link org.nphunt.hdf5.FileSummary}: what a file holds ({@code nphunt inspect}).
 *   <li>{@link org.nphunt.hdf5.RawHdf5}: arbitrary numeric datasets, for building test files.
 * </ul>
 *
 * <p>The bundled library is built without thread safety: every call into it runs under one global
 * lock ({@code H5.LOCK}); only the (de)compression of chunks runs in parallel, using direct chunk
 * I/O ({@code H5Dread_chunk}/{@code H5Dwrite_chunk}) and {@link java.util.zip.Inflater}/{@link
 * java.util.zip.Deflater}. The library's own error printing is switched off; failures become
 * one-line {@link org.nphunt.NphuntException}s naming file, dataset and event index.
 */
package org.nphunt.hdf5;

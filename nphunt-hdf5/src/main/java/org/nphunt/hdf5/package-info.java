/**
 * Event files of every format nphunt reads, and score files, in HDF5 through the reference C library
 * (JavaCPP {@code org.bytedeco:hdf5}).
 *
 * <ul>
 *   <li>{@link org.nphunt.hdf5.EventFiles}: the format registry ({@code detect}, {@code open},
 *       {@code create} by schema).
 *   <li>{@link org.nphunt.hdf5.ChunkedDataset}: the one generic decoder under every format: any
 *       dataset with a leading event axis, rows as doubles, longs or raw bytes; chunks located once
 *       ({@code H5Dchunk_iter}), gzip/shuffle/Blosc decoded on a thread pool.
 *   <li>ADC2021: {@link org.nphunt.hdf5.Hdf5EventReader} / {@link org.nphunt.hdf5.Hdf5EventWriter};
 *       LHC Olympics (pandas fixed): {@link org.nphunt.hdf5.LhcOlympicsReader} /
 *       {@link org.nphunt.hdf5.LhcOlympicsWriter}; top tagging (pandas table):
 *       {@link org.nphunt.hdf5.TopTaggingReader}; dijet: {@link org.nphunt.hdf5.DijetReader} /
 *       {@link org.nphunt.hdf5.DijetWriter}.
 *   <li>{@link org.nphunt.hdf5.ScoreFileWriter} / {@link org.nphunt.hdf5.ScoreFileReader}: per-event
 *       scores, one float64 column per score.
 *   <li>{@link org.nphunt.hdf5.FileSummary} (ADC2021) and {@link org.nphunt.hdf5.EventFileSummary}
 *       (the other formats): what a file holds ({@code nphunt inspect}).
 *   <li>{@link org.nphunt.hdf5.Hdf5File}: an open file and what its paths are (dataset, group,
 *       dangling or external link); {@link org.nphunt.hdf5.RawHdf5}: arbitrary numeric datasets, for
 *       building test files.
 * </ul>
 *
 * <p>The bundled library is built without thread safety: every call into it runs under one global
 * lock ({@code H5.LOCK}); chunk bytes are read with positional file reads and decoded in parallel
 * outside it. The library's own error printing is switched off; its error stack is read to name the
 * real cause of a failure (truncated file, lock held by a writer, unavailable filter...) in one
 * {@link org.nphunt.NphuntException} line with file, dataset and event index.
 */
package org.nphunt.hdf5;

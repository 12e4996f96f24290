/**
 * CPU kernels of the small dense networks (the dense autoencoder and the VAE of arXiv:2107.02157 and
 * arXiv:2108.03986): layers, the fused ADC2021 preprocessing and score sums, and their training
 * counterparts (backward passes, weight gradients, Adam). The convolutional autoencoder
 * ({@link org.nphunt.kernel.ConvAutoencoderNet}) runs on the same kernels: the one-channel first and the
 * decoder convolutions as folded dense bands per event ({@code FoldedConvolution}), the second as an im2col
 * copy and one dense GEMM over (event, position) rows.
 * So does the recurrent autoencoder with attention
 * ({@code rnn-attention}, {@link org.nphunt.kernel.RecurrentNet}, {@link org.nphunt.kernel.RecurrentTraining}:
 * GRU encoder and decoder with Bahdanau attention, arXiv:1409.0473, and backpropagation through time on the
 * same dense kernels, with element-wise gate and attention code in {@code RecurrentOps}, a plain-Java and a
 * Vector API twin giving identical bits).
 * And the transformer autoencoder on the same kernels
 * ({@link org.nphunt.kernel.TransformerNet}, {@link org.nphunt.kernel.TransformerTraining},
 * {@link org.nphunt.kernel.TransformerOps}; arXiv:1706.03762), which replaces its libtorch path for scoring and
 * training (issue 17).
 *
 * <p>Two implementations with the same arithmetic, operation for operation: {@code VectorKernels}
 * (the Java Vector API, {@code jdk.incubator.vector}, register-blocked tiles of 512-bit vectors) and
 * {@link org.nphunt.kernel.ScalarKernels} (plain Java, used when the incubator module is not in the
 * boot layer). Every result is defined element by element (fused multiply-adds in a fixed order,
 * sums in a fixed tree), so both give bit-identical results, whatever the batch size, tile or thread
 * that computes an event. {@link org.nphunt.kernel.Kernels#get()} picks the implementation.
 *
 * <p>Layouts: activations are event-major, one row per example with a row stride of at least the
 * layer width rounded up to 16 floats ({@link org.nphunt.kernel.Kernels#pad}); a layer's weights are
 * stored transposed and padded, {@code wt[i * op + o]} for input i and output o, {@code op = pad(out)},
 * with zero columns beyond {@code out}, so that a padded output lane computes exactly 0.
 */
package org.nphunt.kernel;

/**
 * Jet images: a jet's constituents centred, rotated, flipped, pixelated and normalised for
 * convolutional networks (arXiv:1407.5675, arXiv:1511.05190, arXiv:1808.08979, arXiv:1902.09914).
 */
package org.nphunt.jet.image;

/**
 * Input preprocessing shared by training and scoring ({@link org.nphunt.preprocess.Preprocessing}, a
 * type-tagged registry in {@link org.nphunt.preprocess.Preprocessings}): the ADC2021 standardisation of
 * the 57 kinematic inputs ({@link org.nphunt.preprocess.Standardizer}), the per-jet particle lists
 * ({@link org.nphunt.preprocess.JetConstituents}) and jet images
 * ({@link org.nphunt.preprocess.JetImageInput}) of dijet events, and the jet-mass targets of
 * mass-decorrelated training ({@link org.nphunt.preprocess.JetMassTarget}); statistics are fitted on
 * the training sample only.
 */
package org.nphunt.preprocess;

/**
 * Trained models at rest and at work: the model folder ({@link org.nphunt.score.ModelFile} +
 * weights), {@link org.nphunt.score.LoadedModel} (scores, reconstructions, VAE latents), the
 * per-event anomaly scores with the p-value of the total loss ({@link org.nphunt.score.ScoreReference}),
 * the streaming {@link org.nphunt.score.Scorer}, and the VAEs as event generators
 * ({@link org.nphunt.score.HlfSampler}, {@link org.nphunt.score.EventSampler}).
 */
package org.nphunt.score;

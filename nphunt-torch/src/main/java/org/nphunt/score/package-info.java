/**
 * Trained models at rest and at work: the model folder ({@link org.nphunt.score.ModelFile} +
 * weights), {@link org.nphunt.score.LoadedModel} (scores, reconstructions, VAE latents), the
 * per-event anomaly scores and the streaming {@link org.nphunt.score.Scorer}.
 */
package org.nphunt.score;

/**
 * Input preprocessing shared by training and scoring: the 57 kinematic inputs, optional log(1+pT), and
 * per-column standardisation fitted on real objects of the training sample only.
 */
package org.nphunt.preprocess;

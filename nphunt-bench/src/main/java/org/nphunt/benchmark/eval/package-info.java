/** Speed of the evaluation (ROC, AUC, TPR at fixed FPR) on large score arrays. */
package org.nphunt.benchmark.eval;

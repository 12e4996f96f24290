/** Engine-independent training records shared by the trainer, model files and the report. */
package org.nphunt.training.history;

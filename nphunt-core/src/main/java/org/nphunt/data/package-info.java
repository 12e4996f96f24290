/**
 * The ADC2021 event layout (arXiv:2107.02157) and its in-memory form: {@link org.nphunt.data.EventBatch}
 * (primitive-array backed), and the streaming contracts {@link org.nphunt.data.EventSource} and
 * {@link org.nphunt.data.EventSink} that file formats and the generator implement.
 */
package org.nphunt.data;

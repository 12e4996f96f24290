/**
 * ONNX export of the ADC2021 event autoencoders (issue 17, "deployment view"): {@link
 * org.nphunt.deploy.onnx.OnnxExport} builds one graph from the raw events (preprocessing as ONNX nodes)
 * through the network to nphunt's scores, {@link org.nphunt.deploy.onnx.OnnxGraph} is the graph builder
 * and {@link org.nphunt.deploy.onnx.OnnxProto} writes the onnx.proto messages (IR version 8, opset 17)
 * with protobuf-java's CodedOutputStream, field number by field number. The files load in ONNX Runtime,
 * which the tests use as the check (outputs equal to nphunt's scoring within 1e-5).
 */
package org.nphunt.deploy.onnx;

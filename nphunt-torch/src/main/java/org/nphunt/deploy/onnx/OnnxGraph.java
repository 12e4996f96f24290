package org.nphunt.deploy.onnx;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nphunt.deploy.onnx.OnnxProto.Message;

/**
 * A builder of one ONNX inference graph (GraphProto of onnx.proto, default-domain opset
 * {@value OnnxProto#OPSET}): constant tensors (initializers), nodes in topological order (the order of
 * the calls), and the graph's typed inputs and outputs. Value names are generated ({@code op_k}) unless
 * given; every name is checked to be defined before it is read, so a wrong graph fails here with one
 * line instead of in the runtime.
 *
 * <p>Not thread-safe; one graph per builder.
 */
public final class OnnxGraph {
  private final String name;
  private final List<Message> nodes = new ArrayList<>();
  private final List<Message> initializers = new ArrayList<>();
  private final List<Message> inputs = new ArrayList<>();
  private final List<Message> outputs = new ArrayList<>();
  private final Set<String> defined = new HashSet<>();
  private final Map<String, Integer> counters = new LinkedHashMap<>();
  private final List<String> outputNames = new ArrayList<>();

  public OnnxGraph(String name) {
    this.name = name;
  }

  private String fresh(String stem) {
    int k = counters.merge(stem, 1, Integer::sum);
    String n = stem + "_" + k;
    while (defined.contains(n)) {
      n = stem + "_" + k + "_";
    }
    return n;
  }

  private void define(String value) {
    if (!defined.add(value)) {
      throw new IllegalArgumentException("ONNX value '" + value + "' is defined twice");
    }
  }

  /** Adds a float32 graph input of the given dimensions (Number = size, String = symbolic). */
  public String input(String value, String doc, Object... dims) {
    define(value);
    inputs.add(OnnxProto.valueInfo(value, OnnxProto.FLOAT, doc, dims));
    return value;
  }

  /** Declares an existing float32 value as a graph output. */
  public void output(String value, String doc, Object... dims) {
    if (!defined.contains(value)) {
      throw new IllegalArgumentException("ONNX output '" + value + "' is not computed by the graph");
    }
    outputs.add(OnnxProto.valueInfo(value, OnnxProto.FLOAT, doc, dims));
    outputNames.add(value);
  }

  /** The graph's output names, in order. */
  public List<String> outputNames() {
    return List.copyOf(outputNames);
  }

  /** A float32 constant (initializer) of the given shape. */
  public String constant(String stem, float[] values, long... dims) {
    String n = fresh(stem);
    define(n);
    initializers.add(OnnxProto.floatTensor(n, values, dims));
    return n;
  }

  /** A float32 scalar constant (shape []). */
  public String scalar(String stem, float v) {
    return constant(stem, new float[] {v});
  }

  /** An int64 1-D constant (shapes, axes, slice bounds). */
  public String ints(String stem, long... values) {
    String n = fresh(stem);
    define(n);
    initializers.add(OnnxProto.int64Tensor(n, values, values.length));
    return n;
  }

  /** A node with one output named {@code out} (null: generated); attributes from {@link #attrs}. */
  String node(String op, String out, List<Message> attributes, String... in) {
    for (String i : in) {
      if (!defined.contains(i)) {
        throw new IllegalArgumentException("ONNX node " + op + " reads '" + i + "', which is not defined yet");
      }
    }
    String o = out != null ? out : fresh(op.toLowerCase(java.util.Locale.ROOT));
    define(o);
    Message n = new Message();
    for (String i : in) {
      n.string(1, i);
    }
    n.string(2, o).string(3, o).string(4, op);
    for (Message a : attributes) {
      n.message(5, a);
    }
    nodes.add(n);
    return o;
  }

  /** A node without attributes and a generated output name. */
  public String node(String op, String... in) {
    return node(op, null, List.of(), in);
  }

  /** Integer attribute. */
  static Message attr(String name, long v) {
    return OnnxProto.intAttribute(name, v);
  }

  /** Float attribute. */
  static Message attr(String name, float v) {
    return OnnxProto.floatAttribute(name, v);
  }

  /** Integer-list attribute. */
  static Message attrs(String name, long... v) {
    return OnnxProto.intsAttribute(name, v);
  }

  /** The GraphProto. */
  Message toProto(String doc) {
    Message g = new Message();
    for (Message n : nodes) {
      g.message(1, n);
    }
    g.string(2, name);
    for (Message t : initializers) {
      g.message(5, t);
    }
    if (doc != null) {
      g.string(10, doc);
    }
    for (Message i : inputs) {
      g.message(11, i);
    }
    for (Message o : outputs) {
      g.message(12, o);
    }
    return g;
  }

  /** Number of nodes so far. */
  public int nodeCount() {
    return nodes.size();
  }
}

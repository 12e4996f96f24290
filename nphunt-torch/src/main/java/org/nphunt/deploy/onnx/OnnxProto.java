package org.nphunt.deploy.onnx;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * The messages of {@code onnx/onnx.proto} (github.com/onnx/onnx, proto2, IR version 8) that an
 * inference graph needs, encoded field by field with protobuf-java's {@link CodedOutputStream} (the
 * wire format is protobuf's; only the field numbers and types below come from onnx.proto):
 *
 * <pre>
 * ModelProto          ir_version=1 (int64), producer_name=2, producer_version=3, domain=4, model_version=5 (int64),
 *                     doc_string=6, graph=7, opset_import=8, metadata_props=14
 * OperatorSetIdProto  domain=1, version=2 (int64)
 * StringStringEntryProto key=1, value=2
 * GraphProto          node=1, name=2, initializer=5, doc_string=10, input=11, output=12
 * NodeProto           input=1, output=2, name=3, op_type=4, attribute=5, doc_string=6, domain=7
 * AttributeProto      name=1, f=2 (float), i=3 (int64), s=4 (bytes), floats=7, ints=8, type=20 (enum AttributeType)
 * TensorProto         dims=1 (int64), data_type=2 (int32), name=8, raw_data=9 (little-endian), doc_string=12
 * ValueInfoProto      name=1, type=2, doc_string=3
 * TypeProto           tensor_type=1;  TypeProto.Tensor elem_type=1 (int32), shape=2
 * TensorShapeProto    dim=1;  Dimension dim_value=1 (int64), dim_param=2
 * </pre>
 *
 * Repeated scalars ({@code dims}, {@code ints}, {@code floats}) are written unpacked, as proto2 declares
 * them. Element types (TensorProto.DataType): FLOAT = 1, INT64 = 7, BOOL = 9.
 */
public final class OnnxProto {
  /** TensorProto.DataType FLOAT. */
  public static final int FLOAT = 1;
  /** TensorProto.DataType INT64. */
  public static final int INT64 = 7;
  /** TensorProto.DataType BOOL. */
  public static final int BOOL = 9;
  /** The IR version written (ONNX 1.10 onwards, read by ONNX Runtime >= 1.10). */
  public static final long IR_VERSION = 8;
  /** The default-domain opset the graphs use. */
  public static final long OPSET = 17;

  // AttributeProto.AttributeType
  static final int ATTR_FLOAT = 1;
  static final int ATTR_INT = 2;
  static final int ATTR_STRING = 3;
  static final int ATTR_INTS = 7;

  private OnnxProto() {}

  /** One message being written: its fields in the order of the calls. */
  static final class Message {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

    Message int64(int field, long v) {
      try {
        out.writeInt64(field, v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Message int32(int field, int v) {
      try {
        out.writeInt32(field, v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Message float32(int field, float v) {
      try {
        out.writeFloat(field, v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Message string(int field, String v) {
      try {
        out.writeString(field, v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Message bytes(int field, byte[] v) {
      try {
        out.writeByteArray(field, v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Message message(int field, Message m) {
      return bytes(field, m.toByteArray());
    }

    byte[] toByteArray() {
      try {
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }
  }

  /** TensorProto of float32 values (raw_data, little-endian). */
  static Message floatTensor(String name, float[] values, long... dims) {
    check(name, values.length, dims);
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return tensor(name, FLOAT, b.array(), dims);
  }

  /** TensorProto of int64 values (raw_data, little-endian). */
  static Message int64Tensor(String name, long[] values, long... dims) {
    check(name, values.length, dims);
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(values);
    return tensor(name, INT64, b.array(), dims);
  }

  private static void check(String name, int n, long[] dims) {
    long size = 1;
    for (long d : dims) {
      size *= d;
    }
    if (size != n) {
      throw new IllegalArgumentException("tensor " + name + ": " + n + " values do not fill the shape "
          + java.util.Arrays.toString(dims));
    }
  }

  private static Message tensor(String name, int type, byte[] raw, long[] dims) {
    Message t = new Message();
    for (long d : dims) {
      t.int64(1, d);
    }
    return t.int32(2, type).string(8, name).bytes(9, raw);
  }

  /**
   * ValueInfoProto of a tensor: each dimension is a fixed size (a Number) or a symbolic dim_param (a
   * String, e.g. the batch size "N").
   */
  static Message valueInfo(String name, int elemType, String doc, Object... dims) {
    Message shape = new Message();
    for (Object d : dims) {
      Message dim = new Message();
      if (d instanceof String s) {
        dim.string(2, s);
      } else {
        dim.int64(1, ((Number) d).longValue());
      }
      shape.message(1, dim);
    }
    Message tensor = new Message().int32(1, elemType).message(2, shape);
    Message type = new Message().message(1, tensor);
    Message v = new Message().string(1, name).message(2, type);
    if (doc != null) {
      v.string(3, doc);
    }
    return v;
  }

  static Message intAttribute(String name, long v) {
    return new Message().string(1, name).int32(20, ATTR_INT).int64(3, v);
  }

  static Message floatAttribute(String name, float v) {
    return new Message().string(1, name).int32(20, ATTR_FLOAT).float32(2, v);
  }

  static Message intsAttribute(String name, long... v) {
    Message a = new Message().string(1, name).int32(20, ATTR_INTS);
    for (long x : v) {
      a.int64(8, x);
    }
    return a;
  }

  /** ModelProto around a graph, with the opset import, producer and metadata_props. */
  static byte[] model(Message graph, String producerVersion, String doc, Map<String, String> metadata) {
    Message m = new Message().int64(1, IR_VERSION);
    m.message(8, new Message().string(1, "").int64(2, OPSET));
    m.string(2, "nphunt").string(3, producerVersion).string(4, "org.nphunt").int64(5, 1);
    m.string(6, doc);
    m.message(7, graph);
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      m.message(14, new Message().string(1, e.getKey()).string(2, e.getValue()));
    }
    return m.toByteArray();
  }
}

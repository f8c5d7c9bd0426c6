package dev.axiom.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Builds an ONNX {@link GraphProto} node by node with the ONNX protobuf classes of
 * tribuo-util-onnx: unique value names, initializers from Java arrays, typed inputs and outputs.
 */
final class GraphBuilder {

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int counter;

    GraphBuilder(String name) {
        graph.setName(name);
    }

    /** A fresh value name starting with {@code stem}. */
    String fresh(String stem) {
        return stem + "_" + counter++;
    }

    /** Adds a node with one output named from {@code stem}; returns the output's name. */
    String node(String op, String stem, List<String> inputs, AttributeProto... attributes) {
        return nodeWithOutputs(op, inputs, List.of(fresh(stem)), attributes).get(0);
    }

    /** Adds a node with the given output names; returns them. */
    List<String> nodeWithOutputs(String op, List<String> inputs, List<String> outputs, AttributeProto... attributes) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(fresh(op));
        node.addAllInput(inputs).addAllOutput(outputs);
        for (AttributeProto a : attributes) {
            node.addAttribute(a);
        }
        graph.addNode(node);
        return outputs;
    }

    /** A float32 initializer. */
    String floats(String name, long[] shape, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        graph.addInitializer(tensor(name, TensorProto.DataType.FLOAT, shape).setRawData(ByteString.copyFrom(bytes.array())));
        return name;
    }

    /** An int64 initializer. */
    String longs(String name, long[] shape, long[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        graph.addInitializer(tensor(name, TensorProto.DataType.INT64, shape).setRawData(ByteString.copyFrom(bytes.array())));
        return name;
    }

    /** A one-element float constant of shape {@code ()}, broadcastable against anything. */
    String scalar(String stem, float value) {
        return floats(fresh(stem), new long[0], new float[] {value});
    }

    /** A 1-D int64 constant. */
    String vector(String stem, long... values) {
        return longs(fresh(stem), new long[] {values.length}, values);
    }

    /** Declares a graph input; a negative dimension is the symbolic one named {@code symbol}. */
    void input(String name, TensorProto.DataType type, long[] shape, String symbol) {
        graph.addInput(valueInfo(name, type, shape, symbol));
    }

    /** Declares a graph output; a negative dimension is the symbolic one named {@code symbol}. */
    void output(String name, TensorProto.DataType type, long[] shape, String symbol) {
        graph.addOutput(valueInfo(name, type, shape, symbol));
    }

    GraphProto build() {
        return graph.build();
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto text(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build();
    }

    static AttributeProto real(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    private static TensorProto.Builder tensor(String name, TensorProto.DataType type, long[] shape) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
        for (long d : shape) {
            t.addDims(d);
        }
        return t;
    }

    private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, long[] shape, String symbol) {
        TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
        for (long d : shape) {
            dims.addDim(d < 0
                    ? TensorShapeProto.Dimension.newBuilder().setDimParam(symbol)
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        TypeProto.Tensor tensor = TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(dims).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
    }
}

package dev.axiom.nn;

import ai.djl.ndarray.types.Shape;

/** Output shape of a non-overlapping {@code size × size} pooling; trailing rows/columns dropped. */
record PoolGeometry(Shape input, Shape output) {

    static PoolGeometry of(Shape input, int size, int index, String kind) {
        if (input.dimension() != 3) {
            throw new IllegalArgumentException(
                    "layer " + index + " (" + kind + ") needs (channels, height, width) per sample, got "
                            + input);
        }
        long h = input.get(1) / size;
        long w = input.get(2) / size;
        if (h == 0 || w == 0) {
            throw new IllegalArgumentException(
                    "layer " + index + " (" + kind + "): window " + size + " is larger than the input " + input);
        }
        return new PoolGeometry(input, new Shape(input.get(0), h, w));
    }

    /** Rows of the input beyond the last window. */
    long droppedRows(int size) {
        return input.get(1) - output.get(1) * size;
    }

    /** Columns of the input beyond the last window. */
    long droppedCols(int size) {
        return input.get(2) - output.get(2) * size;
    }
}

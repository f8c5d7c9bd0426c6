package dev.axiom.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/** Differentiable spatial reshuffles of {@code (N, C, H, W)} batches used by the layer rules. */
final class Spatial {

    private Spatial() {}

    /** Inserts {@code factor − 1} zeros between neighbouring elements of both spatial axes. */
    static NDArray dilate(NDArray g, int factor) {
        if (factor == 1) {
            return g;
        }
        Shape s = g.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        NDArray cols = g.expandDims(4);
        cols = cols.concat(cols.getManager().zeros(new Shape(n, c, h, w, factor - 1), g.getDataType()), 4)
                .reshape(n, c, h, w * factor)
                .get(new NDIndex(":, :, :, :{}", (w - 1) * factor + 1));
        long w2 = (w - 1) * factor + 1;
        NDArray rows = cols.expandDims(3);
        rows = rows.concat(
                        rows.getManager().zeros(new Shape(n, c, h, factor - 1, w2), g.getDataType()),
                        3)
                .reshape(n, c, h * factor, w2)
                .get(new NDIndex(":, :, :{}, :", (h - 1) * factor + 1));
        return rows;
    }

    /** Appends {@code rows} zero rows at the bottom and {@code cols} zero columns at the right. */
    static NDArray padBottomRight(NDArray g, long rows, long cols) {
        NDArray out = g;
        Shape s = out.getShape();
        if (rows > 0) {
            out = out.concat(
                    out.getManager().zeros(new Shape(s.get(0), s.get(1), rows, s.get(3)), g.getDataType()),
                    2);
        }
        s = out.getShape();
        if (cols > 0) {
            out = out.concat(
                    out.getManager().zeros(new Shape(s.get(0), s.get(1), s.get(2), cols), g.getDataType()),
                    3);
        }
        return out;
    }
}

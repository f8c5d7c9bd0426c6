package dev.axiom.runtime.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a list of float arrays (a model's parameters or gradient) into chunks of at most
 * {@code size} values, so that no message exceeds the transport's frame limit, and puts them back
 * together.
 */
public final class Chunks {

    private Chunks() {}

    /** The values of {@code arrays}, concatenated and cut into chunks of at most {@code size}. */
    public static List<float[]> cut(List<float[]> arrays, int size) {
        long total = 0;
        for (float[] a : arrays) {
            total += a.length;
        }
        List<float[]> chunks = new ArrayList<>();
        float[] chunk = new float[(int) Math.min(size, total)];
        int filled = 0;
        for (float[] a : arrays) {
            int at = 0;
            while (at < a.length) {
                int n = Math.min(a.length - at, chunk.length - filled);
                System.arraycopy(a, at, chunk, filled, n);
                at += n;
                filled += n;
                total -= n;
                if (filled == chunk.length) {
                    chunks.add(chunk);
                    chunk = new float[(int) Math.min(size, total)];
                    filled = 0;
                }
            }
        }
        return chunks;
    }

    /** Arrays of the given lengths from the concatenated {@code chunks}. */
    public static List<float[]> join(List<float[]> chunks, int[] lengths) {
        List<float[]> out = new ArrayList<>(lengths.length);
        int chunk = 0;
        int at = 0;
        for (int length : lengths) {
            float[] a = new float[length];
            int filled = 0;
            while (filled < length) {
                float[] c = chunks.get(chunk);
                int n = Math.min(length - filled, c.length - at);
                System.arraycopy(c, at, a, filled, n);
                filled += n;
                at += n;
                if (at == c.length) {
                    chunk++;
                    at = 0;
                }
            }
            out.add(a);
        }
        return out;
    }
}

package dev.axiom.data;

import dev.axiom.prior.graph.FeatureGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads a feature graph from a CSV edge list {@code a,b,weight[,...]} whose nodes are feature names
 * (the first three columns are used; a header row is expected). Nodes that are not features are
 * reported by name, or dropped with a warning when allowed; the result also lists the features no
 * edge touches. Each undirected edge may be listed once; self-loops are ignored.
 */
public final class EdgeListReader {

    private EdgeListReader() {}

    /**
     * The graph and what did not match.
     *
     * @param graph the graph over the features
     * @param unmatchedNodes node names that are not features (their edges were dropped)
     * @param isolatedFeatures features with no edge
     */
    public record Result(FeatureGraph graph, List<String> unmatchedNodes, List<String> isolatedFeatures) {}

    /**
     * Reads the edges of {@code source} over {@code features}.
     *
     * @param dropUnmatched drop edges touching nodes that are not features (reported through
     *     {@code warn}) instead of failing
     * @throws DataFormatException naming the unknown nodes (when not dropped), or the line of a
     *     non-numeric or negative weight
     */
    public static Result read(DataSource source, List<String> features, boolean dropUnmatched, Consumer<String> warn) {
        CsvReader.Table table = CsvReader.table(source);
        if (table.header().size() < 3) {
            throw new DataFormatException(
                    source.location() + ": an edge list needs the columns a,b,weight; the header is " + table.header());
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < features.size(); i++) {
            index.put(features.get(i), i);
        }
        Set<String> unmatched = new LinkedHashSet<>();
        long firstUnmatchedLine = -1;
        Map<Long, Long> seen = new HashMap<>();
        List<int[]> edges = new ArrayList<>();
        List<Float> weights = new ArrayList<>();
        boolean[] touched = new boolean[features.size()];
        for (int r = 0; r < table.rows().size(); r++) {
            List<String> row = table.rows().get(r);
            Integer a = index.get(row.get(0));
            Integer b = index.get(row.get(1));
            long line = table.lines().get(r);
            float w = weight(row.get(2), source, line);
            if (a == null || b == null) {
                if (firstUnmatchedLine < 0) {
                    firstUnmatchedLine = line;
                }
                if (a == null) {
                    unmatched.add(row.get(0));
                }
                if (b == null) {
                    unmatched.add(row.get(1));
                }
                continue;
            }
            if (a.equals(b)) {
                continue;
            }
            Long before = seen.putIfAbsent(((long) Math.min(a, b) << 32) | Math.max(a, b), line);
            if (before != null) {
                throw new DataFormatException(String.format(
                        "%s:%d: the edge %s–%s is already on line %d", source.location(), line, row.get(0), row.get(1), before));
            }
            edges.add(new int[] {a, b});
            weights.add(w);
            touched[a] = true;
            touched[b] = true;
        }
        if (!unmatched.isEmpty()) {
            String names = preview(new ArrayList<>(unmatched));
            if (!dropUnmatched) {
                throw new DataFormatException(
                        source.location() + ": " + unmatched.size() + " graph node(s) are not features of the data: "
                                + names + " (first on line " + firstUnmatchedLine
                                + "; set drop-unmatched = true to drop their edges)");
            }
            warn.accept(source.location() + ": dropped the edges of " + unmatched.size()
                    + " graph node(s) that are not features: " + names);
        }
        int[] from = new int[edges.size()];
        int[] to = new int[edges.size()];
        float[] w = new float[edges.size()];
        for (int e = 0; e < edges.size(); e++) {
            from[e] = edges.get(e)[0];
            to[e] = edges.get(e)[1];
            w[e] = weights.get(e);
        }
        List<String> isolated = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            if (!touched[i]) {
                isolated.add(features.get(i));
            }
        }
        return new Result(new FeatureGraph(features.size(), from, to, w), List.copyOf(unmatched), isolated);
    }

    private static float weight(String cell, DataSource source, long line) {
        try {
            float w = Float.parseFloat(cell);
            if (Float.isFinite(w) && w >= 0) {
                return w;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new DataFormatException(String.format(
                "%s:%d, column 3: weight '%s' must be a finite number >= 0", source.location(), line, cell));
    }

    private static String preview(List<String> values) {
        return values.size() <= 10 ? values.toString() : values.subList(0, 10) + " and " + (values.size() - 10) + " more";
    }
}

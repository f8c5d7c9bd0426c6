package dev.axiom.run.config;

import java.util.List;

/** The valid key closest to a mistyped one (edit distance on the whole path and its last part). */
final class Closest {

    private Closest() {}

    /** The closest of {@code candidates} to {@code key}, or null if none is reasonably close. */
    static String match(String key, List<String> candidates) {
        String best = null;
        int bestScore = Integer.MAX_VALUE;
        String last = lastSegment(key);
        int limit = Math.max(3, key.length() / 3);
        for (String c : candidates) {
            // the distance is at least the difference in length: skip what cannot be close (a
            // key of thousands of characters would otherwise cost seconds per candidate)
            if (Math.abs(key.length() - c.length()) > limit
                    && Math.abs(last.length() - lastSegment(c).length()) + 2 > limit) {
                continue;
            }
            int score = Math.min(distance(key, c), distance(last, lastSegment(c)) + 2);
            if (score < bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return bestScore <= limit ? best : null;
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}

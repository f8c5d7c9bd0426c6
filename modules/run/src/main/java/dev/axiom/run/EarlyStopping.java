package dev.axiom.run;

import java.util.List;
import java.util.Map;

/**
 * Tracks the best validation value of a metric and how many evaluations have passed without
 * improvement; higher is better except for {@code loss}.
 */
final class EarlyStopping {

    private final String metric;
    private final int patience;
    private double best = Double.NaN;
    private long bestStep = -1;
    private int sinceBest;
    private boolean stopped;

    EarlyStopping(String metric, int patience) {
        this.metric = metric;
        this.patience = patience;
    }

    /** Records a validation result; true when patience has run out. */
    boolean observe(Map<String, Double> validation, long step) {
        Double value = validation.get(metric);
        if (value == null || value.isNaN()) {
            return false;
        }
        boolean better = Double.isNaN(best) || (metric.equals("loss") ? value < best : value > best);
        if (better) {
            best = value;
            bestStep = step;
            sinceBest = 0;
        } else {
            sinceBest++;
        }
        stopped = patience > 0 && sinceBest >= patience;
        return stopped;
    }

    /** Replays the validation records of a metrics log up to {@code step} (when resuming). */
    void replay(List<Map<String, Object>> records, long step) {
        for (Map<String, Object> r : records) {
            long s = ((Number) r.get("step")).longValue();
            if ("evaluation".equals(r.get("type")) && "validation".equals(r.get("split")) && s <= step) {
                Object v = r.get("val_" + metric);
                if (v instanceof Number n) {
                    observe(Map.of(metric, n.doubleValue()), s);
                }
            }
        }
    }

    String metric() {
        return metric;
    }

    double best() {
        return best;
    }

    long bestStep() {
        return bestStep;
    }

    boolean stopped() {
        return stopped;
    }
}

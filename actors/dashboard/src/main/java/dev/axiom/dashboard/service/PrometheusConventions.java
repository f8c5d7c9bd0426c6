package dev.axiom.dashboard.service;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Micrometer's standard meters under names {@code promtool check metrics} accepts: its
 * {@code system.cpu.count} gauge would be exported with a {@code _count} suffix (reserved for
 * histograms and summaries) and becomes {@code system_cpus}; {@code process.cpu.time} (in
 * nanoseconds, an abbreviated unit in its name) is dropped, {@code process_cpu_usage} remains.
 */
final class PrometheusConventions {

    /** The filter applied to a run's registry. */
    static final MeterFilter FILTER = new MeterFilter() {
        @Override
        public Meter.Id map(Meter.Id id) {
            return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
        }

        @Override
        public io.micrometer.core.instrument.config.MeterFilterReply accept(Meter.Id id) {
            return id.getName().equals("process.cpu.time")
                    ? io.micrometer.core.instrument.config.MeterFilterReply.DENY
                    : io.micrometer.core.instrument.config.MeterFilterReply.NEUTRAL;
        }
    };

    private PrometheusConventions() {}
}

package dev.axiom.app;

import dev.axiom.report.RunReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code axiom report}: (re)writes a run's report.md and figures. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes RUN_DIR/report.md with curves and attribution figures (PNG in RUN_DIR/figures).")
final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN_DIR", description = "A trained run.")
    Path run;

    @Mixin
    DeviceOption device = new DeviceOption();

    @Override
    public Integer call() {
        System.out.println("wrote " + RunReport.write(run, device.device));
        return 0;
    }
}

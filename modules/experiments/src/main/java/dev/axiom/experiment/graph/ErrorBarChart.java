package dev.axiom.experiment.graph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** A bar chart of means with error bars, one bar per model (XChart PNG). */
final class ErrorBarChart {

    private ErrorBarChart() {}

    /** Writes bars of {@code means} ± {@code errors} labelled {@code labels} to {@code png}. */
    static void write(Path png, String title, String yLabel, List<String> labels, List<Double> means, List<Double> errors,
            double yMin, double yMax) {
        CategoryChart chart = new CategoryChartBuilder().width(800).height(450).title(title).yAxisTitle(yLabel).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setErrorBarsColor(java.awt.Color.BLACK);
        chart.getStyler().setYAxisMin(yMin);
        chart.getStyler().setYAxisMax(yMax);
        chart.addSeries(yLabel, labels, means, errors);
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }
}

package io.multisystem.learner.plot;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * PNG plots with XChart: the accuracy matrix as a heat map, accuracy on every task over the stream, and loss curves.
 * Rendering runs headless (no display needed). Each method writes one PNG file and returns its path.
 */
public final class Plots {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {
    }

    /** Heat map of {@code r[i][j]} (rows: after task i; columns: evaluated on task j). */
    public static Path accuracyMatrix(Path file, String title, double[][] r) {
        HeatMapChart chart = new HeatMapChartBuilder().width(640).height(520).title(title)
                .xAxisTitle("evaluated on task").yAxisTitle("after learning task").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(1);
        List<Integer> tasks = IntStream.range(1, r.length + 1).boxed().toList();
        List<Number[]> cells = new ArrayList<>();
        for (int i = 0; i < r.length; i++) {
            for (int j = 0; j < r[i].length; j++) {
                cells.add(new Number[] {j, i, Math.round(r[i][j] * 100) / 100.0});
            }
        }
        chart.addSeries("accuracy", tasks, tasks, cells);
        return write(chart, file);
    }

    /** Accuracy on each task (one line per task) after each training stage. */
    public static Path accuracyOverTime(Path file, String title, double[][] r) {
        XYChart chart = new XYChartBuilder().width(640).height(420).title(title)
                .xAxisTitle("tasks learnt").yAxisTitle("accuracy").build();
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        for (int j = 0; j < r.length; j++) {
            List<Integer> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int i = j; i < r.length; i++) {
                x.add(i + 1);
                y.add(r[i][j]);
            }
            chart.addSeries("task " + (j + 1), x, y);
        }
        return write(chart, file);
    }

    /** One loss curve per named series (x = index of the value). */
    public static Path lossCurves(Path file, String title, java.util.Map<String, List<Double>> series) {
        XYChart chart = new XYChartBuilder().width(640).height(420).title(title).xAxisTitle("step")
                .yAxisTitle("loss").build();
        series.forEach((name, values) -> {
            if (!values.isEmpty()) {
                List<Integer> x = IntStream.range(1, values.size() + 1).boxed().toList();
                chart.addSeries(name, x, values);
            }
        });
        return write(chart, file);
    }

    private static Path write(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            String name = file.toString().endsWith(".png") ? file.toString().substring(0, file.toString().length() - 4)
                    : file.toString();
            BitmapEncoder.saveBitmap(chart, name, BitmapEncoder.BitmapFormat.PNG);
            return Path.of(name + ".png");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + file, e);
        }
    }
}

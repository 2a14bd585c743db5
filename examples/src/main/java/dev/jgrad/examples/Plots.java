package dev.jgrad.examples;

import dev.jgrad.Autograd;
import dev.jgrad.Tensor;
import dev.jgrad.nn.metrics.ConfusionMatrix;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The few chart kinds the examples draw, with XChart, headless: line charts (learning curves,
 * costs, gradient norms), scatter plots, decision regions of a classifier over two features, and
 * confusion matrices. {@link #save} writes each chart as PNG and SVG.
 */
public final class Plots {
  static {
    // The examples never open a window; headless AWT also works without a display (CI, SSH).
    System.setProperty("java.awt.headless", "true");
  }

  /** Series colors, in order: Matplotlib's "tab10" palette. */
  public static final List<Color> PALETTE = List.of(new Color(0x1f77b4), new Color(0xd62728),
      new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b),
      new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf));

  private static final List<Marker> MARKERS = List.of(SeriesMarkers.SQUARE, SeriesMarkers.CROSS,
      SeriesMarkers.CIRCLE, SeriesMarkers.TRIANGLE_UP, SeriesMarkers.DIAMOND);

  private static final int WIDTH = 800;
  private static final int HEIGHT = 520;

  private Plots() {}

  /** An empty XY chart with the examples' style (white background, legend inside, top right). */
  public static XYChart chart(String title, String xTitle, String yTitle) {
    XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
        .yAxisTitle(yTitle).build();
    XYStyler st = c.getStyler();
    st.setChartBackgroundColor(Color.WHITE);
    st.setLegendPosition(LegendPosition.InsideNE);
    st.setPlotGridLinesColor(new Color(0xe6e6e6));
    // Solid grid lines: XChart's default dashes become thousands of tiny paths in the SVG.
    st.setPlotGridLinesStroke(new BasicStroke(1f));
    st.setMarkerSize(6);
    st.setSeriesColors(PALETTE.toArray(new Color[0]));
    return c;
  }

  /**
   * Adds a line with small markers at each point, in the next palette colour.
   *
   * @throws IllegalArgumentException (from XChart) if x and y differ in length
   */
  public static XYSeries line(XYChart chart, String name, double[] x, double[] y) {
    XYSeries s = chart.addSeries(name, x, y);
    s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
    s.setMarker(x.length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
    return s;
  }

  /** Adds points without lines. */
  public static XYSeries points(XYChart chart, String name, double[] x, double[] y) {
    XYSeries s = chart.addSeries(name, x, y);
    s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    return s;
  }

  /** 1, 2, ..., n: the x values of per-epoch or per-layer series. */
  public static double[] oneTo(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i + 1;
    }
    return x;
  }

  /**
   * A line chart of several series, each against 1, 2, ..., n (epochs, layers), the legend below
   * the plot (none for a single series).
   *
   * @param logY a logarithmic y axis (every value must then be positive)
   * @param series the series by legend name, in legend order
   */
  public static XYChart lineChart(String title, String xTitle, String yTitle, boolean logY,
      Map<String, double[]> series) {
    XYChart c = chart(title, xTitle, yTitle);
    c.getStyler().setYAxisLogarithmic(logY);
    if (logY) {
      c.getStyler().setYAxisDecimalPattern("0.#E0");
      c.getStyler().setYAxisLogarithmicDecadeOnly(true);
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Map.Entry<String, double[]> e : series.entrySet()) {
      line(c, e.getKey(), oneTo(e.getValue().length), e.getValue());
      for (double v : e.getValue()) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    if (series.size() == 1) {
      c.getStyler().setLegendVisible(false); // the title says what the one line is
    } else {
      // Below the plot, so the legend never hides the curves' ends.
      c.getStyler().setLegendPosition(LegendPosition.OutsideS);
      c.getStyler().setLegendLayout(LegendLayout.Horizontal);
    }
    if (logY && max / min > 1e8) {
      // Over many decades the minor grid lines would merge into grey bands.
      c.getStyler().setPlotGridHorizontalLinesVisible(false);
    }
    return c;
  }

  /**
   * The decision regions of a classifier over two features, as in Raschka's
   * {@code plot_decision_regions}: the plane (the data's range plus {@code pad} on every side) is
   * cut into a {@code resolution × resolution} grid, every cell centre is classified, cells of
   * one class are filled in that class's light colour, and the samples are drawn on top with one
   * marker per class.
   *
   * @param features {@code [n, 2]} samples
   * @param labels class of each sample, {@code 0 .. classNames.size() - 1}
   * @param predict maps grid points {@code [k, 2]} (FLOAT64) to class labels {@code [k]} (called
   *     once, without a graph)
   */
  public static XYChart decisionRegions(String title, String xTitle, String yTitle,
      Tensor features, int[] labels, List<String> classNames, Function<Tensor, Tensor> predict,
      double pad, int resolution) {
    double[][] rows = features.toDoubleMatrix();
    double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY;
    double y0 = Double.POSITIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
    for (double[] r : rows) {
      x0 = Math.min(x0, r[0]);
      x1 = Math.max(x1, r[0]);
      y0 = Math.min(y0, r[1]);
      y1 = Math.max(y1, r[1]);
    }
    x0 -= pad;
    x1 += pad;
    y0 -= pad;
    y1 += pad;
    double dx = (x1 - x0) / resolution;
    double dy = (y1 - y0) / resolution;
    double[] grid = new double[resolution * resolution * 2];
    for (int j = 0; j < resolution; j++) {
      for (int i = 0; i < resolution; i++) {
        int k = (j * resolution + i) * 2;
        grid[k] = x0 + (i + 0.5) * dx;
        grid[k + 1] = y0 + (j + 0.5) * dy;
      }
    }
    Tensor gridPoints = Tensor.of(grid, resolution * resolution, 2);
    double[] cls = Autograd.noGrad(() -> predict.apply(gridPoints)).toDoubleArray();

    XYChart c = chart(title, xTitle, yTitle);
    XYStyler st = c.getStyler();
    st.setXAxisMin(x0);
    st.setXAxisMax(x1);
    st.setYAxisMin(y0);
    st.setYAxisMax(y1);
    st.setPlotGridLinesVisible(false);
    st.setLegendPosition(LegendPosition.OutsideE);
    // One filled rectangle per run of equal cells in a grid row keeps the SVG small.
    int regions = 0;
    for (int j = 0; j < resolution; j++) {
      int start = 0;
      for (int i = 1; i <= resolution; i++) {
        int here = (int) cls[j * resolution + start];
        if (i < resolution && (int) cls[j * resolution + i] == here) {
          continue;
        }
        double ax = x0 + start * dx, bx = x0 + i * dx, ay = y0 + j * dy, by = ay + dy;
        XYSeries s = c.addSeries("region " + regions++, new double[] {ax, bx, bx, ax},
            new double[] {ay, ay, by, by});
        Color fill = light(color(here));
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
        s.setFillColor(fill);
        s.setLineColor(fill); // a hairline of the fill colour hides anti-aliasing seams
        s.setLineStyle(new BasicStroke(1f));
        s.setMarker(SeriesMarkers.NONE);
        s.setShowInLegend(false);
        start = i;
      }
    }
    for (int k = 0; k < classNames.size(); k++) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (int i = 0; i < rows.length; i++) {
        if (labels[i] == k) {
          xs.add(rows[i][0]);
          ys.add(rows[i][1]);
        }
      }
      if (xs.isEmpty()) {
        continue;
      }
      XYSeries s = c.addSeries(classNames.get(k), xs, ys);
      s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
      s.setMarker(MARKERS.get(k % MARKERS.size()));
      s.setMarkerColor(color(k));
    }
    return c;
  }

  /** {@link #decisionRegions} with a padding of 1 (feature units) and a 150 × 150 grid. */
  public static XYChart decisionRegions(String title, String xTitle, String yTitle,
      Tensor features, int[] labels, List<String> classNames, Function<Tensor, Tensor> predict) {
    return decisionRegions(title, xTitle, yTitle, features, labels, classNames, predict, 1.0, 150);
  }

  /**
   * A confusion matrix as a heat map: actual classes down (first at the top), predicted classes
   * across, the count written in each cell.
   */
  public static HeatMapChart confusionMatrix(String title, ConfusionMatrix cm,
      List<String> classNames) {
    int n = cm.numClasses();
    HeatMapChart c = new HeatMapChartBuilder().width(Math.max(420, 75 * n + 200))
        .height(Math.max(360, 50 * n + 150)).title(title).xAxisTitle("predicted")
        .yAxisTitle("actual").build();
    HeatMapStyler st = c.getStyler();
    st.setChartBackgroundColor(Color.WHITE);
    st.setShowValue(true);
    st.setRangeColors(new Color[] {Color.WHITE, new Color(0x9ecae1), new Color(0x08519c)});
    st.setLegendVisible(false);
    st.setPlotGridLinesVisible(false);
    List<String> xs = new ArrayList<>(classNames);
    List<String> ys = new ArrayList<>();
    for (int a = n - 1; a >= 0; a--) {
      ys.add(classNames.get(a)); // y runs upwards, so list the first class last
    }
    List<Number[]> cells = new ArrayList<>();
    for (int a = 0; a < n; a++) {
      for (int p = 0; p < n; p++) {
        cells.add(new Number[] {p, n - 1 - a, cm.count(a, p)});
      }
    }
    c.addSeries("counts", xs, ys, cells);
    return c;
  }

  /**
   * Writes {@code chart} as {@code dir/name.png} and {@code dir/name.svg} and returns both paths.
   *
   * @throws UncheckedIOException if a file cannot be written
   */
  public static List<Path> save(Chart<?, ?> chart, Path dir, String name) {
    Path png = dir.resolve(name + ".png");
    Path svg = dir.resolve(name + ".svg");
    try {
      Files.createDirectories(dir);
      try (OutputStream out = Files.newOutputStream(png)) {
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
      }
      try (OutputStream out = Files.newOutputStream(svg)) {
        VectorGraphicsEncoder.saveVectorGraphic(chart, out,
            VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the plot " + name + " to " + dir, e);
    }
    return List.of(png, svg);
  }

  /** The palette colour of class or series {@code k}. */
  public static Color color(int k) {
    return PALETTE.get(Math.floorMod(k, PALETTE.size()));
  }

  private static Color light(Color c) {
    // Blend 70% towards white: light enough that the samples on top stay readable.
    return new Color((int) (c.getRed() * 0.3 + 255 * 0.7), (int) (c.getGreen() * 0.3 + 255 * 0.7),
        (int) (c.getBlue() * 0.3 + 255 * 0.7));
  }
}

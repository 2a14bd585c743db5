package dev.jgrad.examples;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.Datasets;
import dev.jgrad.nn.data.Split;
import dev.jgrad.nn.data.Standardizer;
import dev.jgrad.nn.metrics.Metrics;
import dev.jgrad.nn.models.LogisticRegression;
import dev.jgrad.nn.optim.SGD;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Logistic regression as a one-neuron network on the Wisconsin breast-cancer data (569 tumours,
 * 30 features, malignant 0 / benign 1), written twice:
 *
 * <ol>
 *   <li><b>With raw tensor ops</b>, exactly the course's vectorized loop in its column layout
 *       ({@code X} is {@code [n_x, m]}, one sample per column):
 *       <pre>
 *   Z  = wᵀX + b            A  = σ(Z)
 *   J  = -(1/m) Σ [Y log A + (1 - Y) log(1 - A)]
 *   dZ = A - Y              dw = (1/m) X dZᵀ      db = (1/m) Σ dZ
 *   w  = w - α dw           b  = b - α db
 *       </pre>
 *       with the gradients written by hand — no autodiff;
 *   <li><b>With {@code nn}</b>: {@code LogisticRegression} (a {@code Linear(30 → 1)} on rows
 *       {@code [m, n_x]}), {@code SGD} and the plain {@code zeroGrad / backward / step} loop, the
 *       gradients coming from {@code backward()}.
 * </ol>
 *
 * Both start from zero weights and take the same full-batch steps, so they must agree: the
 * program prints the largest difference in the gradients at the first step and in the weights
 * and costs after training (about 1e-15, rounding), the parameter count ({@code n_x + 1 = 31}),
 * and both accuracies; it plots the two cost curves on top of each other.
 */
public final class LogisticRegressionBreastCancer {
  private LogisticRegressionBreastCancer() {}

  /**
   * What the two implementations did.
   *
   * @param costRaw cost per iteration of the hand-written loop
   * @param costNn cost per iteration of the nn loop
   * @param firstGradientDiff max |autodiff − hand-written| over dw and db at the first step
   * @param weightDiff max |w_raw − w_nn| (and bias) after training
   * @param parameters the nn model's parameter count
   * @param trainAccuracy nn model's training accuracy
   * @param testAccuracy nn model's test accuracy
   * @param rawTestAccuracy the hand-written model's test accuracy
   * @param files the plots written
   */
  public record Result(double[] costRaw, double[] costNn, double firstGradientDiff,
      double weightDiff, long parameters, double trainAccuracy, double testAccuracy,
      double rawTestAccuracy, List<Path> files) {}

  /**
   * Trains both versions for {@code iterations} full-batch steps of size {@code alpha} and
   * writes the cost plot into {@code out}.
   *
   * @param seed seeds the stratified 80/20 split
   */
  public static Result run(int iterations, double alpha, long seed, Path out) {
    Split split = Split.stratified(Datasets.breastCancer(), 0.2, seed);
    Standardizer scaler = Standardizer.fit(split.train());
    Dataset train = scaler.transform(split.train());
    Dataset test = scaler.transform(split.test());
    int m = train.size();
    int nx = train.numFeatures();

    // ---- 1. The course's loop with raw tensor ops, columns are samples, gradients by hand.
    Tensor x = train.features().transpose();          // [n_x, m]
    Tensor y = train.targets().reshape(1, m);         // [1, m]
    Tensor w = Tensor.zeros(DType.FLOAT64, nx, 1);    // [n_x, 1]
    Tensor b = Tensor.scalar(0.0);
    double[] costRaw = new double[iterations];
    Tensor dw0 = null;
    Tensor db0 = null;
    for (int i = 0; i < iterations; i++) {
      Tensor z = w.transpose().matmul(x).add(b);      // Z = wᵀX + b, [1, m]
      Tensor a = z.sigmoid();                         // A = σ(Z)
      // J = -(1/m) Σ [Y log A + (1-Y) log(1-A)], computed as (1/m) Σ [softplus(Z) - Y·Z]: the
      // same number, but finite even where A rounds to exactly 0 or 1.
      costRaw[i] = z.softplus().sub(y.mul(z)).sum().item() / m;
      Tensor dz = a.sub(y);                           // dZ = A - Y
      Tensor dw = x.matmul(dz.transpose()).div(m);    // dw = (1/m) X dZᵀ, [n_x, 1]
      Tensor db = dz.sum().div(m);                    // db = (1/m) Σ dZ
      if (i == 0) {
        dw0 = dw;
        db0 = db;
      }
      w = w.sub(dw.mul(alpha));                       // w = w - α dw
      b = b.sub(db.mul(alpha));                       // b = b - α db
    }
    Tensor wRaw = w;
    Tensor bRaw = b;
    Tensor rawPredicted = wRaw.transpose().matmul(test.features().transpose()).add(bRaw)
        .ge(0.0).reshape(test.size());
    double rawTestAccuracy = Metrics.accuracy(rawPredicted, test.targets());

    // ---- 2. The same model with nn: a Linear(30 → 1) on rows, gradients from backward().
    LogisticRegression model = new LogisticRegression(nx, DType.FLOAT64); // zero weights
    SGD opt = new SGD(model.parameters(), alpha);
    double[] costNn = new double[iterations];
    double firstGradientDiff = Double.NaN;
    for (int i = 0; i < iterations; i++) {
      opt.zeroGrad();
      Tensor loss = model.loss(model.forward(train.features()), train.targets()); // mean BCE
      loss.backward();
      if (i == 0) { // autodiff's gradient against the hand-derived dw, db
        firstGradientDiff = Math.max(maxAbsDiff(model.weight().grad(), dw0.transpose()),
            maxAbsDiff(model.bias().grad(), db0.reshape(1)));
      }
      opt.step();
      costNn[i] = loss.item();
    }
    double weightDiff = Math.max(maxAbsDiff(model.weight(), wRaw.transpose()),
        maxAbsDiff(model.bias(), bRaw.reshape(1)));

    List<Path> files = new ArrayList<>();
    var chart = Plots.chart("Logistic regression on breast cancer: cost per iteration",
        "iteration", "cost J (binary cross-entropy)");
    chart.getStyler().setYAxisLogarithmic(true);
    Plots.line(chart, "raw tensor ops, hand-written gradients", Plots.oneTo(iterations), costRaw)
        .setLineWidth(5f);
    Plots.line(chart, "nn: LogisticRegression + SGD + backward()", Plots.oneTo(iterations),
        costNn).setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
    files.addAll(Plots.save(chart, out, "cost"));
    return new Result(costRaw, costNn, firstGradientDiff, weightDiff, model.numParameters(),
        model.accuracy(train), model.accuracy(test), rawTestAccuracy, files);
  }

  static double maxAbsDiff(Tensor a, Tensor b) {
    return a.sub(b).abs().max().item();
  }

  /** Trains both versions for 500 iterations with α = 0.5 and prints the comparison. */
  public static void main(String[] args) {
    Path out = Output.dir("logistic-regression");
    System.out.println("Logistic regression (one sigmoid neuron) on breast cancer: 569 tumours, "
        + "80/20 stratified split, 30 standardized features");
    System.out.println("500 full-batch gradient steps, alpha = 0.5, weights start at zero");
    Result r = run(500, 0.5, 3, out);
    System.out.printf(Locale.ROOT, "Parameters: %d (30 weights + 1 bias)%n", r.parameters());
    double[] c = r.costRaw();
    double[] n = r.costNn();
    System.out.printf(Locale.ROOT, "  %-16s%11s%11s%11s%11s%n", "cost J at step", "1", "10", "100",
        "500");
    System.out.printf(Locale.ROOT, "  %-16s%11.6f%11.6f%11.6f%11.6f%n", "raw tensor ops", c[0],
        c[9], c[99], c[499]);
    System.out.printf(Locale.ROOT, "  %-16s%11.6f%11.6f%11.6f%11.6f%n", "nn", n[0], n[9], n[99],
        n[499]);
    System.out.println("  (step 1 is the zero-weight model: J = ln 2)");
    double costDiff = 0;
    for (int i = 0; i < c.length; i++) {
      costDiff = Math.max(costDiff, Math.abs(c[i] - n[i]));
    }
    System.out.printf(Locale.ROOT, "They agree: max |dw, db (hand) - autodiff| at step 1 = %.2e; "
        + "max |cost difference| = %.2e; max |weight difference| after training = %.2e%n",
        r.firstGradientDiff(), costDiff, r.weightDiff());
    System.out.printf(Locale.ROOT, "Accuracy: training %.1f%%, test %.1f%% (nn) / %.1f%% (raw)%n",
        100 * r.trainAccuracy(), 100 * r.testAccuracy(), 100 * r.rawTestAccuracy());
    System.out.println("Plots written to " + out + ":");
    r.files().forEach(f -> System.out.println("  " + f.getFileName()));
  }
}

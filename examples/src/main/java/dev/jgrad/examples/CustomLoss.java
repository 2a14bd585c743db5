package dev.jgrad.examples;

import dev.jgrad.CustomOp;
import dev.jgrad.DType;
import dev.jgrad.GradCheck;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.Datasets;
import dev.jgrad.nn.data.Split;
import dev.jgrad.nn.data.Standardizer;
import dev.jgrad.nn.metrics.Metric;
import dev.jgrad.nn.models.ShallowNetwork;
import dev.jgrad.nn.models.Task;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.optim.SGD;
import dev.jgrad.nn.train.History;
import dev.jgrad.nn.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * A researcher's workflow: write a new loss in a few lines of tensor ops, check its gradients
 * with the public {@link GradCheck}, then train with it. Two losses:
 *
 * <ul>
 *   <li><b>focal loss</b> (Lin et al., 2017) for binary classification on logits z:
 *       {@code FL = -α_t (1 - p_t)^γ log p_t}, where {@code p_t} is the probability given to
 *       the true class; the factor {@code (1 - p_t)^γ} turns down the loss of examples the
 *       model already gets right. It is composed of built-in ops, so autodiff differentiates it
 *       (twice, even); the gradient check confirms it. Trained on breast cancer in a
 *       {@code 30 → 16 → 1} network, next to the same network on plain cross-entropy;
 *   <li><b>log-cosh</b>, {@code log cosh(r)}: quadratic for small residuals, linear for large
 *       ones, so outliers pull less than with squared error. Written as a {@link CustomOp}
 *       with its own forward (stable for large |r|) and its own backward {@code g·tanh(r)} —
 *       hand-written, so it must be checked: a deliberate slip ({@code 1 - tanh²} instead of
 *       {@code tanh}) is caught and reported. Fit as a robust line through data with outliers,
 *       next to mean squared error.
 * </ul>
 *
 * The matching jqwik property test is {@code CustomLossProperties} in the examples' tests.
 */
public final class CustomLoss {
  private CustomLoss() {}

  /**
   * Binary focal loss on logits, averaged over all elements:
   * {@code mean(-α_t (1 - p_t)^γ log p_t)} with {@code p_t = σ(z)}, {@code α_t = α} where the
   * target is 1 and {@code p_t = 1 - σ(z)}, {@code α_t = 1 - α} where it is 0. {@code log p_t}
   * is {@code -softplus(-z)} or {@code -softplus(z)}, exact at any logit. With γ = 0 and
   * α = ½ it is half the binary cross-entropy.
   *
   * @param logits any shape
   * @param targets 0 or 1, the logits' shape
   */
  public static Tensor focalLoss(Tensor logits, Tensor targets, double gamma, double alpha) {
    Tensor y = targets.to(logits.dtype());
    Tensor logPt = Tensor.where(y.gt(0.5), logits.neg().softplus().neg(),
        logits.softplus().neg());
    Tensor alphaT = y.mul(2 * alpha - 1).add(1 - alpha);
    Tensor modulation = logPt.exp().neg().add(1.0).pow(gamma); // (1 - p_t)^γ
    return alphaT.mul(modulation).mul(logPt).neg().mean();
  }

  /**
   * {@code log cosh(x)} elementwise as a custom op: forward
   * {@code |x| + log1p(e^(-2|x|)) - log 2} (no overflow of cosh), backward {@code g·tanh(x)}
   * written in tensor ops, so it is differentiable again.
   */
  public static final CustomOp LOG_COSH = new CustomOp("log_cosh") {
    @Override
    protected Tensor forward(Tensor... in) {
      Tensor a = in[0].abs();
      return a.add(a.mul(-2.0).exp().log1p()).sub(Math.log(2));
    }

    @Override
    protected Tensor[] backward(Tensor[] in, Tensor out, Tensor g) {
      return new Tensor[] {g.mul(in[0].tanh())};
    }
  };

  /** A log-cosh op with a slip in its backward, {@code 1 - tanh²} (the derivative of tanh). */
  static final CustomOp LOG_COSH_WRONG = new CustomOp("log_cosh_wrong") {
    @Override
    protected Tensor forward(Tensor... in) {
      return LOG_COSH.apply(in[0]);
    }

    @Override
    protected Tensor[] backward(Tensor[] in, Tensor out, Tensor g) {
      return new Tensor[] {g.mul(in[0].tanh().square().neg().add(1.0))};
    }
  };

  /** The mean log-cosh loss of predictions against targets. */
  public static Tensor logCoshLoss(Tensor predictions, Tensor targets) {
    return LOG_COSH.apply(predictions.sub(targets)).mean();
  }

  /**
   * What the checks and trainings found.
   *
   * @param focalVsHalfBce |focal(γ=0, α=½) − ½·BCE| on random logits (should be ~1e-16)
   * @param wrongBackwardMessage the checker's report on the deliberately wrong backward
   * @param focalHistory training history with focal loss ({@code val_accuracy} = test)
   * @param bceHistory the same network trained on binary cross-entropy
   * @param mseLine slope and intercept fitted with squared error
   * @param logCoshLine slope and intercept fitted with log-cosh
   * @param files the plots written
   */
  public record Result(double focalVsHalfBce, String wrongBackwardMessage, History focalHistory,
      History bceHistory, double[] mseLine, double[] logCoshLine, List<Path> files) {}

  /**
   * Checks both losses, trains with them and writes the plots.
   *
   * @throws GradCheck.GradCheckFailure if focal loss or the log-cosh op fails its gradient check
   *
   * @param epochs epochs of the breast-cancer networks (batches of 32, Adam 1e-3)
   * @param lineSteps full-batch gradient steps of each line fit
   * @param seed seeds data, weights and shuffling
   */
  public static Result run(int epochs, int lineSteps, long seed, Path out) {
    SplittableRandom rng = new SplittableRandom(seed);

    // 1. Check the new losses against finite differences (float64, first and second order);
    //    check(...) throws GradCheckFailure, naming the element, if autodiff disagrees.
    Tensor z = Tensor.uniform(rng, DType.FLOAT64, -4, 4, 6, 3);
    Tensor y = Tensor.uniform(rng, DType.FLOAT64, 0, 1, 6, 3).gt(0.5);
    double halfBce = Losses.binaryCrossEntropyWithLogits(z, y).item() / 2;
    double focalVsHalfBce = Math.abs(focalLoss(z, y, 0, 0.5).item() - halfBce);
    GradCheck check = GradCheck.create().secondOrder(true).seed(seed);
    check.check(in -> focalLoss(in[0], y, 2.0, 0.25), z);
    check.check(in -> LOG_COSH.apply(in[0]), z);
    String wrong = "";
    try {
      GradCheck.create().check(in -> LOG_COSH_WRONG.apply(in[0]), z);
    } catch (GradCheck.GradCheckFailure e) {
      wrong = e.getMessage();
    }

    // 2. Train the same network with focal loss and with cross-entropy.
    Split split = Split.stratified(Datasets.breastCancer(), 0.2, seed);
    Standardizer scaler = Standardizer.fit(split.train());
    Dataset train = scaler.transform(split.train()).to(DType.FLOAT32);
    Dataset test = scaler.transform(split.test()).to(DType.FLOAT32);
    History focal = trainNetwork(train, test, epochs, seed,
        (logits, t) -> focalLoss(logits, t, 2.0, 0.25), "focal loss");
    History bce = trainNetwork(train, test, epochs, seed, Losses::binaryCrossEntropyWithLogits,
        "cross-entropy");

    // 3. A robust line: y = 2x + 1 + noise, with every 10th point moved up by 15.
    int n = 100;
    double[] xs = new double[n];
    double[] ys = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = -3 + 6.0 * i / (n - 1);
      ys[i] = 2 * xs[i] + 1 + 0.5 * rng.nextGaussian() + (i % 10 == 3 ? 15 : 0);
    }
    Tensor x = Tensor.of(xs, n, 1);
    Tensor target = Tensor.of(ys, n, 1);
    double[] mseLine = fitLine(x, target, Losses::mse, lineSteps);
    double[] logCoshLine = fitLine(x, target, CustomLoss::logCoshLoss, lineSteps);

    List<Path> files = new ArrayList<>();
    Map<String, double[]> acc = new LinkedHashMap<>();
    acc.put("focal loss (gamma 2, alpha 0.25)", DigitsDemo.percent(focal.values("val_accuracy")));
    acc.put("binary cross-entropy", DigitsDemo.percent(bce.values("val_accuracy")));
    files.addAll(Plots.save(Plots.lineChart("Breast cancer, 30-16-1 network: test accuracy",
        "epoch", "test accuracy (%)", false, acc), out, "focal-vs-bce-accuracy"));
    var fit = Plots.chart("Fitting a line through outliers", "x", "y");
    Plots.points(fit, "data (every 10th point +15)", xs, ys);
    double[] ends = {-3, 3};
    Plots.line(fit, String.format(Locale.ROOT, "squared error: y = %.2fx + %.2f", mseLine[0],
        mseLine[1]), ends, new double[] {mseLine[0] * -3 + mseLine[1], mseLine[0] * 3
        + mseLine[1]});
    Plots.line(fit, String.format(Locale.ROOT, "log-cosh: y = %.2fx + %.2f", logCoshLine[0],
        logCoshLine[1]), ends, new double[] {logCoshLine[0] * -3 + logCoshLine[1],
        logCoshLine[0] * 3 + logCoshLine[1]});
    fit.getStyler().setLegendPosition(LegendPosition.InsideNW);
    fit.getStyler().setXAxisMin(-3.5);
    fit.getStyler().setXAxisMax(3.5);
    fit.getStyler().setXAxisDecimalPattern("0.#");
    files.addAll(Plots.save(fit, out, "robust-line-fit"));
    return new Result(focalVsHalfBce, wrong, focal, bce, mseLine, logCoshLine, files);
  }

  private static History trainNetwork(Dataset train, Dataset test, int epochs, long seed,
      Loss loss, String name) {
    ShallowNetwork net = new ShallowNetwork(train.numFeatures(), 16, 1, Activation.RELU,
        Task.BINARY, Init.heNormal(), new SplittableRandom(seed), DType.FLOAT32);
    return new Trainer(net, loss, new Adam(net.parameters(), 1e-3)).epochs(epochs)
        .metric("accuracy", Metric.accuracyFromLogits()).validation(test)
        .listener(Progress.console(name, 0)).fit(DataLoader.of(train, 32).shuffle(seed));
  }

  /** Fits {@code y = w·x + b} by full-batch gradient descent on {@code loss}; returns {w, b}. */
  static double[] fitLine(Tensor x, Tensor y, Loss loss, int steps) {
    Linear line = new Linear(1, 1, Init.zeros(), null, DType.FLOAT64);
    SGD opt = new SGD(line.parameters(), 0.1);
    for (int i = 0; i < steps; i++) {
      opt.zeroGrad();
      loss.compute(line.forward(x), y).backward();
      opt.step();
    }
    return new double[] {line.weight().item(), line.bias().item()};
  }

  /** Checks the losses, trains for 30 epochs and fits the lines with 2,000 steps. */
  public static void main(String[] args) {
    Path out = Output.dir("custom-loss");
    Result r = run(30, 2000, 5, out);
    System.out.println("Focal loss FL = -alpha_t (1 - p_t)^gamma log p_t, 5 lines of tensor ops:");
    System.out.printf(Locale.ROOT, "  gamma = 0, alpha = 1/2 equals half the built-in binary "
        + "cross-entropy: |difference| = %.1e%n", r.focalVsHalfBce());
    System.out.println("  GradCheck (first and second order, float64, eps 1e-6, atol 1e-5, rtol "
        + "1e-3): passed");
    System.out.println("log-cosh as a CustomOp with a hand-written backward g*tanh(x):");
    System.out.println("  GradCheck (first and second order): passed");
    System.out.println("  the same op with a slip in its backward (1 - tanh^2):");
    System.out.println("  " + r.wrongBackwardMessage());
    System.out.println("Breast cancer, network 30-16-1 (ReLU, He init), Adam 1e-3, batch 32, 30 "
        + "epochs:");
    System.out.printf(Locale.ROOT, "  focal loss (gamma 2, alpha 0.25): test accuracy %.1f%%%n",
        100 * r.focalHistory().last("val_accuracy"));
    System.out.printf(Locale.ROOT, "  binary cross-entropy:             test accuracy %.1f%%%n",
        100 * r.bceHistory().last("val_accuracy"));
    System.out.println("Line through 100 points of y = 2x + 1 + noise, 10 of them moved up by 15:");
    System.out.printf(Locale.ROOT, "  squared error: y = %.3fx + %.3f (the outliers pull the "
        + "intercept up)%n", r.mseLine()[0], r.mseLine()[1]);
    System.out.printf(Locale.ROOT, "  log-cosh:      y = %.3fx + %.3f%n", r.logCoshLine()[0],
        r.logCoshLine()[1]);
    System.out.println("Plots written to " + out + ":");
    r.files().forEach(f -> System.out.println("  " + f.getFileName()));
  }
}

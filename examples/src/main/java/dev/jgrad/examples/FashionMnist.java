package dev.jgrad.examples;

import dev.jgrad.Autograd;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.data.Batch;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.Idx;
import dev.jgrad.nn.metrics.ConfusionMatrix;
import dev.jgrad.nn.metrics.Metrics;
import dev.jgrad.nn.models.DeepNetwork;
import dev.jgrad.nn.models.Task;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.optim.Optimizer;
import dev.jgrad.nn.train.EpochResult;
import dev.jgrad.nn.train.History;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An MLP {@code 784 → 256 → 128 → 10} (ReLU, He init, Adam 1e-3, batches of 128) on
 * Fashion-MNIST: 60,000 training and 10,000 test images of clothing, 28×28 grey levels scaled to
 * [0, 1]. Prints the test accuracy after each epoch and the training throughput in examples per
 * second, and plots the learning curves and the test confusion matrix.
 *
 * <p>The data is read from the four IDX files ({@code train-images-idx3-ubyte.gz} and friends,
 * gzip-compressed or not) where Debian's {@code dataset-fashion-mnist} package installs them,
 * {@code /usr/share/datasets/fashion-mnist}, or from the directory given as the first argument;
 * the second argument is the number of epochs (default 3). If the files are not there, it says
 * how to get them and exits with status 2.
 */
public final class FashionMnist {
  private FashionMnist() {}

  /** Where {@code apt-get install dataset-fashion-mnist} puts the IDX files. */
  public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  /** The four files, without the optional {@code .gz}. */
  static final String[] FILES = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
      "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

  /** Exit status when the data is missing. */
  public static final int EXIT_NO_DATA = 2;

  /** The data files are not where they were looked for. */
  public static final class MissingDataException extends Exception {
    private static final long serialVersionUID = 1L;

    MissingDataException(String message) {
      super(message);
    }
  }

  /**
   * A training run.
   *
   * @param history per epoch: {@code loss} (mean training loss) and {@code val_accuracy} (test)
   * @param testAccuracy the final test accuracy
   * @param examplesPerSecond training throughput of each epoch (forward, backward and Adam
   *     steps over every training image, excluding evaluation)
   * @param confusion the final test confusion matrix
   * @param trainSize training images
   * @param testSize test images
   * @param files the plots written
   */
  public record Result(History history, double testAccuracy, double[] examplesPerSecond,
      ConfusionMatrix confusion, int trainSize, int testSize, List<Path> files) {}

  /**
   * The four IDX files in {@code dir} (each as {@code name.gz} or {@code name}), in the order
   * of {@link #FILES}.
   *
   * @throws MissingDataException naming what is missing and how to get it
   */
  public static Path[] locate(Path dir) throws MissingDataException {
    Path[] found = new Path[FILES.length];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < FILES.length; i++) {
      Path gz = dir.resolve(FILES[i] + ".gz");
      Path plain = dir.resolve(FILES[i]);
      found[i] = Files.isRegularFile(gz) ? gz : Files.isRegularFile(plain) ? plain : null;
      if (found[i] == null) {
        missing.add(FILES[i] + "[.gz]");
      }
    }
    if (!missing.isEmpty()) {
      throw new MissingDataException("Fashion-MNIST not found in " + dir.toAbsolutePath()
          + ": missing " + String.join(", ", missing) + ".\n"
          + "Get it with one of:\n"
          + "  sudo apt-get install dataset-fashion-mnist     (Debian/Ubuntu; installs to "
          + DEBIAN_DIR + ")\n"
          + "  the four *-ubyte.gz files from https://github.com/zalandoresearch/fashion-mnist "
          + "(data/fashion), then pass their directory:\n"
          + "  ./mvnw -q -pl examples -am compile exec:java "
          + "-Dexec.mainClass=dev.jgrad.examples.FashionMnist -Dexec.args=\"/path/to/dir\"");
    }
    return found;
  }

  /**
   * Loads the data from {@code dir}, trains and writes the plots.
   *
   * @param hidden hidden layer sizes (the example: 256, 128)
   * @param epochs passes over the training images
   * @param batchSize images per Adam step
   * @param seed seeds the weights and the shuffling
   * @throws MissingDataException if the files are not in {@code dir}
   * @throws IOException if a file cannot be read (or is not IDX: {@code DataFileException})
   */
  public static Result run(Path dir, int[] hidden, int epochs, int batchSize, long seed,
      Path out, Progress progress) throws MissingDataException, IOException {
    Path[] f = locate(dir);
    Dataset train = Idx.mnist(f[0], f[1], Idx.FASHION_MNIST_CLASSES);
    Dataset test = Idx.mnist(f[2], f[3], Idx.FASHION_MNIST_CLASSES);

    int[] sizes = new int[hidden.length + 2];
    sizes[0] = train.numFeatures();
    System.arraycopy(hidden, 0, sizes, 1, hidden.length);
    sizes[sizes.length - 1] = Idx.FASHION_MNIST_CLASSES.size();
    DeepNetwork net = DeepNetwork.builder(sizes).activation(Activation.RELU)
        .task(Task.MULTICLASS).seed(seed).build();
    Optimizer opt = new Adam(net.parameters(), 1e-3);
    DataLoader loader = DataLoader.of(train, batchSize).shuffle(seed);

    History history = new History();
    double[] throughput = new double[epochs];
    progress.onTrainStart(epochs, loader.numBatches());
    for (int epoch = 0; epoch < epochs; epoch++) {
      long start = System.nanoTime();
      double lossSum = 0;
      int b = 0;
      for (Batch batch : loader) {
        opt.zeroGrad();
        Tensor loss = net.loss(net.forward(batch.features()), batch.targets());
        loss.backward();
        opt.step();
        lossSum += loss.item() * batch.size();
        progress.onBatchEnd(epoch, b++, loader.numBatches(), loss.item());
      }
      throughput[epoch] = train.size() / ((System.nanoTime() - start) / 1e9);
      Map<String, Double> values = new LinkedHashMap<>();
      values.put("loss", lossSum / train.size());
      values.put("val_accuracy", accuracy(net, test));
      EpochResult r = new EpochResult(epoch, values, opt.learningRate());
      history.add(r);
      progress.onEpochEnd(r);
    }
    progress.onTrainEnd(history);

    ConfusionMatrix cm = ConfusionMatrix.of(predict(net, test), test.targets(),
        Idx.FASHION_MNIST_CLASSES.size());
    List<Path> files = new ArrayList<>();
    Map<String, double[]> loss = new LinkedHashMap<>();
    loss.put("training loss", history.losses());
    files.addAll(Plots.save(Plots.lineChart("Fashion-MNIST: training loss per epoch", "epoch",
        "softmax cross-entropy", false, loss), out, "loss"));
    Map<String, double[]> acc = new LinkedHashMap<>();
    acc.put("test accuracy", DigitsDemo.percent(history.values("val_accuracy")));
    files.addAll(Plots.save(Plots.lineChart("Fashion-MNIST: test accuracy per epoch", "epoch",
        "accuracy (%)", false, acc), out, "test-accuracy"));
    files.addAll(Plots.save(Plots.confusionMatrix("Fashion-MNIST: test confusion matrix", cm,
        Idx.FASHION_MNIST_CLASSES), out, "confusion-matrix"));
    return new Result(history, history.last("val_accuracy"), throughput, cm, train.size(),
        test.size(), files);
  }

  /** Predicted labels in chunks of 2,000 rows (bounded memory), without a graph. */
  static Tensor predict(DeepNetwork net, Dataset data) {
    List<Tensor> parts = new ArrayList<>();
    for (int from = 0; from < data.size(); from += 2000) {
      Tensor rows = data.features().slice(0, from, Math.min(from + 2000, data.size()));
      parts.add(Autograd.noGrad(() -> net.predict(rows)));
    }
    return Tensor.concat(0, parts.toArray(new Tensor[0]));
  }

  static double accuracy(DeepNetwork net, Dataset data) {
    return Metrics.accuracy(predict(net, data), data.targets());
  }

  /**
   * The command line: {@code [data directory] [epochs]}. Returns the exit status: 0, or
   * {@link #EXIT_NO_DATA} after printing how to get the data to {@code err}.
   */
  static int cli(String[] args, Supplier<Path> outDir, Progress progress, PrintStream stdout,
      PrintStream err) throws IOException {
    Path dir = args.length > 0 ? Path.of(args[0]) : DEBIAN_DIR;
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    try {
      locate(dir); // before anything else, so a missing data set costs nothing
    } catch (MissingDataException e) {
      err.println(e.getMessage());
      return EXIT_NO_DATA;
    }
    stdout.printf(Locale.ROOT, "Fashion-MNIST from %s: MLP 784-256-128-10 (ReLU, He init), "
        + "Adam 1e-3, batch 128, %d epochs%n", dir.toAbsolutePath(), epochs);
    Path out = outDir.get();
    Result r;
    try {
      r = run(dir, new int[] {256, 128}, epochs, 128, 1, out, progress);
    } catch (MissingDataException e) {
      throw new IllegalStateException(e); // located above: only if the files vanished meanwhile
    }
    stdout.printf(Locale.ROOT, "%,d training / %,d test images%n", r.trainSize(), r.testSize());
    stdout.println("epoch   training loss   test accuracy   throughput");
    for (int e = 0; e < r.history().size(); e++) {
      EpochResult er = r.history().epochs().get(e);
      stdout.printf(Locale.ROOT, "%5d   %13.4f   %12.1f%%   %,8.0f examples/s%n", e + 1,
          er.loss(), 100 * er.get("val_accuracy"), r.examplesPerSecond()[e]);
    }
    stdout.printf(Locale.ROOT, "Test accuracy: %.2f%%%n", 100 * r.testAccuracy());
    stdout.println("Confusion matrix (rows actual, columns predicted; 0 T-shirt/top, 1 Trouser, "
        + "2 Pullover, 3 Dress, 4 Coat, 5 Sandal, 6 Shirt, 7 Sneaker, 8 Bag, 9 Ankle boot):");
    stdout.println(r.confusion());
    stdout.println("Plots written to " + out + ":");
    r.files().forEach(f -> stdout.println("  " + f.getFileName()));
    return 0;
  }

  /** {@code [data directory (default /usr/share/datasets/fashion-mnist)] [epochs (default 3)]}. */
  public static void main(String[] args) throws IOException {
    int status = cli(args, () -> Output.dir("fashion-mnist"), Progress.console("fashion-mnist"),
        System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }
}

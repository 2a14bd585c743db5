package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.nn.data.Csv;
import dev.jgrad.nn.data.DataFileException;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.Datasets;
import dev.jgrad.nn.data.OneHot;
import dev.jgrad.nn.data.Standardizer;
import dev.jgrad.nn.models.Adaline;
import dev.jgrad.nn.models.DeepNetwork;
import dev.jgrad.nn.models.SoftmaxRegression;
import dev.jgrad.nn.optim.SGD;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The list of bad input, end to end through the public API: each gets a specific
 * {@link IllegalArgumentException} (or {@link DataFileException} for files) naming what is
 * wrong, before any training happens.
 */
class BadInputTest {
  private static String message(Class<? extends Throwable> type, Executable call) {
    return assertThrows(type, call).getMessage();
  }

  @Test
  void labelOutOfRange() {
    SoftmaxRegression model = new SoftmaxRegression(4, 3, DType.FLOAT64);
    Dataset iris = Datasets.iris();
    long[] bad = iris.targets().toLongArray();
    bad[3] = 7;
    assertEquals("cross_entropy: label 7 at row 3 is out of range for 3 classes",
        message(IllegalArgumentException.class,
            () -> model.loss(model.forward(iris.features()), Tensor.of(bad))));
    assertEquals("one_hot: label 7 at row 3 is out of range for 3 classes",
        message(IllegalArgumentException.class, () -> OneHot.encode(Tensor.of(bad), 3)));
    assertEquals("dataset: label 7 at row 3 is out of range for 3 classes",
        message(IllegalArgumentException.class,
            () -> new Dataset(iris.features(), Tensor.of(bad), iris.classNames()).numClasses()));
  }

  @Test
  void featureCountMismatch() {
    Dataset wine = Datasets.wine(); // 13 features
    DeepNetwork net = DeepNetwork.builder(4, 8, 3).dtype(DType.FLOAT64).build();
    assertEquals("linear: input has 13 features (shape [178, 13]) but the layer expects 4",
        message(IllegalArgumentException.class, () -> net.forward(wine.features())));
    assertEquals("standardize: input has 13 features (shape [178, 13]) but the standardizer was "
        + "fit on 4", message(IllegalArgumentException.class,
            () -> Standardizer.fit(Datasets.iris()).transform(wine.features())));
    Adaline adaline = new Adaline(2);
    assertEquals("linear: input has 13 features (shape [1, 13]) but the layer expects 2",
        message(IllegalArgumentException.class, () -> adaline.fit(DataLoader.of(wine, 1),
            new SGD(adaline.parameters(), 0.01), 1)));
  }

  @Test
  void emptyDataset() {
    assertEquals("dataset: empty (features shape [0, 4])",
        message(IllegalArgumentException.class, () -> new Dataset(
            Tensor.zeros(DType.FLOAT64, 0, 4), Tensor.zeros(DType.INT64, 0))));
    assertEquals("standardize: cannot fit on an empty input (shape [0, 4])",
        message(IllegalArgumentException.class,
            () -> Standardizer.fit(Tensor.zeros(DType.FLOAT64, 0, 4))));
    assertEquals("empty.csv: no data rows (1 lines, 1 skipped)",
        message(DataFileException.class, () -> Csv.reader().skipLines(1).readDataset(
            new ByteArrayInputStream("a,b,label\n".getBytes(StandardCharsets.UTF_8)),
            "empty.csv")));
    assertEquals("data_loader: drop-last with batch size 200 leaves no batch of 150 samples",
        message(IllegalArgumentException.class,
            () -> DataLoader.of(Datasets.iris(), 200).dropLast(true)));
  }

  @Test
  void nanInData() {
    double[][] x = {{1, 2}, {3, Double.NaN}};
    assertEquals("dataset: NaN in features at row 1, column 1",
        message(IllegalArgumentException.class,
            () -> new Dataset(Tensor.of(x), Tensor.of(new double[] {0, 1}), List.of())));
    assertEquals("data.csv: line 3, field 2: NaN is not allowed (values must be finite)",
        message(DataFileException.class, () -> Csv.reader().skipLines(1).readDataset(
            new ByteArrayInputStream("a,b,y\n1,2,0\n3,NaN,1\n".getBytes(StandardCharsets.UTF_8)),
            "data.csv")));
    assertEquals("standardize: input of shape [2, 2] holds NaN or infinity",
        message(IllegalArgumentException.class, () -> Standardizer.fit(Tensor.of(x))));
  }
}

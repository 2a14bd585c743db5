package dev.jgrad.nn.data;

import dev.jgrad.DType;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The small classic datasets shipped in this jar (from scikit-learn 1.2.1 as packaged by Debian,
 * BSD-3-Clause; see {@code dev/jgrad/nn/data/README.md}, the {@code .rst} descriptions and
 * {@code debian-copyright.txt} next to them). Each call parses the resource afresh into a
 * FLOAT64 {@link Dataset} with integer labels {@code [n]} in file order; use {@link
 * Dataset#to(DType)} for FLOAT32.
 *
 * <table>
 *   <caption>Datasets</caption>
 *   <tr><th>method</th><th>samples</th><th>features</th><th>classes</th></tr>
 *   <tr><td>{@link #iris()}</td><td>150</td><td>4 (sepal/petal length/width, cm)</td>
 *       <td>setosa, versicolor, virginica (50 each)</td></tr>
 *   <tr><td>{@link #digits()}</td><td>1797</td><td>64 (8x8 pixels, 0..16)</td>
 *       <td>digits 0..9</td></tr>
 *   <tr><td>{@link #breastCancer()}</td><td>569</td><td>30</td>
 *       <td>malignant (212), benign (357)</td></tr>
 *   <tr><td>{@link #wine()}</td><td>178</td><td>13</td><td>class_0, class_1, class_2</td></tr>
 * </table>
 */
public final class Datasets {
  private Datasets() {}

  /** {@return Fisher's iris flowers: 150 x 4, 3 classes} */
  public static Dataset iris() {
    return sklearn("iris.csv");
  }

  /**
   * {@return handwritten digits (UCI optdigits test set): 1797 x 64 pixels in 0..16, 10 classes}
   */
  public static Dataset digits() {
    try (InputStream in = open("digits.csv.gz")) {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        names.add(Integer.toString(i));
      }
      Dataset d = Csv.reader().readDataset(in, "digits.csv.gz");
      if (d.numFeatures() != 64) {
        throw new DataFileException("digits.csv.gz", "rows have " + (d.numFeatures() + 1)
            + " fields, expected 65 (64 pixels and a label)");
      }
      return new Dataset(d.features(), d.targets(), names);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@return Wisconsin diagnostic breast cancer: 569 x 30, malignant (0) or benign (1)} */
  public static Dataset breastCancer() {
    return sklearn("breast_cancer.csv");
  }

  /** {@return wine cultivars: 178 x 13 chemical measurements, 3 classes} */
  public static Dataset wine() {
    return sklearn("wine_data.csv");
  }

  private static InputStream open(String name) throws IOException {
    InputStream in = Datasets.class.getResourceAsStream(name);
    if (in == null) {
      throw new IOException("dataset resource dev/jgrad/nn/data/" + name + " is missing from the "
          + "class path");
    }
    return in;
  }

  /** A file with the header {@code n_samples,n_features,<class names...>}, label last. */
  private static Dataset sklearn(String name) {
    try (InputStream in = open(name)) {
      return readSklearn(in.readAllBytes(), name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses scikit-learn's bundled CSV layout, checking the header's counts against the data. */
  static Dataset readSklearn(byte[] bytes, String source) throws IOException {
    String header;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        new ByteArrayInputStream(bytes), StandardCharsets.UTF_8))) {
      header = r.readLine();
    }
    if (header == null) {
      throw new DataFileException(source, "empty file (expected the header n_samples,n_features,"
          + "class names)");
    }
    List<String> fields = Csv.split(header, ',');
    if (fields.size() < 2) {
      throw new DataFileException(source, "line 1: header has " + fields.size() + " fields, "
          + "expected n_samples,n_features,class names...");
    }
    int samples = headerInt(fields.get(0), source, 1);
    int features = headerInt(fields.get(1), source, 2);
    List<String> classes = new ArrayList<>();
    for (String f : fields.subList(2, fields.size())) {
      if (!f.isBlank()) {
        classes.add(f.trim()); // trailing empty fields are padding
      }
    }
    Csv csv = Csv.reader().skipLines(1);
    Csv.Table table = csv.parse(new ByteArrayInputStream(bytes), source);
    if (table.rows != samples) {
      throw new DataFileException(source, "line 1, field 1: header says " + samples
          + " samples, the file has " + table.rows);
    }
    if (table.cols != features + 1) {
      throw new DataFileException(source, "line 1, field 2: header says " + features
          + " features, data rows have " + table.cols + " fields (features + label)");
    }
    Dataset d = csv.toDataset(table, source, classes);
    int[] labels;
    try {
      labels = d.labels(); // integers >= 0, via Labels
    } catch (IllegalArgumentException e) {
      throw new DataFileException(source, e.getMessage(), e);
    }
    for (int i = 0; i < labels.length; i++) {
      if (!classes.isEmpty() && labels[i] >= classes.size()) {
        throw new DataFileException(source, "line " + table.lines[i] + ": label " + labels[i]
            + " is out of range for " + classes.size() + " classes");
      }
    }
    return d;
  }

  private static int headerInt(String field, String source, int index) throws DataFileException {
    try {
      int v = Integer.parseInt(field.trim());
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new DataFileException(source, "line 1, field " + index + ": '" + field + "' is not a "
        + "positive integer");
  }
}

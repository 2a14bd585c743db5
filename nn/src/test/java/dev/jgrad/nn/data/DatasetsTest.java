package dev.jgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped datasets: shapes, classes, known rows, and the checksums of the provenance. */
class DatasetsTest {
  private static int[] classCounts(Dataset d) {
    int[] c = new int[d.numClasses()];
    for (int l : d.labels()) {
      c[l]++;
    }
    return c;
  }

  @Test
  void iris() {
    Dataset d = Datasets.iris();
    assertEquals(150, d.size());
    assertEquals(4, d.numFeatures());
    assertEquals(DType.FLOAT64, d.dtype());
    assertEquals(List.of("setosa", "versicolor", "virginica"), d.classNames());
    assertArrayEquals(new int[] {50, 50, 50}, classCounts(d));
    assertArrayEquals(new double[] {5.1, 3.5, 1.4, 0.2}, d.features().indexSelect(0, 0)
        .toDoubleArray());
  }

  @Test
  void digits() {
    Dataset d = Datasets.digits();
    assertEquals(1797, d.size());
    assertEquals(64, d.numFeatures());
    assertEquals(10, d.numClasses());
    int[] counts = classCounts(d);
    assertEquals(1797, java.util.Arrays.stream(counts).sum());
    assertEquals(178, counts[0]);
    assertEquals(16.0, d.features().max().item());
    assertEquals(0, d.labels()[0]);
  }

  @Test
  void breastCancer() {
    Dataset d = Datasets.breastCancer();
    assertEquals(569, d.size());
    assertEquals(30, d.numFeatures());
    assertEquals(List.of("malignant", "benign"), d.classNames());
    assertArrayEquals(new int[] {212, 357}, classCounts(d));
    assertEquals(17.99, d.features().get(0, 0));
  }

  @Test
  void wine() {
    Dataset d = Datasets.wine();
    assertEquals(178, d.size());
    assertEquals(13, d.numFeatures());
    assertArrayEquals(new int[] {59, 71, 48}, classCounts(d));
    assertEquals(1065.0, d.features().get(0, 12));
  }

  @Test
  void resourcesMatchTheirPublishedChecksumsAndCarryTheirProvenance() throws Exception {
    String sums = read("SHA256SUMS");
    int checked = 0;
    for (String line : sums.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.trim().split("\\s+");
      assertEquals(parts[0], sha256(readBytes(parts[1])), parts[1]);
      checked++;
    }
    assertEquals(4, checked);
    String readme = read("README.md");
    assertTrue(readme.contains("BSD-3-Clause") && readme.contains("scikit-learn 1.2.1"));
    for (String f : new String[] {"debian-copyright.txt", "iris.rst", "digits.rst",
        "breast_cancer.rst", "wine_data.rst"}) {
      assertNotNull(Datasets.class.getResourceAsStream(f), f);
    }
  }

  @Test
  void headerCountsAreCheckedAgainstTheData() {
    byte[] bad = "3,2,a,b\n1,2,0\n3,4,1\n".getBytes(StandardCharsets.UTF_8);
    assertEquals("bad.csv: line 1, field 1: header says 3 samples, the file has 2",
        assertThrows(DataFileException.class, () -> Datasets.readSklearn(bad, "bad.csv"))
            .getMessage());
    byte[] label = "1,2,a,b,,\n1,2,5\n".getBytes(StandardCharsets.UTF_8);
    assertEquals("lab.csv: line 2: label 5 is out of range for 2 classes",
        assertThrows(DataFileException.class, () -> Datasets.readSklearn(label, "lab.csv"))
            .getMessage());
  }

  private static byte[] readBytes(String name) throws IOException {
    try (InputStream in = Datasets.class.getResourceAsStream(name)) {
      assertNotNull(in, name);
      return in.readAllBytes();
    }
  }

  private static String read(String name) throws IOException {
    return new String(readBytes(name), StandardCharsets.UTF_8);
  }

  private static String sha256(byte[] b) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}

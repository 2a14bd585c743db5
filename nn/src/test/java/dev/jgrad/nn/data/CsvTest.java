package dev.jgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.DType;
import dev.jgrad.Shape;
import dev.jgrad.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
  @TempDir
  Path dir;

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void readsADatasetWithHeaderAndLabelLast() throws IOException {
    Path p = write("d.csv", "a,b,label\n1.5, 2 ,0\n\n-3,4e2,1\n");
    Dataset d = Csv.reader().skipLines(1).readDataset(p);
    assertEquals(Shape.of(2, 2), d.features().shape());
    assertArrayEquals(new double[] {1.5, 2, -3, 400}, d.features().toDoubleArray());
    assertArrayEquals(new int[] {0, 1}, d.labels());
  }

  @Test
  void readsOtherLabelColumnsDelimitersAndDtypes() throws IOException {
    Path p = write("d.tsv", "1\t10\t20\n0\t30\t40\n");
    Dataset d = Csv.reader().delimiter('\t').labelColumn(0).dtype(DType.FLOAT32).readDataset(p);
    assertEquals(DType.FLOAT32, d.dtype());
    assertArrayEquals(new double[] {10, 20, 30, 40}, d.features().toDoubleArray());
    assertArrayEquals(new double[] {1, 0}, d.targets().toDoubleArray());
    Tensor m = Csv.reader().delimiter('\t').readTensor(p);
    assertEquals(Shape.of(2, 3), m.shape());
  }

  @Test
  void readsGzippedFiles() throws IOException {
    Path p = dir.resolve("d.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
      out.write("1,2,1\n3,4,0\n".getBytes(StandardCharsets.UTF_8));
    }
    assertArrayEquals(new int[] {1, 0}, Csv.reader().readDataset(p).labels());
  }

  private void assertFileError(String expectedDetail, String name, String text, Csv csv)
      throws IOException {
    Path p = write(name, text);
    DataFileException e = assertThrows(DataFileException.class, () -> csv.readDataset(p));
    assertEquals(p + ": " + expectedDetail, e.getMessage());
    assertEquals(p.toString(), e.source());
  }

  @Test
  void malformedFilesNameTheFileLineAndField() throws IOException {
    Csv csv = Csv.reader().skipLines(1);
    assertFileError("line 3, field 2: 'abc' is not a number", "a.csv", "h\n1,2,0\n1,abc,1\n",
        csv);
    assertFileError("line 2, field 1: NaN is not allowed (values must be finite)", "b.csv",
        "h\nNaN,2,0\n", csv);
    assertFileError("line 4 has 2 fields, expected 3 (as line 2)", "c.csv",
        "h\n1,2,0\n3,4,1\n5,6\n", csv);
    assertFileError("line 2, field 2: empty field", "d.csv", "h\n1,,0\n", csv);
    assertFileError("no data rows (1 lines, 1 skipped)", "e.csv", "only a header\n", csv);
    assertFileError("a dataset needs at least 2 columns (features and a label), found 1",
        "f.csv", "h\n1\n2\n", csv);
  }

  @Test
  void corruptGzipIsReportedWithTheFileName() throws IOException {
    Path p = dir.resolve("bad.csv.gz");
    byte[] gz;
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write("1,2,1\n3,4,0\n".repeat(100).getBytes(StandardCharsets.UTF_8));
    }
    gz = java.util.Arrays.copyOf(bytes.toByteArray(), bytes.size() / 2);
    Files.write(p, gz);
    DataFileException e = assertThrows(DataFileException.class,
        () -> Csv.reader().readDataset(p));
    assertEquals(p.toString(), e.source());
  }
}

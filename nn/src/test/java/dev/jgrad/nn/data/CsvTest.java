package dev.jgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Shape;
import dev.jgrad.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  private static String streamError(Csv csv, String text) {
    return assertThrows(DataFileException.class, () -> csv.readTensor(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "s")).getMessage();
  }

  private static Tensor stream(Csv csv, String text) throws IOException {
    return csv.readTensor(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "s");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1f", "2d", "0x1p3", "1_000", "1e", "e5", ".", "+", "--1", "1.2.3",
      "1e5e5", "1 2", "١"})
  void fieldsAreStrictDecimalNumbers(String field) {
    assertEquals("s: line 1, field 2: '" + field + "' is not a number",
        streamError(Csv.reader(), "0," + field + "\n"));
  }

  @Test
  void decimalNumbersInEveryFormAreRead() throws IOException {
    assertArrayEquals(new double[] {2, -0.5, 0.5, 5, 1e-7, 400, 3, -0.0},
        stream(Csv.reader(), "+2,-0.5,.5,5.,1E-7,4e+2,  3\t,-0").toDoubleArray());
  }

  @ParameterizedTest
  @ValueSource(strings = {"nan", "NaN", "-inf", "+Inf", "Infinity", "-INFINITY"})
  void nonFiniteValuesAreRefusedInEverySpelling(String field) {
    assertEquals("s: line 1, field 1: " + field + " is not allowed (values must be finite)",
        streamError(Csv.reader(), field + ",1\n"));
  }

  @Property(tries = 2000)
  void decimalsAreReadExactlyAsDoubleParseDouble(@ForAll("decimals") String text) {
    double expected = Double.parseDouble(text);
    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(
        Csv.decimal(text)), text);
  }

  @Provide
  Arbitrary<String> decimals() {
    Arbitrary<String> digits = Arbitraries.strings().withCharRange('0', '9').ofMinLength(1)
        .ofMaxLength(25);
    Arbitrary<String> sign = Arbitraries.of("", "+", "-");
    Arbitrary<String> fraction = Arbitraries.oneOf(Arbitraries.just(""),
        digits.map(d -> "." + d), Arbitraries.just("."));
    Arbitrary<String> exponent = Arbitraries.oneOf(Arbitraries.just(""),
        Combinators.combine(Arbitraries.of("e", "E"), sign,
            Arbitraries.integers().between(0, 400)).as((e, s, v) -> e + s + v));
    return Combinators.combine(sign, digits, fraction, exponent).as((s, d, f, e) -> s + d + f + e);
  }

  @Test
  void hugeNumbersAreRefusedNotTurnedIntoInfinity() throws IOException {
    assertEquals("s: line 2, field 1: '1e999' overflows float64 (values must be finite)",
        streamError(Csv.reader(), "1\n1e999\n"));
    assertEquals("s: line 1, field 1: '1e39' overflows float32 (values must be finite)",
        streamError(Csv.reader().dtype(DType.FLOAT32), "1e39\n"));
    assertArrayEquals(new double[] {3e38f, 1e300}, new double[] {
        stream(Csv.reader().dtype(DType.FLOAT32), "3e38").item(),
        stream(Csv.reader(), "1e300").item()});
    assertEquals("s: line 1, field 1: '1e99999999999999999999999' overflows float64 (values must "
        + "be finite)", streamError(Csv.reader(), "1e99999999999999999999999"));
    assertArrayEquals(new double[] {0}, stream(Csv.reader(), "1e-99999").toDoubleArray());
  }

  @Test
  void longFieldsAreRefusedAndQuotedBriefly() {
    assertEquals("s: line 1, field 1: '" + "1".repeat(40) + "...' (5000 chars) is not a number: a "
        + "field has at most 1000 chars", streamError(Csv.reader(), "1".repeat(5000) + ",1"));
    assertEquals("s: line 1, field 1: '" + "x".repeat(40) + "...' (50 chars) is not a number",
        streamError(Csv.reader(), "x".repeat(50)));
    assertEquals("s: line 1, field 1: 'a\\u007Fb\\uFFFD' is not a number",
        streamError(Csv.reader(), "a\u007Fb\uFFFD"));
    assertEquals("s: line 1, field 1: '\"1.5\"' is not a number (quoted fields are not supported)",
        streamError(Csv.reader(), "\"1.5\",2"));
  }

  @Test
  void linesEndInAnyConventionAndAreCountedInTheFile() throws IOException {
    Tensor t = stream(Csv.reader(), "\uFEFF1,2\r\n3,4\r5,6\n\n7,8");
    assertEquals(Shape.of(4, 2), t.shape());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, t.toDoubleArray());
    assertEquals("s: line 3, field 2: 'x' is not a number",
        streamError(Csv.reader(), "1,2\r\n\r\n3,x\r\n"));
    assertEquals("s: line 5 has 1 fields, expected 2 (as line 2)",
        streamError(Csv.reader().skipLines(1), "h\r1,2\r\r\n \t \r7"));
    assertEquals("s: no data rows (1 lines, 1 skipped)",
        streamError(Csv.reader().skipLines(1), "only a header, no line break"));
    assertEquals("s: no data rows (0 lines, 0 skipped)", streamError(Csv.reader(), ""));
  }

  @Test
  void blankLinesAreSkippedWhateverTheDelimiter() throws IOException {
    assertArrayEquals(new double[] {1, 2, 3, 4},
        stream(Csv.reader().delimiter('\t'), "1\t2\n\t\n \t \n3\t4\n").toDoubleArray());
    assertEquals("s: line 2, field 1: empty field", streamError(Csv.reader(), "1,2\n ,\n"));
    assertEquals("s: line 1, field 3: empty field", streamError(Csv.reader(), "1,2,\n"));
  }

  @Test
  void delimitersThatCouldSplitANumberAreRefused() {
    for (char c : "0123456789+-.eE\n\r".toCharArray()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Csv.reader().delimiter(c));
      assertEquals("csv: delimiter " + (c < ' ' ? String.format("U+%04X", (int) c) : "'" + c + "'")
          + " cannot separate numbers (it is a line break or can be part of a number)",
          e.getMessage());
    }
    assertThrows(NullPointerException.class, () -> Csv.reader().dtype(null));
  }

  @Test
  void memoryIsTheValuesReadHoweverLongALine() throws IOException {
    byte[] line = "1,".repeat(1_000_000).concat("1").getBytes(StandardCharsets.UTF_8);
    long before = DataFuzzChecks.allocatedBytes();
    Tensor t = Csv.reader().readTensor(new ByteArrayInputStream(line), "s");
    long used = DataFuzzChecks.allocatedBytes() - before;
    assertEquals(Shape.of(1, 1_000_001), t.shape());
    // 8 MB of values, their growth copies and the tensor's copy: well under 32 bytes per byte.
    assertTrue(used < 32L * line.length, "allocated " + used + " for " + line.length + " bytes");
  }

  @Test
  void streamsAreNotClosed() throws IOException {
    boolean[] closed = {false};
    InputStream in = new ByteArrayInputStream("1,2\n".getBytes(StandardCharsets.UTF_8)) {
      @Override
      public void close() {
        closed[0] = true;
      }
    };
    assertArrayEquals(new double[] {1, 2}, Csv.reader().readTensor(in, "s").toDoubleArray());
    assertEquals(false, closed[0]);
  }

  @Test
  void truncatedGzipNamesTheProblem() throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write("1,2,1\n".getBytes(StandardCharsets.UTF_8));
    }
    byte[] cut = java.util.Arrays.copyOf(bytes.toByteArray(), bytes.size() - 4);
    assertEquals("s: corrupt or truncated gzip data (it ends early)", assertThrows(
        DataFileException.class, () -> Csv.reader().readTensor(new ByteArrayInputStream(cut),
            "s")).getMessage());
  }
}

package dev.jgrad.nn.data;

import static dev.jgrad.nn.data.DataFuzzChecks.SOURCE;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes {@link Csv#readTensor(java.io.InputStream, String)} and
 * {@link Csv#readDataset(java.io.InputStream, String)} with two readers: the default (comma,
 * FLOAT64) and one that skips a header line, splits at tabs and reads FLOAT32. The normal test run
 * replays the seed corpus in {@code CsvFuzzTestInputs/fuzz/}; to fuzz for a while:
 * {@code JAZZER_FUZZ=1 ./mvnw -pl nn test-compile surefire:test -Dtest=CsvFuzzTest
 * -Djazzer.max_duration=60s}.
 *
 * <p>For any input and reader: the only exception is a {@link DataFileException} naming the
 * input (in at most 2000 chars); reading allocates at most 1 MiB plus 64 bytes per byte present
 * (for gzip input, per byte it inflates to); every value read is finite in the reader's dtype;
 * and an accepted table written back as CSV ({@link Double#toString}) reads to bit-identical
 * values.
 */
class CsvFuzzTest {
  static final Csv DEFAULT = Csv.reader();
  static final Csv TSV = Csv.reader().skipLines(1).delimiter('\t').dtype(DType.FLOAT32);

  @FuzzTest(maxDuration = "30s")
  @DictionaryEntries({",", "\t", "e+", "E-", "-0.", ".5", "nan", "-inf",
      "Infinity", "1e308", "1e-324", "\ufeff", "\"", "999999999999999999999"})
  void fuzz(byte[] data) throws Exception {
    for (Csv csv : new Csv[] {DEFAULT, TSV}) {
      Tensor t = DataFuzzChecks.read(data, 64,
          d -> csv.readTensor(new ByteArrayInputStream(d), SOURCE));
      if (t == null) {
        continue;
      }
      double[] v = t.toDoubleArray();
      StringBuilder back = new StringBuilder();
      for (int i = 0; i < v.length; i++) {
        if (!Double.isFinite(v[i])) {
          throw new AssertionError("value " + v[i] + " read");
        }
        back.append(v[i]).append((i + 1) % t.size(1) == 0 ? "\n" : ",");
      }
      Tensor again = DEFAULT.dtype(t.dtype()).readTensor(new ByteArrayInputStream(
          back.toString().getBytes(StandardCharsets.UTF_8)), "rewritten");
      if (!again.shape().equals(t.shape())
          || !java.util.Arrays.equals(again.toDoubleArray(), v)) {
        throw new AssertionError("written back and read, " + t.shape() + " became "
            + again.shape());
      }
      if (t.size(1) >= 2) {
        Dataset d = DataFuzzChecks.read(data, 64,
            b -> csv.readDataset(new ByteArrayInputStream(b), SOURCE));
        if (d == null || d.size() != t.size(0) || d.numFeatures() != t.size(1) - 1) {
          throw new AssertionError("readDataset disagrees with readTensor on " + t.shape());
        }
      }
    }
  }
}

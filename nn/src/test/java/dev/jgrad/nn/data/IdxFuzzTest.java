package dev.jgrad.nn.data;

import static dev.jgrad.nn.data.DataFuzzChecks.SOURCE;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jgrad.Tensor;
import java.io.ByteArrayInputStream;
import java.util.Arrays;

/**
 * Fuzzes {@link Idx#read}, both ways it reads: as a plain file of known size (the declared data
 * checked against the size before allocating) and as a stream (read in growing chunks, gzip
 * decompressed). The normal test run replays the seed corpus in {@code IdxFuzzTestInputs/fuzz/};
 * to fuzz for a while:
 * {@code JAZZER_FUZZ=1 ./mvnw -pl nn test-compile surefire:test -Dtest=IdxFuzzTest
 * -Djazzer.max_duration=60s}.
 *
 * <p>For any input, each way: the only exception is a {@link DataFileException} naming the input
 * (in at most 2000 chars); reading allocates at most 1 MiB plus 64 bytes per byte present (for
 * gzip input, per byte it inflates to); and both ways agree: an input one accepts the other
 * accepts, with bit-identical values.
 */
class IdxFuzzTest {
  @FuzzTest(maxDuration = "30s")
  // Jazzer writes entries as UTF-8: only chars below U+0080 give single bytes.
  @DictionaryEntries({"\u0000\u0000\u0008\u0001", "\u0000\u0000\u0008\u0003",
      "\u0000\u0000\u000e\u0002", "\u0000\u0000\u000b\u0001", "\u0000\u0000\u0000\u0002",
      "\u0000\u0000\u0000\u0000", "\u0040\u0000\u0000\u0000", "\u0001\u0000\u0000\u0000"})
  void fuzz(byte[] data) throws Exception {
    Tensor asStream = DataFuzzChecks.read(data, 64,
        d -> Idx.read(new ByteArrayInputStream(d), SOURCE, -1));
    boolean gzip = data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
    if (gzip) {
      return; // the size of a gzip file says nothing about its content: both ways are the stream's
    }
    Tensor asFile = DataFuzzChecks.read(data, 64,
        d -> Idx.read(new ByteArrayInputStream(d), SOURCE, d.length));
    if ((asStream == null) != (asFile == null)) {
      throw new AssertionError("read as a stream: " + (asStream == null ? "rejected" : "accepted")
          + ", as a file: " + (asFile == null ? "rejected" : "accepted"));
    }
    if (asStream != null && !(asStream.shape().equals(asFile.shape())
        && asStream.dtype() == asFile.dtype()
        && Arrays.equals(asStream.toDoubleArray(), asFile.toDoubleArray()))) {
      throw new AssertionError("a stream and a file read differently: " + asStream.shape()
          + " vs " + asFile.shape());
    }
  }
}

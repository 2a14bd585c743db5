package dev.jgrad.io;

import static dev.jgrad.io.FuzzChecks.SOURCE;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jgrad.Tensor;

/**
 * Fuzzes {@link Npy#read(byte[], String, ReadOptions)}. The normal test run replays the seed
 * corpus in {@code NpyFuzzTestInputs/fuzz/}; to fuzz for a while:
 * {@code JAZZER_FUZZ=1 ./mvnw -pl core test -Dtest=NpyFuzzTest -Djazzer.max_duration=60s}.
 *
 * <p>For any input: the only exception is {@link TensorFileException} naming the input; reading
 * allocates at most 1 MiB plus 64 bytes per input byte; and an accepted array round-trips
 * bit-exactly through the writer.
 */
class NpyFuzzTest {
  @FuzzTest(maxDuration = "30s")
  // Jazzer writes entries as UTF-8 and cannot hold a newline: only text tokens here.
  @DictionaryEntries({"NUMPY", "{'descr': '", "'fortran_order': ", "'shape': (", "True",
      "False", "<f4", ">f8", "<f2", "|b1", "|u1", "<i4", "<u4", "<i8", ">u8", "|O", "[('", ",)",
      "L,", "2147483647"})
  void fuzz(byte[] data) throws Exception {
    Tensor t = FuzzChecks.read(data, 64, TensorFileException.class,
        d -> Npy.read(d, SOURCE, ReadOptions.DEFAULT)).value;
    if (t != null) {
      IoTesting.assertBitsEqual(t, Npy.read(Npy.toBytes(t), "rewritten", ReadOptions.DEFAULT));
    }
  }
}

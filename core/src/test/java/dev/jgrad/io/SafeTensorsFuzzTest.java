package dev.jgrad.io;

import static dev.jgrad.io.FuzzChecks.SOURCE;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@link SafeTensors#read(byte[], String, ReadOptions)}. The normal test run replays the
 * seed corpus in {@code SafeTensorsFuzzTestInputs/fuzz/}; to fuzz for a while:
 * {@code JAZZER_FUZZ=1 ./mvnw -pl core test -Dtest=SafeTensorsFuzzTest -Djazzer.max_duration=60s}.
 *
 * <p>For any input: the only exception is {@link TensorFileException} naming the input; reading
 * allocates at most 1 MiB plus 64 bytes per input byte; and an accepted file round-trips
 * bit-exactly through the writer.
 */
class SafeTensorsFuzzTest {
  @FuzzTest(maxDuration = "30s")
  @DictionaryEntries({"{\"", "\":{\"dtype\":\"", "\"shape\":[", "\"data_offsets\":[",
      "\"__metadata__\":{", "F32", "F64", "F16", "BF16", "I64", "U64", "I32", "U32", "I16",
      "U16", "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2", "\\u0000", "18446744073709551615",
      "9223372036854775808", "2147483647", "4294967296"})
  void fuzz(byte[] data) throws Exception {
    FuzzChecks.Outcome<TensorContents> outcome = FuzzChecks.read(data, 64,
        TensorFileException.class, d -> SafeTensors.read(d, SOURCE, ReadOptions.DEFAULT));
    TensorContents contents = outcome.value;
    if (contents == null) {
      return;
    }
    byte[] rewritten = SafeTensors.toBytes(contents.tensors(), contents.metadata());
    TensorContents back = SafeTensors.read(rewritten, "rewritten", ReadOptions.DEFAULT);
    IoTesting.assertAllBitsEqual(contents.tensors(), back.tensors());
    if (!back.metadata().equals(contents.metadata()) || !back.notes().isEmpty()) {
      throw new AssertionError("metadata or notes changed in a round trip");
    }
  }
}

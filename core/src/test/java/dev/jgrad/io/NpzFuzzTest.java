package dev.jgrad.io;

import static dev.jgrad.io.FuzzChecks.SOURCE;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@link Npz#read(byte[], String, ReadOptions)}. The normal test run replays the seed
 * corpus in {@code NpzFuzzTestInputs/fuzz/}; to fuzz for a while:
 * {@code JAZZER_FUZZ=1 ./mvnw -pl core test -Dtest=NpzFuzzTest -Djazzer.max_duration=60s}.
 *
 * <p>Each input is read with the default options and with a compression ratio cap of 16. For
 * any input: the only exception is {@link TensorFileException} naming the input; with the cap of
 * 16, reading allocates at most 1 MiB plus 256 bytes per input byte (inflating up to 16× and
 * converting the arrays); with the default cap of 1032 the bound is 1032 times looser, as
 * inflating legitimately multiplies data; and an accepted archive round-trips bit-exactly through
 * the writer, stored and deflated.
 */
class NpzFuzzTest {
  private static final ReadOptions TIGHT = ReadOptions.DEFAULT.withMaxNpzCompressionRatio(16);

  @FuzzTest(maxDuration = "30s")
  @DictionaryEntries({"PK\u0003\u0004", "PK\u0001\u0002", "PK\u0005\u0006", "PK\u0006\u0006",
      "PK\u0006\u0007", "PK\u0007\u0008", ".npy", "NUMPY", "{'descr': '<f8', "
      + "'fortran_order': False, 'shape': ("})
  void fuzz(byte[] data) throws Exception {
    for (ReadOptions options : new ReadOptions[] {ReadOptions.DEFAULT, TIGHT}) {
      long perByte = options == TIGHT ? 256 : 256 * 1032 / 16;
      TensorContents contents = FuzzChecks.read(data, perByte, TensorFileException.class,
          d -> Npz.read(d, SOURCE, options)).value;
      if (contents == null) {
        continue;
      }
      for (boolean compress : new boolean[] {false, true}) {
        TensorContents back = Npz.read(Npz.toBytes(contents.tensors(), compress), "rewritten",
            ReadOptions.DEFAULT);
        IoTesting.assertAllBitsEqual(contents.tensors(), back.tensors());
      }
    }
  }
}

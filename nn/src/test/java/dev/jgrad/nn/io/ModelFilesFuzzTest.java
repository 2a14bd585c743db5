package dev.jgrad.nn.io;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jgrad.io.TensorFileException;
import dev.jgrad.nn.Sequential;

/**
 * Fuzzes the architecture reader {@link ModelFiles#fromArchitecture}. The normal test run replays
 * the seed corpus in {@code ModelFilesFuzzTestInputs/fuzz/}; to fuzz for a while:
 * {@code JAZZER_FUZZ=1 ./mvnw -pl nn test -Dtest=ModelFilesFuzzTest -Djazzer.max_duration=60s}.
 *
 * <p>For any input the only exception is {@link TensorFileException}, whose message names the
 * file and stays short (numbers are never printed in full); no input allocates more than its
 * state budget (here 2^20 values; an out-of-memory error is a finding); an accepted architecture
 * written back reads to the same architecture.
 */
class ModelFilesFuzzTest {
  @FuzzTest(maxDuration = "30s")
  @DictionaryEntries({"\"format\"", "\"jgrad-sequential\"", "\"version\"", "\"dtype\"",
      "\"float32\"", "\"float64\"", "\"task\"", "\"MULTICLASS\"", "\"layers\"", "\"type\"",
      "\"linear\"", "\"in\"", "\"out\"", "\"bias\"", "\"relu\"", "\"leaky_relu\"", "\"slope\"",
      "\"softmax\"", "\"axis\"", "\"dropout\"", "\"p\"", "\"seed\"", "\"batch_norm1d\"",
      "\"batch_norm2d\"", "\"features\"", "\"eps\"", "\"momentum\"", "\"affine\"",
      "\"layer_norm\"", "\"shape\"", "\"group_norm\"", "\"groups\"", "\"channels\"",
      "\"flatten\"", "\"start\"", "\"end\"", "\"unflatten\"", "\"sizes\"", "\"gelu\"",
      "\"approximate\"", "\"tanh\"", "\"elu\"", "\"alpha\"", "\"softplus\"", "\"beta\"",
      "\"threshold\"", "\"hardtanh\"", "\"min\"", "\"max\"", "16777216", "-1e309",
      "1e999999999", "100e2147483647"})
  void fuzz(byte[] data) throws Exception {
    Sequential model;
    try {
      model = ModelFiles.fromArchitecture(data, "<fuzz>", 1 << 20); // a budget the heap can take
    } catch (TensorFileException e) {
      if (!e.getMessage().startsWith("<fuzz>: ")) {
        throw new AssertionError("message does not name the file: " + e.getMessage(), e);
      }
      if (e.getMessage().length() > 2000) {
        throw new AssertionError("message of " + e.getMessage().length() + " characters", e);
      }
      return;
    }
    String json = ModelFiles.architectureJson(model);
    String again = ModelFiles.architectureJson(ModelFiles.fromArchitecture(
        json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "<written>"));
    if (!json.equals(again)) {
      throw new AssertionError("round trip changed\n" + json + "\ninto\n" + again);
    }
  }
}

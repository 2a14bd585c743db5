package dev.jgrad.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The float32 kernels are generated from the float64 ones by {@code core/gen-float-kernels.sh};
 * this applies the same substitutions and fails when a generated file was edited by hand or the
 * float64 file changed without regenerating.
 */
class KernelSourcesTest {
  private static final Path DIR = Path.of("src/main/java/dev/jgrad/kernels");

  @ParameterizedTest
  @ValueSource(strings = {"GemmD", "VectorGemmD"})
  void float32KernelsAreGeneratedFromTheFloat64Ones(String base) throws IOException {
    String d = Files.readString(DIR.resolve(base + ".java"), StandardCharsets.UTF_8);
    String expected = "// Generated from " + base + ".java by core/gen-float-kernels.sh: do not "
        + "edit.\n" + d.replace("Double", "Float").replace("double", "float")
            .replace("Float64", "Float32").replaceAll("GemmD\\b", "GemmF")
            .replaceAll("\\b0\\.0\\b", "0f");
    String f = base.substring(0, base.length() - 1) + "F.java";
    assertEquals(expected, Files.readString(DIR.resolve(f), StandardCharsets.UTF_8),
        f + " is stale: run core/gen-float-kernels.sh");
  }
}

package dev.jgrad.io;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the fuzz seed corpora honest: every {@code valid_*} seed is accepted and every
 * {@code bad_*} seed rejected, so that fuzzing starts from both sides of each rule.
 */
class SeedCorpusTest {
  interface Reader {
    void read(byte[] data) throws Exception;
  }

  static Stream<Arguments> seeds() throws IOException, URISyntaxException {
    List<Object[]> targets = List.of(
        new Object[] {"SafeTensors", (Reader) d -> SafeTensors.read(d)},
        new Object[] {"Npy", (Reader) d -> Npy.read(d)},
        new Object[] {"Npz", (Reader) d -> Npz.read(d)},
        new Object[] {"Json", (Reader) d -> Json.parse(d)});
    Stream.Builder<Arguments> out = Stream.builder();
    for (Object[] t : targets) {
      Path dir = Path.of(SeedCorpusTest.class.getResource(t[0] + "FuzzTestInputs/fuzz").toURI());
      try (Stream<Path> files = Files.list(dir)) {
        for (Path p : files.sorted().toList()) {
          String name = p.getFileName().toString();
          if (name.startsWith("valid_") || name.startsWith("bad_")) {
            out.add(Arguments.of(t[0] + "/" + name, t[1], Files.readAllBytes(p)));
          }
        }
      }
    }
    return out.build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("seeds")
  void seedIsAcceptedOrRejectedAsNamed(String name, Reader reader, byte[] data) throws Throwable {
    Executable read = () -> reader.read(data);
    if (name.contains("/valid_")) {
      read.execute();
    } else {
      Class<? extends Exception> expected = name.startsWith("Json/")
          ? JsonException.class : TensorFileException.class;
      assertThrows(expected, read);
    }
  }
}

package dev.jgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the data readers' fuzz seed corpora honest: every {@code valid_*} seed is read and every
 * {@code bad_*} seed refused with a {@link DataFileException}, so that fuzzing starts from both
 * sides of each rule. IDX seeds are read as files (size known); CSV seeds with either of
 * {@link CsvFuzzTest}'s readers (valid: at least one accepts; bad: both refuse).
 */
class DataSeedCorpusTest {
  static Stream<Arguments> seeds() throws IOException, URISyntaxException {
    Stream.Builder<Arguments> out = Stream.builder();
    for (String reader : new String[] {"Idx", "Csv"}) {
      Path dir = Path.of(DataSeedCorpusTest.class.getResource(reader + "FuzzTestInputs/fuzz")
          .toURI());
      try (Stream<Path> files = Files.list(dir)) {
        for (Path p : files.sorted().toList()) {
          String name = p.getFileName().toString();
          if (name.startsWith("valid_") || name.startsWith("bad_")) {
            out.add(Arguments.of(reader + "/" + name, p));
          }
        }
      }
    }
    return out.build();
  }

  /** Whether the reader of the seed's corpus accepts it. */
  private static boolean accepted(String name, Path seed) throws IOException {
    if (name.startsWith("Idx/")) {
      try {
        Idx.read(seed);
        return true;
      } catch (DataFileException e) {
        return false;
      }
    }
    byte[] data = Files.readAllBytes(seed);
    boolean any = false;
    for (Csv csv : new Csv[] {CsvFuzzTest.DEFAULT, CsvFuzzTest.TSV}) {
      try {
        csv.readTensor(new ByteArrayInputStream(data), name);
        any = true;
      } catch (DataFileException e) {
        // refused by this reader
      }
    }
    return any;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("seeds")
  void seedIsAcceptedOrRejectedAsNamed(String name, Path seed) throws IOException {
    if (name.contains("/valid_")) {
      assertTrue(accepted(name, seed), name + " is refused");
    } else if (name.startsWith("Idx/")) {
      assertThrows(DataFileException.class, () -> Idx.read(seed));
    } else {
      assertTrue(!accepted(name, seed), name + " is accepted");
    }
  }
}

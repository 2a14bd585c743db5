package dev.jgrad.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the examples write their files: {@code out/<program>} under the current directory, or
 * {@code <DIR>/<program>} with {@code -Djgrad.out=DIR}. Every program prints the absolute path.
 */
public final class Output {
  /** The system property that overrides the base output folder. */
  public static final String PROPERTY = "jgrad.out";

  private Output() {}

  /**
   * The output folder of {@code program}, created if needed, as an absolute path.
   *
   * @throws UncheckedIOException if the folder cannot be created
   */
  public static Path dir(String program) {
    Path dir = Path.of(System.getProperty(PROPERTY, "out")).resolve(program);
    return create(dir);
  }

  /** Creates {@code dir} (and parents) and returns it as a normalized absolute path. */
  static Path create(Path dir) {
    try {
      return Files.createDirectories(dir).toAbsolutePath().normalize();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the output folder " + dir.toAbsolutePath(), e);
    }
  }

  /**
   * Writes {@code text} as UTF-8 to {@code dir/name} and returns the file.
   *
   * @throws UncheckedIOException if it cannot be written
   */
  public static Path writeText(Path dir, String name, String text) {
    Path file = dir.resolve(name);
    try {
      return Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}

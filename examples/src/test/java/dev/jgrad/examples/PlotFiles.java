package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Checks that plot files exist and hold a PNG or an SVG. */
final class PlotFiles {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private PlotFiles() {}

  /**
   * Every file exists in {@code dir}, is non-empty and is a PNG (by its signature) or an SVG (by
   * its root element), and each plot comes as both.
   */
  static void assertWritten(List<Path> files, Path dir, String... expectedNames)
      throws IOException {
    assertFalse(files.isEmpty(), "no plot files were reported");
    for (Path f : files) {
      assertEquals(dir.toAbsolutePath().normalize(), f.toAbsolutePath().normalize().getParent(),
          f + " is not in the output folder");
      assertTrue(Files.isRegularFile(f), f + " was not written");
      byte[] bytes = Files.readAllBytes(f);
      String name = f.getFileName().toString();
      if (name.endsWith(".png")) {
        assertTrue(bytes.length > 1000, name + " is too small to be a plot: " + bytes.length);
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8), name + " is not a PNG");
        assertTrue(Files.isRegularFile(dir.resolve(name.replace(".png", ".svg"))),
            "no SVG next to " + name);
      } else if (name.endsWith(".svg")) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(text.contains("<svg") && text.contains("</svg>"), name + " is not an SVG");
        assertTrue(Files.isRegularFile(dir.resolve(name.replace(".svg", ".png"))),
            "no PNG next to " + name);
      } else {
        assertTrue(bytes.length > 0, name + " is empty");
      }
    }
    for (String expected : expectedNames) {
      assertTrue(files.contains(dir.resolve(expected)), expected + " missing from " + files);
    }
  }
}

package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputTest {
  @Test
  void theOutputFolderHonoursTheProperty(@TempDir Path base) throws Exception {
    String old = System.getProperty(Output.PROPERTY);
    System.setProperty(Output.PROPERTY, base.toString());
    try {
      Path dir = Output.dir("some-program");
      assertEquals(base.resolve("some-program").toAbsolutePath().normalize(), dir);
      assertTrue(dir.isAbsolute() && Files.isDirectory(dir));
      Path f = Output.writeText(dir, "a.txt", "hello");
      assertEquals("hello", Files.readString(f));
    } finally {
      if (old == null) {
        System.clearProperty(Output.PROPERTY);
      } else {
        System.setProperty(Output.PROPERTY, old);
      }
    }
  }
}

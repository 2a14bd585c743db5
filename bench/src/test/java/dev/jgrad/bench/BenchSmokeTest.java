package dev.jgrad.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Backend;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Every benchmark in this module runs (no timing: JMH measures, this only proves the workload
 * still works): each {@code @State} class gets the first value of each {@code @Param}, its
 * {@code @Setup}, and each {@code @Benchmark} method called twice, which must return normally and
 * a non-null result. A benchmark broken by an API change fails here, not when someone measures.
 */
class BenchSmokeTest {

  @TestFactory
  Stream<DynamicTest> everyBenchmarkRunsWithItsFirstParameters() throws Exception {
    Path dir = Path.of(BenchSmokeTest.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI()).resolveSibling("classes").resolve("dev/jgrad/bench");
    List<Class<?>> states = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files.sorted()::iterator) {
        String name = f.getFileName().toString();
        if (name.endsWith(".class") && !name.contains("$")) {
          Class<?> c = Class.forName("dev.jgrad.bench." + name.replace(".class", ""));
          if (c.isAnnotationPresent(State.class)) {
            states.add(c);
          }
        }
      }
    }
    assertFalse(states.isEmpty(), "no benchmark classes under " + dir);
    int threads = Backend.threads();
    List<DynamicTest> tests = new ArrayList<>();
    for (Class<?> c : states) {
      for (Method m : c.getMethods()) {
        if (m.isAnnotationPresent(Benchmark.class)) {
          tests.add(DynamicTest.dynamicTest(c.getSimpleName() + "." + m.getName(), () -> {
            try {
              Object bench = instance(c);
              for (int i = 0; i < 2; i++) {
                Object r = m.invoke(bench);
                assertTrue(m.getReturnType() == void.class || r != null, "null result");
              }
            } finally {
              Backend.setThreads(threads);  // benchmarks set their own thread count
            }
          }));
        }
      }
    }
    return tests.stream();
  }

  private static Object instance(Class<?> c) throws Exception {
    Object bench = c.getDeclaredConstructor().newInstance();
    for (Field f : c.getDeclaredFields()) {
      Param p = f.getAnnotation(Param.class);
      if (p != null) {
        assertTrue(p.value().length > 0, f + " has no values");
        String v = p.value()[0];
        f.setAccessible(true);
        if (f.getType() == int.class) {
          f.setInt(bench, Integer.parseInt(v));
        } else if (f.getType() == String.class) {
          f.set(bench, v);
        } else if (f.getType() == boolean.class) {
          f.setBoolean(bench, Boolean.parseBoolean(v));
        } else {
          throw new AssertionError(f + ": parameter type " + f.getType() + " not handled");
        }
      }
    }
    for (Method s : c.getMethods()) {
      if (s.isAnnotationPresent(Setup.class)) {
        s.invoke(bench);
      }
    }
    assertNotNull(bench);
    return bench;
  }
}

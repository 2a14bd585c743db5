package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The op table is complete and its checks have teeth: every {@code Prim} declared in a static
 * field of any class of the package is registered and has samples, and a deliberately wrong VJP,
 * a wrong JVP and a wrong forward are each caught by the same checks the generic properties run.
 */
class OpTableTest {

  /** Every static Prim field of every compiled class in dev.jgrad (found on disk, not listed). */
  static List<Prim<?>> declaredPrims() throws IOException, URISyntaxException,
      ClassNotFoundException, IllegalAccessException {
    Path root = Path.of(Prim.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve("dev/jgrad");
    List<Prim<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(root)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String n = f.getFileName().toString();
        if (!n.endsWith(".class")) {
          continue;
        }
        Class<?> c = Class.forName("dev.jgrad." + n.substring(0, n.length() - 6), true,
            Prim.class.getClassLoader());
        for (Field fd : c.getDeclaredFields()) {
          if (Modifier.isStatic(fd.getModifiers()) && Prim.class.isAssignableFrom(fd.getType())) {
            fd.setAccessible(true);
            out.add((Prim<?>) fd.get(null));
          }
        }
      }
    }
    return out;
  }

  @Test
  void everyDeclaredPrimitiveIsInTheTableAndHasSamples() throws Exception {
    List<Prim<?>> table = OpTable.all();
    Set<Prim<?>> registered = new HashSet<>(table);
    List<Prim<?>> declared = declaredPrims();
    assertTrue(declared.size() >= table.size(), "found " + declared.size() + " fields");
    for (Prim<?> p : declared) {
      assertTrue(registered.contains(p), () -> "op '" + p.name + "' is declared but not in the "
          + "op table (its family is missing from OpTable.FAMILIES?)");
    }
    for (Prim<?> p : table) {
      assertNotNull(p.spec.sampler, () -> "op '" + p.name + "' has no samples");
      assertEquals(p.spec.intSampler != null, !p.spec.intTypes.isEmpty(), p.name);
    }
  }

  // ------------------------------------------------------------------ negative controls

  private static Spec.Sample sampleOf(Prim<Void> p) {
    return new Spec.Sample(p.name + "(x)", in -> p.apply(in[0]),
        in -> Samples.map(in[0], x -> x * x), Samples.real(new SplittableRandom(3),
            new int[] {3}));
  }

  private static void check(Spec.Sample s) {
    GradCheck.create().eps(s.eps).secondOrder(true).forwardMode(true).check(s.call, s.inputs);
  }

  private static Prim<Void> square(Prim.Vjp<Void> vjp, Prim.Jvp<Void> jvp,
      java.util.function.DoubleUnaryOperator f) {
    return Prim.<Void>builder("square_control",
        (a, in) -> ElementwiseOps.map("square_control", in[0], f, null)).vjp(vjp).jvp(jvp)
        .unregistered();
  }

  @Test
  void theRightDeclarationPasses() {
    check(sampleOf(square((s, g) -> new Tensor[] {g.mul(s.x(0)).mul(2.0)},
        (s, t) -> t[0].mul(s.x(0)).mul(2.0), x -> x * x)));
  }

  @Test
  void aWrongVjpIsCaught() {
    Spec.Sample s = sampleOf(square((a, g) -> new Tensor[] {g.mul(a.x(0))},
        (a, t) -> t[0].mul(a.x(0)).mul(2.0), x -> x * x));
    GradCheck.GradCheckFailure e = assertThrows(GradCheck.GradCheckFailure.class, () -> check(s));
    assertTrue(e.getMessage().startsWith("gradcheck (first-order, reverse mode)"), e.getMessage());
  }

  @Test
  void aWrongJvpIsCaught() {
    Spec.Sample s = sampleOf(square((a, g) -> new Tensor[] {g.mul(a.x(0)).mul(2.0)},
        (a, t) -> t[0].mul(a.x(0)), x -> x * x));
    GradCheck.GradCheckFailure e = assertThrows(GradCheck.GradCheckFailure.class, () -> check(s));
    assertTrue(e.getMessage().startsWith("gradcheck (first-order, forward mode)"), e.getMessage());
  }

  @Test
  void aJvpThatOnlyDisagreesWithTheVjpIsCaughtByTheConsistencyCheck() {
    // Both rules are wrong in the same way at first order of reverse mode only... here the JVP is
    // right but its own derivative is wrong: caught at second order of the JVP.
    Spec.Sample s = sampleOf(square((a, g) -> new Tensor[] {g.mul(a.x(0)).mul(2.0)},
        (a, t) -> t[0].mul(a.x(0).detach()).mul(2.0), x -> x * x));
    GradCheck.GradCheckFailure e = assertThrows(GradCheck.GradCheckFailure.class, () -> check(s));
    assertTrue(e.getMessage().startsWith("gradcheck (second-order of the JVP"), e.getMessage());
  }

  @Test
  void aWrongForwardIsCaughtByTheReference() {
    Spec.Sample s = sampleOf(square((a, g) -> new Tensor[] {g.mul(a.x(0)).mul(2.0)},
        (a, t) -> t[0].mul(a.x(0)).mul(2.0), x -> x * x + 1e-9));
    double[] expected = s.reference.apply(s.inputs).toDoubleArray();
    double[] got = s.call.apply(s.inputs).toDoubleArray();
    AssertionError e = assertThrows(AssertionError.class,
        () -> OpProperties.assertClose(expected, got, 1e-12, 1e-12, "float64"));
    assertTrue(e.getMessage().startsWith("float64: element 0"), e.getMessage());
  }
}

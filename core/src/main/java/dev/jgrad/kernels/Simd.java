package dev.jgrad.kernels;

import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * Whether the Vector API fast paths are usable: the {@code jdk.incubator.vector} module must be
 * in the boot layer (run with {@code --add-modules jdk.incubator.vector}) and link on this JDK,
 * and {@code -Djgrad.simd=false} must not be set. On the module path, {@code dev.jgrad.core}
 * does not declare the module (so users' compiles never see the incubator); this class makes
 * core read it before the first vector kernel links. Decided once; when the fast path is off the
 * library says so once through {@link System.Logger} (level INFO) and falls back to plain-Java
 * loops with the same results within float tolerance.
 */
public final class Simd {
  private Simd() {}

  /** True when the vectorized kernels are in use. */
  public static final boolean AVAILABLE = detect();

  private static boolean detect() {
    String reason = null;
    Optional<Module> vector = ModuleLayer.boot().findModule("jdk.incubator.vector");
    if (!Boolean.parseBoolean(System.getProperty("jgrad.simd", "true"))) {
      reason = "disabled by -Djgrad.simd=false";
    } else if (vector.isEmpty()) {
      reason = "module jdk.incubator.vector is not present; run java with --add-modules "
          + "jdk.incubator.vector for the fast path";
    } else {
      // The read edge module-info leaves out; a no-op on the class path (the unnamed module
      // reads every module).
      Simd.class.getModule().addReads(vector.get());
      try {
        // Link and run both kernels once on a tiny problem.
        float[] c = new float[1];
        VectorGemmF.block(new float[] {2f}, 0, 1, false, false, new float[] {3f}, 0, 1, false,
            null, 1, 1, 1, c, 0, 1, 1, false, 0, 1, 0, 1);
        double[] d = new double[1];
        VectorGemmD.block(new double[] {2}, 0, 1, false, false, new double[] {3}, 0, 1, false,
            null, 1, 1, 1, d, 0, 1, 1, false, 0, 1, 0, 1);
        if (c[0] != 6f || d[0] != 6.0) {
          reason = "the Vector API kernels gave wrong results on this JDK";
        }
      } catch (Throwable t) { // LinkageError, UnsupportedOperationException on odd platforms
        reason = "the Vector API does not link on this JDK (" + t + ")";
      }
    }
    if (reason != null) {
      System.getLogger("dev.jgrad").log(Level.INFO,
          "jgrad: using plain-Java kernels (" + reason + ")");
      return false;
    }
    return true;
  }
}

package dev.jgrad;

import static com.google.common.base.Preconditions.checkState;

import java.util.ArrayList;
import java.util.List;

/**
 * The op table: every built-in primitive, registered by its own declaration
 * ({@link Prim.Builder#build()}); there is no hand-kept list of ops. {@link #all()} loads the
 * declaring families first, so the table is complete whichever op a program touched first.
 * Tests draw from it, and fail if a declared primitive is missing from it or never exercised.
 */
final class OpTable {
  private OpTable() {}

  private static final List<Prim<?>> REGISTRY = new ArrayList<>();

  /** The classes that declare primitives (a test checks no other class does). */
  static final List<Class<?>> FAMILIES = List.of(ElementwiseOps.class, BinaryOps.class,
      ReduceOps.class, ShapeOps.class, IndexOps.class, IndexingOps.class, MatmulOp.class,
      MathOps.class, ScanOps.class, SortOps.class, LinalgOps.class, FusedOps.class);

  static synchronized void register(Prim<?> p) {
    for (Prim<?> q : REGISTRY) {
      checkState(!q.name.equals(p.name), "op '%s' is declared twice", p.name);
    }
    REGISTRY.add(p);
  }

  /** Every built-in primitive, in declaration order. */
  static List<Prim<?>> all() {
    for (Class<?> c : FAMILIES) {
      try {
        Class.forName(c.getName(), true, c.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    synchronized (OpTable.class) {
      return List.copyOf(REGISTRY);
    }
  }

  /** The primitive with this name. */
  static Prim<?> get(String name) {
    for (Prim<?> p : all()) {
      if (p.name.equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("no op named " + name);
  }
}

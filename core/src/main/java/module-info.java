/**
 * jgrad core: n-dimensional tensors, the op table and reverse-mode automatic differentiation.
 * Exports the API package {@code dev.jgrad} and the tensor file formats {@code dev.jgrad.io};
 * kernels are internal.
 */
module dev.jgrad.core {
  requires com.google.common;
  // Optional: only users who write jqwik properties need it (dev.jgrad.testing).
  requires static net.jqwik.api;
  // Optional: the SIMD kernels, used when the JVM runs with --add-modules jdk.incubator.vector.
  requires static jdk.incubator.vector;

  exports dev.jgrad;
  exports dev.jgrad.testing;
  exports dev.jgrad.io;

  // The @ForAll Tensor provider is registered in META-INF/services only: a `provides` clause
  // naming jqwik's service type would make this module unresolvable without jqwik (jqwik-api is
  // an optional, `requires static` dependency), and jqwik loads providers from the class path.
}

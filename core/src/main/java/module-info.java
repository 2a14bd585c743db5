/**
 * jgrad core: n-dimensional tensors, the op table and reverse-mode automatic differentiation.
 * Exports the API package {@code dev.jgrad} and the tensor file formats {@code dev.jgrad.io};
 * kernels are internal.
 */
module dev.jgrad.core {
  requires com.google.common;

  exports dev.jgrad;
  exports dev.jgrad.io;

  // No `requires static jdk.incubator.vector`: javac resolves a dependency's static edges too, so
  // every modular user's compile would warn "using incubating module(s)" (and fail -Werror). The
  // SIMD kernels instead add the read edge at run time when the JVM has the module (see
  // dev.jgrad.kernels.Simd); the build compiles this module with --add-reads for them.
}

/**
 * jgrad core: n-dimensional tensors, the op table and reverse-mode automatic differentiation.
 * Exports only the API package {@code dev.jgrad}; kernels are internal.
 */
module dev.jgrad.core {
  requires com.google.common;

  exports dev.jgrad;
}

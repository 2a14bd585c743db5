/**
 * jgrad nn: layers, initializers, losses, optimizers, data loading, metrics, an
 * optional training loop and the classic models (perceptron, Adaline, logistic and softmax
 * regression, shallow and deep networks), all built from {@code dev.jgrad.core} tensor ops and
 * trained by {@code backward()}.
 */
module dev.jgrad.nn {
  requires transitive dev.jgrad.core;
  requires com.google.common;

  exports dev.jgrad.nn;
  exports dev.jgrad.nn.data;
  exports dev.jgrad.nn.io;
  exports dev.jgrad.nn.metrics;
  exports dev.jgrad.nn.models;
  exports dev.jgrad.nn.optim;
  exports dev.jgrad.nn.train;
}

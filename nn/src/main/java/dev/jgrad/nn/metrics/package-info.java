/**
 * Evaluation metrics: {@link dev.jgrad.nn.metrics.Metrics#accuracy}, {@link
 * dev.jgrad.nn.metrics.Metrics#logLoss}, the {@link dev.jgrad.nn.metrics.ConfusionMatrix}, and the
 * {@link dev.jgrad.nn.metrics.Metric} interface tracked by the training loop.
 */
package dev.jgrad.nn.metrics;

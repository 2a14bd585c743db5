/**
 * Building blocks of neural networks over {@code dev.jgrad} tensors: {@link dev.jgrad.nn.Layer}
 * (parameters read through {@link dev.jgrad.nn.Parameter} handles, buffers, state dicts,
 * train/eval mode, {@code functionalCall}), {@link dev.jgrad.nn.MultiIoLayer}, {@link
 * dev.jgrad.nn.Sequential}, {@link dev.jgrad.nn.Linear}, normalization ({@link
 * dev.jgrad.nn.LayerNorm}, {@link dev.jgrad.nn.BatchNorm1d}, {@link dev.jgrad.nn.BatchNorm2d},
 * {@link dev.jgrad.nn.GroupNorm}), {@link dev.jgrad.nn.Embedding}, convolution ({@link
 * dev.jgrad.nn.Conv1d}, {@link dev.jgrad.nn.Conv2d}), pooling ({@link dev.jgrad.nn.MaxPool2d},
 * {@link dev.jgrad.nn.AvgPool2d}, {@link dev.jgrad.nn.AdaptiveAvgPool2d}), attention ({@link
 * dev.jgrad.nn.Attention}, {@link dev.jgrad.nn.MultiheadAttention}), {@link
 * dev.jgrad.nn.Flatten} and {@link
 * dev.jgrad.nn.Unflatten}, activation layers, {@link dev.jgrad.nn.Dropout}, initializers
 * ({@link dev.jgrad.nn.Init}) and losses ({@link dev.jgrad.nn.Losses}).
 *
 * <p>Conventions (the course's): a layer's weight is {@code [units out, units in]} and its bias
 * {@code [units out]}; a batch is rows, {@code [batch, features]}. Everything is made of core
 * ops and trained by {@code backward()}. Caller mistakes throw {@link
 * java.lang.IllegalArgumentException} with {@code op: what is wrong, with shapes/values}.
 */
package dev.jgrad.nn;

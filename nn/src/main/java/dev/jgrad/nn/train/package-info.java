/**
 * An optional training loop ({@link dev.jgrad.nn.train.Trainer}) with loss history ({@link
 * dev.jgrad.nn.train.History}), metrics and {@link dev.jgrad.nn.train.TrainingListener}s for
 * progress bars and plots. A plain {@code for} loop with {@code zeroGrad / backward / step}
 * remains the obvious way to train; the trainer only adds bookkeeping.
 */
package dev.jgrad.nn.train;

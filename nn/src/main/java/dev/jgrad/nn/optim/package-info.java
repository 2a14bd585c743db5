/**
 * Optimizers that update parameters in place from their gradients ({@link
 * dev.jgrad.nn.optim.SGD} with course- or PyTorch-style momentum and Nesterov, {@link
 * dev.jgrad.nn.optim.Adam}, {@link dev.jgrad.nn.optim.AdamW}, {@link dev.jgrad.nn.optim.RMSProp})
 * and learning-rate schedules ({@link dev.jgrad.nn.optim.LrSchedule}).
 */
package dev.jgrad.nn.optim;

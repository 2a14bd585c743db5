/**
 * Data for training: an in-memory {@link dev.jgrad.nn.data.Dataset}, train/test {@link
 * dev.jgrad.nn.data.Split}s, a mini-batch {@link dev.jgrad.nn.data.DataLoader} (seeded shuffle,
 * drop-last), {@link dev.jgrad.nn.data.Standardizer} (fit on train, apply to test), {@link
 * dev.jgrad.nn.data.OneHot}, {@link dev.jgrad.nn.data.Csv} and {@link dev.jgrad.nn.data.Idx}
 * (MNIST format) readers, and the shipped classic datasets ({@link dev.jgrad.nn.data.Datasets}).
 */
package dev.jgrad.nn.data;

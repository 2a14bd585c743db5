/**
 * Models as files: {@link dev.jgrad.nn.io.ModelFiles} writes and reads a {@code Sequential} as an
 * architecture JSON file and a safetensors file of its state; {@link dev.jgrad.nn.io.LayerCodec}
 * describes one layer class in that format (every built-in layer has one; register your own), and
 * {@link dev.jgrad.nn.io.LayerSpec} is a layer's entry as a codec reads it, with bounded
 * accessors. Reading is safe on untrusted files: every failure is a
 * {@link dev.jgrad.io.TensorFileException} naming the file and the field or tensor.
 */
package dev.jgrad.nn.io;

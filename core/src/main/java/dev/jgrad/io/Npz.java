package dev.jgrad.io;

import dev.jgrad.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy {@code .npz} archives: ZIP files whose entries {@code NAME.npy} are
 * {@link Npy} arrays, as written by {@code np.savez} (stored) and {@code np.savez_compressed}
 * (deflated).
 *
 * <h2>Reading</h2>
 *
 * Each {@code NAME.npy} entry becomes the tensor {@code NAME}, in central-directory order, read
 * and validated as by {@link Npy} (object arrays are always refused: nothing is unpickled).
 * Entries whose names do not end in {@code .npy} are skipped with a note, as NumPy would not load
 * them as arrays either.
 *
 * <p>The archive is parsed by a strict reader, never by extracting files: single-disk ZIP with
 * stored or deflated entries, ZIP64 and data descriptors supported; encryption, other compression
 * methods, duplicate names, data before the first entry or after the end record, entries that
 * overlap (the non-recursive zip bomb), local headers that disagree with the central directory,
 * and CRC-32 mismatches are rejected. Against zip bombs, before anything is inflated: at most
 * {@link ReadOptions#maxNpzEntries()} entries, at most {@link ReadOptions#maxNpzTotalBytes()}
 * uncompressed bytes in all, and no entry declaring more than
 * {@link ReadOptions#maxNpzCompressionRatio()} times its compressed size; inflating then stops at
 * the declared size and anything beyond it is an error. Every rejection is a
 * {@link TensorFileException} naming the file, the entry and the problem.
 *
 * <h2>Writing</h2>
 *
 * Each tensor is written as the entry {@code NAME.npy} (exactly as {@link Npy#write}), stored or
 * deflated, in the map's order, with the fixed timestamp 1980-01-01 00:00 so that equal inputs
 * give equal files.
 */
public final class Npz {
  private Npz() {}

  private static final LocalDateTime EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

  // ---------------------------------------------------------------- reading

  /**
   * Reads an {@code .npz} archive with {@link ReadOptions#DEFAULT}.
   *
   * @param path the file
   * @return the arrays by entry name (without {@code .npy}), in archive order, and a note per
   *     conversion
   * @throws TensorFileException if the archive or an array in it is invalid (see the class
   *     comment)
   * @throws IOException if the file cannot be read
   */
  public static TensorContents read(Path path) throws IOException {
    return read(path, ReadOptions.DEFAULT);
  }

  /**
   * Reads an {@code .npz} archive.
   *
   * @param path the file
   * @param options caps; {@link ReadOptions#DEFAULT} for the defaults
   * @return the arrays by entry name (without {@code .npy}), in archive order, and a note per
   *     conversion
   * @throws TensorFileException if the archive or an array in it is invalid (see the class
   *     comment)
   * @throws IOException if the file cannot be read
   */
  public static TensorContents read(Path path, ReadOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    return IoSupport.readPath(path, src -> read(src, options));
  }

  /**
   * Reads {@code .npz} bytes with {@link ReadOptions#DEFAULT}; messages name the input
   * {@code <bytes>}.
   *
   * @param bytes the file's content
   * @return the arrays by entry name (without {@code .npy}), in archive order, and a note per
   *     conversion
   * @throws TensorFileException if the archive or an array in it is invalid
   */
  public static TensorContents read(byte[] bytes) throws TensorFileException {
    return read(bytes, "<bytes>", ReadOptions.DEFAULT);
  }

  /**
   * Reads {@code .npz} bytes.
   *
   * @param bytes the file's content
   * @param name the label error messages start with
   * @param options caps; {@link ReadOptions#DEFAULT} for the defaults
   * @return the arrays by entry name (without {@code .npy}), in archive order, and a note per
   *     conversion
   * @throws TensorFileException if the archive or an array in it is invalid
   */
  public static TensorContents read(byte[] bytes, String name, ReadOptions options)
      throws TensorFileException {
    Objects.requireNonNull(options, "options");
    return IoSupport.readBytes(bytes, name, src -> read(src, options));
  }

  /**
   * Reads an {@code .npz} archive from a stream, which must end where the archive ends. The
   * stream is buffered in memory (a ZIP's directory is at its end; at most 2 GiB) and not closed.
   *
   * @param in the stream, read to its end and not closed
   * @param name the label error messages start with
   * @param options caps; {@link ReadOptions#DEFAULT} for the defaults
   * @return the arrays by entry name (without {@code .npy}), in archive order, and a note per
   *     conversion
   * @throws TensorFileException if the archive or an array in it is invalid
   * @throws IOException if the stream fails
   */
  public static TensorContents read(InputStream in, String name, ReadOptions options)
      throws IOException {
    return read(IoSupport.readAll(in, name), name, options);
  }

  static TensorContents read(Source src, ReadOptions options) throws IOException {
    List<ZipArchive.Entry> entries = ZipArchive.entries(src, options);
    List<String> notes = new ArrayList<>();
    List<ZipArchive.Entry> arrays = new ArrayList<>();
    long total = 0;
    for (ZipArchive.Entry e : entries) {
      if (!e.name.endsWith(".npy")) {
        notes.add(e.what() + " is not a .npy array; skipped");
        continue;
      }
      if (e.method == ZipArchive.DEFLATED
          && e.size > (double) options.maxNpzCompressionRatio() * e.compressedSize) {
        throw src.error(e.what() + " declares " + e.size + " bytes from " + e.compressedSize
            + " compressed bytes, a ratio above the cap of " + options.maxNpzCompressionRatio()
            + " (ReadOptions.withMaxNpzCompressionRatio; DEFLATE cannot exceed 1032)");
      }
      total += e.size; // each size < 2^63 and the count is capped: no overflow
      if (total > options.maxNpzTotalBytes()) {
        throw src.error("entries expand to more than the cap of " + options.maxNpzTotalBytes()
            + " bytes in total (ReadOptions.withMaxNpzTotalBytes)");
      }
      arrays.add(e);
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (ZipArchive.Entry e : arrays) {
      byte[] bytes = ZipArchive.extract(src, e);
      String key = e.name.substring(0, e.name.length() - ".npy".length());
      Tensor t = Npy.read(new Source.Bytes(bytes, 0, bytes.length, src.name), e.what() + ": ",
          options, notes);
      tensors.put(key, t);
    }
    return new TensorContents(tensors, Map.of(), notes);
  }

  // ---------------------------------------------------------------- writing

  /**
   * Writes tensors as an {@code .npz} archive, through a temporary file renamed over
   * {@code path}.
   *
   * @param path the file to create or replace
   * @param tensors the arrays by entry name (without {@code .npy}), written in iteration order
   * @param compress deflate every entry ({@code np.savez_compressed}) rather than store it ({@code
   *     np.savez})
   * @throws IllegalArgumentException for a null name or tensor, or a tensor of more than 64
   *     dimensions
   * @throws IOException if the file cannot be written
   */
  public static void write(Path path, Map<String, Tensor> tensors, boolean compress)
      throws IOException {
    check(tensors);
    IoSupport.writeAtomically(path, out -> writeEntries(out, tensors, compress));
  }

  /**
   * Writes an {@code .npz} archive to a stream (not closed).
   *
   * @param out the stream, flushed and not closed
   * @param tensors the arrays by entry name (without {@code .npy}), written in iteration order
   * @param compress deflate every entry ({@code np.savez_compressed}) rather than store it ({@code
   *     np.savez})
   * @throws IllegalArgumentException for a null name or tensor, or a tensor of more than 64
   *     dimensions
   * @throws IOException if the stream fails
   */
  public static void write(OutputStream out, Map<String, Tensor> tensors, boolean compress)
      throws IOException {
    check(tensors);
    writeEntries(out, tensors, compress);
    out.flush();
  }

  /**
   * The bytes of an {@code .npz} archive.
   *
   * @param tensors the arrays by entry name (without {@code .npy}), written in iteration order
   * @param compress deflate every entry ({@code np.savez_compressed}) rather than store it ({@code
   *     np.savez})
   * @return the archive's bytes
   * @throws IllegalArgumentException for a null name or tensor, or a tensor of more than 64
   *     dimensions
   * @throws OutOfMemoryError for an archive beyond 2 GiB (write those to a Path or stream)
   */
  public static byte[] toBytes(Map<String, Tensor> tensors, boolean compress) {
    check(tensors);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writeEntries(out, tensors, compress);
    } catch (IOException e) {
      throw new UncheckedIOException("unreachable: in-memory write failed", e);
    }
    return out.toByteArray();
  }

  private static void check(Map<String, Tensor> tensors) {
    Objects.requireNonNull(tensors, "tensors");
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new IllegalArgumentException("Npz.write: null array name or tensor (name "
            + e.getKey() + ")");
      }
      if ((e.getKey() + ".npy").getBytes(StandardCharsets.UTF_8).length > 0xFFFF) {
        throw new IllegalArgumentException("Npz.write: array name longer than a zip entry name "
            + "can be (65535 bytes)");
      }
      SafeTensors.checkRank("Npz.write", e.getKey(), e.getValue());
    }
  }

  private static void writeEntries(OutputStream out, Map<String, Tensor> tensors,
      boolean compress) throws IOException {
    ZipOutputStream zip = new ZipOutputStream(IoSupport.nonClosing(out), StandardCharsets.UTF_8);
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      Tensor t = e.getValue();
      ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
      entry.setTimeLocal(EPOCH);
      if (compress) {
        entry.setMethod(ZipEntry.DEFLATED);
      } else {
        // A stored entry needs its size and CRC in the local header: one pass to compute them.
        CRC32 crc = new CRC32();
        try (CheckedOutputStream sink = new CheckedOutputStream(OutputStream.nullOutputStream(),
            crc)) {
          Npy.write(sink, t);
        }
        long size = Npy.header(t).length + Npy.byteSize(t);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(size);
        entry.setCompressedSize(size);
        entry.setCrc(crc.getValue());
      }
      zip.putNextEntry(entry);
      Npy.write(zip, t);
      zip.closeEntry();
    }
    zip.finish();
    zip.flush();
  }
}

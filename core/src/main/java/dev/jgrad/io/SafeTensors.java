package dev.jgrad.io;

import dev.jgrad.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads and writes the Hugging Face <a href="https://github.com/huggingface/safetensors">
 * safetensors</a> format, safely: nothing in a file is executed or deserialized, and every field
 * is validated before anything is allocated from it.
 *
 * <h2>Format</h2>
 *
 * <ol>
 *   <li>8 bytes: {@code N}, the header length, unsigned little-endian;
 *   <li>{@code N} bytes: a UTF-8 JSON object starting with <code>'{'</code>, optionally padded with
 *       whitespace, mapping each tensor name to
 *       {@code {"dtype": "F32", "shape": [2, 3], "data_offsets": [BEGIN, END]}}, plus an optional
 *       {@code "__metadata__"} object of string values;
 *   <li>the data section: every tensor's elements, row-major and little-endian, at
 *       {@code [BEGIN, END)} relative to the start of this section.
 * </ol>
 *
 * <h2>Reading</h2>
 *
 * Rejected with a {@link TensorFileException} naming the file and what is wrong: a file shorter
 * than 8 bytes; a header length above {@link ReadOptions#maxSafetensorsHeaderBytes()} or beyond
 * the file; a header that does not start with <code>'{'</code>, is not valid UTF-8 or strict JSON
 * (see {@link Json}), or repeats a name; a tensor entry that is not an object of exactly
 * {@code dtype}, {@code shape} and {@code data_offsets}; an unknown or unsupported dtype; a shape
 * that is not a list of integer literals in {@code [0, 2^31-1]} (as the reference implementation,
 * {@code 1e0} and {@code 1.0} are not integers), has more than 64 dimensions (the limit of NumPy
 * and PyTorch), or whose element count or byte size overflows 64 bits; data_offsets that are not
 * two integer literals {@code 0 <= BEGIN <= END}, do not span exactly element count × dtype size
 * bytes, or lie beyond the data section; tensors whose ranges overlap, leave a gap, or do not end
 * exactly at the end of the file (no holes: no polyglot files); {@code __metadata__} values that
 * are not strings; a BOOL byte other than 0 or 1; a U64 value from 2^63 on (beyond INT64); a
 * tensor of more than 2^31-9 elements, or an empty one whose dimensions before the 0 multiply
 * past 2^31-1 (jgrad's limits).
 *
 * <p>Element types and what they become, always exactly (each conversion is listed in
 * {@link TensorContents#notes()}):
 *
 * <table>
 *   <caption>dtype on reading</caption>
 *   <tr><th>file dtype</th><th>jgrad dtype</th><th>values</th></tr>
 *   <tr><td>F32, F64</td><td>FLOAT32, FLOAT64</td><td>as stored, bit-exact (NaN payloads
 *       too)</td></tr>
 *   <tr><td>I32, I64, BOOL</td><td>INT32, INT64, BOOL</td><td>as stored</td></tr>
 *   <tr><td>F16, BF16, F8_E4M3, F8_E5M2</td><td>FLOAT32</td><td>widened exactly</td></tr>
 *   <tr><td>U8, I8, U16, I16</td><td>INT32</td><td>widened exactly (a U8 image stays integer:
 *       divide by 255 for floats)</td></tr>
 *   <tr><td>U32</td><td>INT64</td><td>widened exactly</td></tr>
 *   <tr><td>U64</td><td>INT64</td><td>exact; a value from 2^63 on is refused, naming the
 *       element</td></tr>
 * </table>
 *
 * <p>Other dtypes of the format (F4, F6_E2M3, F6_E3M2, F8_E8M0, C64) are refused. Files of any
 * size can be read from a {@link Path} (each tensor is read in bounded chunks); byte arrays and
 * streams are held in memory and so limited to 2 GiB.
 *
 * <h2>Writing</h2>
 *
 * Every jgrad dtype is written as its own file dtype: FLOAT32 as F32, FLOAT64 as F64, INT32 as
 * I32, INT64 as I64 and BOOL as BOOL (bytes 0 and 1), so a tensor reads back with its dtype and
 * bits; views (transposed, sliced, expanded) are written in row-major order of their elements.
 * Tensors of more than 64 dimensions are refused with an {@link IllegalArgumentException}. The
 * header lists {@code __metadata__} first (when given and non-empty), then the tensors in the
 * map's iteration order, and is padded with spaces to a multiple of 8 bytes; the data section
 * holds the 8-byte types (F64, I64) first, then the 4-byte (F32, I32), then BOOL, each group in
 * the map's order, so that every tensor is aligned to its element size (as the reference
 * implementation does). The output for a single tensor is byte-identical to the reference
 * implementation's.
 */
public final class SafeTensors {
  private SafeTensors() {}

  private static final String METADATA_KEY = "__metadata__";
  private static final Set<String> FIELDS = Set.of("dtype", "shape", "data_offsets");
  private static final Set<String> UNSUPPORTED =
      Set.of("F4", "F6_E2M3", "F6_E3M2", "F8_E8M0", "C64");
  private static final String SUPPORTED = "BOOL, U8, I8, U16, I16, U32, I32, U64, I64, F8_E4M3, "
      + "F8_E5M2, F16, BF16, F32, F64";
  /** Largest element count of a jgrad tensor (the JVM's array limit). */
  static final long MAX_ELEMENTS = IoSupport.MAX_ARRAY;
  /** Most dimensions a file's tensor may have: NumPy's and PyTorch's limit. */
  static final int MAX_RANK = 64;

  // ---------------------------------------------------------------- reading

  /**
   * Reads a safetensors file with {@link ReadOptions#DEFAULT}.
   *
   * @param path the file
   * @return the tensors in header order, the metadata and a note per conversion
   * @throws TensorFileException if the file is not valid safetensors (see the class comment)
   * @throws IOException if the file cannot be read
   */
  public static TensorContents read(Path path) throws IOException {
    return read(path, ReadOptions.DEFAULT);
  }

  /**
   * Reads a safetensors file. Memory used is the tensors' own plus bounded buffers; the file is
   * never loaded whole.
   *
   * @param path the file
   * @param options caps; {@link ReadOptions#DEFAULT} for the defaults
   * @return the tensors in header order, the metadata and a note per conversion
   * @throws TensorFileException if the file is not valid safetensors (see the class comment)
   * @throws IOException if the file cannot be read
   */
  public static TensorContents read(Path path, ReadOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    return IoSupport.readPath(path, src -> read(src, options));
  }

  /**
   * Reads safetensors bytes with {@link ReadOptions#DEFAULT}; messages name the input
   * {@code <bytes>}.
   *
   * @param bytes the file's content
   * @return the tensors in header order, the metadata and a note per conversion
   * @throws TensorFileException if the bytes are not valid safetensors
   */
  public static TensorContents read(byte[] bytes) throws TensorFileException {
    return read(bytes, "<bytes>", ReadOptions.DEFAULT);
  }

  /**
   * Reads safetensors bytes.
   *
   * @param bytes the file's content
   * @param name the label error messages start with
   * @param options caps; {@link ReadOptions#DEFAULT} for the defaults
   * @return the tensors in header order, the metadata and a note per conversion
   * @throws TensorFileException if the bytes are not valid safetensors
   */
  public static TensorContents read(byte[] bytes, String name, ReadOptions options)
      throws TensorFileException {
    Objects.requireNonNull(options, "options");
    return IoSupport.readBytes(bytes, name, src -> read(src, options));
  }

  /**
   * Reads a safetensors file from a stream, which must end where the file ends. The stream is
   * buffered in memory (at most 2 GiB) and not closed.
   *
   * @param in the stream, read to its end and not closed
   * @param name the label error messages start with
   * @param options caps; {@link ReadOptions#DEFAULT} for the defaults
   * @return the tensors in header order, the metadata and a note per conversion
   * @throws TensorFileException if the content is not valid safetensors
   * @throws IOException if the stream fails
   */
  public static TensorContents read(InputStream in, String name, ReadOptions options)
      throws IOException {
    return read(IoSupport.readAll(in, name), name, options);
  }

  /** One tensor's header entry, validated. */
  private static final class Entry {
    final String name;
    final String dtypeName;
    final Elements.Type type;
    final int[] shape;
    final long numel;
    final long begin;
    final long end;

    Entry(String name, String dtypeName, Elements.Type type, int[] shape, long numel, long begin,
        long end) {
      this.name = name;
      this.dtypeName = dtypeName;
      this.type = type;
      this.shape = shape;
      this.numel = numel;
      this.begin = begin;
      this.end = end;
    }

    String what() {
      return "tensor " + Json.quote(name);
    }
  }

  static TensorContents read(Source src, ReadOptions options) throws IOException {
    long size = src.size();
    if (size < 8) {
      throw src.error("file has " + size + " bytes; a safetensors file starts with an 8-byte "
          + "header length");
    }
    long n = IoSupport.u64(src.read(0, 8), 0);
    if (n < 0 || n > options.maxSafetensorsHeaderBytes()) {
      throw src.error("header length " + Long.toUnsignedString(n) + " exceeds the cap of "
          + options.maxSafetensorsHeaderBytes()
          + " bytes (ReadOptions.withMaxSafetensorsHeaderBytes)");
    }
    if (n > size - 8) {
      throw src.error("header length " + n + " exceeds the " + (size - 8)
          + " bytes after the length field");
    }
    if (n > IoSupport.MAX_ARRAY) {
      throw src.error("header length " + n + " is more than a Java array can hold");
    }
    if (n == 0) {
      throw src.error("header is empty; it must be a JSON object starting with '{'");
    }
    byte[] header = src.read(8, (int) n);
    if (header[0] != '{') {
      throw src.error(String.format("header must start with '{' (0x7B), found 0x%02X",
          header[0] & 0xFF));
    }
    Object root;
    try {
      root = Json.parse(header, Json.Limits.DEFAULT.withMaxLength((int) n).withMaxDepth(64));
    } catch (JsonException e) {
      throw src.error("header JSON: " + e.getMessage(), e);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> top = (Map<String, Object>) root; // it starts with '{'
    long dataLength = size - 8 - n;
    Map<String, String> metadata = new LinkedHashMap<>();
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, Object> e : top.entrySet()) {
      if (e.getKey().equals(METADATA_KEY)) {
        readMetadata(src, e.getValue(), metadata);
      } else {
        entries.add(entry(src, e.getKey(), e.getValue(), dataLength));
      }
    }
    checkCoverage(src, entries, dataLength);
    // Read in file order (sequential I/O), return in header order.
    List<Entry> byOffset = new ArrayList<>(entries);
    byOffset.sort(Comparator.comparingLong((Entry e) -> e.begin).thenComparingLong(e -> e.end));
    Map<String, Tensor> read = new LinkedHashMap<>();
    Map<String, String> notesByName = new LinkedHashMap<>();
    for (Entry e : byOffset) {
      Object values = Elements.decode(src, 8 + n + e.begin, e.type, ByteOrder.LITTLE_ENDIAN,
          (int) e.numel, e.what());
      read.put(e.name, Elements.tensor(values, e.shape, false, src, e.what()));
      if (!e.type.isNative()) {
        notesByName.put(e.name, e.what() + ": " + e.dtypeName + " converted to "
            + e.type.target.name() + " (exact)");
      }
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    for (Entry e : entries) {
      tensors.put(e.name, read.get(e.name));
      String note = notesByName.get(e.name);
      if (note != null) {
        notes.add(note);
      }
    }
    return new TensorContents(tensors, metadata, notes);
  }

  private static void readMetadata(Source src, Object value, Map<String, String> out)
      throws TensorFileException {
    if (value == null) {
      return; // the reference implementation accepts an explicit null
    }
    if (!(value instanceof Map)) {
      throw src.error(METADATA_KEY + " must be an object of string values, got "
          + jsonType(value));
    }
    for (Map.Entry<?, ?> m : ((Map<?, ?>) value).entrySet()) {
      if (!(m.getValue() instanceof String)) {
        throw src.error(METADATA_KEY + " value of " + Json.quote((String) m.getKey())
            + " must be a string, got " + jsonType(m.getValue()));
      }
      out.put((String) m.getKey(), (String) m.getValue());
    }
  }

  private static Entry entry(Source src, String name, Object value, long dataLength)
      throws TensorFileException {
    String what = "tensor " + Json.quote(name);
    if (!(value instanceof Map)) {
      throw src.error(what + ": expected an object with dtype, shape and data_offsets, got "
          + jsonType(value));
    }
    Map<?, ?> info = (Map<?, ?>) value;
    for (Object key : info.keySet()) {
      if (!FIELDS.contains(key)) {
        throw src.error(what + ": unknown field " + Json.quote((String) key)
            + " (allowed: dtype, shape, data_offsets)");
      }
    }
    for (String field : List.of("dtype", "shape", "data_offsets")) {
      if (!info.containsKey(field)) {
        throw src.error(what + ": missing field \"" + field + "\"");
      }
    }
    Object dt = info.get("dtype");
    if (!(dt instanceof String)) {
      throw src.error(what + ": dtype must be a string, got " + jsonType(dt));
    }
    String dtypeName = (String) dt;
    Elements.Type type = typeOf(dtypeName);
    if (type == null) {
      throw src.error(what + ": " + (UNSUPPORTED.contains(dtypeName)
          ? "dtype " + dtypeName + " has no jgrad dtype to be read into"
          : "unknown dtype " + Json.quote(dtypeName)) + " (supported: " + SUPPORTED + ")");
    }
    Object sh = info.get("shape");
    if (!(sh instanceof List)) {
      throw src.error(what + ": shape must be a list of non-negative integers, got "
          + jsonType(sh));
    }
    List<?> shapeList = (List<?>) sh;
    if (shapeList.size() > MAX_RANK) {
      throw src.error(what + ": shape has " + shapeList.size() + " dimensions; at most "
          + MAX_RANK + " are supported (the limit of NumPy and PyTorch)");
    }
    int[] shape = new int[shapeList.size()];
    for (int i = 0; i < shape.length; i++) {
      try {
        shape[i] = (int) Json.integer(shapeList.get(i), 0, Integer.MAX_VALUE);
      } catch (JsonException e) {
        // The range is jgrad's limit per axis; the list itself is not echoed (it may be long).
        throw src.error(what + ": shape entry " + i + " " + e.reason());
      }
    }
    String shapeText = Arrays.toString(shape);
    String unrepresentable = Elements.shapeProblem(shape);
    if (unrepresentable != null) {
      throw src.error(what + ": shape " + shapeText + ": " + unrepresentable);
    }
    long numel = 1;
    if (Arrays.stream(shape).anyMatch(d -> d == 0)) {
      numel = 0;
    } else {
      for (int d : shape) {
        try {
          numel = Math.multiplyExact(numel, (long) d);
        } catch (ArithmeticException ex) {
          throw src.error(what + ": shape " + shapeText + " has more than 2^63 elements");
        }
      }
    }
    long nbytes;
    try {
      nbytes = Math.multiplyExact(numel, (long) type.size);
    } catch (ArithmeticException ex) {
      throw src.error(what + ": dtype " + dtypeName + " × shape " + shapeText
          + " needs more than 2^63 bytes");
    }
    Object off = info.get("data_offsets");
    if (!(off instanceof List) || ((List<?>) off).size() != 2) {
      throw src.error(what + ": data_offsets must be a list of two integers [BEGIN, END], got "
          + (off instanceof List ? "a list of " + ((List<?>) off).size() : jsonType(off)));
    }
    List<?> offList = (List<?>) off;
    long begin = offset(src, what, "BEGIN", offList.get(0));
    long end = offset(src, what, "END", offList.get(1));
    String offText = "[" + begin + ", " + end + "]";
    if (end < begin) {
      throw src.error(what + ": data_offsets " + offText + " end before they begin");
    }
    if (end - begin != nbytes) {
      throw src.error(what + ": data_offsets " + offText + " cover " + (end - begin)
          + " bytes but dtype " + dtypeName + " × shape " + shapeText + " needs " + nbytes);
    }
    if (numel > MAX_ELEMENTS) {
      throw src.error(what + ": shape " + shapeText + " has " + numel + " elements; a jgrad "
          + "tensor holds at most " + MAX_ELEMENTS);
    }
    if (end > dataLength) {
      throw src.error(what + ": data_offsets " + offText + " extend past the data section, "
          + "which has " + dataLength + " bytes");
    }
    return new Entry(name, dtypeName, type, shape, numel, begin, end);
  }

  private static long offset(Source src, String what, String which, Object value)
      throws TensorFileException {
    try {
      return Json.integer(value, 0, Long.MAX_VALUE);
    } catch (JsonException e) {
      throw src.error(what + ": data_offsets " + which + " " + e.reason());
    }
  }

  /** Data ranges must tile [0, dataLength) exactly, in some order. */
  private static void checkCoverage(Source src, List<Entry> entries, long dataLength)
      throws TensorFileException {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong((Entry e) -> e.begin).thenComparingLong(e -> e.end));
    long expected = 0;
    Entry previous = null;
    for (Entry e : sorted) {
      if (e.begin > expected) {
        throw src.error("bytes [" + expected + ", " + e.begin + ") of the data section belong "
            + "to no tensor (before " + e.what() + "); tensors must cover the data section "
            + "without gaps");
      }
      if (e.begin < expected) {
        throw src.error(e.what() + ": data_offsets [" + e.begin + ", " + e.end + "] overlap "
            + previous.what() + " at [" + previous.begin + ", " + previous.end + "]");
      }
      expected = e.end;
      if (e.end > e.begin) {
        previous = e;
      }
    }
    if (expected != dataLength) {
      throw src.error("the data section has " + dataLength + " bytes but the tensors cover only "
          + expected + "; " + (dataLength - expected) + " trailing bytes belong to no tensor");
    }
  }

  private static Elements.Type typeOf(String name) {
    switch (name) {
      case "F64": return Elements.Type.F64;
      case "F32": return Elements.Type.F32;
      case "F16": return Elements.Type.F16;
      case "BF16": return Elements.Type.BF16;
      case "F8_E4M3": return Elements.Type.F8_E4M3;
      case "F8_E5M2": return Elements.Type.F8_E5M2;
      case "I64": return Elements.Type.I64;
      case "U64": return Elements.Type.U64;
      case "I32": return Elements.Type.I32;
      case "U32": return Elements.Type.U32;
      case "I16": return Elements.Type.I16;
      case "U16": return Elements.Type.U16;
      case "I8": return Elements.Type.I8;
      case "U8": return Elements.Type.U8;
      case "BOOL": return Elements.Type.BOOL;
      default: return null;
    }
  }

  static String jsonType(Object v) {
    if (v == null) {
      return "null";
    } else if (v instanceof Map) {
      return "an object";
    } else if (v instanceof List) {
      return "a list";
    } else if (v instanceof String) {
      return "a string";
    } else if (v instanceof Boolean) {
      return "a boolean";
    } else {
      return "the number " + Json.describe(v);
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  // ---------------------------------------------------------------- writing

  /**
   * Writes tensors without metadata; see {@link #write(Path, Map, Map)}.
   *
   * @param path the file to create or replace
   * @param tensors the tensors by name, written in iteration order
   * @throws IOException if the file cannot be written
   */
  public static void write(Path path, Map<String, Tensor> tensors) throws IOException {
    write(path, tensors, null);
  }

  /**
   * Writes tensors (each dtype as its own file dtype: F32, F64, I32, I64, BOOL; views in
   * row-major order) and optional string metadata to a file. The file is written under a
   * temporary name, forced to disk and renamed over {@code path}, so {@code path} never holds a
   * partial file.
   *
   * @param path the file to create or replace
   * @param tensors the tensors by name, written in iteration order
   * @param metadata written as {@code __metadata__}; null or empty for none
   * @throws IllegalArgumentException for a null name or tensor, the reserved name
   *     {@code __metadata__}, a tensor of more than 64 dimensions, a null metadata key or value,
   *     or a string with an unpaired surrogate
   * @throws IOException if the file cannot be written
   */
  public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    byte[] header = header(tensors, metadata);
    IoSupport.writeAtomically(path, out -> writeBody(out, header, tensors));
  }

  /**
   * Writes a safetensors file to a stream (not closed); see {@link #write(Path, Map, Map)}.
   *
   * @param out the stream, flushed and not closed
   * @param tensors the tensors by name, written in iteration order
   * @param metadata written as {@code __metadata__}; null or empty for none
   * @throws IOException if the stream fails
   */
  public static void write(OutputStream out, Map<String, Tensor> tensors,
      Map<String, String> metadata) throws IOException {
    byte[] header = header(tensors, metadata);
    writeBody(out, header, tensors);
    out.flush();
  }

  /**
   * The bytes of a safetensors file; see {@link #write(Path, Map, Map)}.
   *
   * @param tensors the tensors by name, written in iteration order
   * @param metadata written as {@code __metadata__}; null or empty for none
   * @return the file's bytes
   * @throws IllegalArgumentException as for writing, or if the result exceeds 2 GiB
   */
  public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
    byte[] header = header(tensors, metadata);
    long total = header.length;
    for (Tensor t : tensors.values()) {
      total += (long) t.numel() * t.dtype().byteSize();
    }
    if (total > IoSupport.MAX_ARRAY) {
      throw new IllegalArgumentException("SafeTensors.toBytes: " + total + " bytes do not fit in "
          + "a byte array; write to a Path or stream");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) total);
    try {
      writeBody(out, header, tensors);
    } catch (IOException e) {
      throw new UncheckedIOException("unreachable: in-memory write failed", e);
    }
    return out.toByteArray();
  }

  static void checkRank(String op, String name, Tensor t) {
    if (t.rank() > MAX_RANK) {
      throw new IllegalArgumentException(op + ": tensor " + Json.quote(name) + " has rank "
          + t.rank() + "; files hold at most " + MAX_RANK + " dimensions (the limit of NumPy and "
          + "PyTorch, and of jgrad's readers)");
    }
  }

  /**
   * Data section order: by element size, largest first (stable), so that every tensor starts at
   * a multiple of its element size.
   */
  private static List<Map.Entry<String, Tensor>> dataOrder(Map<String, Tensor> tensors) {
    List<Map.Entry<String, Tensor>> order = new ArrayList<>(tensors.entrySet());
    order.sort(Comparator.comparingInt(
        (Map.Entry<String, Tensor> e) -> e.getValue().dtype().byteSize()).reversed());
    return order;
  }

  /** The length field and the padded JSON header. */
  private static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata) {
    Objects.requireNonNull(tensors, "tensors");
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new IllegalArgumentException("SafeTensors.write: null tensor name or tensor (name "
            + e.getKey() + ")");
      }
      if (e.getKey().equals(METADATA_KEY)) {
        throw new IllegalArgumentException("SafeTensors.write: \"__metadata__\" is reserved and "
            + "cannot name a tensor");
      }
      checkRank("SafeTensors.write", e.getKey(), e.getValue());
    }
    Map<String, Object> json = new LinkedHashMap<>();
    if (metadata != null && !metadata.isEmpty()) {
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        if (e.getKey() == null || e.getValue() == null) {
          throw new IllegalArgumentException("SafeTensors.write: metadata keys and values must "
              + "be non-null, got " + e.getKey() + " = " + e.getValue());
        }
      }
      json.put(METADATA_KEY, new LinkedHashMap<>(metadata));
    }
    Map<String, long[]> offsets = new LinkedHashMap<>();
    long offset = 0;
    for (Map.Entry<String, Tensor> e : dataOrder(tensors)) {
      long nbytes = (long) e.getValue().numel() * e.getValue().dtype().byteSize();
      offsets.put(e.getKey(), new long[] {offset, offset + nbytes});
      offset += nbytes;
    }
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      Tensor t = e.getValue();
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("dtype", Elements.Type.of(t.dtype()).name());
      List<Long> shape = new ArrayList<>();
      for (int d : t.shape().dims()) {
        shape.add((long) d);
      }
      info.put("shape", shape);
      long[] o = offsets.get(e.getKey());
      info.put("data_offsets", List.of(o[0], o[1]));
      json.put(e.getKey(), info);
    }
    byte[] text = Json.write(json).getBytes(StandardCharsets.UTF_8);
    int padded = (text.length + 7) / 8 * 8;
    byte[] out = new byte[8 + padded];
    long n = padded;
    for (int i = 0; i < 8; i++) {
      out[i] = (byte) (n >>> (8 * i));
    }
    System.arraycopy(text, 0, out, 8, text.length);
    Arrays.fill(out, 8 + text.length, out.length, (byte) ' ');
    return out;
  }

  private static void writeBody(OutputStream out, byte[] header, Map<String, Tensor> tensors)
      throws IOException {
    out.write(header);
    for (Map.Entry<String, Tensor> e : dataOrder(tensors)) {
      Elements.encode(e.getValue(), out);
    }
  }
}

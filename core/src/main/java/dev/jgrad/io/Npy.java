package dev.jgrad.io;

import dev.jgrad.DType;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0, as specified in
 * NumPy's {@code numpy.lib.format} and NEP 1), without ever unpickling anything.
 *
 * <h2>Format</h2>
 *
 * The magic {@code \x93NUMPY}, a major and a minor version byte, the header length (2 bytes
 * little-endian in version 1.0, 4 bytes in 2.0 and 3.0), then the header: a Python dict literal
 * such as {@code {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }} padded with spaces
 * and a newline (Latin-1 in 1.0 and 2.0, UTF-8 in 3.0), then the raw elements.
 *
 * <h2>Reading</h2>
 *
 * The header is parsed by a small strict parser of exactly that literal (never a Python
 * evaluator): keys {@code descr}, {@code fortran_order} and {@code shape}, once each; string
 * values in single or double quotes without escapes; {@code True}/{@code False}; shapes as
 * tuples of non-negative decimal integers ({@code ()}, {@code (3,)}, {@code (2, 3)}; the
 * {@code L} suffix of files written by Python 2 is accepted in versions 1.0 and 2.0). Both byte
 * orders ({@code <}, {@code >}; {@code |} for one-byte types) and both memory orders (C, and
 * Fortran, which is reordered to row-major) are read. Element types are read exactly, as in
 * {@link SafeTensors}: {@code f4}, {@code f8}, {@code i4}, {@code i8} and {@code b1} as stored
 * (FLOAT32, FLOAT64, INT32, INT64, BOOL); {@code f2} widened to FLOAT32; {@code i1}, {@code u1},
 * {@code i2}, {@code u2} widened to INT32; {@code u4} to INT64; {@code u8} to INT64 when the value
 * fits (a value from 2^63 on is refused, naming the element).
 *
 * <p>Rejected with a {@link TensorFileException} naming the file and the problem: a bad magic or
 * unknown version; a header longer than {@link ReadOptions#maxNpyHeaderBytes()} or than the file;
 * a header that is not such a dict; <b>object arrays ({@code descr} {@code 'O'}), which NumPy
 * stores with pickle and which are always refused</b>; structured, string, complex, datetime and
 * other dtypes; a shape of more than 64 dimensions (NumPy's limit), or whose element count
 * exceeds jgrad's limit of 2^31-9 (or, if empty, whose dimensions before the 0 multiply past
 * 2^31-1); data shorter or longer than the shape needs (trailing bytes
 * are refused); a bool byte other than 0 or 1; a {@code u8} value beyond INT64.
 *
 * <h2>Writing</h2>
 *
 * Each dtype is written as its own NumPy type: FLOAT32 as {@code '<f4'}, FLOAT64 as
 * {@code '<f8'}, INT32 as {@code '<i4'}, INT64 as {@code '<i8'} and BOOL as {@code '|b1'}, C order
 * (views are written in row-major order of their elements), format 1.0, with the header laid
 * out byte for byte as NumPy's {@code np.save} does (including its 64-byte alignment and the
 * spare space NumPy leaves for growing the first axis). Tensors of more than 64 dimensions
 * (NumPy's limit) are refused with an {@link IllegalArgumentException}.
 */
public final class Npy {
  private Npy() {}

  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  /** NumPy's GROWTH_AXIS_MAX_DIGITS: spare header room for the first axis to grow. */
  private static final int GROWTH_AXIS_MAX_DIGITS = 21;
  private static final int ARRAY_ALIGN = 64;

  // ---------------------------------------------------------------- reading

  /**
   * Reads a {@code .npy} file with {@link ReadOptions#DEFAULT}.
   *
   * @param path the file
   * @return the array as a tensor of its shape (see the class comment for dtypes)
   * @throws TensorFileException if the file is not a supported .npy array (see the class comment)
   * @throws IOException if the file cannot be read
   */
  public static Tensor read(Path path) throws IOException {
    return read(path, ReadOptions.DEFAULT);
  }

  /**
   * Reads a {@code .npy} file.
   *
   * @param path the file
   * @param options caps; {@link ReadOptions#DEFAULT} for the defaults
   * @return the array as a tensor of its shape (see the class comment for dtypes)
   * @throws TensorFileException if the file is not a supported .npy array (see the class comment)
   * @throws IOException if the file cannot be read
   */
  public static Tensor read(Path path, ReadOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    return IoSupport.readPath(path, src -> read(src, "", options, new ArrayList<>()));
  }

  /**
   * Reads {@code .npy} bytes with {@link ReadOptions#DEFAULT}; messages name the input
   * {@code <bytes>}.
   *
   * @param bytes the file's content
   * @return the array as a tensor of its shape (see the class comment for dtypes)
   * @throws TensorFileException if the bytes are not a supported .npy array
   */
  public static Tensor read(byte[] bytes) throws TensorFileException {
    return read(bytes, "<bytes>", ReadOptions.DEFAULT);
  }

  /**
   * Reads {@code .npy} bytes.
   *
   * @param bytes the file's content
   * @param name the label error messages start with
   * @param options caps; {@link ReadOptions#DEFAULT} for the defaults
   * @return the array as a tensor of its shape (see the class comment for dtypes)
   * @throws TensorFileException if the bytes are not a supported .npy array
   */
  public static Tensor read(byte[] bytes, String name, ReadOptions options)
      throws TensorFileException {
    Objects.requireNonNull(options, "options");
    return IoSupport.readBytes(bytes, name, src -> read(src, "", options, new ArrayList<>()));
  }

  /**
   * Reads a {@code .npy} file from a stream, which must end where the file ends. The stream is
   * buffered in memory (at most 2 GiB) and not closed.
   *
   * @param in the stream, read to its end and not closed
   * @param name the label error messages start with
   * @param options caps; {@link ReadOptions#DEFAULT} for the defaults
   * @return the array as a tensor of its shape (see the class comment for dtypes)
   * @throws TensorFileException if the content is not a supported .npy array
   * @throws IOException if the stream fails
   */
  public static Tensor read(InputStream in, String name, ReadOptions options)
      throws IOException {
    return read(IoSupport.readAll(in, name), name, options);
  }

  /** A parsed and validated header. */
  static final class Header {
    final int major;
    final int minor;
    final String descr;
    final Elements.Type type;
    final ByteOrder order;
    final boolean fortran;
    final int[] shape;
    final long numel;
    final long dataOffset;

    Header(int major, int minor, String descr, Elements.Type type, ByteOrder order,
        boolean fortran, int[] shape, long numel, long dataOffset) {
      this.major = major;
      this.minor = minor;
      this.descr = descr;
      this.type = type;
      this.order = order;
      this.fortran = fortran;
      this.shape = shape;
      this.numel = numel;
      this.dataOffset = dataOffset;
    }
  }

  /**
   * Reads one array.
   *
   * @param what prefix for problems, e.g. {@code entry "w.npy": } inside an archive
   * @param notes receives a line per conversion
   */
  static Tensor read(Source src, String what, ReadOptions options, List<String> notes)
      throws IOException {
    Header h = readHeader(src, what, options);
    long needed = h.numel * h.type.size; // numel <= 2^31 so this cannot overflow
    long available = src.size() - h.dataOffset;
    if (available < needed) {
      throw src.error(what + "array data is truncated: dtype '" + h.descr + "' × shape "
          + shapeRepr(h.shape) + " needs " + needed + " bytes but " + available + " follow the "
          + "header");
    }
    if (available > needed) {
      throw src.error(what + (available - needed) + " trailing bytes after the " + needed
          + " bytes of array data");
    }
    String array = what.isEmpty() ? "array" : what.substring(0, what.length() - 2);
    Object values = Elements.decode(src, h.dataOffset, h.type, h.order, (int) h.numel, array);
    if (!h.type.isNative()) {
      notes.add(what + "'" + h.descr + "' converted to " + h.type.target.name() + " (exact)");
    }
    return Elements.tensor(values, h.shape, h.fortran, src, array);
  }

  static Header readHeader(Source src, String what, ReadOptions options) throws IOException {
    long size = src.size();
    if (size < 10) {
      throw src.error(what + "file has " + size + " bytes, too short for the .npy magic, "
          + "version and header length");
    }
    byte[] pre = src.read(0, Math.min(12, (int) size));
    for (int i = 0; i < MAGIC.length; i++) {
      if (pre[i] != MAGIC[i]) {
        throw src.error(what + "not a .npy file: it does not start with the magic "
            + "\\x93NUMPY");
      }
    }
    int major = pre[6] & 0xFF;
    int minor = pre[7] & 0xFF;
    int lengthBytes;
    if (major == 1 && minor == 0) {
      lengthBytes = 2;
    } else if ((major == 2 || major == 3) && minor == 0) {
      lengthBytes = 4;
    } else {
      throw src.error(what + "unsupported .npy format version " + major + "." + minor
          + " (supported: 1.0, 2.0, 3.0)");
    }
    if (size < 8 + lengthBytes) {
      throw src.error(what + "file has " + size + " bytes, too short for the header length of "
          + "format " + major + ".0");
    }
    long hlen = lengthBytes == 2 ? IoSupport.u16(pre, 8) : IoSupport.u32(pre, 8);
    long start = 8 + lengthBytes;
    if (hlen > options.maxNpyHeaderBytes()) {
      throw src.error(what + "header length " + hlen + " exceeds the cap of "
          + options.maxNpyHeaderBytes() + " bytes (ReadOptions.withMaxNpyHeaderBytes)");
    }
    if (hlen > size - start) {
      throw src.error(what + "header length " + hlen + " exceeds the " + (size - start)
          + " bytes after the length field");
    }
    byte[] raw = src.read(start, (int) hlen);
    String text;
    if (major == 3) {
      try {
        text = Json.decodeUtf8(raw);
      } catch (JsonException e) {
        throw src.error(what + "format 3.0 header is not valid UTF-8: " + e.getMessage());
      }
    } else {
      text = new String(raw, StandardCharsets.ISO_8859_1);
    }
    Map<String, Object> dict;
    try {
      dict = new HeaderParser(text, major < 3).parse();
    } catch (HeaderParser.Failure e) {
      throw src.error(what + "header " + SafeTensors.abbreviate(quotePy(text.strip())) + ": "
          + e.getMessage());
    }
    for (String key : List.of("descr", "fortran_order", "shape")) {
      if (!dict.containsKey(key)) {
        throw src.error(what + "header lacks the key '" + key + "' (it must have exactly "
            + "'descr', 'fortran_order' and 'shape')");
      }
    }
    if (dict.size() != 3) {
      for (String key : dict.keySet()) {
        if (!List.of("descr", "fortran_order", "shape").contains(key)) {
          throw src.error(what + "header has the unknown key " + quotePy(key) + " (it must have"
              + " exactly 'descr', 'fortran_order' and 'shape')");
        }
      }
    }
    Object descrValue = dict.get("descr");
    if (descrValue instanceof HeaderParser.ListValue) {
      throw src.error(what + "structured dtypes (descr is a list of fields) are not supported"
          + (((HeaderParser.ListValue) descrValue).mentionsObject
              ? "; this one has object fields, which need pickle and are always refused" : ""));
    }
    if (!(descrValue instanceof String)) {
      throw src.error(what + "descr must be a string such as '<f8', got "
          + HeaderParser.describe(descrValue));
    }
    String descr = (String) descrValue;
    ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    Elements.Type type = null;
    char bo = descr.isEmpty() ? 0 : descr.charAt(0);
    String code = bo == '<' || bo == '>' || bo == '|' || bo == '=' ? descr.substring(1) : descr;
    if (code.startsWith("O")) {
      throw src.error(what + "descr " + quotePy(descr) + " is an object array, which NumPy "
          + "stores with pickle; object arrays are always refused");
    }
    switch (code) {
      case "f2": type = Elements.Type.F16; break;
      case "f4": type = Elements.Type.F32; break;
      case "f8": type = Elements.Type.F64; break;
      case "i1": type = Elements.Type.I8; break;
      case "u1": type = Elements.Type.U8; break;
      case "b1": case "?": type = Elements.Type.BOOL; break;
      case "i2": type = Elements.Type.I16; break;
      case "u2": type = Elements.Type.U16; break;
      case "i4": type = Elements.Type.I32; break;
      case "u4": type = Elements.Type.U32; break;
      case "i8": type = Elements.Type.I64; break;
      case "u8": type = Elements.Type.U64; break;
      default:
        throw src.error(what + "descr " + quotePy(descr) + " is not supported (supported: "
            + "bool b1, integers i1 u1 i2 u2 i4 u4 i8 u8, floats f2 f4 f8, each '<' or '>')");
    }
    if (bo == '>') {
      order = ByteOrder.BIG_ENDIAN;
    } else if (bo == '|') {
      if (type.size != 1) {
        throw src.error(what + "descr " + quotePy(descr) + ": byte order '|' (not applicable) "
            + "is only valid for 1-byte types; use '<' or '>'");
      }
    } else if (bo != '<' && type.size != 1) {
      throw src.error(what + "descr " + quotePy(descr) + " has "
          + (bo == '=' ? "native byte order '=', which is ambiguous in a file"
              : "no byte order") + "; use '<' or '>'");
    }
    Object fo = dict.get("fortran_order");
    if (!(fo instanceof Boolean)) {
      throw src.error(what + "fortran_order must be True or False, got "
          + HeaderParser.describe(fo));
    }
    Object sh = dict.get("shape");
    if (!(sh instanceof HeaderParser.TupleValue)) {
      throw src.error(what + "shape must be a tuple of integers such as (2, 3), got "
          + HeaderParser.describe(sh));
    }
    long[] dims = ((HeaderParser.TupleValue) sh).values;
    if (dims.length > SafeTensors.MAX_RANK) {
      throw src.error(what + "shape has " + dims.length + " dimensions; at most "
          + SafeTensors.MAX_RANK + " are supported (NumPy's limit)");
    }
    int[] shape = new int[dims.length];
    boolean empty = false;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] > Integer.MAX_VALUE) {
        throw src.error(what + "shape " + HeaderParser.describe(sh) + " has dimension " + dims[i]
            + "; jgrad allows at most " + Integer.MAX_VALUE + " per axis");
      }
      shape[i] = (int) dims[i];
      empty |= dims[i] == 0;
    }
    String unrepresentable = Elements.shapeProblem(shape);
    if (unrepresentable != null) {
      throw src.error(what + "shape " + shapeRepr(shape) + ": " + unrepresentable);
    }
    long numel = 1;
    if (empty) {
      numel = 0;
    } else {
      for (int d : shape) {
        numel *= d;
        if (numel > SafeTensors.MAX_ELEMENTS) {
          throw src.error(what + "shape " + shapeRepr(shape) + " has more elements than a jgrad "
              + "tensor can hold (" + SafeTensors.MAX_ELEMENTS + ")");
        }
      }
    }
    return new Header(major, minor, descr, type, order, (Boolean) fo, shape, numel,
        start + hlen);
  }

  /**
   * Python's repr of a str (for messages), with quotes escaped; cut after
   * {@value Json#QUOTED_STRING_CHARS} chars ({@code 'abc...' (12345 chars)}) so that a message
   * about an untrusted header stays short.
   */
  static String quotePy(String s) {
    boolean cut = s.length() > Json.QUOTED_STRING_CHARS;
    int n = cut ? Json.QUOTED_STRING_CHARS : s.length();
    StringBuilder sb = new StringBuilder("'");
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '\'' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7F || Character.isSurrogate(c)) {
        sb.append(c < 0x100 ? "\\x" : "\\u").append(Integer.toHexString(c));
      } else {
        sb.append(c);
      }
    }
    return cut ? sb.append("...' (").append(s.length()).append(" chars)").toString()
        : sb.append('\'').toString();
  }

  /** Python's repr of a shape tuple: {@code ()}, {@code (3,)}, {@code (2, 3)}. */
  static String shapeRepr(int[] shape) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(shape[i]);
    }
    if (shape.length == 1) {
      sb.append(',');
    }
    return sb.append(')').toString();
  }

  /**
   * Parser of the header's Python dict literal: strings, True/False, tuples of integers, and (to
   * report them precisely) lists, which are structured dtype descriptions. Anything else, e.g. a
   * call or an expression, is an error; nothing is ever evaluated.
   */
  static final class HeaderParser {
    static final class Failure extends Exception {
      private static final long serialVersionUID = 1L;

      Failure(String message) {
        super(message, null, false, false);
      }
    }

    static final class TupleValue {
      final long[] values;

      TupleValue(long[] values) {
        this.values = values;
      }
    }

    static final class ListValue {
      final boolean mentionsObject;

      ListValue(boolean mentionsObject) {
        this.mentionsObject = mentionsObject;
      }
    }

    private final String s;
    private final boolean allowLongSuffix;
    private int pos;

    HeaderParser(String s, boolean allowLongSuffix) {
      this.s = s;
      this.allowLongSuffix = allowLongSuffix;
    }

    Map<String, Object> parse() throws Failure {
      skipSpace();
      expect('{', "the header must be a dict literal starting with '{'");
      Map<String, Object> dict = new LinkedHashMap<>();
      skipSpace();
      while (peek() != '}') {
        if (peek() != '\'' && peek() != '"') {
          throw fail("expected a quoted key or '}'");
        }
        String key = string();
        if (dict.containsKey(key)) {
          throw fail("duplicate key " + quotePy(key));
        }
        skipSpace();
        expect(':', "expected ':' after the key " + quotePy(key));
        skipSpace();
        dict.put(key, value());
        skipSpace();
        if (peek() == ',') {
          pos++;
          skipSpace();
        } else if (peek() != '}') {
          throw fail("expected ',' or '}' after the value of " + quotePy(key));
        }
      }
      pos++;
      skipSpace();
      if (pos != s.length()) {
        throw fail("unexpected text after the closing '}'");
      }
      return dict;
    }

    private Object value() throws Failure {
      char c = peek();
      if (c == '\'' || c == '"') {
        return string();
      } else if (s.startsWith("True", pos) && !identifierAt(pos + 4)) {
        pos += 4;
        return Boolean.TRUE;
      } else if (s.startsWith("False", pos) && !identifierAt(pos + 5)) {
        pos += 5;
        return Boolean.FALSE;
      } else if (c == '(') {
        return tuple();
      } else if (c == '[') {
        return list();
      }
      throw fail("expected a string, True, False or a tuple");
    }

    private boolean identifierAt(int i) {
      return i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_');
    }

    private TupleValue tuple() throws Failure {
      int open = pos;
      pos++;
      List<Long> values = new ArrayList<>();
      boolean trailingComma = false;
      skipSpace();
      while (peek() != ')') {
        values.add(integer());
        skipSpace();
        trailingComma = false;
        if (peek() == ',') {
          pos++;
          trailingComma = true;
          skipSpace();
        } else if (peek() != ')') {
          throw fail("expected ',' or ')' in the tuple");
        }
      }
      pos++;
      if (values.size() == 1 && !trailingComma) {
        // In Python (3) is the integer 3, not a tuple.
        throw fail("shape " + s.substring(open, pos) + " is not a tuple; a 1-d shape is written "
            + "(" + values.get(0) + ",)", open);
      }
      long[] out = new long[values.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = values.get(i);
      }
      return new TupleValue(out);
    }

    private long integer() throws Failure {
      int start = pos;
      if (peek() == '-') {
        throw fail("dimensions must be non-negative");
      }
      while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
        pos++;
      }
      if (pos == start) {
        throw fail("expected a non-negative integer");
      }
      String digits = s.substring(start, pos);
      if (digits.length() > 1 && digits.charAt(0) == '0') {
        throw fail("integer " + digits + " has a leading zero", start);
      }
      if (allowLongSuffix && pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) {
        pos++; // Python 2 long literal
      }
      if (digits.length() > 18) {
        throw fail("dimension " + SafeTensors.abbreviate(digits) + " is too large", start);
      }
      return Long.parseLong(digits);
    }

    /** Skips a bracketed list (structured dtype) and notes whether it mentions objects. */
    private ListValue list() throws Failure {
      int depth = 0;
      boolean object = false;
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == '[' || c == '(') {
          depth++;
          pos++;
        } else if (c == ']' || c == ')') {
          depth--;
          pos++;
          if (depth == 0) {
            return new ListValue(object);
          }
        } else if (c == '\'' || c == '"') {
          String str = string();
          object |= str.equals("O") || str.endsWith("O") && str.length() == 2;
        } else {
          pos++;
        }
      }
      throw fail("unterminated list");
    }

    private String string() throws Failure {
      char quote = s.charAt(pos);
      int start = ++pos;
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == quote) {
          return s.substring(start, pos++);
        }
        if (c == '\\') {
          throw fail("escape sequences are not supported in header strings");
        }
        if (c == '\n' || c == '\r') {
          break;
        }
        pos++;
      }
      throw fail("unterminated string");
    }

    private void skipSpace() {
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
          pos++;
        } else {
          return;
        }
      }
    }

    private char peek() throws Failure {
      if (pos >= s.length()) {
        throw fail("unexpected end of header");
      }
      return s.charAt(pos);
    }

    private void expect(char c, String message) throws Failure {
      if (peek() != c) {
        throw fail(message);
      }
      pos++;
    }

    private Failure fail(String message) {
      return fail(message, pos);
    }

    private Failure fail(String message, int at) {
      return new Failure(message + " at char " + at);
    }

    static String describe(Object v) {
      if (v instanceof String) {
        return quotePy((String) v);
      } else if (v instanceof Boolean) {
        return (Boolean) v ? "True" : "False";
      } else if (v instanceof TupleValue) {
        long[] values = ((TupleValue) v).values;
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < values.length && i < 10; i++) {
          sb.append(i > 0 ? ", " : "").append(values[i]);
        }
        if (values.length > 10) {
          sb.append(", ...");
        }
        return sb.append(values.length == 1 ? ",)" : ")").toString();
      } else {
        return "a list";
      }
    }
  }

  // ---------------------------------------------------------------- writing

  /**
   * Writes a tensor as a {@code .npy} file ({@code '<f4'}, {@code '<f8'}, {@code '<i4'},
   * {@code '<i8'} or {@code '|b1'} by its dtype; C order), through a temporary file renamed over
   * {@code path}.
   *
   * @param path the file to create or replace
   * @param tensor the tensor to write
   * @throws IllegalArgumentException if the tensor has more than 64 dimensions
   * @throws IOException if the file cannot be written
   */
  public static void write(Path path, Tensor tensor) throws IOException {
    SafeTensors.checkRank("Npy.write", "", tensor);
    IoSupport.writeAtomically(path, out -> write(out, tensor));
  }

  /**
   * Writes a tensor in {@code .npy} format to a stream (not closed).
   *
   * @param out the stream, flushed and not closed
   * @param tensor the tensor to write
   * @throws IllegalArgumentException if the tensor has more than 64 dimensions
   * @throws IOException if the stream fails
   */
  public static void write(OutputStream out, Tensor tensor) throws IOException {
    out.write(header(tensor));
    Elements.encode(tensor, out);
    out.flush();
  }

  /**
   * The bytes of a {@code .npy} file for a tensor.
   *
   * @param tensor the tensor to write
   * @return the file's bytes
   * @throws IllegalArgumentException if the file would exceed 2 GiB or the tensor has more than
   *     64 dimensions
   */
  public static byte[] toBytes(Tensor tensor) {
    byte[] header = header(tensor);
    long total = header.length + byteSize(tensor);
    if (total > IoSupport.MAX_ARRAY) {
      throw new IllegalArgumentException("Npy.toBytes: " + total + " bytes do not fit in a byte "
          + "array; write to a Path or stream");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) total);
    try {
      write(out, tensor);
    } catch (IOException e) {
      throw new UncheckedIOException("unreachable: in-memory write failed", e);
    }
    return out.toByteArray();
  }

  static long byteSize(Tensor t) {
    return (long) t.numel() * t.dtype().byteSize();
  }

  /** The magic, version, length and padded header exactly as NumPy's np.save writes them. */
  static byte[] header(Tensor t) {
    SafeTensors.checkRank("Npy.write", "", t);
    return header(t.dtype(), t.shape().dims());
  }

  /** NumPy's descr of the type a dtype is written as. */
  private static String descr(DType dtype) {
    switch (dtype) {
      case FLOAT32: return "<f4";
      case FLOAT64: return "<f8";
      case INT32: return "<i4";
      case INT64: return "<i8";
      case BOOL: return "|b1";
      default: throw new AssertionError(dtype);
    }
  }

  private static byte[] header(DType dtype, int[] shape) {
    StringBuilder dict = new StringBuilder("{'descr': '")
        .append(descr(dtype))
        .append("', 'fortran_order': False, 'shape': ").append(shapeRepr(shape)).append(", }");
    if (shape.length > 0) {
      dict.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length()));
    }
    byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
    // With at most 64 dimensions the header is far below format 1.0's 65535-byte limit.
    int hlen = text.length + 1; // + '\n'
    int padlen = ARRAY_ALIGN - ((10 + hlen) % ARRAY_ALIGN);
    int total = hlen + padlen;
    byte[] out = new byte[10 + total];
    System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
    out[6] = 1;
    out[7] = 0;
    out[8] = (byte) total;
    out[9] = (byte) (total >>> 8);
    int p = 10;
    System.arraycopy(text, 0, out, p, text.length);
    p += text.length;
    for (int i = 0; i < padlen; i++) {
      out[p++] = ' ';
    }
    out[p] = '\n';
    return out;
  }
}

package dev.jgrad.io;

import static dev.jgrad.io.IoTesting.allocation;
import static dev.jgrad.io.IoTesting.assertAllBitsEqual;
import static dev.jgrad.io.IoTesting.assertBitsEqual;
import static dev.jgrad.io.IoTesting.bytes;
import static dev.jgrad.io.IoTesting.concat;
import static dev.jgrad.io.IoTesting.le32;
import static dev.jgrad.io.IoTesting.rejected;
import static dev.jgrad.io.IoTesting.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NpzTest {
  @TempDir Path dir;

  private static final Tensor A = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
  private static final Tensor B = Tensor.scalar(0.5);

  private static byte[] npy(Tensor t) {
    return Npy.toBytes(t);
  }

  private static Map<String, Tensor> map(Object... nameTensor) {
    Map<String, Tensor> m = new LinkedHashMap<>();
    for (int i = 0; i < nameTensor.length; i += 2) {
      m.put((String) nameTensor[i], (Tensor) nameTensor[i + 1]);
    }
    return m;
  }

  private static TensorContents golden(String name) throws TensorFileException {
    return Npz.read(resource("golden/" + name), name, ReadOptions.DEFAULT);
  }

  // ---------------------------------------------------------------- archives written by NumPy

  @Test
  void readsNpSavez() throws Exception {
    TensorContents c = golden("savez_ab.npz");
    assertEquals(List.of("a", "b"), List.copyOf(c.tensors().keySet()));
    assertBitsEqual(A, c.get("a"));
    assertBitsEqual(B, c.get("b"));
    assertEquals(List.of(), c.notes());
    assertTrue(c.metadata().isEmpty());
  }

  @Test
  void readsNpSavezCompressed() throws Exception {
    TensorContents c = golden("savez_compressed_abz.npz");
    assertBitsEqual(A, c.get("a"));
    assertBitsEqual(B, c.get("b"));
    assertBitsEqual(Tensor.zeros(DType.FLOAT64, 100_000), c.get("z"));
  }

  @Test
  void readsPositionalArraysAndConvertedDtypes() throws Exception {
    TensorContents p = golden("savez_positional.npz");
    assertBitsEqual(Tensor.of(new float[] {1, 2}, 2), p.get("arr_0"));
    assertBitsEqual(Tensor.of(new double[] {3}, 1, 1), p.get("arr_1"));
    TensorContents c = golden("savez_int_bool.npz");
    assertBitsEqual(Tensor.of(new long[] {1, -2}, 2), c.get("i"));
    assertBitsEqual(Tensor.of(new boolean[] {true, false}, 2), c.get("m"));
    assertEquals(List.of(), c.notes(), "i8 and b1 are read as stored");
  }

  /**
   * np.savez of every dtype jgrad has reads back exactly, and each of its entries is byte for
   * byte the .npy jgrad writes for the tensor read from it.
   */
  @Test
  void readsEveryDtypeNpSavezWritesAndWritesTheSameEntries() throws Exception {
    byte[] file = resource("golden/savez_dtypes.npz");
    TensorContents c = Npz.read(file, "savez_dtypes.npz", ReadOptions.DEFAULT);
    assertAllBitsEqual(map("f4", A, "f8", B,
        "i4", Tensor.of(new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE}, 2, 1),
        "i8", Tensor.of(new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}),
        "b1", Tensor.of(new boolean[] {false, true, true})), c.tensors());
    assertEquals(List.of(), c.notes());
    int entries = 0;
    try (ZipInputStream zin = new ZipInputStream(new ByteArrayInputStream(file))) {
      for (ZipEntry e = zin.getNextEntry(); e != null; e = zin.getNextEntry()) {
        String name = e.getName().substring(0, e.getName().length() - ".npy".length());
        assertArrayEquals(zin.readAllBytes(), npy(c.get(name)), e.getName());
        entries++;
      }
    }
    assertEquals(5, entries);
  }

  @Test
  void refusesObjectArraysInsideArchives() {
    assertEquals("savez_object.npz: entry \"bad.npy\": descr '|O' is an object array, which "
        + "NumPy stores with pickle; object arrays are always refused",
        rejected(() -> golden("savez_object.npz")));
  }

  // ---------------------------------------------------------------- round trips

  @Test
  void roundTripsStoredAndDeflated() throws Exception {
    Map<String, Tensor> tensors = map("w", A, "b", B, "empty", Tensor.zeros(DType.FLOAT32, 0, 2),
        "nested/name ü", Tensor.of(new double[] {Double.NaN, -0.0, 1e-320}, 3),
        "zeros", Tensor.zeros(DType.FLOAT64, 50_000),
        "ints", Tensor.of(new int[] {Integer.MIN_VALUE, 0, Integer.MAX_VALUE}),
        "longs", Tensor.of(new long[] {Long.MIN_VALUE, (1L << 53) + 1, 3, 4}, 2, 2).transpose(),
        "mask", Tensor.of(new boolean[] {true, false, false, true}, 2, 2));
    for (boolean compress : new boolean[] {false, true}) {
      byte[] bytes = Npz.toBytes(tensors, compress);
      TensorContents c = Npz.read(bytes);
      assertAllBitsEqual(tensors, c.tensors());
      assertEquals(List.copyOf(tensors.keySet()), List.copyOf(c.tensors().keySet()));
      assertArrayEquals(bytes, Npz.toBytes(tensors, compress), "deterministic output");

      Path p = dir.resolve("t" + compress + ".npz");
      Npz.write(p, tensors, compress);
      assertArrayEquals(bytes, Files.readAllBytes(p));
      assertAllBitsEqual(tensors, Npz.read(p).tensors());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Npz.write(out, tensors, compress);
      assertAllBitsEqual(tensors, Npz.read(new ByteArrayInputStream(out.toByteArray()), "s",
          ReadOptions.DEFAULT).tensors());
    }
    assertTrue(Npz.toBytes(tensors, true).length < Npz.toBytes(tensors, false).length / 10);
  }

  /** Another zip reader (the JDK's) sees NAME.npy entries holding exactly Npy's bytes. */
  @Test
  void writtenEntriesAreNpyFilesForOtherZipReaders() throws Exception {
    for (boolean compress : new boolean[] {false, true}) {
      byte[] bytes = Npz.toBytes(map("a", A, "b", B), compress);
      try (ZipInputStream zin = new ZipInputStream(new ByteArrayInputStream(bytes))) {
        ZipEntry e = zin.getNextEntry();
        assertEquals("a.npy", e.getName());
        assertEquals(compress ? ZipEntry.DEFLATED : ZipEntry.STORED, e.getMethod());
        assertArrayEquals(npy(A), zin.readAllBytes());
        assertEquals("b.npy", zin.getNextEntry().getName());
        assertArrayEquals(npy(B), zin.readAllBytes());
        assertEquals(null, zin.getNextEntry());
      }
    }
  }

  @Test
  void readsZip64EntriesAndDataDescriptors() throws Exception {
    ZipBuilder z = new ZipBuilder();
    z.zip64 = true;
    z.stored("a.npy", npy(A));
    z.deflated("b.npy", npy(B));
    assertAllBitsEqual(map("a", A, "b", B), Npz.read(z.build()).tensors());

    ZipBuilder d = new ZipBuilder();
    ZipBuilder.E e = d.deflated("b.npy", npy(B));
    e.flags |= 8;
    e.afterData = concat(le32(0x08074b50L), le32(e.crc), le32(e.compressedSize), le32(e.size));
    d.stored("a.npy", npy(A));
    assertAllBitsEqual(map("b", B, "a", A), Npz.read(d.build()).tensors());
  }

  @Test
  void skipsEntriesThatAreNotArrays() throws Exception {
    ZipBuilder z = new ZipBuilder();
    z.stored("readme.txt", bytes('h', 'i'));
    z.stored("dir/", new byte[0]);
    z.stored("a.npy", npy(A));
    TensorContents c = Npz.read(z.build());
    assertEquals(List.of("a"), List.copyOf(c.tensors().keySet()));
    assertEquals(List.of("entry \"readme.txt\" is not a .npy array; skipped",
        "entry \"dir/\" is not a .npy array; skipped"), c.notes());
  }

  @Test
  void emptyArchiveIsEmpty() throws Exception {
    assertTrue(Npz.read(Npz.toBytes(Map.of(), false)).tensors().isEmpty());
    assertTrue(Npz.read(new ZipBuilder().build()).tensors().isEmpty());
  }

  @Test
  void namesWithoutTheUtf8FlagAreCodePage437() throws Exception {
    ZipBuilder z = new ZipBuilder();
    ZipBuilder.E e = z.stored("x", npy(B));
    e.rawName = concat(bytes(0x80, 'x', 0xE1, 0xFF), IoTesting.ascii(".npy"));
    e.flags = 0;
    assertEquals(List.of("\u00c7x\u00df\u00a0"),
        List.copyOf(Npz.read(z.build()).tensors().keySet()));
  }

  // ---------------------------------------------------------------- validation, one rule each

  private static byte[] archive(Consumer<ZipBuilder> edit) {
    ZipBuilder z = new ZipBuilder();
    z.stored("a.npy", npy(A));
    z.deflated("b.npy", npy(B));
    edit.accept(z);
    return z.build();
  }

  /** Builds once to learn the layout, lets the edit use it, and builds again. */
  private static byte[] archive2(Consumer<ZipBuilder> edit) {
    ZipBuilder z = new ZipBuilder();
    z.stored("a.npy", npy(A));
    z.deflated("b.npy", npy(B));
    z.build();
    edit.accept(z);
    return z.build();
  }

  static Stream<Arguments> badArchives() {
    byte[] valid = archive(z -> { });
    return Stream.of(
        Arguments.of("too short", bytes('P', 'K', 5, 6),
            "file has 4 bytes, too short for a zip archive"),
        Arguments.of("no end record", new byte[100],
            "not a zip archive: no end of central directory record"),
        Arguments.of("a .npy file is not an archive", npy(A),
            "not a zip archive: no end of central directory record"),
        Arguments.of("bytes after the end record", concat(valid, bytes(0)),
            "1 bytes follow the end of central directory record and its comment"),
        Arguments.of("bytes after the comment", archive(z -> {
          z.comment = bytes('h', 'i');
          z.trailing = bytes('!');
        }), "1 bytes follow the end of central directory record and its comment"),
        Arguments.of("data before the first entry", archive(z -> z.prefix = bytes(1, 2, 3)),
            "3 bytes before byte 3 belong to no entry; archives with data before the first "
                + "entry are not supported"),
        Arguments.of("bytes between entries and directory", archive(z ->
                z.beforeDirectory = bytes(9, 9)),
            "2 bytes before byte " + (valid.length - 22 - 102 + 2) + " belong to no entry "
                + "(after entry \"b.npy\")"),
        Arguments.of("multi-disk", archive(z -> z.disk = 1),
            "multi-disk (spanned) zip archives are not supported"),
        Arguments.of("entry on another disk", archive(z -> z.entries.get(0).diskStart = 2),
            "multi-disk (spanned) zip archives are not supported"),
        Arguments.of("directory offset wrong", archive(z -> z.cdOffsetOverride = 5L),
            "central directory at byte 5 of 102 bytes does not end where the end record starts "
                + "(byte " + (valid.length - 22) + "); archives with data before the first "
                + "entry or after the directory are not supported"),
        Arguments.of("more entries declared than the directory holds",
            archive(z -> z.countOverride = 3),
            "central directory of 102 bytes cannot hold 3 entries"),
        Arguments.of("fewer entries declared than the directory holds",
            archive(z -> z.countOverride = 1),
            "51 bytes of the central directory follow its 1 entries"),
        Arguments.of("encrypted entry", archive(z -> z.entries.get(0).flags = 1),
            "entry \"a.npy\" is encrypted; encrypted archives are not supported"),
        Arguments.of("unsupported compression method", archive(z -> {
          z.entries.get(1).method = 12;
        }), "entry \"b.npy\" uses compression method 12; only stored (0) and deflated (8) are "
            + "supported"),
        Arguments.of("stored entry with different sizes", archive(z ->
                z.entries.get(0).cdSize = 1L),
            "entry \"a.npy\" is stored (uncompressed) but its compressed size 152 differs from "
                + "its size 1"),
        Arguments.of("duplicate names", archive(z -> z.entries.get(1).rawName =
                z.entries.get(0).rawName), "duplicate entry name \"a.npy\""),
        Arguments.of("directory entry not pointing at a local header", archive2(z ->
                z.entries.get(1).cdLocalHeaderOffset = z.entries.get(0).dataOffset),
            "entry \"b.npy\": no local file header at byte 35"),
        Arguments.of("local header outside the entries", archive2(z ->
                z.entries.get(1).cdLocalHeaderOffset = (long) valid.length),
            "entry \"b.npy\": local header offset " + valid.length + " is not before the "
                + "central directory (byte " + (valid.length - 22 - 102) + ")"),
        Arguments.of("local name differs", archive(z -> z.entries.get(0).localName =
                IoTesting.ascii("x.npy")),
            "entry \"a.npy\": the local header names \"x.npy\", not the central directory's "
                + "name"),
        Arguments.of("local method differs", archive(z -> z.entries.get(1).localMethod = 0),
            "entry \"b.npy\": local header says compression method 0, the central directory 8"),
        Arguments.of("invalid UTF-8 name", archive(z -> {
          z.entries.get(0).rawName = bytes('a', 0xC0, 0xAF);
          z.entries.get(0).flags = 0x800;
        }), "central directory entry 0: name is flagged UTF-8 but is not valid UTF-8"),
        Arguments.of("malformed extra field", archive(z -> z.entries.get(0).cdExtra =
                bytes(1, 0, 9, 0, 0)),
            "entry \"a.npy\": extra field 0x1 extends past the extra data"),
        Arguments.of("CRC mismatch", archive(z -> z.entries.get(0).cdCrc = 1L),
            "entry \"a.npy\": CRC-32 mismatch (recorded 00000001, computed "
                + String.format("%08x", ZipBuilder.crc(npy(A))) + ")"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badArchives")
  void rejectsBadArchive(String rule, byte[] file, String problem) {
    TensorFileException e = assertThrows(TensorFileException.class,
        () -> Npz.read(file, "x.npz", ReadOptions.DEFAULT));
    assertEquals("x.npz: " + problem, e.getMessage());
  }

  @Test
  void badDirectorySignatureAndDataRunningIntoTheDirectory() {
    ZipBuilder z = new ZipBuilder();
    z.stored("a.npy", npy(A));
    ZipBuilder.E b = z.deflated("b.npy", npy(B));
    byte[] file = z.build();
    int cdOffset = file.length - 22 - 102;
    byte[] badSignature = file.clone();
    badSignature[cdOffset] = 0;
    assertEquals("x.npz: central directory entry 0 at byte " + cdOffset + " is malformed (bad "
        + "signature or truncated)", rejected(() -> Npz.read(badSignature, "x.npz",
            ReadOptions.DEFAULT)));
    b.cdCompressedSize = b.compressedSize + 20;
    assertEquals("x.npz: entry \"b.npy\": its " + (b.compressedSize + 20) + " bytes of data at "
        + "byte " + b.dataOffset + " extend past the start of the central directory (byte "
        + cdOffset + ")", rejected(() -> Npz.read(z.build(), "x.npz", ReadOptions.DEFAULT)));
  }

  @Test
  void overlappingEntriesAreRejected() {
    // Entry a's data is stretched over entry b's local header and data, as in overlapping-file
    // zip bombs: the bytes of b would be counted (and inflated) twice.
    ZipBuilder z = new ZipBuilder();
    ZipBuilder.E a = z.stored("a.npy", npy(A));
    ZipBuilder.E b = z.stored("b.npy", npy(B));
    byte[] first = z.build();
    byte[] covered = java.util.Arrays.copyOfRange(first, (int) a.dataOffset,
        (int) (b.dataOffset + b.size));
    a.cdSize = (long) covered.length;
    a.cdCompressedSize = (long) covered.length;
    a.cdCrc = ZipBuilder.crc(covered);
    assertEquals("x.npz: entry \"b.npy\" (bytes " + b.localHeaderOffset + " to "
        + (b.dataOffset + b.size) + ") overlaps entry \"a.npy\"",
        rejected(() -> Npz.read(z.build(), "x.npz", ReadOptions.DEFAULT)));
  }

  @Test
  void deflateDataMustMatchItsDeclaredSizes() {
    byte[] content = npy(A);
    ZipBuilder more = new ZipBuilder();
    more.deflated("a.npy", content).cdSize = (long) content.length - 1;
    assertEquals("x.npz: entry \"a.npy\" inflates to more than its declared size of "
        + (content.length - 1) + " bytes", rejected(() -> Npz.read(more.build(), "x.npz",
            ReadOptions.DEFAULT)));

    ZipBuilder fewer = new ZipBuilder();
    fewer.deflated("a.npy", content).cdSize = (long) content.length + 1;
    assertEquals("x.npz: entry \"a.npy\" inflates to " + content.length + " bytes but declares "
        + (content.length + 1), rejected(() -> Npz.read(fewer.build(), "x.npz",
            ReadOptions.DEFAULT)));

    ZipBuilder truncated = new ZipBuilder();
    ZipBuilder.E t = truncated.deflated("a.npy", content);
    t.data = java.util.Arrays.copyOf(t.data, t.data.length - 5);
    t.compressedSize = t.data.length;
    assertEquals("x.npz: entry \"a.npy\": deflate data ends before the deflate stream does",
        rejected(() -> Npz.read(truncated.build(), "x.npz", ReadOptions.DEFAULT)));

    ZipBuilder junk = new ZipBuilder();
    ZipBuilder.E j = junk.deflated("a.npy", content);
    j.data = concat(j.data, bytes(1, 2, 3));
    j.compressedSize = j.data.length;
    assertEquals("x.npz: entry \"a.npy\": the deflate stream ends before its "
        + j.compressedSize + " compressed bytes do", rejected(() -> Npz.read(junk.build(),
            "x.npz", ReadOptions.DEFAULT)));

    ZipBuilder corrupt = new ZipBuilder();
    ZipBuilder.E c = corrupt.deflated("a.npy", content);
    c.data = bytes(0xFF, 0xFF, 0xFF, 0xFF);
    c.compressedSize = 4;
    String m = rejected(() -> Npz.read(corrupt.build(), "x.npz", ReadOptions.DEFAULT));
    assertTrue(m.startsWith("x.npz: entry \"a.npy\": corrupt deflate data ("), m);
  }

  @Test
  void badArrayInsideAnArchiveNamesTheEntry() {
    ZipBuilder z = new ZipBuilder();
    z.stored("a.npy", java.util.Arrays.copyOf(npy(A), 140));
    assertEquals("x.npz: entry \"a.npy\": array data is truncated: dtype '<f4' × shape (2, 3) "
        + "needs 24 bytes but 12 follow the header",
        rejected(() -> Npz.read(z.build(), "x.npz", ReadOptions.DEFAULT)));
  }

  // ---------------------------------------------------------------- zip bomb caps

  @Test
  void entryCountIsCapped() throws Exception {
    byte[] file = Npz.toBytes(map("a", A, "b", B, "c", B), false);
    assertEquals("x.npz: archive has 3 entries, more than the cap of 2 "
        + "(ReadOptions.withMaxNpzEntries)", rejected(() -> Npz.read(file, "x.npz",
            ReadOptions.DEFAULT.withMaxNpzEntries(2))));
    Npz.read(file, "x.npz", ReadOptions.DEFAULT.withMaxNpzEntries(3));
  }

  @Test
  void totalUncompressedSizeIsCapped() throws Exception {
    byte[] file = Npz.toBytes(map("z", Tensor.zeros(DType.FLOAT64, 10_000)), true);
    long size = 128 + 80_000;
    assertEquals("x.npz: entries expand to more than the cap of " + (size - 1) + " bytes in "
        + "total (ReadOptions.withMaxNpzTotalBytes)", rejected(() -> Npz.read(file, "x.npz",
            ReadOptions.DEFAULT.withMaxNpzTotalBytes(size - 1))));
    Npz.read(file, "x.npz", ReadOptions.DEFAULT.withMaxNpzTotalBytes(size));
  }

  @Test
  void compressionRatioIsCapped() throws Exception {
    byte[] file = Npz.toBytes(map("z", Tensor.zeros(DType.FLOAT64, 100_000)), true);
    TensorContents ok = Npz.read(file); // about 1:900, below DEFLATE's maximum
    assertEquals(100_000, ok.get("z").numel());
    String m = rejected(() -> Npz.read(file, "x.npz",
        ReadOptions.DEFAULT.withMaxNpzCompressionRatio(100)));
    assertTrue(m.startsWith("x.npz: entry \"z.npy\" declares 800128 bytes from "), m);
    assertTrue(m.endsWith(" compressed bytes, a ratio above the cap of 100 "
        + "(ReadOptions.withMaxNpzCompressionRatio; DEFLATE cannot exceed 1032)"), m);
  }

  /** A 200-byte archive claiming a 4 GB entry is refused before anything is inflated. */
  @Test
  void lyingSizesCannotMakeTheReaderAllocate() throws Exception {
    ZipBuilder z = new ZipBuilder();
    z.zip64 = true;
    z.deflated("a.npy", npy(B)).cdSize = 4_000_000_000L;
    byte[] file = z.build();
    assertTrue(rejected(() -> Npz.read(file)).contains("a ratio above the cap of 1032"));
    Path p = dir.resolve("bomb.npz");
    Files.write(p, file);
    long inMemory = allocation(() -> Npz.read(file));
    long onDisk = allocation(() -> Npz.read(p));
    assertTrue(inMemory < 1 << 20, "allocated " + inMemory);
    assertTrue(onDisk < 1 << 20, "allocated " + onDisk);

    ZipBuilder many = new ZipBuilder();
    many.stored("a.npy", npy(B));
    many.countOverride = 65_535;
    long entries = allocation(() -> Npz.read(many.build()));
    assertTrue(entries < 1 << 20, "a claimed 65535 entries allocated " + entries);
  }

  @Test
  void zip64StructuresAreValidated() {
    ZipBuilder z = new ZipBuilder();
    z.zip64 = true;
    z.stored("a.npy", npy(A));
    byte[] file = z.build();
    // Break the locator's signature (it sits just before the 22-byte end record).
    byte[] noLocator = file.clone();
    noLocator[file.length - 22 - 20] = 0;
    assertEquals("x.npz: end record has ZIP64 markers but the ZIP64 locator is missing",
        rejected(() -> Npz.read(noLocator, "x.npz", ReadOptions.DEFAULT)));
    ZipBuilder shortExtra = new ZipBuilder();
    shortExtra.stored("a.npy", npy(A));
    shortExtra.zip64 = true;
    byte[] ok = shortExtra.build();
    // Shrink the zip64 extra's declared length to 8: sizes present, offset missing.
    int extraAt = indexOf(ok, new byte[] {1, 0, 24, 0});
    ok[extraAt + 2] = 16;
    assertEquals("x.npz: entry \"a.npy\": ZIP64 extra field lacks the local header offset",
        rejected(() -> Npz.read(ok, "x.npz", ReadOptions.DEFAULT)));
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  @Test
  void writeRejectsNullNamesAndTensors() {
    assertThrows(IllegalArgumentException.class, () -> Npz.toBytes(map("a", null), false));
    Map<String, Tensor> nullKey = new LinkedHashMap<>();
    nullKey.put(null, A);
    assertThrows(IllegalArgumentException.class, () -> Npz.toBytes(nullKey, true));
    assertThrows(IllegalArgumentException.class,
        () -> Npz.toBytes(map("deep", Tensor.zeros(DType.FLOAT64, new int[65])), false));
  }
}

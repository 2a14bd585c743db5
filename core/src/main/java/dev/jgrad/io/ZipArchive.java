package dev.jgrad.io;

import static dev.jgrad.io.IoSupport.u16;
import static dev.jgrad.io.IoSupport.u32;
import static dev.jgrad.io.IoSupport.u64;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A strict reader of ZIP archives (PKWARE APPNOTE), enough for {@code .npz}: single-disk
 * archives, stored and deflated entries, ZIP64 sizes and offsets, data descriptors. The central
 * directory is authoritative; every offset and size is checked against the file before use;
 * entries may not overlap (the trick behind non-recursive zip bombs) and nothing may precede the
 * first entry or follow the end record.
 */
final class ZipArchive {
  private ZipArchive() {}

  private static final int EOCD_SIG = 0x06054b50;
  private static final int ZIP64_LOCATOR_SIG = 0x07064b50;
  private static final int ZIP64_EOCD_SIG = 0x06064b50;
  private static final int CEN_SIG = 0x02014b50;
  private static final int LOC_SIG = 0x04034b50;
  static final int STORED = 0;
  static final int DEFLATED = 8;

  /** One entry as the central directory describes it, with its data located and checked. */
  static final class Entry {
    final String name;
    final byte[] rawName;
    final int flags;
    final int method;
    final long crc;
    final long compressedSize;
    final long size;
    final long localHeaderOffset;
    long dataOffset;

    Entry(String name, byte[] rawName, int flags, int method, long crc, long compressedSize,
        long size, long localHeaderOffset) {
      this.name = name;
      this.rawName = rawName;
      this.flags = flags;
      this.method = method;
      this.crc = crc;
      this.compressedSize = compressedSize;
      this.size = size;
      this.localHeaderOffset = localHeaderOffset;
    }

    String what() {
      return "entry " + Json.quote(name);
    }
  }

  /**
   * Lists and validates the entries of an archive.
   *
   * @throws TensorFileException naming what is malformed or unsupported
   */
  static List<Entry> entries(Source src, ReadOptions options) throws IOException {
    long size = src.size();
    if (size < 22) {
      throw src.error("file has " + size + " bytes, too short for a zip archive");
    }
    // The end record is in the last 22 + 65535 (longest comment) bytes.
    int tailLength = (int) Math.min(size, 22 + 0xFFFF);
    long tailStart = size - tailLength;
    byte[] tail = src.read(tailStart, tailLength);
    int at = -1;
    for (int i = tailLength - 22; i >= 0; i--) {
      if ((int) u32(tail, i) == EOCD_SIG && i + 22 + u16(tail, i + 20) <= tailLength) {
        at = i;
        break;
      }
    }
    if (at < 0) {
      throw src.error("not a zip archive: no end of central directory record");
    }
    long eocd = tailStart + at;
    int commentLength = u16(tail, at + 20);
    if (at + 22 + commentLength != tailLength) {
      throw src.error((tailLength - at - 22 - commentLength) + " bytes follow the end of "
          + "central directory record and its comment");
    }
    int disk = u16(tail, at + 4);
    int cdDisk = u16(tail, at + 6);
    long countOnDisk = u16(tail, at + 8);
    long count = u16(tail, at + 10);
    long cdSize = u32(tail, at + 12);
    long cdOffset = u32(tail, at + 16);
    long cdEnd = eocd; // where the central directory must end
    if (count == 0xFFFF || countOnDisk == 0xFFFF || cdSize == 0xFFFFFFFFL
        || cdOffset == 0xFFFFFFFFL) {
      if (eocd < 20) {
        throw src.error("ZIP64 end of central directory locator is missing");
      }
      byte[] loc = src.read(eocd - 20, 20);
      if ((int) u32(loc, 0) != ZIP64_LOCATOR_SIG) {
        throw src.error("end record has ZIP64 markers but the ZIP64 locator is missing");
      }
      long recordOffset = u64(loc, 8);
      if (u32(loc, 4) != 0 || u32(loc, 16) != 1) {
        throw src.error("multi-disk (spanned) zip archives are not supported");
      }
      if (recordOffset < 0 || recordOffset > eocd - 20 - 56) {
        throw src.error("ZIP64 end record offset " + Long.toUnsignedString(recordOffset)
            + " is outside the archive");
      }
      byte[] rec = src.read(recordOffset, 56);
      if ((int) u32(rec, 0) != ZIP64_EOCD_SIG) {
        throw src.error("no ZIP64 end of central directory record at byte " + recordOffset);
      }
      long recordSize = u64(rec, 4);
      if (recordSize < 44 || recordOffset + 12 + recordSize != eocd - 20) {
        throw src.error("ZIP64 end record size " + Long.toUnsignedString(recordSize)
            + " does not reach the locator");
      }
      disk = (int) Math.min(u32(rec, 16), Integer.MAX_VALUE);
      cdDisk = (int) Math.min(u32(rec, 20), Integer.MAX_VALUE);
      countOnDisk = u64(rec, 24);
      count = u64(rec, 32);
      cdSize = u64(rec, 40);
      cdOffset = u64(rec, 48);
      cdEnd = recordOffset;
    }
    if (disk != 0 || cdDisk != 0 || countOnDisk != count) {
      throw src.error("multi-disk (spanned) zip archives are not supported");
    }
    if (count < 0 || count > options.maxNpzEntries()) {
      throw src.error("archive has " + Long.toUnsignedString(count) + " entries, more than the "
          + "cap of " + options.maxNpzEntries() + " (ReadOptions.withMaxNpzEntries)");
    }
    if (cdSize < 0 || cdOffset < 0 || cdOffset > cdEnd || cdSize != cdEnd - cdOffset) {
      throw src.error("central directory at byte " + Long.toUnsignedString(cdOffset) + " of "
          + Long.toUnsignedString(cdSize) + " bytes does not end where the end record starts "
          + "(byte " + cdEnd + "); archives with data before the first entry or after the "
          + "directory are not supported");
    }
    if (cdSize < count * 46) {
      throw src.error("central directory of " + cdSize + " bytes cannot hold " + count
          + " entries");
    }
    if (cdSize > IoSupport.MAX_ARRAY) {
      throw src.error("central directory of " + cdSize + " bytes is too large");
    }
    byte[] cd = src.read(cdOffset, (int) cdSize);
    List<Entry> entries = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int p = 0;
    for (long i = 0; i < count; i++) {
      if (p + 46 > cd.length || (int) u32(cd, p) != CEN_SIG) {
        throw src.error("central directory entry " + i + " at byte " + (cdOffset + p)
            + " is malformed (bad signature or truncated)");
      }
      int flags = u16(cd, p + 8);
      int method = u16(cd, p + 10);
      long crc = u32(cd, p + 16);
      long csize = u32(cd, p + 20);
      long usize = u32(cd, p + 24);
      int nameLength = u16(cd, p + 28);
      int extraLength = u16(cd, p + 30);
      int commentLen = u16(cd, p + 32);
      long diskStart = u16(cd, p + 34);
      long lho = u32(cd, p + 42);
      int next = p + 46 + nameLength + extraLength + commentLen;
      if (next > cd.length) {
        throw src.error("central directory entry " + i + " extends past the directory");
      }
      byte[] rawName = Arrays.copyOfRange(cd, p + 46, p + 46 + nameLength);
      String name = decodeName(src, rawName, (flags & 0x800) != 0, i);
      String what = "entry " + Json.quote(name);
      // ZIP64 extended information: 8-byte values for the fields marked 0xFFFFFFFF, in order.
      int e = p + 46 + nameLength;
      int extraEnd = e + extraLength;
      while (e < extraEnd) {
        if (e + 4 > extraEnd) {
          throw src.error(what + ": malformed extra field");
        }
        int id = u16(cd, e);
        int len = u16(cd, e + 2);
        int data = e + 4;
        if (data + len > extraEnd) {
          throw src.error(what + ": extra field 0x" + Integer.toHexString(id)
              + " extends past the extra data");
        }
        if (id == 0x0001) {
          int q = data;
          int end = data + len;
          if (usize == 0xFFFFFFFFL) {
            usize = zip64Field(src, cd, q, end, what, "size");
            q += 8;
          }
          if (csize == 0xFFFFFFFFL) {
            csize = zip64Field(src, cd, q, end, what, "compressed size");
            q += 8;
          }
          if (lho == 0xFFFFFFFFL) {
            lho = zip64Field(src, cd, q, end, what, "local header offset");
            q += 8;
          }
          if (diskStart == 0xFFFF) {
            if (q + 4 > end) {
              throw src.error(what + ": ZIP64 extra field lacks the disk number");
            }
            diskStart = u32(cd, q);
          }
        }
        e = data + len;
      }
      if ((flags & 0x41) != 0) {
        throw src.error(what + " is encrypted; encrypted archives are not supported");
      }
      if (method != STORED && method != DEFLATED) {
        throw src.error(what + " uses compression method " + method + "; only stored (0) and "
            + "deflated (8) are supported");
      }
      if (diskStart != 0) {
        throw src.error("multi-disk (spanned) zip archives are not supported");
      }
      if (method == STORED && csize != usize) {
        throw src.error(what + " is stored (uncompressed) but its compressed size " + csize
            + " differs from its size " + usize);
      }
      if (!names.add(name)) {
        throw src.error("duplicate entry name " + Json.quote(name));
      }
      entries.add(new Entry(name, rawName, flags, method, crc, csize, usize, lho));
      p = next;
    }
    if (p != cd.length) {
      throw src.error((cd.length - p) + " bytes of the central directory follow its " + count
          + " entries");
    }
    locateData(src, entries, cdOffset);
    return entries;
  }

  private static long zip64Field(Source src, byte[] cd, int q, int end, String what, String field)
      throws TensorFileException {
    if (q + 8 > end) {
      throw src.error(what + ": ZIP64 extra field lacks the " + field);
    }
    long v = u64(cd, q);
    if (v < 0) {
      throw src.error(what + ": ZIP64 " + field + " " + Long.toUnsignedString(v)
          + " is out of range");
    }
    return v;
  }

  /** Checks each local header and that entries lie within [0, cdOffset) without overlapping. */
  private static void locateData(Source src, List<Entry> entries, long cdOffset)
      throws IOException {
    for (Entry en : entries) {
      if (en.localHeaderOffset > cdOffset - 30) {
        throw src.error(en.what() + ": local header offset " + en.localHeaderOffset
            + " is not before the central directory (byte " + cdOffset + ")");
      }
      byte[] loc = src.read(en.localHeaderOffset, 30);
      if ((int) u32(loc, 0) != LOC_SIG) {
        throw src.error(en.what() + ": no local file header at byte " + en.localHeaderOffset);
      }
      int method = u16(loc, 8);
      int nameLength = u16(loc, 26);
      int extraLength = u16(loc, 28);
      long nameAt = en.localHeaderOffset + 30;
      if (nameAt + nameLength + extraLength > cdOffset) {
        throw src.error(en.what() + ": local header extends into the central directory");
      }
      byte[] localName = src.read(nameAt, nameLength);
      if (!Arrays.equals(localName, en.rawName)) {
        throw src.error(en.what() + ": the local header names "
            + SafeTensors.abbreviate(Json.quote(new String(localName, 0,
                Math.min(localName.length, 100), StandardCharsets.ISO_8859_1)))
            + ", not the central directory's name");
      }
      if (method != en.method) {
        throw src.error(en.what() + ": local header says compression method " + method
            + ", the central directory " + en.method);
      }
      en.dataOffset = nameAt + nameLength + extraLength;
      if (en.compressedSize > cdOffset - en.dataOffset) {
        throw src.error(en.what() + ": its " + en.compressedSize + " bytes of data at byte "
            + en.dataOffset + " extend past the start of the central directory (byte "
            + cdOffset + ")");
      }
    }
    // Entries must tile [0, cdOffset): no overlaps (zip bombs), no unexplained bytes (polyglot
    // files); the only gap allowed is an entry's data descriptor (flag bit 3).
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(en -> en.localHeaderOffset));
    long expected = 0;
    Entry previous = null;
    for (Entry en : sorted) {
      long gap = en.localHeaderOffset - expected;
      if (gap < 0) {
        throw src.error(en.what() + " (bytes " + en.localHeaderOffset + " to "
            + (en.dataOffset + en.compressedSize) + ") overlaps " + previous.what());
      }
      checkGap(src, previous, gap, en.localHeaderOffset);
      expected = en.dataOffset + en.compressedSize;
      previous = en;
    }
    checkGap(src, previous, cdOffset - expected, cdOffset);
  }

  private static void checkGap(Source src, Entry before, long gap, long end)
      throws TensorFileException {
    if (gap == 0) {
      return;
    }
    boolean descriptor = before != null && (before.flags & 0x8) != 0
        && (gap == 12 || gap == 16 || gap == 20 || gap == 24);
    if (!descriptor) {
      throw src.error(gap + " bytes before byte " + end + " belong to no entry"
          + (before == null ? "; archives with data before the first entry are not supported"
              : " (after " + before.what() + ")"));
    }
  }

  private static String decodeName(Source src, byte[] raw, boolean utf8, long index)
      throws TensorFileException {
    if (utf8) {
      try {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(raw)).toString();
      } catch (CharacterCodingException e) {
        throw src.error("central directory entry " + index + ": name is flagged UTF-8 but is "
            + "not valid UTF-8");
      }
    }
    // Without the UTF-8 flag the APPNOTE encoding is IBM code page 437.
    char[] out = new char[raw.length];
    for (int i = 0; i < raw.length; i++) {
      int b = raw[i] & 0xFF;
      out[i] = b < 0x80 ? (char) b : CP437_HIGH.charAt(b - 0x80);
    }
    return new String(out);
  }

  private static final String CP437_HIGH =
      "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌"
          + "█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00A0";

  /**
   * The uncompressed bytes of an entry, checked against its declared size and CRC-32. The caller
   * has checked the size against the caps, so the allocation is bounded.
   */
  static byte[] extract(Source src, Entry en) throws IOException {
    if (en.size > IoSupport.MAX_ARRAY) {
      throw src.error(en.what() + " expands to " + en.size + " bytes; jgrad reads entries of at "
          + "most " + IoSupport.MAX_ARRAY + " bytes");
    }
    byte[] out = new byte[(int) en.size];
    if (en.method == STORED) {
      src.read(en.dataOffset, out, 0, out.length);
    } else {
      inflate(src, en, out);
    }
    CRC32 crc = new CRC32();
    crc.update(out);
    if (crc.getValue() != en.crc) {
      throw src.error(String.format("%s: CRC-32 mismatch (recorded %08x, computed %08x)",
          en.what(), en.crc, crc.getValue()));
    }
    return out;
  }

  private static void inflate(Source src, Entry en, byte[] out) throws IOException {
    Inflater inflater = new Inflater(true);
    try {
      byte[] in = new byte[(int) Math.max(1, Math.min(Elements.CHUNK, en.compressedSize))];
      long inPos = en.dataOffset;
      long inLeft = en.compressedSize;
      boolean padded = false;
      byte[] probe = new byte[1];
      int produced = 0;
      int stalls = 0;
      while (!inflater.finished()) {
        boolean progress = false;
        if (inflater.needsInput()) {
          if (inLeft > 0) {
            int n = (int) Math.min(in.length, inLeft);
            src.read(inPos, in, 0, n);
            inflater.setInput(in, 0, n);
            inPos += n;
            inLeft -= n;
          } else if (!padded) {
            // Raw inflate may want one byte past the data to see the end (as java.util.zip does).
            inflater.setInput(new byte[1], 0, 1);
            padded = true;
          } else {
            throw src.error(en.what() + ": deflate data ends before the deflate stream does");
          }
          progress = true;
        }
        if (inflater.needsDictionary()) {
          throw src.error(en.what() + ": deflate stream needs a preset dictionary");
        }
        int n;
        if (produced < out.length) {
          n = inflater.inflate(out, produced, out.length - produced);
          produced += n;
        } else {
          n = inflater.inflate(probe);
          if (n > 0) {
            throw src.error(en.what() + " inflates to more than its declared size of "
                + en.size + " bytes");
          }
        }
        if (n > 0 || progress) {
          stalls = 0;
        } else if (++stalls > 2) {
          throw src.error(en.what() + ": deflate stream makes no progress");
        }
      }
      if (produced != out.length) {
        throw src.error(en.what() + " inflates to " + produced + " bytes but declares "
            + en.size);
      }
      if (inLeft > 0 || inflater.getRemaining() > (padded ? 1 : 0)) {
        throw src.error(en.what() + ": the deflate stream ends before its "
            + en.compressedSize + " compressed bytes do");
      }
    } catch (DataFormatException e) {
      throw src.error(en.what() + ": corrupt deflate data (" + e.getMessage() + ")");
    } finally {
      inflater.end();
    }
  }
}

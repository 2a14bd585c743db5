package dev.jgrad.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Builds ZIP archives byte by byte per the PKWARE APPNOTE, with hooks to break any field, for
 * tests of the strict reader. Offsets are computed; overrides replace what would be written.
 */
final class ZipBuilder {
  static final class E {
    byte[] rawName;
    int flags;
    int method;
    byte[] data; // as stored in the archive (compressed for method 8)
    long crc;
    long compressedSize;
    long size;
    // Overrides (null = computed).
    Long cdCompressedSize;
    Long cdSize;
    Long cdCrc;
    Long cdLocalHeaderOffset;
    Integer localMethod;
    byte[] localName;
    byte[] cdExtra = new byte[0];
    byte[] afterData = new byte[0]; // e.g. a data descriptor
    int diskStart;
    // Filled in by build().
    long localHeaderOffset;
    long dataOffset;
  }

  final List<E> entries = new ArrayList<>();
  byte[] prefix = new byte[0];
  byte[] beforeDirectory = new byte[0];
  byte[] comment = new byte[0];
  byte[] trailing = new byte[0];
  Integer countOverride;
  Long cdOffsetOverride;
  int disk;
  boolean zip64;

  E stored(String name, byte[] content) {
    E e = new E();
    e.rawName = name.getBytes(StandardCharsets.UTF_8);
    e.flags = isAscii(name) ? 0 : 0x800;
    e.method = 0;
    e.data = content;
    e.crc = crc(content);
    e.compressedSize = content.length;
    e.size = content.length;
    entries.add(e);
    return e;
  }

  E deflated(String name, byte[] content) {
    E e = stored(name, content);
    e.method = 8;
    e.data = deflate(content);
    e.compressedSize = e.data.length;
    return e;
  }

  static boolean isAscii(String s) {
    return s.chars().allMatch(c -> c < 0x80);
  }

  static long crc(byte[] b) {
    CRC32 c = new CRC32();
    c.update(b);
    return c.getValue();
  }

  static byte[] deflate(byte[] content) {
    Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    d.setInput(content);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return out.toByteArray();
  }

  byte[] build() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(prefix);
    for (E e : entries) {
      e.localHeaderOffset = out.size();
      byte[] name = e.localName != null ? e.localName : e.rawName;
      u32(out, 0x04034b50);
      u16(out, 20);
      u16(out, e.flags);
      u16(out, e.localMethod != null ? e.localMethod : e.method);
      u16(out, 0);
      u16(out, 0x21); // 1980-01-01
      u32(out, (e.flags & 8) != 0 ? 0 : e.crc);
      u32(out, (e.flags & 8) != 0 ? 0 : e.compressedSize);
      u32(out, (e.flags & 8) != 0 ? 0 : e.size);
      u16(out, name.length);
      u16(out, 0);
      out.writeBytes(name);
      e.dataOffset = out.size();
      out.writeBytes(e.data);
      out.writeBytes(e.afterData);
    }
    out.writeBytes(beforeDirectory);
    long cdOffset = out.size();
    for (E e : entries) {
      long csize = e.cdCompressedSize != null ? e.cdCompressedSize : e.compressedSize;
      long size = e.cdSize != null ? e.cdSize : e.size;
      long lho = e.cdLocalHeaderOffset != null ? e.cdLocalHeaderOffset : e.localHeaderOffset;
      byte[] extra = e.cdExtra;
      if (zip64) {
        ByteArrayOutputStream x = new ByteArrayOutputStream();
        u16(x, 1);
        u16(x, 24);
        u64(x, size);
        u64(x, csize);
        u64(x, lho);
        x.writeBytes(extra);
        extra = x.toByteArray();
      }
      u32(out, 0x02014b50);
      u16(out, zip64 ? 45 : 20);
      u16(out, zip64 ? 45 : 20);
      u16(out, e.flags);
      u16(out, e.method);
      u16(out, 0);
      u16(out, 0x21);
      u32(out, e.cdCrc != null ? e.cdCrc : e.crc);
      u32(out, zip64 ? 0xFFFFFFFFL : csize);
      u32(out, zip64 ? 0xFFFFFFFFL : size);
      u16(out, e.rawName.length);
      u16(out, extra.length);
      u16(out, 0);
      u16(out, e.diskStart);
      u16(out, 0);
      u32(out, 0);
      u32(out, zip64 ? 0xFFFFFFFFL : lho);
      out.writeBytes(e.rawName);
      out.writeBytes(extra);
    }
    long cdSize = out.size() - cdOffset;
    long cdAt = cdOffsetOverride != null ? cdOffsetOverride : cdOffset;
    int count = countOverride != null ? countOverride : entries.size();
    if (zip64) {
      long record = out.size();
      u32(out, 0x06064b50);
      u64(out, 44);
      u16(out, 45);
      u16(out, 45);
      u32(out, disk);
      u32(out, 0);
      u64(out, count);
      u64(out, count);
      u64(out, cdSize);
      u64(out, cdAt);
      u32(out, 0x07064b50);
      u32(out, 0);
      u64(out, record);
      u32(out, 1);
    }
    u32(out, 0x06054b50);
    u16(out, zip64 ? 0xFFFF : disk);
    u16(out, zip64 ? 0xFFFF : 0);
    u16(out, zip64 ? 0xFFFF : count);
    u16(out, zip64 ? 0xFFFF : count);
    u32(out, zip64 ? 0xFFFFFFFFL : cdSize);
    u32(out, zip64 ? 0xFFFFFFFFL : cdAt);
    u16(out, comment.length);
    out.writeBytes(comment);
    out.writeBytes(trailing);
    return out.toByteArray();
  }

  static void u16(ByteArrayOutputStream out, int v) {
    out.write(v);
    out.write(v >>> 8);
  }

  static void u32(ByteArrayOutputStream out, long v) {
    u16(out, (int) (v & 0xFFFF));
    u16(out, (int) ((v >>> 16) & 0xFFFF));
  }

  static void u64(ByteArrayOutputStream out, long v) {
    u32(out, v & 0xFFFFFFFFL);
    u32(out, v >>> 32);
  }
}

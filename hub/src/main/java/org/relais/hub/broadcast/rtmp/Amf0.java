package org.relais.hub.broadcast.rtmp;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AMF0, the encoding of RTMP commands and of FLV metadata. Values map to Java as: number - Double,
 * boolean - Boolean, string (short, long or XML) - String, object (anonymous or typed) - Map in key order,
 * ECMA array - {@link EcmaArray}, strict array - List, date - Instant, null - null, undefined -
 * {@link #UNDEFINED}. References and AMF3 switches are refused: no publisher we accept sends them in
 * commands, and refusing them keeps the decoder small.
 */
final class Amf0 {
  /** The AMF0 {@code undefined} value, distinct from {@code null}. */
  static final Object UNDEFINED = new Object() {
    @Override
    public String toString() {
      return "undefined";
    }
  };

  /** An ECMA (associative) array, as onMetaData carries. */
  record EcmaArray(Map<String, Object> entries) {
    EcmaArray {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }
  }

  private static final int NUMBER = 0x00;
  private static final int BOOLEAN = 0x01;
  private static final int STRING = 0x02;
  private static final int OBJECT = 0x03;
  private static final int NULL = 0x05;
  private static final int UNDEFINED_MARKER = 0x06;
  private static final int ECMA_ARRAY = 0x08;
  private static final int OBJECT_END = 0x09;
  private static final int STRICT_ARRAY = 0x0A;
  private static final int DATE = 0x0B;
  private static final int LONG_STRING = 0x0C;
  private static final int UNSUPPORTED = 0x0D;
  private static final int XML_DOCUMENT = 0x0F;
  private static final int TYPED_OBJECT = 0x10;
  private static final int MAX_DEPTH = 16;

  private Amf0() {
  }

  /** Every value in {@code bytes}, in order. */
  static List<Object> decodeAll(Buffer bytes) {
    Reader reader = new Reader(bytes);
    List<Object> values = new ArrayList<>();
    while (reader.pos < bytes.length()) {
      values.add(reader.value(0));
    }
    return values;
  }

  /** The number of bytes the first value at {@code offset} takes. */
  static int sizeOfValueAt(Buffer bytes, int offset) {
    Reader reader = new Reader(bytes);
    reader.pos = offset;
    reader.value(0);
    return reader.pos - offset;
  }

  static Buffer encode(Object... values) {
    Buffer out = Buffer.buffer();
    for (Object value : values) {
      write(out, value, 0);
    }
    return out;
  }

  private static void write(Buffer out, Object value, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("AMF0 value nested too deep");
    }
    if (value == null) {
      out.appendByte((byte) NULL);
    } else if (value == UNDEFINED) {
      out.appendByte((byte) UNDEFINED_MARKER);
    } else if (value instanceof Number number) {
      out.appendByte((byte) NUMBER).appendDouble(number.doubleValue());
    } else if (value instanceof Boolean bool) {
      out.appendByte((byte) BOOLEAN).appendByte((byte) (bool ? 1 : 0));
    } else if (value instanceof String string) {
      byte[] utf8 = string.getBytes(StandardCharsets.UTF_8);
      if (utf8.length <= 0xFFFF) {
        out.appendByte((byte) STRING).appendUnsignedShort(utf8.length).appendBytes(utf8);
      } else {
        out.appendByte((byte) LONG_STRING).appendInt(utf8.length).appendBytes(utf8);
      }
    } else if (value instanceof Instant instant) {
      out.appendByte((byte) DATE).appendDouble(instant.toEpochMilli()).appendShort((short) 0);
    } else if (value instanceof EcmaArray array) {
      out.appendByte((byte) ECMA_ARRAY).appendInt(array.entries().size());
      writeProperties(out, array.entries(), depth);
    } else if (value instanceof Map<?, ?> map) {
      out.appendByte((byte) OBJECT);
      writeProperties(out, map, depth);
    } else if (value instanceof List<?> list) {
      out.appendByte((byte) STRICT_ARRAY).appendInt(list.size());
      for (Object item : list) {
        write(out, item, depth + 1);
      }
    } else {
      throw new IllegalArgumentException("no AMF0 type for " + value.getClass().getName());
    }
  }

  private static void writeProperties(Buffer out, Map<?, ?> properties, int depth) {
    for (Map.Entry<?, ?> entry : properties.entrySet()) {
      writeKey(out, (String) entry.getKey());
      write(out, entry.getValue(), depth + 1);
    }
    out.appendUnsignedShort(0).appendByte((byte) OBJECT_END);
  }

  private static void writeKey(Buffer out, String key) {
    byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
    if (utf8.length > 0xFFFF) {
      throw new IllegalArgumentException("AMF0 property name too long");
    }
    out.appendUnsignedShort(utf8.length).appendBytes(utf8);
  }

  private static final class Reader {
    private final Buffer bytes;
    private int pos;

    Reader(Buffer bytes) {
      this.bytes = bytes;
    }

    Object value(int depth) {
      if (depth > MAX_DEPTH) {
        throw new RtmpProtocolException("AMF0 value nested too deep");
      }
      int marker = u8();
      return switch (marker) {
        case NUMBER -> f64();
        case BOOLEAN -> u8() != 0;
        case STRING -> string(u16());
        case LONG_STRING, XML_DOCUMENT -> string(u32());
        case OBJECT -> properties(depth);
        case TYPED_OBJECT -> {
          string(u16());
          yield properties(depth);
        }
        case NULL -> null;
        case UNDEFINED_MARKER, UNSUPPORTED -> UNDEFINED;
        case ECMA_ARRAY -> {
          u32();
          yield new EcmaArray(properties(depth));
        }
        case STRICT_ARRAY -> {
          long count = u32();
          if (count > bytes.length() - pos) {
            throw new RtmpProtocolException("AMF0 array longer than its message");
          }
          List<Object> items = new ArrayList<>((int) count);
          for (long i = 0; i < count; i++) {
            items.add(value(depth + 1));
          }
          yield Collections.unmodifiableList(items);
        }
        case DATE -> {
          double millis = f64();
          need(2);
          pos += 2;
          yield Instant.ofEpochMilli((long) millis);
        }
        default -> throw new RtmpProtocolException("AMF0 type " + marker + " not accepted");
      };
    }

    private Map<String, Object> properties(int depth) {
      Map<String, Object> map = new LinkedHashMap<>();
      while (true) {
        String key = string(u16());
        if (key.isEmpty()) {
          need(1);
          if (bytes.getUnsignedByte(pos) == OBJECT_END) {
            pos++;
            return Collections.unmodifiableMap(map);
          }
        }
        map.put(key, value(depth + 1));
      }
    }

    private void need(long count) {
      if (count > bytes.length() - pos) {
        throw new RtmpProtocolException("AMF0 value cut short");
      }
    }

    private int u8() {
      need(1);
      return bytes.getUnsignedByte(pos++);
    }

    private int u16() {
      need(2);
      int value = bytes.getUnsignedShort(pos);
      pos += 2;
      return value;
    }

    private long u32() {
      need(4);
      long value = bytes.getUnsignedInt(pos);
      pos += 4;
      return value;
    }

    private double f64() {
      need(8);
      double value = bytes.getDouble(pos);
      pos += 8;
      return value;
    }

    private String string(long length) {
      need(length);
      String value = bytes.getString(pos, pos + (int) length, "UTF-8");
      pos += (int) length;
      return value;
    }
  }
}

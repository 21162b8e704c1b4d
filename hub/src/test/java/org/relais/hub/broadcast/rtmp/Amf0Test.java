package org.relais.hub.broadcast.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Amf0Test {
  @Test
  void everyTypeSurvivesARoundTrip() {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("app", "live");
    object.put("tcUrl", "rtmp://127.0.0.1/live");
    object.put("nothing", null);
    object.put("nested", Map.of("deep", true));
    Map<String, Object> ecma = new LinkedHashMap<>();
    ecma.put("width", 640.0);
    ecma.put("encoder", "Lavf59");
    List<Object> values = Arrays.asList("connect", 1.0, object, null, Amf0.UNDEFINED, false,
        new Amf0.EcmaArray(ecma), List.of(1.0, "two"), Instant.ofEpochMilli(1_700_000_000_000L), "é".repeat(40_000));

    assertThat(Amf0.decodeAll(Amf0.encode(values.toArray()))).containsExactlyElementsOf(values);
  }

  @Test
  void decodesBytesAsAnEncoderSendsThem() {
    // "_result", 1, null, {code: "x"} as written by hand from the specification.
    Buffer bytes = Buffer.buffer()
        .appendByte((byte) 2).appendUnsignedShort(7).appendString("_result")
        .appendByte((byte) 0).appendDouble(1)
        .appendByte((byte) 5)
        .appendByte((byte) 3).appendUnsignedShort(4).appendString("code")
        .appendByte((byte) 2).appendUnsignedShort(1).appendString("x")
        .appendUnsignedShort(0).appendByte((byte) 9);

    assertThat(Amf0.decodeAll(bytes)).containsExactly("_result", 1.0, null, Map.of("code", "x"));
    assertThat(Amf0.encode("_result", 1, null, Map.of("code", "x"))).isEqualTo(bytes);
  }

  @Test
  void measuresTheFirstValue() {
    Buffer bytes = Amf0.encode("@setDataFrame", "onMetaData");

    assertThat(Amf0.sizeOfValueAt(bytes, 0)).isEqualTo(3 + "@setDataFrame".length());
  }

  @Test
  void refusesValuesCutShort() {
    Buffer whole = Amf0.encode(Map.of("level", "status"));

    for (int length = 1; length < whole.length(); length++) {
      Buffer cut = whole.getBuffer(0, length);
      assertThatThrownBy(() -> Amf0.decodeAll(cut)).isInstanceOf(RtmpProtocolException.class);
    }
  }

  @Test
  void refusesAnArrayLongerThanItsBytes() {
    Buffer bytes = Buffer.buffer().appendByte((byte) 0x0A).appendInt(Integer.MAX_VALUE).appendByte((byte) 5);

    assertThatThrownBy(() -> Amf0.decodeAll(bytes)).isInstanceOf(RtmpProtocolException.class)
        .hasMessageContaining("longer");
  }

  @Test
  void refusesNestingTooDeep() {
    Buffer bytes = Buffer.buffer();
    for (int i = 0; i < 1000; i++) {
      bytes.appendByte((byte) 0x0A).appendInt(1);
    }
    bytes.appendByte((byte) 5);

    assertThatThrownBy(() -> Amf0.decodeAll(bytes)).isInstanceOf(RtmpProtocolException.class)
        .hasMessageContaining("deep");
  }

  @Test
  void refusesReferencesAndAmf3() {
    assertThatThrownBy(() -> Amf0.decodeAll(Buffer.buffer(new byte[] {0x07, 0, 1})))
        .isInstanceOf(RtmpProtocolException.class);
    assertThatThrownBy(() -> Amf0.decodeAll(Buffer.buffer(new byte[] {0x11, 0})))
        .isInstanceOf(RtmpProtocolException.class);
  }
}

package org.relais.hub.broadcast.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkDecoderTest {
  private final List<RtmpMessage> got = new ArrayList<>();
  private final ChunkDecoder decoder = new ChunkDecoder(65536, 1 << 20, got::add);

  @Test
  void readsAMessageCutInto128ByteChunks() {
    Buffer payload = bytes(300);
    Buffer wire = Buffer.buffer()
        .appendBuffer(header0(4, 1000, 300, 9, 1)).appendBuffer(payload, 0, 128)
        .appendByte((byte) 0xC4).appendBuffer(payload, 128, 128)
        .appendByte((byte) 0xC4).appendBuffer(payload, 256, 44);

    decoder.feed(wire);

    assertThat(got).containsExactly(new RtmpMessage(9, 1, 1000, payload));
  }

  @Test
  void readsTheSameBytesFedOneAtATime() {
    Buffer payload = bytes(300);
    Buffer wire = Buffer.buffer()
        .appendBuffer(header0(4, 1000, 300, 9, 1)).appendBuffer(payload, 0, 128)
        .appendByte((byte) 0xC4).appendBuffer(payload, 128, 128)
        .appendByte((byte) 0xC4).appendBuffer(payload, 256, 44);

    for (int i = 0; i < wire.length(); i++) {
      decoder.feed(wire.getBuffer(i, i + 1));
    }

    assertThat(got).containsExactly(new RtmpMessage(9, 1, 1000, payload));
  }

  @Test
  void addsDeltasFromFormats1And2AndRepeatsTheLastOneOnFormat3() {
    Buffer wire = Buffer.buffer()
        .appendBuffer(header0(6, 1000, 2, 8, 1)).appendBuffer(bytes(2))
        // Format 1: delta 40, new length and type.
        .appendByte((byte) 0x46).appendMedium(40).appendMedium(3).appendByte((byte) 9).appendBuffer(bytes(3))
        // Format 2: delta 20, same length and type.
        .appendByte((byte) 0x86).appendMedium(20).appendBuffer(bytes(3))
        // Format 3 starting a new message: the same delta again.
        .appendByte((byte) 0xC6).appendBuffer(bytes(3));

    decoder.feed(wire);

    assertThat(got).extracting(RtmpMessage::timestamp).containsExactly(1000L, 1040L, 1060L, 1080L);
    assertThat(got).extracting(RtmpMessage::type).containsExactly(8, 9, 9, 9);
    assertThat(got).extracting(RtmpMessage::streamId).containsOnly(1L);
  }

  @Test
  void readsExtendedTimestampsAlsoOnFormat3Continuations() {
    long late = 0x01000000L + 5;
    Buffer payload = bytes(200);
    Buffer wire = Buffer.buffer()
        .appendBuffer(header0(4, 0xFFFFFF, 200, 9, 1)).appendUnsignedInt(late).appendBuffer(payload, 0, 128)
        .appendByte((byte) 0xC4).appendUnsignedInt(late).appendBuffer(payload, 128, 72)
        // Format 2 with an extended delta, then format 3 repeating it.
        .appendByte((byte) 0x84).appendMedium(0xFFFFFF).appendUnsignedInt(0x01000000L).appendBuffer(bytes(128))
        .appendByte((byte) 0xC4).appendUnsignedInt(0x01000000L).appendBuffer(bytes(72))
        .appendByte((byte) 0xC4).appendUnsignedInt(0x01000000L).appendBuffer(bytes(128))
        .appendByte((byte) 0xC4).appendUnsignedInt(0x01000000L).appendBuffer(bytes(72));

    decoder.feed(wire);

    assertThat(got).extracting(RtmpMessage::timestamp)
        .containsExactly(late, late + 0x01000000L, (late + 2L * 0x01000000L) & 0xFFFFFFFFL);
    assertThat(got.get(0).payload()).isEqualTo(payload);
  }

  @Test
  void keepsInterleavedChunkStreamsApart() {
    Buffer video = bytes(200);
    Buffer audio = Buffer.buffer("audio!");
    Buffer wire = Buffer.buffer()
        .appendBuffer(header0(6, 0, 200, 9, 1)).appendBuffer(video, 0, 128)
        .appendBuffer(header0(4, 0, 6, 8, 1)).appendBuffer(audio)
        .appendByte((byte) 0xC6).appendBuffer(video, 128, 72);

    decoder.feed(wire);

    assertThat(got).containsExactly(new RtmpMessage(8, 1, 0, audio), new RtmpMessage(9, 1, 0, video));
  }

  @Test
  void readsTwoAndThreeByteChunkStreamIds() {
    Buffer wire = Buffer.buffer()
        .appendByte((byte) 0x00).appendByte((byte) 10).appendMedium(0).appendMedium(1).appendByte((byte) 8)
        .appendIntLE(1).appendByte((byte) 1)
        .appendByte((byte) 0x01).appendByte((byte) 0).appendByte((byte) 2).appendMedium(0).appendMedium(1)
        .appendByte((byte) 9).appendIntLE(1).appendByte((byte) 2)
        .appendByte((byte) 0xC0).appendByte((byte) 10).appendByte((byte) 3);

    decoder.feed(wire);

    assertThat(got).extracting(RtmpMessage::type).containsExactly(8, 9, 8);
    assertThat(got.get(2).payload()).isEqualTo(Buffer.buffer(new byte[] {3}));
  }

  @Test
  void followsSetChunkSizeAtOnceAndAbortDropsAHalfMessage() {
    Buffer big = bytes(1000);
    Buffer wire = Buffer.buffer()
        .appendBuffer(header0(2, 0, 4, 1, 0)).appendInt(1000)
        .appendBuffer(header0(4, 0, 1000, 9, 1)).appendBuffer(big)
        .appendBuffer(header0(5, 0, 2000, 9, 1)).appendBuffer(bytes(1000))
        .appendBuffer(header0(2, 0, 4, 2, 0)).appendInt(5)
        .appendBuffer(header0(5, 0, 3, 8, 1)).appendBuffer(bytes(3));

    decoder.feed(wire);

    assertThat(decoder.chunkSize()).isEqualTo(1000);
    assertThat(got).extracting(RtmpMessage::type).containsExactly(9, 8);
    assertThat(got.get(0).payload()).isEqualTo(big);
    assertThat(decoder.partialBytes()).isZero();
  }

  @Test
  void refusesAChunkSizeOverTheLimit() {
    Buffer wire = header0(2, 0, 4, 1, 0).appendInt(65537);

    assertThatThrownBy(() -> decoder.feed(wire)).isInstanceOf(RtmpProtocolException.class)
        .hasMessageContaining("chunk size");
  }

  @Test
  void refusesAMessageOverTheLimitBeforeHoldingIt() {
    Buffer wire = header0(4, 0, (1 << 20) + 1, 9, 1);

    assertThatThrownBy(() -> decoder.feed(wire)).isInstanceOf(RtmpProtocolException.class)
        .hasMessageContaining("over the limit");
  }

  @Test
  void refusesManyHalfMessagesThatTogetherGoOverTheLimit() {
    decoder.feed(header0(2, 0, 4, 1, 0).appendInt(65536));

    assertThatThrownBy(() -> {
      for (int csid = 3; csid < 60; csid++) {
        decoder.feed(header0(csid, 0, 1 << 20, 9, 1).appendBuffer(bytes(65536)));
      }
    }).isInstanceOf(RtmpProtocolException.class).hasMessageContaining("unfinished");
    assertThat(decoder.partialBytes()).isEqualTo(2L << 20);
  }

  @Test
  void refusesTooManyChunkStreams() {
    assertThatThrownBy(() -> {
      for (int csid = 64; csid < 64 + 256; csid++) {
        decoder.feed(Buffer.buffer().appendByte((byte) 0).appendByte((byte) (csid - 64)).appendMedium(0)
            .appendMedium(1).appendByte((byte) 8).appendIntLE(1).appendByte((byte) 0));
      }
    }).isInstanceOf(RtmpProtocolException.class).hasMessageContaining("too many chunk streams");
  }

  @Test
  void refusesAStreamThatBeginsWithoutAFullHeader() {
    assertThatThrownBy(() -> decoder.feed(Buffer.buffer(new byte[] {(byte) 0xC7, 1, 2})))
        .isInstanceOf(RtmpProtocolException.class);
  }

  @Test
  void refusesANewHeaderInTheMiddleOfAMessage() {
    Buffer wire = header0(4, 0, 200, 9, 1).appendBuffer(bytes(128)).appendBuffer(header0(4, 0, 10, 9, 1));

    assertThatThrownBy(() -> decoder.feed(wire)).isInstanceOf(RtmpProtocolException.class);
  }

  @Test
  void readsWhatItsEncoderWrites() {
    ChunkEncoder encoder = new ChunkEncoder();
    Buffer payload = bytes(5000);

    decoder.feed(encoder.encode(7, new RtmpMessage(9, 1, 0x01234567L, payload)));

    assertThat(got).containsExactly(new RtmpMessage(9, 1, 0x01234567L, payload));
  }

  private static Buffer header0(int csid, long timestamp, int length, int type, int streamId) {
    return Buffer.buffer().appendByte((byte) csid).appendMedium((int) timestamp).appendMedium(length)
        .appendByte((byte) type).appendIntLE(streamId);
  }

  private static Buffer bytes(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 7 + length);
    }
    return Buffer.buffer(bytes);
  }
}

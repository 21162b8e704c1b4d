package org.relais.hub.broadcast.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlvStreamTest {
  private final FlvStream stream = new FlvStream("key", SocketAddress.inetSocketAddress(1935, "127.0.0.1"));
  private final List<FlvTag> tags = new ArrayList<>();

  @Test
  void theFileHeaderNamesTheTracksTheMetadataAnnounces() {
    stream.accept(new RtmpMessage(RtmpMessage.DATA_AMF0, 1, 0,
        Amf0.encode("@setDataFrame", "onMetaData", new Amf0.EcmaArray(Map.of("videocodecid", 7.0)))), tags::add);

    assertThat(tags).extracting(FlvTag::kind).containsExactly(FlvTag.Kind.FILE_HEADER, FlvTag.Kind.METADATA);
    Buffer header = tags.get(0).bytes();
    assertThat(header.getString(0, 3)).isEqualTo("FLV");
    assertThat(header.getByte(4)).isEqualTo((byte) 0x01);
    // The tag carries onMetaData without the @setDataFrame the publisher wrapped it in.
    Buffer tag = tags.get(1).bytes();
    assertThat(tag.getByte(0)).isEqualTo((byte) 18);
    assertThat(Amf0.decodeAll(tag.getBuffer(11, tag.length() - 4)).get(0)).isEqualTo("onMetaData");
    assertThat(tag.getInt(tag.length() - 4)).isEqualTo(tag.length() - 4);
  }

  @Test
  void marksSequenceHeadersAsConfigAndKeyframesAsPlacesToResume() {
    stream.accept(video(0x17, 0), tags::add);
    stream.accept(audio(0xAF, 0), tags::add);
    stream.accept(video(0x17, 1), tags::add);
    stream.accept(video(0x27, 1), tags::add);
    stream.accept(audio(0xAF, 1), tags::add);

    assertThat(tags).extracting(FlvTag::kind).containsExactly(FlvTag.Kind.FILE_HEADER, FlvTag.Kind.VIDEO,
        FlvTag.Kind.AUDIO, FlvTag.Kind.VIDEO, FlvTag.Kind.VIDEO, FlvTag.Kind.AUDIO);
    assertThat(tags).extracting(FlvTag::config).containsExactly(true, true, true, false, false, false);
    assertThat(tags).extracting(FlvTag::keyframe).containsExactly(false, false, false, true, false, false);
    assertThat(tags.get(0).bytes().getByte(4)).isEqualTo((byte) 0x05);
    assertThat(stream.header()).isEqualTo(tags.get(0).bytes().copy()
        .appendBuffer(tags.get(1).bytes()).appendBuffer(tags.get(2).bytes()));
  }

  @Test
  void readsEnhancedRtmpVideoHeaders() {
    // HEVC ('hvc1'): sequence start (packet type 0) on a keyframe, then a coded frame (1).
    stream.accept(video(0x90, 'h'), tags::add);
    stream.accept(video(0x91, 'h'), tags::add);

    assertThat(tags.subList(1, 3)).extracting(FlvTag::config).containsExactly(true, false);
    assertThat(tags.subList(1, 3)).extracting(FlvTag::keyframe).containsExactly(false, true);
  }

  @Test
  void writesTimestampsPast24BitsInTheExtensionByte() {
    stream.accept(new RtmpMessage(RtmpMessage.AUDIO, 1, 0x12345678L, Buffer.buffer(new byte[] {0x2F, 1})), tags::add);

    Buffer tag = tags.get(1).bytes();
    assertThat(tag.getUnsignedMedium(4)).isEqualTo(0x345678);
    assertThat(tag.getUnsignedByte(7)).isEqualTo((short) 0x12);
  }

  private static RtmpMessage video(int first, int second) {
    return new RtmpMessage(RtmpMessage.VIDEO, 1, 40, Buffer.buffer(new byte[] {(byte) first, (byte) second, 0, 0, 0}));
  }

  private static RtmpMessage audio(int first, int second) {
    return new RtmpMessage(RtmpMessage.AUDIO, 1, 40, Buffer.buffer(new byte[] {(byte) first, (byte) second, 9}));
  }
}

package org.relais.hub.broadcast.rtmp;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A published stream turned into FLV: builds each tag from an RTMP audio, video or metadata message, and
 * keeps what a decoder needs to start (file header, onMetaData, AVC/HEVC/AAC sequence headers).
 */
public final class FlvStream {
  private static final int TAG_HEADER = 11;
  private static final int AUDIO_FLAG = 0x04;
  private static final int VIDEO_FLAG = 0x01;
  private static final int AAC = 10;
  private static final int AVC = 7;
  private static final int HEVC = 12;
  private static final int KEYFRAME = 1;
  private static final Buffer SET_DATA_FRAME = Amf0.encode("@setDataFrame");

  private final String key;
  private final SocketAddress publisher;
  private Buffer fileHeader;
  private Buffer metadata;
  private Buffer videoConfig;
  private Buffer audioConfig;
  private Tracks tracks = new Tracks(true, true);

  private record Tracks(boolean audio, boolean video) {
  }

  FlvStream(String key, SocketAddress publisher) {
    this.key = key;
    this.publisher = publisher;
  }

  /** The stream key the publisher gave (a secret: never log it). */
  public String key() {
    return key;
  }

  public SocketAddress publisher() {
    return publisher;
  }

  /**
   * What a decoder needs before frames, as FLV bytes: the file header, then the latest metadata and
   * codec sequence headers received. A consumer that restarts writes this, then tags from a keyframe.
   */
  public Buffer header() {
    Buffer header = fileHeader == null ? fileHeader(true, true) : fileHeader.copy();
    for (Buffer tag : new Buffer[] {metadata, videoConfig, audioConfig}) {
      if (tag != null) {
        header.appendBuffer(tag);
      }
    }
    return header;
  }

  /**
   * Hands on the FLV tag for a media or data message (nothing for one that has no place in FLV), after
   * the file header before the first one. The header says which tracks come: those the metadata names
   * when it comes first, as encoders send it, else both; a decoder would otherwise wait for a track
   * that never comes.
   */
  void accept(RtmpMessage message, Consumer<FlvTag> tags) {
    Buffer payload = message.payload();
    FlvTag tag = switch (message.type()) {
      case RtmpMessage.AUDIO -> audio(message.timestamp(), payload);
      case RtmpMessage.VIDEO -> video(message.timestamp(), payload);
      case RtmpMessage.DATA_AMF0 -> metadata(message.timestamp(), payload);
      default -> null;
    };
    if (tag == null) {
      return;
    }
    if (fileHeader == null) {
      fileHeader = tag.kind() == FlvTag.Kind.METADATA ? fileHeader(tracks.audio(), tracks.video()) : fileHeader(true, true);
      tags.accept(new FlvTag(FlvTag.Kind.FILE_HEADER, 0, fileHeader.copy(), false, true));
    }
    tags.accept(tag);
  }

  private static Buffer fileHeader(boolean audio, boolean video) {
    return Buffer.buffer(13).appendString("FLV").appendByte((byte) 1)
        .appendByte((byte) ((audio ? AUDIO_FLAG : 0) | (video ? VIDEO_FLAG : 0)))
        .appendInt(9).appendInt(0);
  }

  private FlvTag audio(long timestamp, Buffer payload) {
    if (payload.length() == 0) {
      return null;
    }
    boolean config = payload.length() >= 2 && (payload.getUnsignedByte(0) >>> 4) == AAC
        && payload.getUnsignedByte(1) == 0;
    Buffer tag = tag(RtmpMessage.AUDIO, timestamp, payload);
    if (config) {
      audioConfig = tag;
    }
    return new FlvTag(FlvTag.Kind.AUDIO, timestamp, tag, false, config);
  }

  private FlvTag video(long timestamp, Buffer payload) {
    if (payload.length() == 0) {
      return null;
    }
    int first = payload.getUnsignedByte(0);
    boolean config;
    int frameType;
    if ((first & 0x80) != 0) {
      // Enhanced RTMP (HEVC, AV1, VP9 from recent OBS): frame type in bits 4-6, packet type in bits 0-3.
      frameType = (first >>> 4) & 0x07;
      config = (first & 0x0F) == 0;
    } else {
      frameType = first >>> 4;
      int codec = first & 0x0F;
      config = (codec == AVC || codec == HEVC) && payload.length() >= 2 && payload.getUnsignedByte(1) == 0;
    }
    Buffer tag = tag(RtmpMessage.VIDEO, timestamp, payload);
    if (config) {
      videoConfig = tag;
    }
    return new FlvTag(FlvTag.Kind.VIDEO, timestamp, tag, frameType == KEYFRAME && !config, config);
  }

  private FlvTag metadata(long timestamp, Buffer payload) {
    Buffer data = payload;
    if (startsWith(payload, SET_DATA_FRAME)) {
      data = payload.getBuffer(SET_DATA_FRAME.length(), payload.length());
    }
    List<Object> values;
    try {
      values = Amf0.decodeAll(data);
    } catch (RtmpProtocolException e) {
      return null;
    }
    if (values.size() < 2 || !"onMetaData".equals(values.get(0))) {
      return null;
    }
    Map<?, ?> properties = values.get(1) instanceof Amf0.EcmaArray array ? array.entries()
        : values.get(1) instanceof Map<?, ?> map ? map : Map.of();
    boolean audio = properties.containsKey("audiocodecid");
    boolean video = properties.containsKey("videocodecid");
    tracks = audio || video ? new Tracks(audio, video) : new Tracks(true, true);
    Buffer tag = tag(RtmpMessage.DATA_AMF0, 0, data);
    metadata = tag;
    return new FlvTag(FlvTag.Kind.METADATA, 0, tag, false, true);
  }

  private static boolean startsWith(Buffer payload, Buffer prefix) {
    if (payload.length() < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (payload.getByte(i) != prefix.getByte(i)) {
        return false;
      }
    }
    return true;
  }

  private static Buffer tag(int type, long timestamp, Buffer data) {
    int size = data.length();
    return Buffer.buffer(TAG_HEADER + size + 4)
        .appendByte((byte) type)
        .appendMedium(size)
        .appendMedium((int) (timestamp & 0xFFFFFF))
        .appendByte((byte) (timestamp >>> 24))
        .appendMedium(0)
        .appendBuffer(data)
        .appendInt(TAG_HEADER + size);
  }
}

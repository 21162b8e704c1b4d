package org.relais.hub.broadcast.rtmp;

import io.vertx.core.buffer.Buffer;

/** Cuts our messages into chunks: a full header on the first, format 3 on the rest. */
final class ChunkEncoder {
  static final int CONTROL_CHUNK_STREAM = 2;
  static final int COMMAND_CHUNK_STREAM = 3;

  private int chunkSize = 128;

  void chunkSize(int size) {
    this.chunkSize = size;
  }

  Buffer encode(int chunkStreamId, RtmpMessage message) {
    Buffer payload = message.payload();
    boolean extended = message.timestamp() >= 0xFFFFFF;
    Buffer out = Buffer.buffer(payload.length() + 16 + payload.length() / chunkSize * 5);
    int offset = 0;
    do {
      int basic = offset == 0 ? 0x00 : 0xC0;
      if (chunkStreamId < 64) {
        out.appendByte((byte) (basic | chunkStreamId));
      } else {
        out.appendByte((byte) basic).appendByte((byte) (chunkStreamId - 64));
      }
      if (offset == 0) {
        out.appendMedium(extended ? 0xFFFFFF : (int) message.timestamp())
            .appendMedium(payload.length())
            .appendByte((byte) message.type())
            .appendIntLE((int) message.streamId());
      }
      if (extended) {
        out.appendUnsignedInt(message.timestamp());
      }
      int length = Math.min(chunkSize, payload.length() - offset);
      out.appendBuffer(payload, offset, length);
      offset += length;
    } while (offset < payload.length());
    return out;
  }
}

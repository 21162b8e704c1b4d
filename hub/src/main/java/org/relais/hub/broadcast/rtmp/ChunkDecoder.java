package org.relais.hub.broadcast.rtmp;

import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Puts a peer's RTMP chunks back together into messages: the four chunk header formats, extended
 * timestamps (repeated on format-3 chunks after a header that had one, as FFmpeg and librtmp send them),
 * interleaved chunk streams, Set Chunk Size and Abort. Bytes are fed as they come; nothing is allocated
 * for a message before its bytes arrive, and the limits bound what a peer can make us hold.
 */
final class ChunkDecoder {
  private static final int DEFAULT_CHUNK_SIZE = 128;
  private static final long EXTENDED = 0xFFFFFF;
  /** Chunk streams a peer may use at once: encoders use a handful. */
  static final int MAX_CHUNK_STREAMS = 64;

  private final int maxChunkSize;
  private final int maxMessageLength;
  private final Consumer<RtmpMessage> messages;
  private final Map<Integer, ChunkStream> streams = new HashMap<>();
  private Buffer pending = Buffer.buffer();
  private int chunkSize = DEFAULT_CHUNK_SIZE;
  private long partialBytes;

  ChunkDecoder(int maxChunkSize, int maxMessageLength, Consumer<RtmpMessage> messages) {
    this.maxChunkSize = maxChunkSize;
    this.maxMessageLength = maxMessageLength;
    this.messages = messages;
  }

  int chunkSize() {
    return chunkSize;
  }

  /** Bytes of messages begun but not finished, across chunk streams. */
  long partialBytes() {
    return partialBytes;
  }

  /** Reads every whole chunk in {@code bytes} and what was left from before; throws on a protocol breach. */
  void feed(Buffer bytes) {
    pending = pending.length() == 0 ? bytes : pending.appendBuffer(bytes);
    int pos = 0;
    while (true) {
      int used = chunkAt(pos);
      if (used == 0) {
        break;
      }
      pos += used;
    }
    pending = pos == pending.length() ? Buffer.buffer() : pending.getBuffer(pos, pending.length());
  }

  /** Reads the chunk at {@code start} of {@code pending}: its length, or 0 when it has not all come. */
  private int chunkAt(int start) {
    int available = pending.length() - start;
    if (available < 1) {
      return 0;
    }
    int first = pending.getUnsignedByte(start);
    int format = first >>> 6;
    int csid = first & 0x3F;
    int pos = start + 1;
    if (csid == 0) {
      if (available < 2) {
        return 0;
      }
      csid = 64 + pending.getUnsignedByte(pos);
      pos += 1;
    } else if (csid == 1) {
      if (available < 3) {
        return 0;
      }
      csid = 64 + pending.getUnsignedByte(pos) + 256 * pending.getUnsignedByte(pos + 1);
      pos += 2;
    }
    ChunkStream stream = streams.get(csid);
    if (stream == null) {
      if (format != 0) {
        throw new RtmpProtocolException("chunk stream " + csid + " begins without a full header");
      }
      if (streams.size() >= MAX_CHUNK_STREAMS) {
        throw new RtmpProtocolException("too many chunk streams");
      }
    }
    int headerLength = switch (format) {
      case 0 -> 11;
      case 1 -> 7;
      case 2 -> 3;
      default -> 0;
    };
    if (pending.length() - pos < headerLength) {
      return 0;
    }
    long timestampField = 0;
    long length = stream == null ? 0 : stream.length;
    int type = stream == null ? 0 : stream.type;
    long streamId = stream == null ? 0 : stream.streamId;
    if (format <= 2) {
      timestampField = pending.getUnsignedMedium(pos);
    }
    if (format <= 1) {
      length = pending.getUnsignedMedium(pos + 3);
      type = pending.getUnsignedByte(pos + 6);
    }
    if (format == 0) {
      streamId = Integer.toUnsignedLong(pending.getIntLE(pos + 7));
    }
    pos += headerLength;
    boolean extended = format <= 2 ? timestampField == EXTENDED : stream.extended;
    if (extended) {
      if (pending.length() - pos < 4) {
        return 0;
      }
      long extendedValue = pending.getUnsignedInt(pos);
      pos += 4;
      if (format <= 2) {
        timestampField = extendedValue;
      } else if (stream.received == 0) {
        timestampField = extendedValue;
      }
    }
    boolean continuation = stream != null && stream.received > 0;
    if (continuation && format != 3) {
      throw new RtmpProtocolException("chunk stream " + csid + " starts a message inside another");
    }
    if (length > maxMessageLength) {
      throw new RtmpProtocolException("message of " + length + " bytes is over the limit");
    }
    long remaining = length - (continuation ? stream.received : 0);
    int payloadLength = (int) Math.min(chunkSize, remaining);
    if (pending.length() - pos < payloadLength) {
      return 0;
    }
    if (partialBytes + payloadLength > 2L * maxMessageLength) {
      throw new RtmpProtocolException("too many unfinished messages");
    }
    // The whole chunk is here: only now does the stream's state change.
    if (stream == null) {
      stream = new ChunkStream();
      streams.put(csid, stream);
    }
    if (!continuation) {
      if (format == 0) {
        stream.timestamp = timestampField;
        stream.timestampField = timestampField;
      } else if (format == 3) {
        if (extended) {
          stream.timestampField = timestampField;
        }
        stream.timestamp = (stream.timestamp + stream.timestampField) & 0xFFFFFFFFL;
      } else {
        stream.timestampField = timestampField;
        stream.timestamp = (stream.timestamp + timestampField) & 0xFFFFFFFFL;
      }
      if (format <= 2) {
        stream.extended = extended;
      }
      stream.length = length;
      stream.type = type;
      stream.streamId = streamId;
      stream.body = Buffer.buffer((int) Math.min(length, 64 * 1024));
    }
    stream.body.appendBuffer(pending, pos, payloadLength);
    stream.received += payloadLength;
    partialBytes += payloadLength;
    pos += payloadLength;
    if (stream.received == stream.length) {
      Buffer body = stream.body;
      partialBytes -= stream.received;
      stream.received = 0;
      stream.body = null;
      deliver(new RtmpMessage(stream.type, stream.streamId, stream.timestamp, body));
    }
    return pos - start;
  }

  private void deliver(RtmpMessage message) {
    if (message.type() == RtmpMessage.SET_CHUNK_SIZE) {
      if (message.payload().length() < 4) {
        throw new RtmpProtocolException("short Set Chunk Size");
      }
      long size = message.payload().getUnsignedInt(0) & 0x7FFFFFFFL;
      if (size < 1 || size > maxChunkSize) {
        throw new RtmpProtocolException("chunk size " + size + " not accepted");
      }
      chunkSize = (int) size;
    } else if (message.type() == RtmpMessage.ABORT) {
      if (message.payload().length() < 4) {
        throw new RtmpProtocolException("short Abort");
      }
      long csid = message.payload().getUnsignedInt(0);
      ChunkStream stream = csid > Integer.MAX_VALUE ? null : streams.get((int) csid);
      if (stream != null && stream.received > 0) {
        partialBytes -= stream.received;
        stream.received = 0;
        stream.body = null;
      }
    } else {
      messages.accept(message);
    }
  }

  private static final class ChunkStream {
    long timestamp;
    /** The last header's timestamp field: absolute after format 0, a delta after 1 and 2; format 3 adds it again. */
    long timestampField;
    boolean extended;
    long length;
    int type;
    long streamId;
    long received;
    Buffer body;
  }
}

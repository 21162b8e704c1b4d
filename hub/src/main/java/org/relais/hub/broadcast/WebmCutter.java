package org.relais.hub.broadcast;

import io.vertx.core.buffer.Buffer;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Cuts a MediaRecorder WebM stream, as it arrives in chunks of any size, into its header (everything before
 * the first Cluster: EBML header, Segment, Info, Tracks) and media pieces, each piece starting at a Cluster
 * (a point a fresh ffmpeg can resume from) or continuing the previous one. A Cluster is found by its element
 * id; four bytes that merely look like one inside a frame only make an extra resume point.
 */
final class WebmCutter {
  private static final byte[] CLUSTER = {0x1F, 0x43, (byte) 0xB6, 0x75};
  /** A header beyond this is no MediaRecorder WebM. */
  static final int MAX_HEADER = 64 * 1024;

  private final Consumer<Buffer> header;
  private final BiConsumer<Buffer, Boolean> media;
  private Buffer pending = Buffer.buffer();
  private boolean headerDone;

  WebmCutter(Consumer<Buffer> header, BiConsumer<Buffer, Boolean> media) {
    this.header = header;
    this.media = media;
  }

  /** Feeds a chunk; false when no Cluster came within {@link #MAX_HEADER} bytes (not a WebM stream). */
  boolean feed(Buffer chunk) {
    Buffer data = pending.length() == 0 ? chunk : pending.copy().appendBuffer(chunk);
    pending = Buffer.buffer();
    int from = 0;
    if (!headerDone) {
      int first = indexOfCluster(data, 0);
      if (first < 0) {
        if (data.length() > MAX_HEADER) {
          return false;
        }
        pending = data;
        return true;
      }
      header.accept(data.getBuffer(0, first));
      headerDone = true;
      from = first;
    }
    // Keep the last three bytes back unless a piece ends there: a Cluster id may straddle two chunks.
    int end = Math.max(from, data.length() - (CLUSTER.length - 1));
    int start = from;
    boolean startsCluster = startsCluster(data, start);
    int next = indexOfCluster(data, start + 1);
    while (next >= 0 && next < end) {
      media.accept(data.getBuffer(start, next), startsCluster);
      start = next;
      startsCluster = true;
      next = indexOfCluster(data, start + 1);
    }
    if (start < end) {
      media.accept(data.getBuffer(start, end), startsCluster);
      start = end;
    }
    pending = data.getBuffer(start, data.length());
    return true;
  }

  private static boolean startsCluster(Buffer data, int at) {
    if (at + CLUSTER.length > data.length()) {
      return false;
    }
    for (int i = 0; i < CLUSTER.length; i++) {
      if (data.getByte(at + i) != CLUSTER[i]) {
        return false;
      }
    }
    return true;
  }

  static int indexOfCluster(Buffer data, int from) {
    for (int i = from; i + CLUSTER.length <= data.length(); i++) {
      if (data.getByte(i) == CLUSTER[0] && startsCluster(data, i)) {
        return i;
      }
    }
    return -1;
  }
}

package org.relais.hub.broadcast.rtmp;

import io.vertx.core.Future;

/**
 * Where a publisher's stream goes once its key is accepted. Called on the connection's event loop, in
 * order; the server reads nothing more from the publisher until the last write's future completes, so a
 * slow sink slows the publisher rather than filling memory.
 */
public interface FlvSink {
  /**
   * Called once before any write: the stream whose {@link FlvStream#header()} lets a consumer that
   * restarts (a new ffmpeg) begin again, then resume at the next {@link FlvTag#keyframe()}.
   */
  default void open(FlvStream stream) {
  }

  /** The next piece; the first is always the FLV file header. A failed future disconnects the publisher. */
  Future<Void> write(FlvTag tag);

  /** The publisher stopped or went away: no more writes. Called once. */
  void end();
}

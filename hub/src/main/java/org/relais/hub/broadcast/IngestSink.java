package org.relais.hub.broadcast;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Where an ingest (the studio's WebSocket, the RTMP server) hands its stream: to the sitting's ffmpeg.
 * <ul>
 * <li>{@link #header} once, before any media: the bytes every ffmpeg of this stream must read first (WebM: all
 * before the first Cluster; FLV: the file header, the metadata and the codec sequence headers). When ffmpeg
 * dies, the hub starts another, gives it the header again, then the media from the next resume point.</li>
 * <li>{@link #write}: media bytes in order; {@code resumePoint} when they begin a WebM Cluster or an FLV video
 * key-frame tag. The future completes once ffmpeg has room for more: wait for it before writing again
 * (back-pressure), or pause the source. It fails when the sink is closed.</li>
 * <li>{@link #close}: the source stopped (the socket closed, OBS disconnected). The sitting stays live; a new
 * ingest resumes it, with a discontinuity.</li>
 * </ul>
 * Used on the event loop of the Vert.x context that opened it.
 */
public interface IngestSink {
  void header(Buffer header);

  Future<Void> write(Buffer bytes, boolean resumePoint);

  Future<Void> close();

  /** Called with the hub's news for the sender: "receiving", "onAir", "restarting", "error". */
  void onEvent(java.util.function.Consumer<io.vertx.core.json.JsonObject> listener);
}

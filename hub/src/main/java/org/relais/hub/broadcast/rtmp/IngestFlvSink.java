package org.relais.hub.broadcast.rtmp;

import io.vertx.core.Future;
import org.relais.hub.broadcast.IngestSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An RTMP stream handed to a sitting's ingest. The ingest takes its header once, before any media, and
 * gives it to every ffmpeg it starts: so the metadata and codec sequence headers that open a stream are
 * held until the first frame, then go as one header; the frames follow, key frames marked as the places
 * a restarted ffmpeg resumes from.
 *
 * <p>The ingest says it stopped taking the stream with an "error" event (sitting ended, source replaced,
 * ffmpeg failing again and again): the next write fails and the publisher is disconnected. A write that
 * fails without it met an ffmpeg dying, which the ingest restarts: the encoder stays connected, and only
 * if writes keep failing for a long run of tags is it let go.
 */
final class IngestFlvSink implements FlvSink {
  private static final Logger LOG = LoggerFactory.getLogger(IngestFlvSink.class);
  /** About ten seconds of a 25 fps stream with its audio. */
  private static final int MAX_FAILED_IN_A_ROW = 500;

  private final IngestSink ingest;
  private FlvStream stream;
  private boolean headerSent;
  private String stopped;
  private int failedInARow;

  IngestFlvSink(IngestSink ingest) {
    this.ingest = ingest;
  }

  @Override
  public void open(FlvStream opened) {
    stream = opened;
    ingest.onEvent(event -> {
      String type = event.getString("type");
      LOG.info("RTMP publisher {}: {}", opened.publisher(), type);
      if ("error".equals(type)) {
        stopped = String.valueOf(event.getValue("reason"));
      }
    });
  }

  @Override
  public Future<Void> write(FlvTag tag) {
    if (stopped != null) {
      return Future.failedFuture("the broadcast stopped taking this stream (" + stopped + ")");
    }
    if (!headerSent) {
      if (tag.config()) {
        return Future.succeededFuture();
      }
      headerSent = true;
      ingest.header(stream.header());
    }
    return ingest.write(tag.bytes(), tag.keyframe()).transform(written -> {
      if (written.succeeded()) {
        failedInARow = 0;
        return Future.succeededFuture();
      }
      if (stopped != null || ++failedInARow > MAX_FAILED_IN_A_ROW) {
        return Future.failedFuture(written.cause());
      }
      return Future.succeededFuture();
    });
  }

  @Override
  public void end() {
    ingest.close();
  }
}

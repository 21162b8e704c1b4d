package org.relais.hub.broadcast.rtmp;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.OptionalInt;
import org.relais.hub.broadcast.BroadcastConfig;
import org.relais.hub.broadcast.BroadcastFeature;
import org.relais.hub.broadcast.IngestFormat;

/**
 * The RTMP ingest as the hub wires it: listens on {@code broadcast.rtmpHost}:{@code broadcast.rtmpPort}
 * (nothing when the port is -1 or ffmpeg is missing) and gives each stream whose key stands for a live
 * sitting to that sitting's broadcast. Started after the broadcasts, stopped before them.
 */
public final class RtmpIngest {
  private final BroadcastFeature broadcasts;
  private final RtmpServer server;
  private boolean listening;

  private RtmpIngest(BroadcastFeature broadcasts, RtmpServer server) {
    this.broadcasts = broadcasts;
    this.server = server;
  }

  public static RtmpIngest wire(Vertx vertx, BroadcastConfig config, BroadcastFeature broadcasts) {
    RtmpServer server = config.rtmpEnabled()
        ? new RtmpServer(vertx, RtmpConfig.of(config.rtmpHost(), config.rtmpPort()), key ->
            broadcasts.openIngestByKey(key, IngestFormat.FLV).map(IngestFlvSink::new))
        : null;
    return new RtmpIngest(broadcasts, server);
  }

  /** Listens, if RTMP is on and ffmpeg is there to take the streams (call after the broadcasts started). */
  public Future<Void> start() {
    if (server == null || !broadcasts.service().available()) {
      return Future.succeededFuture();
    }
    return server.start().onSuccess(port -> {
      listening = true;
      broadcasts.service().rtmpListening(port);
    }).mapEmpty();
  }

  /** The port RTMP listens on, if it does. */
  public OptionalInt port() {
    return listening ? OptionalInt.of(server.port()) : OptionalInt.empty();
  }

  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.stop();
  }
}

package org.relais.hub.broadcast.rtmp;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTMP ingest for encoders such as OBS Studio: {@code rtmp://host:port/live} with the sitting's stream
 * key as the stream name. The key is checked, through {@code streams}, before a single media byte goes
 * anywhere (ffmpeg's own RTMP listener does not enforce it); an accepted stream is remuxed to FLV and
 * handed to the sink the key resolved to. A failed future refuses the key: the client gets
 * NetStream.Publish.BadName and is disconnected.
 */
public final class RtmpServer {
  /** The one RTMP application name we serve. */
  public static final String APP = "live";
  private static final Logger LOG = LoggerFactory.getLogger(RtmpServer.class);

  private final Vertx vertx;
  private final RtmpConfig config;
  private final Function<String, Future<FlvSink>> streams;
  private final Set<RtmpConnection> connections = new HashSet<>();
  private final Map<String, Integer> perAddress = new HashMap<>();
  private NetServer server;

  public RtmpServer(Vertx vertx, RtmpConfig config, Function<String, Future<FlvSink>> streams) {
    this.vertx = vertx;
    this.config = config;
    this.streams = streams;
  }

  /** Listens; completes with the port (the one chosen when the configured port is 0). */
  public Future<Integer> start() {
    NetServerOptions options = new NetServerOptions().setHost(config.host()).setPort(config.port())
        .setTcpNoDelay(true).setIdleTimeout((int) config.idleTimeout().toMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    server = vertx.createNetServer(options).connectHandler(this::accept);
    return server.listen().map(listening -> {
      LOG.info("RTMP ingest listening on {}:{}", config.host(), listening.actualPort());
      return listening.actualPort();
    });
  }

  public int port() {
    return server.actualPort();
  }

  /** Stops listening and disconnects every client; their sinks end. */
  public Future<Void> stop() {
    if (server == null) {
      return Future.succeededFuture();
    }
    Future<Void> closed = server.close();
    synchronized (connections) {
      new ArrayList<>(connections).forEach(RtmpConnection::close);
    }
    return closed;
  }

  private void accept(NetSocket socket) {
    String address = socket.remoteAddress().hostAddress();
    synchronized (connections) {
      int fromThere = perAddress.getOrDefault(address, 0);
      if (connections.size() >= config.maxConnections() || fromThere >= config.maxConnectionsPerAddress()) {
        LOG.warn("RTMP connection from {} refused: {} connections already, {} from there", socket.remoteAddress(),
            connections.size(), fromThere);
        socket.close();
        return;
      }
      perAddress.put(address, fromThere + 1);
      RtmpConnection[] connection = new RtmpConnection[1];
      connection[0] = new RtmpConnection(vertx, socket, config, streams, () -> {
        synchronized (connections) {
          connections.remove(connection[0]);
          perAddress.computeIfPresent(address, (key, count) -> count > 1 ? count - 1 : null);
        }
      });
      connections.add(connection[0]);
    }
  }
}

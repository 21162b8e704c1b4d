package org.relais.hub.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Serves a router. Deployed once per core; instances share the port (a random one for port 0). Requests
 * under {@code socketPaths} go to {@code sockets}, a router of this instance alone: Vert.x's event-bus
 * bridges keep their sockets in plain maps, so each event loop gets bridges of its own.
 */
public final class HttpServerVerticle extends VerticleBase {
  static final int MAX_WEBSOCKET_MESSAGE = 80 * 1024;
  private final HttpConfig config;
  private final Router router;
  private final Router sockets;
  private final List<String> socketPaths;
  private HttpServer server;

  public HttpServerVerticle(HttpConfig config, Router router) {
    this(config, router, router, List.of());
  }

  public HttpServerVerticle(HttpConfig config, Router router, Router sockets, List<String> socketPaths) {
    this.config = config;
    this.router = router;
    this.sockets = sockets;
    this.socketPaths = List.copyOf(socketPaths);
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        // Room messages carry an SDP of up to 64 KiB, in a JSON frame of the bridge's.
        .setMaxWebSocketFrameSize(MAX_WEBSOCKET_MESSAGE)
        .setMaxWebSocketMessageSize(MAX_WEBSOCKET_MESSAGE)
        .setHost(config.host())
        .setCompressionSupported(true)
        .setMaxFormAttributeSize(config.maxBodyBytes())
        .setIdleTimeout(120);
    // A negative port asks Vert.x for one random port shared by every instance of the deployment.
    int port = config.port() == 0 ? -1 : config.port();
    return vertx.createHttpServer(options).invalidRequestHandler(FailureHandler::invalidRequest)
        .requestHandler(request -> (isSocket(request.path()) ? sockets : router).handle(request)).listen(port)
        .onSuccess(bound -> server = bound);
  }

  private boolean isSocket(String path) {
    for (String prefix : socketPaths) {
      if (path.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Stops taking connections and lets the open ones finish, for at most {@code grace}: an HTTP/1.1 connection
   * closes once the answer under way is written. WebSockets are left to their owners to close; whatever is
   * still open at the end of the grace is cut.
   */
  public Future<Void> drain(Duration grace) {
    return server == null ? Future.succeededFuture() : server.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  public int actualPort() {
    return server.actualPort();
  }
}

package org.relais.hub.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/** Serves a router. Deployed once per core; instances share the port (a random one for port 0). */
public final class HttpServerVerticle extends VerticleBase {
  static final int MAX_WEBSOCKET_MESSAGE = 80 * 1024;
  private final HttpConfig config;
  private final Router router;
  private HttpServer server;

  public HttpServerVerticle(HttpConfig config, Router router) {
    this.config = config;
    this.router = router;
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
        .requestHandler(router).listen(port)
        .onSuccess(bound -> server = bound);
  }

  public int actualPort() {
    return server.actualPort();
  }
}

package org.relais.loadtest.hub;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.relais.loadtest.http.HttpAnswer;

/**
 * A baseline route: answers, from memory, the status, headers and bytes of one response captured from
 * a real route. Mounted on the hub's own router, it passes through the same handlers before it (access
 * log, security headers), so the difference with the real route is the real route's own work.
 */
public final class ReplayedResponse implements Handler<RoutingContext> {
  /** Headers the server sets itself for each response. */
  private static final Set<String> PER_RESPONSE = Set.of("content-length", "connection", "keep-alive",
      "transfer-encoding", "date");

  private record Replay(int status, List<Header> headers, Buffer body) {}

  private record Header(String name, List<String> values) {}

  private volatile Replay replay;

  /** From now on, answers {@code answer}. */
  public void capture(HttpAnswer answer) {
    MultiMap headers = answer.headers();
    List<Header> kept = headers.names().stream()
        .filter(name -> !PER_RESPONSE.contains(name.toLowerCase(Locale.ROOT)))
        .map(name -> new Header(name, List.copyOf(headers.getAll(name))))
        .collect(Collectors.toList());
    replay = new Replay(answer.status(), List.copyOf(kept), answer.body().copy());
  }

  @Override
  public void handle(RoutingContext ctx) {
    Replay current = replay;
    if (current == null) {
      ctx.response().setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain")
          .end("Nothing captured yet");
      return;
    }
    MultiMap headers = ctx.response().setStatusCode(current.status()).headers();
    for (Header header : current.headers()) {
      headers.set(header.name(), header.values());
    }
    ctx.response().end(current.body());
  }
}

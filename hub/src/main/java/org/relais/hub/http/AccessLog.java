package org.relais.hub.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request. Join and manage tokens travel in paths, so path segments after {@code /j/}, {@code /r/} and
 * {@code /join/} are masked and query strings are never written.
 */
public final class AccessLog implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger("relais.access");
  private static final Pattern TOKEN_SEGMENT = Pattern.compile("(/(?:j|join|r|manage|tickets?)/)[^/]+");

  private final ClientAddress clientAddress;

  public AccessLog(ClientAddress clientAddress) {
    this.clientAddress = clientAddress;
  }

  public static String maskedPath(String path) {
    return path == null ? "" : TOKEN_SEGMENT.matcher(path).replaceAll("$1***");
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!LOG.isInfoEnabled()) {
      ctx.next();
      return;
    }
    long started = System.nanoTime();
    ctx.addBodyEndHandler(v -> LOG.info("{} {} {}{} {} {}B {}ms",
        clientAddress.of(ctx),
        ctx.request().method(),
        maskedPath(ctx.request().path()),
        ctx.request().query() == null ? "" : "?…",
        ctx.response().getStatusCode(),
        ctx.response().bytesWritten(),
        (System.nanoTime() - started) / 1_000_000));
    ctx.next();
  }
}

package org.relais.hub.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads an API request's body into memory as bytes, up to {@code maxBytes}, whatever its method and media
 * type; what it may hold is decided per operation ({@link StrictJson}, then the contract). Vert.x's
 * BodyHandler decodes forms, which Vert.x refuses for GET and HEAD with an exception (a 500); the API takes
 * no form, so it never decodes one. A failure while reading (a broken chunk, a closed connection) goes
 * to the failure handler as it came.
 */
final class BodyReader implements Handler<RoutingContext> {
  private static final String BODY = BodyReader.class.getName();

  private final int maxBytes;

  BodyReader(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The bytes read, or null when the request had no body. */
  static Buffer body(RoutingContext ctx) {
    return ctx.get(BODY);
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    long declared = contentLength(request);
    if (request.isEnded() || declared < 0 && !request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
      ctx.next();
      return;
    }
    if (declared > maxBytes) {
      ctx.fail(413);
      return;
    }
    String expect = request.getHeader(HttpHeaders.EXPECT);
    if (expect != null) {
      if (!expect.equalsIgnoreCase("100-continue")) {
        ctx.fail(417);
        return;
      }
      if (request.version() != HttpVersion.HTTP_1_0) {
        ctx.response().writeContinue();
      }
    }
    Buffer body = Buffer.buffer();
    boolean[] tooLarge = {false};
    request.exceptionHandler(ctx::fail)
        .handler(chunk -> {
          if (tooLarge[0]) {
            return;
          }
          if (body.length() + chunk.length() > maxBytes) {
            tooLarge[0] = true;
            ctx.fail(413);
          } else {
            body.appendBuffer(chunk);
          }
        })
        .endHandler(end -> {
          if (!tooLarge[0]) {
            ctx.put(BODY, body);
            ctx.next();
          }
        })
        .resume();
  }

  private static long contentLength(HttpServerRequest request) {
    String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.strip());
    } catch (NumberFormatException e) {
      // Netty refuses a malformed length before any route sees the request.
      return -1;
    }
  }
}

package org.relais.hub.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.ValidatorException;
import java.io.IOException;
import java.util.UUID;
import org.relais.hub.storage.SqlErrors;
import org.relais.hub.validation.InvalidFieldException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become answers: problem+json for the API, an HTML page for browsers.
 * Expected failures carry their problem; anything else is a 500 with an incident id and nothing more.
 */
public final class FailureHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

  /** Renders an error page for a browser; pages install one, the API never needs it. */
  public interface HtmlErrors {
    void render(RoutingContext ctx, Problem problem);
  }

  private final HtmlErrors htmlErrors;

  public FailureHandler(HtmlErrors htmlErrors) {
    this.htmlErrors = htmlErrors;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof HttpClosedException || goneMidAnswer(ctx, failure)) {
      // The client went away, before its request was read or while its answer was written (a player moving on
      // to the next segment): nobody to answer, nothing gone wrong here.
      return;
    }
    if (failure != null && thrownByNettysDecoder(failure)) {
      answerBrokenFraming(ctx);
      return;
    }
    answer(ctx, toProblem(ctx));
  }

  /** The answer was being written when the client closed its end: the connection is closed, or said so. */
  public static boolean goneMidAnswer(RoutingContext ctx, Throwable failure) {
    if (ctx.response().headWritten() && ctx.response().closed()) {
      return true;
    }
    String message = failure instanceof IOException ? failure.getMessage() : null;
    return message != null && (message.contains("Broken pipe") || message.contains("Connection reset"));
  }

  /** A request whose body Netty could not decode (an invalid chunk size, say): the client's fault. */
  private static boolean thrownByNettysDecoder(Throwable failure) {
    StackTraceElement[] trace = failure.getStackTrace();
    return trace.length > 0 && trace[0].getClassName().startsWith("io.netty.handler.codec.");
  }

  /**
   * Vert.x closes the connection as soon as the failure is handled, dropping the answer it has not sent
   * yet; closing it here sends the answer first.
   */
  private void answerBrokenFraming(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    answer(ctx, new Problem("invalid-request", "Invalid request", 400,
        "The request is not well-formed HTTP (its body's framing is broken)", null));
    if (!ctx.request().isEnded()) {
      ctx.request().connection().close();
    }
  }

  /**
   * Answers {@code status} for a request the router refuses before any route runs (a path that is not
   * properly percent-encoded): such a context carries neither the failure nor the status.
   */
  public Handler<RoutingContext> status(int status) {
    return ctx -> answer(ctx, forStatus(status));
  }

  /**
   * Answers a request the HTTP server could not read (request line or headers over its limits). The
   * connection cannot serve another request, so the answer asks the client to close it; closing it here
   * would reset it under the unread rest of the request, and the client could lose this answer. A client
   * that keeps it open is dropped after the idle timeout.
   */
  static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status = cause instanceof TooLongHttpLineException ? 414
        : cause instanceof TooLongHttpHeaderException ? 431 : 400;
    request.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.CONTENT_TYPE)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
        .end(forStatus(status).toJson().toBuffer());
  }

  private void answer(RoutingContext ctx, Problem problem) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    HttpServerResponse response = ctx.response();
    if (problem.extensions().get("retryAfter") != null) {
      response.putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(problem.extensions().get("retryAfter")));
    }
    if (problem.status() == 401) {
      response.putHeader("WWW-Authenticate", "Bearer");
    }
    if (wantsHtml(ctx)) {
      htmlErrors.render(ctx, problem);
      return;
    }
    response.setStatusCode(problem.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.CONTENT_TYPE)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(problem.toJson().toBuffer());
  }

  static Problem toProblem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ProblemException e) {
      return e.problem();
    }
    if (failure instanceof InvalidFieldException e) {
      return new Problem("invalid-value", "Invalid value", 422, e.getMessage(), e.field());
    }
    if (failure instanceof HttpException http) {
      if (http.getCause() instanceof ValidatorException validation) {
        return ContractViolations.toProblem(validation);
      }
      if (http.getCause() instanceof ProblemException e) {
        return e.problem();
      }
      return forStatus(http.getStatusCode());
    }
    if (failure instanceof ValidatorException validation) {
      return ContractViolations.toProblem(validation);
    }
    if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() != 500) {
      return forStatus(ctx.statusCode());
    }
    if (SqlErrors.isUnavailable(failure)) {
      return new Problem("database-unavailable", "Service unavailable", 503,
          "The hub cannot reach its database just now; try again in a moment", null);
    }
    String incident = UUID.randomUUID().toString();
    LOG.error("Incident {} on {} {}", incident, ctx.request().method(), AccessLog.maskedPath(ctx.request().path()),
        failure);
    return new Problem("internal-error", "Internal error", 500,
        "Something went wrong on our side; the incident was logged", null).with("incident", incident);
  }

  static Problem forStatus(int status) {
    return switch (status) {
      case 400 -> new Problem("invalid-request", "Invalid request", 400, "The request is malformed", null);
      case 401 -> ProblemException.unauthorized().problem();
      case 403 -> ProblemException.forbidden("Your role does not allow this").problem();
      case 404 -> ProblemException.notFound("No such resource").problem();
      case 405 -> new Problem("method-not-allowed", "Method not allowed", 405,
          "This resource does not accept that method", null);
      case 413 -> new Problem("payload-too-large", "Payload too large", 413, "The request body is too large", "body");
      case 414 -> new Problem("uri-too-long", "URI too long", 414, "The request URL is too long", null);
      case 415 -> new Problem("unsupported-media-type", "Unsupported media type", 415,
          "Send the body as application/json", "Content-Type");
      case 429 -> new Problem("too-many-requests", "Too many requests", 429, "Slow down and retry later", null);
      case 431 -> new Problem("headers-too-large", "Request headers too large", 431,
          "The request headers are too large", null);
      default -> new Problem("http-" + status, "HTTP " + status, status, null, null);
    };
  }

  private static boolean wantsHtml(RoutingContext ctx) {
    String path = ctx.request().path();
    if (path == null || path.startsWith("/api/") || path.startsWith("/eventbus")) {
      return false;
    }
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    return accept != null && accept.contains("text/html");
  }
}

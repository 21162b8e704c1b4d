package org.relais.hub.join;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import org.relais.hub.schedule.SittingService;

/**
 * {@code /j/{token}/events}: a join page follows, as server-sent events, what its link opens now ({@code
 * event: state}, {@code data: OPEN}...): the state as the page connects, then again each time a sitting
 * of its session starts, ends or is cancelled. The waiting page turns into the room when the instructor
 * starts, the room says it is over when they end, without anyone reloading by hand.
 */
public final class JoinEvents {
  /** Comments this often keep the stream alive through the server's and proxies' idle limits. */
  static final Duration KEEP_ALIVE = Duration.ofSeconds(50);
  /** How long a browser waits before reconnecting a broken stream. */
  static final Duration RETRY = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final JoinService join;
  private final SittingWatchers watchers;

  public JoinEvents(Vertx vertx, JoinService join, SittingService sittings) {
    this.vertx = vertx;
    this.join = join;
    this.watchers = new SittingWatchers(vertx, sittings::forget);
  }

  public void mount(Router router) {
    router.get("/j/:token/events").handler(this::events);
  }

  private void events(RoutingContext ctx) {
    join.verify(ctx.pathParam("token"))
        .recover(failure -> Future.failedFuture(failure instanceof JoinTokens.InvalidJoinToken
            ? JoinRoutes.unknownLink() : failure))
        .compose(claims -> join.open(claims).map(view -> {
          HttpServerResponse response = ctx.response()
              .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
              .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
              // Tells a buffering proxy (nginx) to pass each event on as it comes.
              .putHeader("X-Accel-Buffering", "no")
              .setChunked(true);
          response.write("retry: " + RETRY.toMillis() + "\n\n");
          send(response, view);
          Runnable stop = watchers.watch(claims.sessionId(), () -> join.open(claims)
              .onSuccess(changed -> send(response, changed)));
          long keepAlive = vertx.setPeriodic(KEEP_ALIVE.toMillis(), id -> response.write(":\n\n"));
          response.closeHandler(closed -> {
            vertx.cancelTimer(keepAlive);
            stop.run();
          });
          return view;
        }))
        .onFailure(ctx::fail);
  }

  private static void send(HttpServerResponse response, JoinView view) {
    if (!response.closed()) {
      response.write("event: state\ndata: " + view.state().name() + "\n\n");
    }
  }
}

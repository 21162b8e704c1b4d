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
 * of its session starts, ends or is cancelled, and each time its holder changes (a registration cancelled or
 * erased: the link is revoked, and the open page says so at once). The waiting page turns into the room when the
 * instructor starts, the room says it is over when they end, without anyone reloading by hand.
 */
public final class JoinEvents {
  /** Comments this often keep the stream alive through the server's and proxies' idle limits. */
  static final Duration KEEP_ALIVE = Duration.ofSeconds(50);
  /** How long a browser waits before reconnecting a broken stream. */
  static final Duration RETRY = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final JoinService join;
  private final SittingWatchers watchers;
  private final JoinSubjects subjects;
  private final JoinReplays replays;

  public JoinEvents(Vertx vertx, JoinService join, SittingService sittings, JoinSubjects subjects,
      JoinReplays replays) {
    this.vertx = vertx;
    this.join = join;
    this.subjects = subjects;
    this.replays = replays;
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
          String token = ctx.pathParam("token");
          send(response, token, view);
          Runnable resend = () -> join.open(claims).onSuccess(changed -> send(response, token, changed));
          Runnable stopSittings = watchers.watch(claims.sessionId(), resend);
          Runnable stopHolder = subjects.watch(SubjectKind.of(claims.role()), claims.subjectId(), resend);
          Runnable stop = () -> {
            stopSittings.run();
            stopHolder.run();
          };
          long keepAlive = vertx.setPeriodic(KEEP_ALIVE.toMillis(), id -> response.write(":\n\n"));
          response.closeHandler(closed -> {
            vertx.cancelTimer(keepAlive);
            stop.run();
          });
          return view;
        }))
        .onFailure(ctx::fail);
  }

  /** What the page follows: its link's state, and whether it shows the replay. */
  private void send(HttpServerResponse response, String token, JoinView view) {
    replays.shownOn(token, view).onSuccess(replay -> {
      if (!response.closed()) {
        response.write("event: state\ndata: " + JoinReplays.followed(view, replay) + "\n\n");
      }
    });
  }
}

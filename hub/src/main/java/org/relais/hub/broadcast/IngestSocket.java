package org.relais.hub.broadcast;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.relais.hub.http.ProblemException;
import org.relais.hub.signalling.Tickets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The studio's stream: a WebSocket opened with a single-use ticket, binary messages of a MediaRecorder WebM
 * (each at most 64 KiB: the studio splits larger chunks), text messages from the hub ({@code receiving},
 * {@code onAir}, {@code restarting}, {@code error}). The socket is read only as fast as ffmpeg takes the stream.
 * A bad ticket gets a 404 before any socket opens. A stream the hub will not take again (an {@code error}) is
 * closed as {@link #REFUSED}; one this node stopped taking because it stops is closed as going away, and the
 * studio dials again.
 */
final class IngestSocket {
  private static final Logger LOG = LoggerFactory.getLogger(IngestSocket.class);
  /** The close code of a stream that is no WebM, or that the broadcast stopped taking. */
  static final short REFUSED = 4400;
  static final short GOING_AWAY = 1001;

  private final BroadcastService broadcasts;
  private final Tickets tickets;

  IngestSocket(BroadcastService broadcasts, Tickets tickets) {
    this.broadcasts = broadcasts;
    this.tickets = tickets;
  }

  void accept(RoutingContext ctx) {
    String ticket = ctx.request().getParam("ticket");
    Context connection = Vertx.currentContext();
    ctx.request().pause();
    tickets.redeemGrant(BroadcastRoutes.TICKETS, ticket).compose(grant -> {
      if (grant.isEmpty()) {
        throw ProblemException.notFound("No such ticket");
      }
      UUID sessionId = UUID.fromString(grant.get().getString("sessionId"));
      LocalDate date = LocalDate.parse(grant.get().getString("date"));
      Instant closesAt = Instant.ofEpochMilli(grant.get().getLong("closesAt"));
      return broadcasts.openIngest(sessionId, date, closesAt, IngestFormat.WEBM)
          .compose(sink -> upgrade(connection, ctx, sink, sessionId));
    }).onFailure(failure -> {
      if (!ctx.response().headWritten()) {
        ctx.request().resume();
        ctx.fail(failure instanceof ProblemException ? failure : ProblemException.notFound("No such ticket"));
      }
    });
  }

  /**
   * Upgrades on the connection's own event loop, its handlers set in the same turn: upgraded from another thread,
   * the studio's first messages, sent the moment it is told yes, could come before them and be lost.
   */
  private static Future<ServerWebSocket> upgrade(Context connection, RoutingContext ctx, IngestSink sink,
      UUID sessionId) {
    Promise<ServerWebSocket> upgraded = Promise.promise();
    connection.runOnContext(v -> ctx.request().toWebSocket().onFailure(failed -> sink.close())
        .map(socket -> {
          pipe(socket, sink, sessionId);
          return socket;
        })
        .onComplete(upgraded));
    return upgraded.future();
  }

  private static void pipe(ServerWebSocket socket, IngestSink sink, UUID sessionId) {
    // Why the broadcast refused this stream for good, once it said so: a write that fails after it is no reason to
    // dial again.
    AtomicReference<String> refusal = new AtomicReference<>();
    sink.onEvent(event -> {
      if ("error".equals(event.getString("type"))) {
        refusal.set(event.getString("reason"));
      }
      if (!socket.isClosed()) {
        socket.writeTextMessage(event.encode());
      }
      if (refusal.get() != null && !socket.isClosed()) {
        socket.close(REFUSED, refusal.get());
      }
    });
    List<Future<Void>> pieces = new ArrayList<>();
    WebmCutter cutter = new WebmCutter(sink::header, (piece, resumePoint) -> pieces.add(sink.write(piece,
        resumePoint)));
    socket.binaryMessageHandler(chunk -> {
      pieces.clear();
      if (!cutter.feed(chunk)) {
        LOG.warn("Broadcast of {}: the studio's stream is not WebM; closed", sessionId);
        socket.writeTextMessage(new JsonObject().put("type", "error").put("reason", "not-webm").encode());
        socket.close(REFUSED, "not webm");
        return;
      }
      if (!pieces.isEmpty()) {
        // Read no more until ffmpeg has taken these: the browser's buffer holds the rest.
        socket.pause();
        Future.all(new ArrayList<>(pieces)).onComplete(done -> {
          if (done.succeeded()) {
            socket.resume();
          } else if (!socket.isClosed()) {
            String refused = refusal.get();
            socket.close(refused == null ? GOING_AWAY : REFUSED, refused == null ? "going away" : refused);
          }
        });
      }
    });
    socket.textMessageHandler(text -> { });
    socket.closeHandler(closed -> sink.close());
    socket.exceptionHandler(failure -> LOG.debug("Broadcast socket of {}: {}", sessionId, failure.toString()));
  }
}

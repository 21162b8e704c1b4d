package org.relais.hub.network;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import org.relais.hub.http.ProblemException;
import org.relais.hub.pages.Messages;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.staffapp.StaffArea;
import org.relais.hub.staffapp.StaffPages;

/**
 * The network at a glance ({@code /staff}) for its coordinators and admins, and its live updates: a stream of
 * server-sent events ({@code /staff/network/events}) on the page's own session, each event the page's live
 * parts as they now stand, sent only when they changed for this page. A stream lasts a few minutes; the
 * browser opens the next one by itself, through the session check again, so a signed-out or changed account
 * stops getting updates.
 */
public final class NetworkPages implements StaffArea.Section {
  static final String PATH = "/staff/";
  /** Comments keep proxies and the server's idle timeout from closing a quiet stream. */
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(25);
  private static final Duration STREAM_LIFETIME = Duration.ofMinutes(10);
  private static final int RETRY_MILLIS = 5_000;

  private final NetworkBoard board;
  private final StaffPages pages;

  public NetworkPages(NetworkBoard board, StaffPages pages) {
    this.board = board;
    this.pages = pages;
  }

  @Override
  public void mount(Router staff) {
    staff.get("/").handler(this::page);
    staff.get("/network/events").handler(this::events);
  }

  private NetworkQuery query(RoutingContext ctx) {
    NetworkQuery query = NetworkQuery.parse(ctx.request().getParam("week"), ctx.request().getParam("centre"),
        ctx.request().getParam("theme"), board.thisMonday());
    StaffPrincipal viewer = StaffPages.principal(ctx);
    if (query.centreId() != null && !viewer.coordinates(query.centreId())) {
      throw ProblemException.forbidden("You do not coordinate this centre");
    }
    return query;
  }

  private NetworkView view(RoutingContext ctx, NetworkBoard.Snapshot snapshot, NetworkQuery query) {
    String language = pages.language(ctx);
    return new NetworkView(snapshot, StaffPages.principal(ctx), query, pages.pages().messages().of(language),
        Messages.locale(language));
  }

  private void page(RoutingContext ctx) {
    NetworkQuery query = query(ctx);
    board.snapshot(StaffPages.principal(ctx), query.monday())
        .compose(snapshot -> pages.render(ctx, 200, "staff-network", view(ctx, snapshot, query).page(PATH)))
        .onFailure(ctx::fail);
  }

  private void events(RoutingContext ctx) {
    NetworkQuery query = query(ctx);
    StaffPrincipal viewer = StaffPages.principal(ctx);
    Context context = ctx.vertx().getOrCreateContext();
    Stream stream = new Stream(ctx.response());
    Runnable unfollow = board.follow(viewer, query.monday(), context,
        snapshot -> stream.send(view(ctx, snapshot, query).live()));
    HttpServerResponse response = ctx.response()
        .setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        // Compressed, an event could wait in the compressor's buffer.
        .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
    long keepAlive = ctx.vertx().setPeriodic(KEEP_ALIVE.toMillis(), id -> stream.comment());
    long lifetime = ctx.vertx().setTimer(STREAM_LIFETIME.toMillis(), id -> response.end());
    // Ended by its lifetime, or cut by the browser: either way the page follows nothing more.
    Handler<Void> over = done -> {
      unfollow.run();
      ctx.vertx().cancelTimer(keepAlive);
      ctx.vertx().cancelTimer(lifetime);
    };
    response.closeHandler(over).endHandler(over);
    response.write("retry: " + RETRY_MILLIS + "\n\n");
    board.snapshot(viewer, query.monday())
        .onSuccess(snapshot -> context.runOnContext(go -> stream.send(view(ctx, snapshot, query).live())))
        .onFailure(e -> response.end());
  }

  /** One page's stream: sends the live parts when they differ from what it sent last; never queues behind. */
  private static final class Stream {
    private final HttpServerResponse response;
    private String sent;
    private String waiting;

    Stream(HttpServerResponse response) {
      this.response = response;
      response.drainHandler(drained -> {
        if (waiting != null) {
          String latest = waiting;
          waiting = null;
          write(latest);
        }
      });
    }

    void send(Map<String, Object> live) {
      String json = new JsonObject(live).encode();
      if (response.ended() || json.equals(sent)) {
        return;
      }
      if (response.writeQueueFull()) {
        // A slow reader gets the latest state when it catches up, not every state in between.
        waiting = json;
        return;
      }
      write(json);
    }

    private void write(String json) {
      sent = json;
      response.write("event: network\ndata: " + json + "\n\n");
    }

    void comment() {
      if (!response.ended() && !response.writeQueueFull()) {
        response.write(":\n\n");
      }
    }
  }
}

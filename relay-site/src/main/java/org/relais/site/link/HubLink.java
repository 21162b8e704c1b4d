package org.relais.site.link;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.relais.protocol.Addresses;
import org.relais.protocol.site.FamilyCall;
import org.relais.protocol.site.InvalidSiteMessage;
import org.relais.protocol.site.SiteEvent;
import org.relais.protocol.site.SiteMessage;
import org.relais.protocol.site.SiteSchedule;
import org.relais.site.journal.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's link to the hub, dialled out (centres sit behind NAT) over the hub's live bridge: a
 * ticket bought with the site's credential, then a WebSocket speaking the bridge's JSON frames. On
 * each connection: listen on the site's inbox, say hello, send heartbeats, forward the journal's
 * unacknowledged events in order, a batch at a time. When the link drops, it dials again after a
 * pause that doubles up to a ceiling, with full jitter, so a hub coming back is not hit by every
 * centre at once.
 */
public final class HubLink extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HubLink.class);
  static final Duration BACKOFF_BASE = Duration.ofMillis(500);
  static final Duration BACKOFF_CAP = Duration.ofSeconds(60);
  private static final Duration ACK_WAIT = Duration.ofSeconds(10);
  private static final int BATCH = 100;
  /**
   * The hub cuts a link that sends more frames than its budget (live.framesPerSecond, 20 by default):
   * a backlog drains at ten batches a second at most, 1,000 events, however fast the acknowledgements.
   */
  static final Duration BATCH_SPACING = Duration.ofMillis(100);

  /** Where the link stands, since when, and how many events wait for the hub. */
  public record Status(LinkState state, Instant since, Instant lastOnline, int pending) {}

  private final Enrolment enrolment;
  private final Journal journal;
  private final Consumer<SiteSchedule> onSchedule;
  private final Consumer<List<FamilyCall>> onFamilyCalls;
  private final Consumer<Status> onStatus;
  private final Clock clock;
  private final String version;
  private WebClient http;
  private WebSocketClient sockets;
  private WebSocket socket;
  private LinkState state = LinkState.OFFLINE;
  private Instant since;
  private Instant lastOnline;
  private int attempt;
  private long heartbeatTimer = -1;
  private long retryTimer = -1;
  private long batchSentAt = -1;
  private long lastBatchAt = -1;
  private long spacingTimer = -1;
  private boolean stopping;

  public HubLink(Enrolment enrolment, Journal journal, Consumer<SiteSchedule> onSchedule,
      Consumer<List<FamilyCall>> onFamilyCalls, Consumer<Status> onStatus, Clock clock, String version) {
    this.enrolment = enrolment;
    this.journal = journal;
    this.onSchedule = onSchedule;
    this.onFamilyCalls = onFamilyCalls;
    this.onStatus = onStatus;
    this.clock = clock;
    this.version = version;
    this.since = clock.instant();
  }

  @Override
  public Future<?> start() {
    http = WebClient.create(vertx);
    sockets = vertx.createWebSocketClient();
    dial();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(heartbeatTimer);
    vertx.cancelTimer(retryTimer);
    vertx.cancelTimer(spacingTimer);
    Future<Void> closed = socket == null ? Future.succeededFuture() : socket.close((short) 1000, "relay stopping");
    return closed.transform(done -> sockets.close()).onComplete(done -> http.close());
  }

  /** Something was journaled: send it now if the link is up. */
  public void recorded() {
    context.runOnContext(v -> forward());
  }

  public Status status() {
    return new Status(state, since, lastOnline, journal.pendingCount());
  }

  private void dial() {
    if (stopping || state == LinkState.REVOKED) {
      return;
    }
    move(LinkState.CONNECTING);
    http.postAbs(enrolment.api("/site-link/ticket").toString())
        .bearerTokenAuthentication(enrolment.credential())
        .timeout(10_000)
        .send()
        .compose(this::open)
        .onSuccess(this::linked)
        .onFailure(e -> {
          if (state != LinkState.REVOKED) {
            LOG.info("Hub unreachable ({}); trying again", e.getMessage());
            dropped();
          }
        });
  }

  private Future<WebSocket> open(HttpResponse<Buffer> ticket) {
    if (ticket.statusCode() == 401) {
      revoked();
      return Future.failedFuture("the hub no longer knows this relay's credential");
    }
    if (ticket.statusCode() != 201) {
      return Future.failedFuture("ticket refused with status " + ticket.statusCode());
    }
    JsonObject answer = ticket.bodyAsJsonObject();
    long heartbeat = answer.getLong("heartbeatSeconds", 15L);
    URI given = URI.create(answer.getString("url"));
    // The hub's own idea of its address may not be the one this relay reaches it by: keep the path only.
    URI url = URI.create((enrolment.hub().getScheme().equals("https") ? "wss" : "ws") + "://"
        + enrolment.hub().getRawAuthority() + given.getRawPath() + "?" + given.getRawQuery());
    // Its handlers set before connecting: the hub may refuse the ticket and close before a connect callback runs.
    ClientWebSocket opening = sockets.webSocket();
    // The bridge writes its frames as binary WebSocket messages.
    opening.textMessageHandler(this::received);
    opening.binaryMessageHandler(buffer -> received(buffer.toString()));
    opening.closeHandler(v -> {
      if (socket == opening) {
        socket = null;
        dropped();
      }
    });
    return opening.connect(new WebSocketConnectOptions().setAbsoluteURI(url.toString()).setTimeout(10_000))
        .map(opened -> (WebSocket) opening)
        .onSuccess(opened -> startHeartbeats(heartbeat));
  }

  private void linked(WebSocket opened) {
    if (opened.isClosed()) {
      // Closed by the hub before it was ever used: dial again.
      dropped();
      return;
    }
    socket = opened;
    write(new JsonObject().put("type", "register").put("address", inbox()));
    send(new SiteMessage.Hello(version, journal.position()));
    attempt = 0;
    lastOnline = clock.instant();
    move(LinkState.ONLINE);
    batchSentAt = -1;
    forward();
  }

  private void startHeartbeats(long seconds) {
    vertx.cancelTimer(heartbeatTimer);
    heartbeatTimer = vertx.setPeriodic(seconds * 1000, tick -> {
      if (state == LinkState.ONLINE) {
        write(new JsonObject().put("type", "ping"));
        send(new SiteMessage.Heartbeat(journal.position(), journal.pendingCount()));
        lastOnline = clock.instant();
        forward();
      }
    });
  }

  private void received(String text) {
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (RuntimeException e) {
      return;
    }
    if ("err".equals(frame.getString("type"))) {
      if ("revoked".equals(frame.getValue("body"))) {
        revoked();
      } else if ("draining".equals(frame.getValue("body"))) {
        LOG.info("The hub is stopping: dialling again, to another node or to this one once restarted");
      } else {
        LOG.warn("The hub refused a message: {}", frame.getValue("body"));
      }
      return;
    }
    if (!"rec".equals(frame.getString("type")) || !inbox().equals(frame.getString("address"))) {
      return;
    }
    SiteMessage message;
    try {
      message = SiteMessage.parse(frame.getValue("body"));
    } catch (InvalidSiteMessage e) {
      LOG.warn("Ignoring a message from the hub: {}", e.getMessage());
      return;
    }
    if (message instanceof SiteMessage.ScheduleUpdate update) {
      onSchedule.accept(update.schedule());
    } else if (message instanceof SiteMessage.Ack ack) {
      journal.acknowledged(ack.ids()).onComplete(done -> {
        batchSentAt = -1;
        publishStatus();
        forward();
      });
    } else if (message instanceof SiteMessage.FamilyCalls calls) {
      onFamilyCalls.accept(calls.calls());
    } else if (message instanceof SiteMessage.Revoked) {
      revoked();
    }
  }

  /** Sends the next batch of unacknowledged events, one batch in flight at a time, spaced out. */
  private void forward() {
    long now = System.nanoTime();
    if (state != LinkState.ONLINE || (batchSentAt >= 0 && now - batchSentAt < ACK_WAIT.toNanos())
        || spacingTimer >= 0) {
      return;
    }
    long early = lastBatchAt < 0 ? 0 : BATCH_SPACING.toNanos() - (now - lastBatchAt);
    if (early > 0) {
      spacingTimer = vertx.setTimer(Math.max(1, Duration.ofNanos(early).toMillis()), t -> {
        spacingTimer = -1;
        forward();
      });
      return;
    }
    List<SiteEvent> batch = journal.pending(BATCH);
    if (!batch.isEmpty() && send(new SiteMessage.Events(batch))) {
      batchSentAt = now;
      lastBatchAt = now;
    }
  }

  private boolean send(SiteMessage message) {
    return write(new JsonObject().put("type", "send").put("address", Addresses.hubSites())
        .put("body", message.toJson()));
  }

  private boolean write(JsonObject frame) {
    if (socket == null || socket.isClosed()) {
      return false;
    }
    socket.writeTextMessage(frame.encode());
    return true;
  }

  private void dropped() {
    vertx.cancelTimer(heartbeatTimer);
    if (stopping || state == LinkState.REVOKED) {
      return;
    }
    move(LinkState.OFFLINE);
    long ceiling = Math.min(BACKOFF_CAP.toMillis(), BACKOFF_BASE.toMillis() << Math.min(attempt, 16));
    attempt++;
    long pause = 1 + ThreadLocalRandom.current().nextLong(Math.max(1, ceiling));
    retryTimer = vertx.setTimer(pause, t -> dial());
  }

  private void revoked() {
    LOG.error("The hub revoked this relay's credential: enrol it again (relay-site enrol --hub ... --code ...)");
    move(LinkState.REVOKED);
    vertx.cancelTimer(heartbeatTimer);
    if (socket != null) {
      socket.close();
    }
  }

  private void move(LinkState next) {
    if (state == next) {
      return;
    }
    if (!state.canBecome(next)) {
      return;
    }
    // Offline since the link was last seen alive, not since the last failed dial.
    boolean stillDown = (state == LinkState.CONNECTING && next == LinkState.OFFLINE)
        || (state == LinkState.OFFLINE && next == LinkState.CONNECTING);
    state = next;
    if (!stillDown) {
      since = clock.instant();
    }
    publishStatus();
  }

  private void publishStatus() {
    onStatus.accept(status());
  }

  private String inbox() {
    return Addresses.siteInbox(enrolment.siteId().toString());
  }
}

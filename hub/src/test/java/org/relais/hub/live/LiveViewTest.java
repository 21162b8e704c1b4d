package org.relais.hub.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.centres.Centre;
import org.relais.hub.join.Attendance;
import org.relais.hub.join.SubjectKind;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.Addresses;
import org.relais.protocol.Category;
import org.relais.protocol.VideoMode;

/** A session's live figures, heard on the event bus as a console hears them, under a storm of changes. */
class LiveViewTest {
  private static final Instant START = Instant.parse("2026-11-24T17:00:00Z");
  private HubHarness harness;
  private Session session;
  private final Map<Integer, Promise<Void>> heard = new ConcurrentHashMap<>();
  private final AtomicInteger lastHeard = new AtomicInteger(-1);

  @BeforeEach
  void start() {
    harness = HubHarness.start("h2");
    Centre centre = harness.centre("Centre social Les Tisserands");
    session = harness.hub.schedule().createTrusted(new SessionDraft("Cuisine", Category.COOKING, null, "fr", null,
        centre.id(), START, START.plus(Duration.ofHours(2)), null, 10, VideoMode.DIRECT, null)).await();
    harness.hub.vertx().eventBus().<JsonObject>consumer(Addresses.sessionLive(session.id().toString()),
        figures -> {
          int present = figures.body().getJsonObject("home").getInteger("present");
          lastHeard.set(present);
          presentAtHome(present).tryComplete();
        })
        .completion().await();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private Promise<Void> presentAtHome(int families) {
    return heard.computeIfAbsent(families, n -> Promise.promise());
  }

  private Future<Boolean> familyJoins() {
    return harness.hub.attendance().joined(new Attendance.Stay(session.id(), LocalDate.parse("2026-11-24"),
        SubjectKind.REGISTRATION, UUID.randomUUID(), Attendance.Source.PAGE, null), START);
  }

  /** What every node does when a session changes: each recomputes that session's figures. */
  private void sessionChanged(UUID id) {
    harness.hub.vertx().eventBus().publish(Addresses.scheduleChanged(), id.toString());
  }

  @Test
  void theLatestFiguresAlwaysGoOutAfterAStormOfChangesAndLaterOnesStillDo() throws Exception {
    Vertx vertx = harness.hub.vertx();
    List<Future<?>> storm = new ArrayList<>();
    for (int family = 0; family < 20; family++) {
      storm.add(familyJoins());
      for (int change = 0; change < 10; change++) {
        // Contexts of their own, as the bridges, site links and schedule each change from theirs.
        Promise<Void> sent = Promise.promise();
        vertx.getOrCreateContext().runOnContext(go -> {
          sessionChanged(session.id());
          // A session that no longer exists fails to compute: it holds up no other.
          sessionChanged(UUID.randomUUID());
          sent.complete();
        });
        storm.add(sent.future());
      }
    }
    Future.all(storm).await(30, TimeUnit.SECONDS);
    sessionChanged(session.id());

    presentAtHome(20).future().await(30, TimeUnit.SECONDS);

    familyJoins().await();
    sessionChanged(session.id());
    presentAtHome(21).future().await(30, TimeUnit.SECONDS);
    // Computations of one session follow one another: nothing computed before the last change comes after it.
    assertThat(lastHeard.get()).isEqualTo(21);
  }
}

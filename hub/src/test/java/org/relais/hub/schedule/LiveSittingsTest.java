package org.relais.hub.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreKind;
import org.relais.hub.centres.CentreStore;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.MutableClock;
import org.relais.hub.testing.StoreTest;
import org.relais.protocol.Category;
import org.relais.protocol.SessionStatus;
import org.relais.protocol.SittingState;
import org.relais.protocol.VideoMode;

class LiveSittingsTest extends StoreTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private final MutableClock clock = new MutableClock(HubHarness.START);
  private final LocalDate today = HubHarness.START.atZone(PARIS).toLocalDate();
  private SittingStore sittings;
  private SessionStore sessions;
  private UUID centre;

  @ParameterizedTest
  @MethodSource("databases")
  void countsTheSittingsStartedAndNotEndedOfTodayAndOfANightRunningPastMidnight(String kind) {
    open(kind);
    sittings = new SittingStore(db.pool(), clock);
    sessions = new SessionStore(db.pool(), clock);
    centre = UUID.randomUUID();
    new CentreStore(db.pool(), clock).insert(new Centre(centre, "Centre", CentreKind.SOCIAL_CENTRE, null, null, null,
        null, null, null, null, 1)).await();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    LiveSittings live = new LiveSittings(sittings, PARIS, clock, registry);

    UUID cooking = session("Cuisine");
    UUID magic = session("Magie");
    move(cooking, today, SittingState.LIVE);
    move(cooking, today.minusDays(3), SittingState.LIVE);
    move(magic, today.minusDays(1), SittingState.LIVE);
    move(magic, today, SittingState.ENDED);

    assertThat(live.refresh().await()).isEqualTo(2);
    assertThat(registry.get("relais.sittings.live").gauge().value()).isEqualTo(2.0);

    move(cooking, today, SittingState.ENDED);
    clock.advance(Duration.ofDays(1));

    assertThat(live.refresh().await()).isZero();
    assertThat(registry.get("relais.sittings.live").gauge().value()).isZero();
  }

  private UUID session(String title) {
    Instant start = HubHarness.START.plus(Duration.ofHours(1));
    SessionDraft draft = new SessionDraft(title, Category.COOKING, null, "fr", null, centre, start,
        start.plus(Duration.ofHours(1)), null, 10, VideoMode.DIRECT, null);
    Session session = new Session(UUID.randomUUID(), draft, SessionStatus.SCHEDULED, 1,
        Session.newRoomName(title));
    sessions.insert(sessions.pool(), session, Occurrences.seriesEnd(draft, PARIS)).await();
    return session.id();
  }

  private void move(UUID session, LocalDate date, SittingState state) {
    SittingStore.Stored from = sittings.of(session).await().getOrDefault(date, SittingStore.Stored.SCHEDULED);
    assertThat(sittings.pool().withTransaction(tx -> sittings.move(tx, session, date, from,
        from.moved(state, clock.instant()))).await()).isTrue();
  }
}

package org.relais.hub.broadcast;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.relais.hub.join.Attendance;
import org.relais.hub.join.JoinView;
import org.relais.hub.join.SubjectKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The viewers of the broadcasts, as this node sees them: a viewer is a link polling a live media playlist
 * (players poll once per target duration). Its first poll opens a stay (source BROADCAST), and the stay ends
 * when the link has not polled for {@code quiet}: the console's "à la maison" and the reports count them
 * like any other stay. Each node counts the links polling it; the stays are in the database, shared.
 */
final class Viewers {
  private static final Logger LOG = LoggerFactory.getLogger(Viewers.class);

  private record Key(UUID sessionId, LocalDate date, SubjectKind kind, UUID subjectId) {}

  private final Vertx vertx;
  private final Attendance attendance;
  private final Duration quiet;
  private final Consumer<UUID> changed;
  private final Clock clock;
  private final Map<Key, Instant> lastSeen = new ConcurrentHashMap<>();
  private long sweeper = -1;

  Viewers(Vertx vertx, Attendance attendance, Duration quiet, Consumer<UUID> changed, Clock clock) {
    this.vertx = vertx;
    this.attendance = attendance;
    this.quiet = quiet;
    this.changed = changed;
    this.clock = clock;
  }

  void start() {
    sweeper = vertx.setPeriodic(1000, id -> sweep());
  }

  /** A link polled a live playlist of the sitting that {@code view} is about. */
  void polled(JoinView view, LocalDate sittingDate) {
    Key key = new Key(view.session().id(), sittingDate, SubjectKind.of(view.claims().role()),
        view.claims().subjectId());
    Instant now = clock.instant();
    if (lastSeen.put(key, now) == null) {
      attendance.joined(stay(key), now)
          .onSuccess(began -> changed.accept(key.sessionId()))
          .onFailure(failure -> {
            // Forgotten, so its next poll records it again: hundreds of families arriving at once can keep the
            // database busy past a write's timeout.
            lastSeen.remove(key, now);
            LOG.warn("Cannot record a viewer of {} yet: {}", key.sessionId(), failure.toString());
          });
    }
  }

  /** Ends the stays of the links that stopped polling. */
  Future<Void> sweep() {
    Instant now = clock.instant();
    lastSeen.forEach((key, seen) -> {
      if (Duration.between(seen, now).compareTo(quiet) > 0 && lastSeen.remove(key, seen)) {
        attendance.left(stay(key), now)
            .onSuccess(ended -> changed.accept(key.sessionId()))
            .onFailure(failure -> LOG.warn("Cannot end a viewer's stay in {}: {}", key.sessionId(),
                failure.toString()));
      }
    });
    return Future.succeededFuture();
  }

  /** Viewers polling this node for {@code sessionId}. */
  long watching(UUID sessionId) {
    return lastSeen.keySet().stream().filter(key -> Objects.equals(key.sessionId(), sessionId)).count();
  }

  /** Ends every stay this node holds: the hub is stopping (another node's polls open them again). */
  Future<Void> stop() {
    if (sweeper >= 0) {
      vertx.cancelTimer(sweeper);
    }
    Instant now = clock.instant();
    return Future.all(lastSeen.keySet().stream().map(key -> attendance.left(stay(key), now)).toList())
        .onComplete(done -> lastSeen.clear()).mapEmpty();
  }

  private static Attendance.Stay stay(Key key) {
    return new Attendance.Stay(key.sessionId(), key.date(), key.kind(), key.subjectId(), Attendance.Source.BROADCAST,
        null);
  }
}

package org.relais.hub.join;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.time.Duration;
import java.util.UUID;
import org.relais.hub.bookings.BookingStore;
import org.relais.hub.bookings.SiteBooking;
import org.relais.hub.registrations.RegistrationStatus;
import org.relais.hub.registrations.RegistrationStore;
import org.relais.hub.storage.AsyncCaches;
import org.relais.protocol.Addresses;

/**
 * Where the holder of a join link stands now: still registered, waiting for a place, or cancelled
 * (a revoked link). Cached per node; a cancellation forgets it here at once and on every other node
 * through the event bus.
 */
public final class JoinSubjects {
  /** A registration's or booking's standing; {@code email} only for registrations that gave one. */
  public record Standing(UUID sessionId, boolean active, boolean waiting, String email) {
    static final Standing UNKNOWN = new Standing(null, false, false, null);
  }

  private final RegistrationStore registrations;
  private final BookingStore bookings;
  private final EventBus eventBus;
  private final AsyncCache<UUID, Standing> cache = Caffeine.newBuilder()
      .expireAfterWrite(Duration.ofMinutes(5))
      .maximumSize(100_000)
      .buildAsync();

  public JoinSubjects(RegistrationStore registrations, BookingStore bookings, EventBus eventBus) {
    this.registrations = registrations;
    this.bookings = bookings;
    this.eventBus = eventBus;
    eventBus.<String>consumer(Addresses.joinSubjectChanged(), message -> cache.synchronous()
        .invalidate(UUID.fromString(message.body())));
  }

  public Future<Standing> registration(UUID id) {
    return AsyncCaches.get(cache, id, () -> registrations.find(registrations.pool(), id, false).map(found -> found
        .map(r -> new Standing(r.sessionId(), r.status() == RegistrationStatus.CONFIRMED,
            r.status() == RegistrationStatus.WAITLISTED, r.details().email()))
        .orElse(Standing.UNKNOWN)));
  }

  public Future<Standing> booking(UUID id) {
    return AsyncCaches.get(cache, id, () -> bookings.find(id).map(found -> found
        .map(b -> new Standing(b.sessionId(), b.status() == SiteBooking.Status.BOOKED, false, null))
        .orElse(Standing.UNKNOWN)));
  }

  /** A registration or booking changed: forget it here now, and on the other nodes. */
  public void changed(UUID id) {
    cache.synchronous().invalidate(id);
    eventBus.publish(Addresses.joinSubjectChanged(), id.toString());
  }
}

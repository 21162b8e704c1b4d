package org.relais.hub.join;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.relais.hub.storage.AsyncCaches;
import org.relais.protocol.Addresses;

/**
 * Where the holder of a join link stands now: still registered, waiting for a place, or cancelled
 * (a revoked link). Each kind of holder is read from its own source, which the feature keeping them
 * provides, and cached per node under its kind and id: what is known of one kind never answers for
 * another. A change forgets it here at once and on every other node through the event bus.
 */
public final class JoinSubjects {
  /** A registration's or booking's standing; {@code email} only for registrations that gave one. */
  public record Standing(UUID sessionId, boolean active, boolean waiting, String email) {
    static final Standing UNKNOWN = new Standing(null, false, false, null);
  }

  /** Reads the standing of one kind of holder where that kind is kept; empty when there is no such holder. */
  @FunctionalInterface
  public interface Source {
    Future<Optional<Standing>> find(UUID id);
  }

  private record Key(SubjectKind kind, UUID id) {
    JsonObject toJson() {
      return new JsonObject().put("kind", kind.name()).put("id", id.toString());
    }

    static Key fromJson(JsonObject json) {
      return new Key(SubjectKind.valueOf(json.getString("kind")), UUID.fromString(json.getString("id")));
    }
  }

  private final Source registrations;
  private final Source bookings;
  private final EventBus eventBus;
  private final Map<Key, Set<Watcher>> watchers = new ConcurrentHashMap<>();
  private final AsyncCache<Key, Standing> cache = Caffeine.newBuilder()
      .expireAfterWrite(Duration.ofMinutes(5))
      .maximumSize(100_000)
      .buildAsync();

  public JoinSubjects(Source registrations, Source bookings, EventBus eventBus) {
    this.registrations = registrations;
    this.bookings = bookings;
    this.eventBus = eventBus;
    eventBus.<JsonObject>consumer(Addresses.joinSubjectChanged(), message -> {
      Key key = Key.fromJson(message.body());
      cache.synchronous().invalidate(key);
      // Told after the standing is forgotten, so that what they read again is the new one.
      watchers.getOrDefault(key, Set.of()).forEach(w -> w.context().runOnContext(v -> w.onChange().run()));
    });
  }

  private record Watcher(Context context, Runnable onChange) {}

  /**
   * Runs {@code onChange} on the caller's context each time the holder changes, here or on another node (a
   * registration cancelled, a household erased: its open pages hear that their link is revoked); answers how to
   * stop.
   */
  public Runnable watch(SubjectKind kind, UUID id, Runnable onChange) {
    Key key = new Key(kind, id);
    Watcher watcher = new Watcher(Optional.ofNullable(Vertx.currentContext()).orElseThrow(), onChange);
    watchers.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(watcher);
    return () -> watchers.computeIfPresent(key, (k, set) -> {
      set.remove(watcher);
      return set.isEmpty() ? null : set;
    });
  }

  public Future<Standing> registration(UUID id) {
    return standing(new Key(SubjectKind.REGISTRATION, id), registrations);
  }

  public Future<Standing> booking(UUID id) {
    return standing(new Key(SubjectKind.BOOKING, id), bookings);
  }

  /** A registration or booking changed: forget it here now, and on the other nodes. */
  public void changed(SubjectKind kind, UUID id) {
    Key key = new Key(kind, id);
    cache.synchronous().invalidate(key);
    eventBus.publish(Addresses.joinSubjectChanged(), key.toJson());
  }

  private Future<Standing> standing(Key key, Source source) {
    return AsyncCaches.get(cache, key, () -> source.find(key.id()).map(found -> found.orElse(Standing.UNKNOWN)));
  }
}

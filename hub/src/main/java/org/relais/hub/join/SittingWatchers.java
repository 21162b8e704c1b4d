package org.relais.hub.join;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.relais.protocol.Addresses;

/**
 * Who on this node waits for a session's sittings to change: one event-bus consumer per session however
 * many pages follow it (each consumer is known to the whole cluster), handing each change to every
 * page on that page's own context.
 */
final class SittingWatchers {
  private record Watcher(Context context, Runnable onChange) {}

  private record Watch(Set<Watcher> watchers, MessageConsumer<Object> consumer) {}

  private final Vertx vertx;
  private final Consumer<UUID> beforeTelling;
  private final Map<UUID, Watch> watches = new ConcurrentHashMap<>();

  /** {@code beforeTelling}: runs once per change, before the pages hear of it (to forget a stale cache). */
  SittingWatchers(Vertx vertx, Consumer<UUID> beforeTelling) {
    this.vertx = vertx;
    this.beforeTelling = beforeTelling;
  }

  /** Runs {@code onChange} on the caller's context after each change to the session's sittings, until closed. */
  Runnable watch(UUID sessionId, Runnable onChange) {
    Watcher watcher = new Watcher(vertx.getOrCreateContext(), onChange);
    watches.compute(sessionId, (id, watch) -> {
      Watch current = watch == null ? subscribe(id) : watch;
      current.watchers().add(watcher);
      return current;
    });
    return () -> watches.computeIfPresent(sessionId, (id, watch) -> {
      watch.watchers().remove(watcher);
      if (!watch.watchers().isEmpty()) {
        return watch;
      }
      watch.consumer().unregister();
      return null;
    });
  }

  private Watch subscribe(UUID sessionId) {
    Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(Addresses.sittingChanged(sessionId.toString()),
        message -> {
          beforeTelling.accept(sessionId);
          watchers.forEach(w -> w.context().runOnContext(v -> w.onChange().run()));
        });
    return new Watch(watchers, consumer);
  }
}

package org.relais.hub.join;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.relais.protocol.Addresses;

/**
 * Who on this node waits for a session's sittings to change: one event-bus consumer per session however
 * many pages follow it (each consumer is known to the whole cluster), handing each change to every
 * page on that page's own context.
 */
final class SittingWatchers {
  private record Watcher(Context context, Runnable onChange) {}

  private static final class Watch {
    private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
    private MessageConsumer<Object> consumer;
  }

  private final Vertx vertx;
  private final Map<UUID, Watch> watches = new ConcurrentHashMap<>();

  SittingWatchers(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Runs {@code onChange} on the caller's context after each change to the session's sittings, until closed. */
  Runnable watch(UUID sessionId, Runnable onChange) {
    Watcher watcher = new Watcher(vertx.getOrCreateContext(), onChange);
    watches.compute(sessionId, (id, watch) -> {
      Watch current = watch == null ? new Watch() : watch;
      if (current.consumer == null) {
        current.consumer = vertx.eventBus().consumer(Addresses.sittingChanged(id.toString()),
            message -> current.watchers.forEach(w -> w.context().runOnContext(v -> w.onChange().run())));
      }
      current.watchers.add(watcher);
      return current;
    });
    return () -> watches.computeIfPresent(sessionId, (id, watch) -> {
      watch.watchers.remove(watcher);
      if (!watch.watchers.isEmpty()) {
        return watch;
      }
      watch.consumer.unregister();
      return null;
    });
  }
}

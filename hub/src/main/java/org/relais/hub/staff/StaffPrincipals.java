package org.relais.hub.staff;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.storage.AsyncCaches;
import org.relais.protocol.Addresses;

/**
 * Who each staff account is now, cached briefly per node; a deactivated account is no one. A change forgets
 * the account here at once (before the change is answered) and on every other node through the event bus.
 */
public final class StaffPrincipals {
  private final StaffStore store;
  private final EventBus eventBus;
  private final AsyncCache<UUID, Optional<StaffPrincipal>> cache = Caffeine.newBuilder()
      .expireAfterWrite(Duration.ofSeconds(30))
      .maximumSize(10_000)
      .buildAsync();

  public StaffPrincipals(StaffStore store, EventBus eventBus) {
    this.store = store;
    this.eventBus = eventBus;
    eventBus.<String>consumer(Addresses.staffChanged(), message -> cache.synchronous()
        .invalidate(UUID.fromString(message.body())));
  }

  public Future<Optional<StaffPrincipal>> get(UUID id) {
    return AsyncCaches.get(cache, id, () -> store.find(id)
        .map(found -> found.filter(StaffMember::active).map(StaffMember::principal)));
  }

  public void changed(UUID id) {
    cache.synchronous().invalidate(id);
    eventBus.publish(Addresses.staffChanged(), id.toString());
  }
}

package org.relais.hub.sms;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each centre's own line, from its settings: its Android phone or its Brevo account, or else the line every
 * centre shares by default (the local outbox file), with the centre's own daily cap if it set one. Lines are
 * kept once built; a change of settings on any node drops that centre's line on every node.
 */
public final class CentreSmsLines implements SmsLines {
  /** Published with a centre's id whenever its settings change. */
  static final String CHANGED = "relais.sms.settings.changed";

  private final SmsSettingsStore store;
  private final SmsGateways gateways;
  private final SmsLines fallback;
  private final Map<UUID, Future<Optional<SmsLine>>> lines = new ConcurrentHashMap<>();
  private MessageConsumer<String> changes;

  CentreSmsLines(SmsSettingsStore store, SmsGateways gateways, SmsLines fallback) {
    this.store = store;
    this.gateways = gateways;
    this.fallback = fallback;
  }

  @Override
  public Future<Optional<SmsLine>> forCentre(UUID centreId) {
    Future<Optional<SmsLine>> line = lines.computeIfAbsent(centreId, this::build);
    // A failed look-up (the database away) is not kept: the next message asks again.
    return line.onFailure(failure -> lines.remove(centreId, line));
  }

  void listen(EventBus bus) {
    changes = bus.<String>consumer(CHANGED, message -> {
      try {
        lines.remove(UUID.fromString(message.body()));
      } catch (IllegalArgumentException e) {
        lines.clear();
      }
    });
  }

  Future<Void> stop() {
    return changes == null ? Future.succeededFuture() : changes.unregister();
  }

  /** Drops this node's line of the centre at once, before the event bus brings the news. */
  void forget(UUID centreId) {
    lines.remove(centreId);
  }

  private Future<Optional<SmsLine>> build(UUID centreId) {
    return store.find(centreId).compose(found -> {
      if (found.isPresent() && found.get().provider() != SmsProvider.LOCAL_FILE) {
        SmsSettings settings = found.get();
        // The Android app deduplicates on the message id; Brevo has no such key.
        boolean takesKey = settings.provider() == SmsProvider.ANDROID_GATEWAY;
        return Future.succeededFuture(Optional.of(new SmsLine(gateways.of(settings), settings.dailyCap(), takesKey)));
      }
      return fallback.forCentre(centreId).map(shared -> shared.map(line -> found
          .map(settings -> new SmsLine(line.gateway(), settings.dailyCap(), line.takesIdempotencyKey())).orElse(line)));
    });
  }
}

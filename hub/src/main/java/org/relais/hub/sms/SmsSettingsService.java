package org.relais.hub.sms;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.centres.CentreService;
import org.relais.hub.http.ProblemException;
import org.relais.hub.staff.StaffPrincipal;

/**
 * A centre's SMS line, read and changed by its coordinators (or an admin) only. A save that leaves a secret
 * blank keeps the saved one, so pages never need to show it back; a Brevo line gets a webhook key of its own
 * when it has none, since its callbacks carry it.
 */
public final class SmsSettingsService {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SmsSettingsStore store;
  private final CentreService centres;
  private final CentreSmsLines lines;
  private final EventBus bus;
  private final Clock clock;

  SmsSettingsService(SmsSettingsStore store, CentreService centres, CentreSmsLines lines, EventBus bus, Clock clock) {
    this.store = store;
    this.centres = centres;
    this.lines = lines;
    this.bus = bus;
    this.clock = clock;
  }

  /** The centre's settings, or the local file's when it has none; refused to anyone who does not coordinate it. */
  public Future<SmsSettings> get(StaffPrincipal caller, UUID centreId) {
    caller.requireCoordinates(centreId);
    return centres.get(centreId).compose(centre -> store.find(centreId))
        .map(found -> found.orElseGet(() -> SmsSettings.none(centreId)));
  }

  /**
   * Saves {@code draft} over the version the caller saw; a 412 problem when someone saved meanwhile. Blank
   * secrets keep the saved ones.
   */
  public Future<SmsSettings> save(StaffPrincipal caller, UUID centreId, SmsSettings.Draft draft,
      long expectedVersion) {
    return get(caller, centreId).compose(current -> {
      if (current.version() != expectedVersion) {
        return Future.failedFuture(ProblemException.preconditionFailed(current.version()));
      }
      Optional<String> newKey = draft.provider() == SmsProvider.BREVO ? Optional.of(newKey()) : Optional.empty();
      SmsSettings saved = draft.over(current, newKey, caller.id(), clock.instant());
      return store.save(saved, expectedVersion).compose(written -> {
        if (!written) {
          return store.find(centreId).compose(now -> Future.failedFuture(
              ProblemException.preconditionFailed(now.map(SmsSettings::version).orElse(0L))));
        }
        lines.forget(centreId);
        bus.publish(CentreSmsLines.CHANGED, centreId.toString());
        return Future.succeededFuture(saved);
      });
    });
  }

  /** 192 random bits, URL-safe: Brevo's callback URL carries it. */
  private static String newKey() {
    byte[] key = new byte[24];
    RANDOM.nextBytes(key);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
  }
}

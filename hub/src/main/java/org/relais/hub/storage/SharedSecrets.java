package org.relais.hub.storage;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

/**
 * Secrets that every hub node must hold the same (to verify what another node signed), kept in the
 * database and made by whichever node needs one first.
 */
public final class SharedSecrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pool pool;
  private final Clock clock;

  public SharedSecrets(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /** The secret called {@code name}; two nodes creating it at once agree on the first one stored. */
  public Future<String> getOrCreate(String name) {
    return read(name).compose(found -> {
      if (found != null) {
        return Future.succeededFuture(found);
      }
      return pool.preparedQuery("INSERT INTO shared_secrets (name, secret, created_at) VALUES (?, ?, ?)")
          .execute(Tuple.of(name, randomSecret(), Columns.instant(clock.instant())))
          .recover(failure -> SqlErrors.isUniqueViolation(failure) ? Future.succeededFuture() : Future.failedFuture(failure))
          .compose(inserted -> read(name));
    });
  }

  private Future<String> read(String name) {
    return pool.preparedQuery("SELECT secret FROM shared_secrets WHERE name = ?").execute(Tuple.of(name))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("secret"));
  }

  public static String randomSecret() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }
}

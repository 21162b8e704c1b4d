package org.relais.hub.join;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.relais.hub.storage.Columns;
import org.relais.hub.storage.SharedSecrets;
import org.relais.protocol.Addresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ring of keys that sign join tokens, shared by every hub node through the database. The newest
 * key signs; a key older than the rotation period is replaced by a new one; an old key keeps
 * verifying until the last token it signed has expired, then it is deleted. Links already handed out
 * keep working across rotations.
 */
public final class JoinKeys {
  private static final Logger LOG = LoggerFactory.getLogger(JoinKeys.class);
  static final String ALGORITHM = "HS256";

  record Key(String kid, String secret, Instant createdAt, Instant lastExpiry) {}

  /** What this node holds: the keys, a verifier knowing all of them, a signer knowing the newest. */
  record Ring(List<Key> keys, JWTAuth verifier, JWTAuth signer) {
    Key signing() {
      return keys.get(0);
    }
  }

  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;
  private final Duration rotation;
  private static final Duration RELOAD_INTERVAL = Duration.ofSeconds(5);
  private final AtomicLong lastReload = new AtomicLong(System.nanoTime() - RELOAD_INTERVAL.toNanos());
  private final AtomicLong reads = new AtomicLong();
  private long applied;
  private volatile Ring ring;

  public JoinKeys(Vertx vertx, Pool pool, Clock clock, Duration rotation) {
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
    this.rotation = rotation;
    vertx.eventBus().consumer(Addresses.joinKeysChanged(), message -> reload());
  }

  /** Loads the ring, adding a key first if none is young enough to sign, and dropping expired ones. */
  public Future<Void> maintain() {
    Instant now = clock.instant();
    return pool.preparedQuery("DELETE FROM join_keys WHERE last_expiry < ? AND created_at < ?")
        .execute(Tuple.of(Columns.instant(now), Columns.instant(now.minus(rotation))))
        .compose(deleted -> load())
        .compose(keys -> {
          if (!keys.isEmpty() && keys.get(0).createdAt().isAfter(now.minus(rotation))) {
            return Future.succeededFuture(keys);
          }
          Key fresh = new Key("k" + UUID.randomUUID().toString().replace("-", "").substring(0, 12),
              SharedSecrets.randomSecret(), now, now);
          LOG.info("New join-link signing key {}", fresh.kid());
          return pool.preparedQuery("INSERT INTO join_keys (kid, secret, created_at, last_expiry) VALUES (?, ?, ?, ?)")
              .execute(Tuple.of(fresh.kid(), fresh.secret(), Columns.instant(now), Columns.instant(now)))
              .onSuccess(done -> vertx.eventBus().publish(Addresses.joinKeysChanged(), fresh.kid()))
              .compose(done -> load());
        })
        .mapEmpty();
  }

  /**
   * Re-reads the ring when a token names a key this node does not know, but not more than once every
   * few seconds, so that tokens with made-up key ids cannot make it query the database at will.
   */
  Future<Void> reloadNowAndThen() {
    long now = System.nanoTime();
    long last = lastReload.get();
    if (now - last < RELOAD_INTERVAL.toNanos() || !lastReload.compareAndSet(last, now)) {
      return Future.succeededFuture();
    }
    return reload();
  }

  /** Re-reads the ring after another node changed it. */
  public Future<Void> reload() {
    return load().mapEmpty();
  }

  Ring ring() {
    Ring current = ring;
    if (current == null) {
      throw new IllegalStateException("join keys not loaded");
    }
    return current;
  }

  /** Remembers that {@code kid} signed a token valid until {@code expires}, so the key outlives it. */
  Future<Void> signedUntil(String kid, Instant expires) {
    return pool.preparedQuery("UPDATE join_keys SET last_expiry = ? WHERE kid = ? AND last_expiry < ?")
        .execute(Tuple.of(Columns.instant(expires), kid, Columns.instant(expires)))
        .mapEmpty();
  }

  /** Checks the rotation every hour; returns the timer id. */
  public long scheduleMaintenance() {
    return vertx.setPeriodic(Duration.ofHours(1).toMillis(), id -> maintain()
        .onFailure(e -> LOG.warn("Join key maintenance failed; will retry", e)));
  }

  /**
   * Reads the ring and makes it this node's, unless a read started later has already been applied:
   * reads triggered by events can complete out of order, and an older one must not win.
   */
  private Future<List<Key>> load() {
    long started = reads.incrementAndGet();
    return read().map(keys -> {
      synchronized (this) {
        if (!keys.isEmpty() && started > applied) {
          applied = started;
          ring = ring(keys);
        }
      }
      return keys;
    });
  }

  private Future<List<Key>> read() {
    return pool.query("SELECT kid, secret, created_at, last_expiry FROM join_keys").execute().map(rows -> {
      List<Key> keys = new ArrayList<>();
      for (Row row : rows) {
        keys.add(new Key(row.getString("kid"), row.getString("secret"), Columns.instant(row, "created_at"),
            Columns.instant(row, "last_expiry")));
      }
      keys.sort(Comparator.comparing(Key::createdAt).reversed().thenComparing(Key::kid));
      return List.copyOf(keys);
    });
  }

  private Ring ring(List<Key> keys) {
    // Validity windows are judged by the caller against its clock: an early or late link still says why.
    JWTAuthOptions all = new JWTAuthOptions().setJWTOptions(new JWTOptions().setIgnoreExpiration(true)
        .setIssuer(JoinTokens.ISSUER).setAudience(List.of(JoinTokens.AUDIENCE)));
    keys.forEach(key -> all.addPubSecKey(options(key)));
    // The library picks any key of the algorithm to sign with: the signer holds only the newest.
    JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(options(keys.get(0))));
    return new Ring(keys, JWTAuth.create(vertx, all), signer);
  }

  private static PubSecKeyOptions options(Key key) {
    return new PubSecKeyOptions().setAlgorithm(ALGORITHM).setId(key.kid()).setBuffer(key.secret());
  }
}

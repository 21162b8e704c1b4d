package org.relais.hub.staff;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.storage.Columns;

/**
 * Staff signed in from a browser. The cookie carries a random secret; the database keeps its SHA-256, the
 * account and the session's CSRF token, so a sign-out is seen by every node at once and a restart signs
 * nobody out. A session ends after {@code idleTimeout} without a request and {@code maxAge} after signing in,
 * whatever happens; its account's current role is read on every request, as for bearer tokens.
 */
public final class StaffSessions {
  /** A session just opened: the cookie's secret and the token every form and script write must echo. */
  public record Opened(String secret, String csrfToken) {}

  /** The session a cookie stands for now: who, under which name, and the token its writes must carry. */
  public record Current(StaffPrincipal principal, String displayName, String csrfToken) {}

  /** A request seen within this of the last one does not write the time down again. */
  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pool pool;
  private final StaffPrincipals principals;
  private final Duration idleTimeout;
  private final Duration maxAge;
  private final Clock clock;

  public StaffSessions(Pool pool, StaffPrincipals principals, AuthConfig config, Clock clock) {
    this.pool = pool;
    this.principals = principals;
    this.idleTimeout = config.sessionIdleTimeout();
    this.maxAge = config.sessionMaxAge();
    this.clock = clock;
  }

  /** Opens a new session for {@code staffId}, and forgets every expired one on the way. */
  public Future<Opened> open(UUID staffId) {
    Instant now = clock.instant();
    Opened opened = new Opened(randomToken(), randomToken());
    return pool.withTransaction(conn -> conn.preparedQuery(
            "DELETE FROM staff_sessions WHERE last_seen_at < ? OR created_at < ?")
        .execute(Tuple.of(Columns.instant(now.minus(idleTimeout)), Columns.instant(now.minus(maxAge))))
        .compose(swept -> conn.preparedQuery("""
                INSERT INTO staff_sessions (secret_hash, staff_id, csrf_token, created_at, last_seen_at)
                VALUES (?, ?, ?, ?, ?)""")
            .execute(Tuple.of(hash(opened.secret()), staffId, opened.csrfToken(), Columns.instant(now),
                Columns.instant(now)))))
        .map(opened);
  }

  /** The live session {@code secret} opened, if any; an expired one is ended on the way. */
  public Future<Optional<Current>> find(String secret) {
    if (secret == null || secret.isEmpty() || secret.length() > 100) {
      return Future.succeededFuture(Optional.empty());
    }
    String hash = hash(secret);
    return pool.preparedQuery("""
            SELECT s.staff_id, s.csrf_token, s.created_at, s.last_seen_at, a.display_name
            FROM staff_sessions s JOIN staff a ON a.id = s.staff_id WHERE s.secret_hash = ?""")
        .execute(Tuple.of(hash))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(Optional.empty())
            : current(hash, rows.iterator().next()));
  }

  private Future<Optional<Current>> current(String hash, Row row) {
    Instant now = clock.instant();
    Instant lastSeen = Columns.instant(row, "last_seen_at");
    if (!now.isBefore(lastSeen.plus(idleTimeout)) || !now.isBefore(Columns.instant(row, "created_at").plus(maxAge))) {
      return endHash(hash).map(Optional.empty());
    }
    Future<Void> touched = Duration.between(lastSeen, now).compareTo(TOUCH_EVERY) < 0 ? Future.succeededFuture()
        : pool.preparedQuery("UPDATE staff_sessions SET last_seen_at = ? WHERE secret_hash = ?")
            .execute(Tuple.of(Columns.instant(now), hash)).mapEmpty();
    String csrf = row.getString("csrf_token");
    String name = row.getString("display_name");
    return touched.compose(done -> principals.get(Columns.uuid(row, "staff_id")))
        .map(principal -> principal.map(p -> new Current(p, name, csrf)));
  }

  /** Signs the cookie's session out, on every node. */
  public Future<Void> end(String secret) {
    return secret == null ? Future.succeededFuture() : endHash(hash(secret));
  }

  /** Signs every browser of one account out (its password was reset, or the account closed). */
  public Future<Void> endAll(UUID staffId) {
    return pool.preparedQuery("DELETE FROM staff_sessions WHERE staff_id = ?").execute(Tuple.of(staffId))
        .mapEmpty();
  }

  private Future<Void> endHash(String hash) {
    return pool.preparedQuery("DELETE FROM staff_sessions WHERE secret_hash = ?").execute(Tuple.of(hash))
        .mapEmpty();
  }

  /** Compares a token sent with a write to the session's own, in constant time. */
  public static boolean sameToken(String expected, String sent) {
    return sent != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        sent.getBytes(StandardCharsets.UTF_8));
  }

  /** 32 random bytes, base64url: a cookie's or a link's secret. */
  static String randomToken() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  /** What the database keeps of a secret: its SHA-256, in hex. */
  static String hash(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}

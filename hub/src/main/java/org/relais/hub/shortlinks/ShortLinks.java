package org.relais.hub.shortlinks;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.relais.hub.http.PublicAddress;
import org.relais.hub.storage.Columns;

/**
 * Short links of the hub's long links: made in the transaction of what they name, revoked with it, and
 * read back into the long token that the feature owning the kind makes again each time. A code that is
 * unknown, revoked, expired or of another kind fails the same way, with {@link UnknownShortLink}.
 */
public final class ShortLinks {
  /** What a live code names. */
  public record Target(ShortLinkKind kind, UUID subjectId) {}

  /** Makes the long token of a subject again, by the feature that owns the kind. */
  @FunctionalInterface
  public interface Resolver {
    Future<String> token(UUID subjectId);
  }

  private final Pool pool;
  private final PublicAddress address;
  private final Clock clock;
  private final Map<ShortLinkKind, Resolver> resolvers = new EnumMap<>(ShortLinkKind.class);

  public ShortLinks(Pool pool, PublicAddress address, Clock clock) {
    this.pool = pool;
    this.address = address;
    this.clock = clock;
  }

  /** Wiring: the feature owning {@code kind} makes its long tokens. Called before the routes serve. */
  public ShortLinks resolving(ShortLinkKind kind, Resolver resolver) {
    resolvers.put(kind, resolver);
    return this;
  }

  /** A new code for {@code subject}, in the caller's transaction; {@code expiresAt} may be null (no end). */
  public Future<String> create(SqlClient tx, ShortLinkKind kind, UUID subject, Instant expiresAt) {
    String code = ShortCode.random();
    return tx.preparedQuery("INSERT INTO short_links (code, kind, subject_id, created_at, expires_at) "
            + "VALUES (?, ?, ?, ?, ?)")
        .execute(Tuple.of(code, kind.name(), subject, Columns.instant(clock.instant()), Columns.instant(expiresAt)))
        .map(code);
  }

  /** The subject's live code of that kind, if it has one. */
  public Future<Optional<String>> live(SqlClient client, ShortLinkKind kind, UUID subject) {
    return client.preparedQuery("SELECT code FROM short_links WHERE subject_id = ? AND kind = ? "
            + "AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?) ORDER BY created_at DESC")
        .execute(Tuple.of(subject, kind.name(), Columns.instant(clock.instant())))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString("code")));
  }

  /**
   * The subject's live code of that kind, made now if it has none (a subject older than short links); none
   * when {@code expiresAt} has passed (what it would open is over).
   */
  public Future<Optional<String>> ensure(SqlClient client, ShortLinkKind kind, UUID subject, Instant expiresAt) {
    if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
      return Future.succeededFuture(Optional.empty());
    }
    return live(client, kind, subject).compose(found -> found.isPresent() ? Future.succeededFuture(found)
        : create(client, kind, subject, expiresAt).map(Optional::of));
  }

  /** Revokes every code of {@code subject}, in the caller's transaction; revoking twice changes nothing. */
  public Future<Void> revoke(SqlClient tx, UUID subject) {
    return tx.preparedQuery("UPDATE short_links SET revoked_at = ? WHERE subject_id = ? AND revoked_at IS NULL")
        .execute(Tuple.of(Columns.instant(clock.instant()), subject))
        .mapEmpty();
  }

  /**
   * The short URL of a registration's join link, for messages to the family (an SMS, an e-mail); fails with
   * {@link UnknownShortLink} when the registration has no live one (cancelled, or over).
   */
  public Future<String> forRegistration(SqlClient client, UUID registrationId) {
    return live(client, ShortLinkKind.REGISTRATION_JOIN, registrationId)
        .map(found -> url(ShortLinkKind.REGISTRATION_JOIN, found.orElseThrow(UnknownShortLink::new)));
  }

  /** As {@link #forRegistration(SqlClient, UUID)}, outside any transaction. */
  public Future<String> forRegistration(UUID registrationId) {
    return forRegistration(pool, registrationId);
  }

  /** What a live code of one of {@code kinds} names. */
  public Future<Target> open(String typed, Set<ShortLinkKind> kinds) {
    Optional<String> code = ShortCode.read(typed);
    if (code.isEmpty()) {
      return Future.failedFuture(new UnknownShortLink());
    }
    return pool.preparedQuery("SELECT kind, subject_id FROM short_links WHERE code = ? AND revoked_at IS NULL "
            + "AND (expires_at IS NULL OR expires_at > ?)")
        .execute(Tuple.of(code.get(), Columns.instant(clock.instant())))
        .map(rows -> {
          if (rows.size() == 0) {
            throw new UnknownShortLink();
          }
          var row = rows.iterator().next();
          Target target = new Target(ShortLinkKind.valueOf(row.getString("kind")), Columns.uuid(row, "subject_id"));
          if (!kinds.contains(target.kind())) {
            throw new UnknownShortLink();
          }
          return target;
        });
  }

  /** The long token a live code of one of {@code kinds} stands for, made again by the kind's owner. */
  public Future<String> token(String typed, Set<ShortLinkKind> kinds) {
    return open(typed, kinds).compose(target -> {
      Resolver resolver = resolvers.get(target.kind());
      return resolver == null ? Future.failedFuture(new UnknownShortLink()) : resolver.token(target.subjectId());
    });
  }

  /** The whole short URL of a code: {@code https://host/j/7KQ2-M9XD-4HTC}. */
  public String url(ShortLinkKind kind, String code) {
    return address.link(kind.prefix() + ShortCode.shown(code));
  }

  /** Any reason a short code opens nothing; never told apart to a client. */
  public static final class UnknownShortLink extends RuntimeException {
    public UnknownShortLink() {
      super("unknown short link", null, false, false);
    }
  }
}

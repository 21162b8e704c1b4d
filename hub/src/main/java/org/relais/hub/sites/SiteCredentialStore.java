package org.relais.hub.sites;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.storage.Columns;

/** Enrolment codes and link credentials of relay-sites, kept as hashes. */
final class SiteCredentialStore {
  enum Kind { ENROLMENT, LINK }

  private final Pool pool;

  SiteCredentialStore(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  Future<Void> insert(SqlClient client, UUID siteId, Kind kind, String secret, UUID createdBy, Instant now,
      Instant expiresAt) {
    return client.preparedQuery("INSERT INTO site_credentials (id, site_id, kind, secret_hash, created_by, created_at,"
            + " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .execute(Tuple.from(new Object[] {UUID.randomUUID(), siteId, kind.name(), SiteSecrets.hash(secret), createdBy,
            Columns.instant(now), Columns.instant(expiresAt)}))
        .mapEmpty();
  }

  /**
   * Uses an enrolment code once: marks it used if it is live, and answers its site. Two relays racing
   * with one code: the update lets exactly one through.
   */
  Future<Optional<UUID>> useEnrolmentCode(SqlClient tx, String code, Instant now) {
    String hash = SiteSecrets.hash(code);
    return tx.preparedQuery("SELECT site_id FROM site_credentials WHERE secret_hash = ? AND kind = 'ENROLMENT'")
        .execute(Tuple.of(hash))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(Optional.empty());
          }
          UUID siteId = Columns.uuid(rows.iterator().next(), "site_id");
          return tx.preparedQuery("UPDATE site_credentials SET used_at = ? WHERE secret_hash = ? AND used_at IS NULL"
                  + " AND revoked_at IS NULL AND expires_at > ?")
              .execute(Tuple.of(Columns.instant(now), hash, Columns.instant(now)))
              .map(updated -> updated.rowCount() == 1 ? Optional.of(siteId) : Optional.<UUID>empty());
        });
  }

  /** The site a live link credential belongs to. */
  Future<Optional<UUID>> siteOfCredential(String credential) {
    return pool.preparedQuery("SELECT site_id FROM site_credentials WHERE secret_hash = ? AND kind = 'LINK'"
            + " AND revoked_at IS NULL")
        .execute(Tuple.of(SiteSecrets.hash(credential)))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(Columns.uuid(rows.iterator().next(), "site_id")));
  }

  /**
   * When the site's live link credential was issued (its relay enrolled), and until when its unused
   * enrolment code works, if it has either.
   */
  Future<SiteCredentials.Standing> standing(UUID siteId, Instant now) {
    return pool.preparedQuery("SELECT kind, created_at, expires_at FROM site_credentials WHERE site_id = ?"
            + " AND revoked_at IS NULL AND used_at IS NULL AND (expires_at IS NULL OR expires_at > ?)")
        .execute(Tuple.of(siteId, Columns.instant(now)))
        .map(rows -> {
          Instant enrolledAt = null;
          Instant codeExpiresAt = null;
          for (var row : rows) {
            if (Kind.LINK.name().equals(row.getString("kind"))) {
              enrolledAt = Columns.instant(row, "created_at");
            } else {
              codeExpiresAt = Columns.instant(row, "expires_at");
            }
          }
          return new SiteCredentials.Standing(Optional.ofNullable(enrolledAt), Optional.ofNullable(codeExpiresAt));
        });
  }

  /** Revokes the site's secrets of {@code kind} (both kinds when null); answers how many were live. */
  Future<Integer> revokeAll(SqlClient client, UUID siteId, Kind kind, Instant now) {
    String ofKind = kind == null ? "" : " AND kind = '" + kind.name() + "'";
    return client.preparedQuery("UPDATE site_credentials SET revoked_at = ? WHERE site_id = ? AND revoked_at IS NULL"
            + ofKind)
        .execute(Tuple.of(Columns.instant(now), siteId))
        .map(result -> result.rowCount());
  }

  Future<Boolean> revoke(SqlClient client, String credential, Instant now) {
    return client.preparedQuery("UPDATE site_credentials SET revoked_at = ? WHERE secret_hash = ? AND kind = 'LINK'"
            + " AND revoked_at IS NULL")
        .execute(Tuple.of(Columns.instant(now), SiteSecrets.hash(credential)))
        .map(result -> result.rowCount() == 1);
  }
}

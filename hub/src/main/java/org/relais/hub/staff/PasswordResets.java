package org.relais.hub.staff;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.http.ProblemException;
import org.relais.hub.storage.Columns;

/**
 * Links to choose a new password, issued by whoever manages the account (an admin, or the person's coordinator)
 * and handed over by them. A link works once, for {@link #VALIDITY}; the database keeps only the SHA-256 of its
 * secret, and a new link replaces the account's earlier ones. Choosing the password signs the account out of
 * every browser. An unknown, used or expired link, or one of a deactivated account, is refused the same way.
 */
public final class PasswordResets {
  public static final Duration VALIDITY = Duration.ofHours(24);

  /** A link's secret, to hand over once: it is not kept. */
  public record Issued(String token, Instant expiresAt) {}

  private final Pool pool;
  private final StaffStore store;
  private final Passwords passwords;
  private final StaffSessions sessions;
  private final Clock clock;

  public PasswordResets(Pool pool, StaffStore store, Passwords passwords, StaffSessions sessions, Clock clock) {
    this.pool = pool;
    this.store = store;
    this.passwords = passwords;
    this.sessions = sessions;
    this.clock = clock;
  }

  /** A new link for {@code staffId}'s account, if {@code actor} manages it and it is active. */
  public Future<Issued> issue(StaffPrincipal actor, UUID staffId) {
    return store.find(staffId).compose(found -> {
      StaffMember member = found.orElseThrow(() -> ProblemException.notFound("No staff account " + staffId));
      StaffAccounts.requireMayManage(actor, member.role(), member.centreIds());
      if (!member.active()) {
        throw ProblemException.conflict("active", "This account is deactivated; reactivate it first");
      }
      Instant now = clock.instant();
      Issued issued = new Issued(StaffSessions.randomToken(), now.plus(VALIDITY));
      return pool.withTransaction(conn -> conn.preparedQuery(
              "DELETE FROM staff_password_resets WHERE staff_id = ? OR expires_at <= ?")
          .execute(Tuple.of(staffId, Columns.instant(now)))
          .compose(swept -> conn.preparedQuery("""
                  INSERT INTO staff_password_resets (token_hash, staff_id, created_at, expires_at)
                  VALUES (?, ?, ?, ?)""")
              .execute(Tuple.of(StaffSessions.hash(issued.token()), staffId, Columns.instant(now),
                  Columns.instant(issued.expiresAt())))))
          .map(issued);
    });
  }

  /** The active account a live link stands for, if any. */
  public Future<Optional<StaffMember>> find(String token) {
    if (token == null || token.isEmpty() || token.length() > 100) {
      return Future.succeededFuture(Optional.empty());
    }
    return pool.preparedQuery("SELECT staff_id FROM staff_password_resets WHERE token_hash = ? AND expires_at > ?")
        .execute(Tuple.of(StaffSessions.hash(token), Columns.instant(clock.instant())))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(Optional.<StaffMember>empty());
          }
          Row row = rows.iterator().next();
          return store.find(Columns.uuid(row, "staff_id")).map(member -> member.filter(StaffMember::active));
        });
  }

  /**
   * Sets the account's password through a live link and uses the link up; the account's browsers are then signed
   * out. An unacceptable password is refused before the link is used; a dead link as 404.
   */
  public Future<StaffMember> use(String token, String password) {
    Passwords.requireAcceptable("password", password);
    return find(token).compose(found -> {
      StaffMember member = found.orElseThrow(PasswordResets::deadLink);
      Instant now = clock.instant();
      return passwords.hash(password).compose(hash -> pool.withTransaction(conn -> conn.preparedQuery(
              "DELETE FROM staff_password_resets WHERE token_hash = ? AND expires_at > ?")
          .execute(Tuple.of(StaffSessions.hash(token), Columns.instant(now)))
          .compose(used -> {
            if (used.rowCount() == 0) {
              // Used meanwhile, by another request with the same link.
              return Future.failedFuture(deadLink());
            }
            return conn.preparedQuery(
                    "UPDATE staff SET password_hash = ?, updated_at = ? WHERE id = ? AND active = TRUE")
                .execute(Tuple.of(hash, Columns.instant(now), member.id()));
          })
          .compose(updated -> updated.rowCount() == 0 ? Future.failedFuture(deadLink())
              : conn.preparedQuery("DELETE FROM staff_password_resets WHERE staff_id = ?")
                  .execute(Tuple.of(member.id())))))
          .compose(done -> sessions.endAll(member.id()))
          .map(member);
    });
  }

  private static ProblemException deadLink() {
    return ProblemException.notFound("This link is unknown, used or expired");
  }
}

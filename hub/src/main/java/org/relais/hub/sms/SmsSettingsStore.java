package org.relais.hub.sms;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.storage.Columns;
import org.relais.hub.storage.SqlErrors;

/** The centres' SMS lines, one row each, changed only from the version its editor saw. */
public final class SmsSettingsStore {
  private static final String COLUMNS = "centre_id, provider, base_url, username, secret, sender, webhook_key, "
      + "daily_cap, version, updated_by, updated_at";

  private final Pool pool;

  public SmsSettingsStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Optional<SmsSettings>> find(UUID centreId) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM centre_sms_settings WHERE centre_id = ?")
        .execute(Tuple.of(centreId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(settings(rows.iterator().next())));
  }

  /**
   * Writes {@code settings} if the row is still at {@code expectedVersion} (0: no row yet); false when someone
   * saved it meanwhile.
   */
  public Future<Boolean> save(SmsSettings settings, long expectedVersion) {
    if (expectedVersion == 0) {
      return pool.preparedQuery("INSERT INTO centre_sms_settings (" + COLUMNS
              + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .execute(Tuple.from(new Object[] {settings.centreId(), settings.provider().name(),
              settings.baseUrl().orElse(null), settings.username().orElse(null), settings.secret().orElse(null),
              settings.sender().orElse(null), settings.webhookKey().orElse(null), settings.dailyCap(),
              settings.version(), settings.updatedBy().orElse(null), Columns.instant(settings.updatedAt())}))
          .map(done -> true)
          .recover(failure -> SqlErrors.isUniqueViolation(failure) ? Future.succeededFuture(false)
              : Future.failedFuture(failure));
    }
    return pool.preparedQuery("""
            UPDATE centre_sms_settings SET provider = ?, base_url = ?, username = ?, secret = ?, sender = ?,
              webhook_key = ?, daily_cap = ?, version = ?, updated_by = ?, updated_at = ?
            WHERE centre_id = ? AND version = ?""")
        .execute(Tuple.from(new Object[] {settings.provider().name(), settings.baseUrl().orElse(null),
            settings.username().orElse(null), settings.secret().orElse(null), settings.sender().orElse(null),
            settings.webhookKey().orElse(null), settings.dailyCap(), settings.version(),
            settings.updatedBy().orElse(null), Columns.instant(settings.updatedAt()), settings.centreId(),
            expectedVersion}))
        .map(result -> result.rowCount() == 1);
  }

  private static SmsSettings settings(Row row) {
    return new SmsSettings(Columns.uuid(row, "centre_id"), SmsProvider.valueOf(row.getString("provider")),
        Optional.ofNullable(row.getString("base_url")), Optional.ofNullable(row.getString("username")),
        Optional.ofNullable(row.getString("secret")), Optional.ofNullable(row.getString("sender")),
        Optional.ofNullable(row.getString("webhook_key")), row.getInteger("daily_cap"), row.getLong("version"),
        Optional.ofNullable(Columns.uuid(row, "updated_by")), Columns.instant(row, "updated_at"));
  }
}

package org.relais.hub.storage;

import java.nio.file.Path;
import org.h2.store.fs.FilePath;
import org.relais.hub.config.ConfigException;
import org.relais.hub.config.ConfigValues;

/** Which database the hub keeps its durable state in. */
public record DatabaseConfig(String url, String user, String password, int poolSize) {

  /**
   * The embedded database's settings. {@code WRITE_DELAY=0}: H2 writes each commit to its file before the
   * statement returns (its default keeps commits in memory for up to half a second, lost on {@code kill -9}).
   */
  static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";

  static {
    // H2 finds file systems by scheme in a registry of its own: ours is known before any URL names it.
    FilePath.register(new SyncedH2Files());
  }

  public DatabaseConfig {
    if (url == null || !(url.startsWith("jdbc:h2:") || url.startsWith("jdbc:postgresql:"))) {
      throw new ConfigException("db.url", "must be a jdbc:h2: or jdbc:postgresql: URL");
    }
    if (poolSize < 1) {
      throw new ConfigException("db.poolSize", "must be at least 1");
    }
  }

  public static DatabaseConfig from(ConfigValues values, Path dataDir) {
    String url = values.optional("db.url").orElseGet(() -> embeddedUrl(dataDir));
    return new DatabaseConfig(url, values.string("db.user"), values.string("db.password"),
        values.integer("db.poolSize", 1, 200));
  }

  /**
   * The embedded default: an H2 file under the data directory, speaking PostgreSQL's dialect, each commit
   * on the disk before it is answered ({@link SyncedH2Files}).
   */
  public static DatabaseConfig embedded(Path dataDir) {
    return new DatabaseConfig(embeddedUrl(dataDir), "", "", 8);
  }

  private static String embeddedUrl(Path dataDir) {
    return "jdbc:h2:file:" + SyncedH2Files.SCHEME + ":" + dataDir.toAbsolutePath().resolve("relais") + H2_OPTIONS;
  }

  public boolean isPostgres() {
    return url.startsWith("jdbc:postgresql:");
  }

  /** The URL with any password parameter hidden, for logs. */
  public String safeUrl() {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}

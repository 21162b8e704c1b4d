package org.relais.hub.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The hub's durable store: a migrated schema and a connection pool, H2 or PostgreSQL. */
public final class Database {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  /** How long a statement waits for a free connection before it fails (as unavailable) instead of hanging. */
  static final int CONNECTION_WAIT_SECONDS = 5;

  private final Pool pool;
  private final DatabaseConfig config;

  private Database(Pool pool, DatabaseConfig config) {
    this.pool = pool;
    this.config = config;
  }

  /** Brings the schema up to date (on a worker thread), then opens the pool. */
  public static Future<Database> open(Vertx vertx, DatabaseConfig config) {
    return vertx.executeBlocking(() -> migrate(config))
        .map(applied -> {
          PoolOptions poolOptions = new PoolOptions().setMaxSize(config.poolSize()).setName("relais-db")
              .setConnectionTimeout(CONNECTION_WAIT_SECONDS);
          return new Database(JDBCPool.pool(vertx, new PoolConnections(config), poolOptions), config);
        });
  }

  /** Applies pending migrations; blocking. Answers how many were applied. */
  public static int migrate(DatabaseConfig config) {
    Flyway flyway = Flyway.configure()
        .dataSource(config.url(), config.user(), config.password())
        .locations("classpath:db/migration")
        .loggers("slf4j")
        .load();
    MigrateResult result = flyway.migrate();
    LOG.info("Database {} at schema version {} ({} migration(s) applied)", config.safeUrl(),
        result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
        result.migrationsExecuted);
    return result.migrationsExecuted;
  }

  public Pool pool() {
    return pool;
  }

  public DatabaseConfig config() {
    return config;
  }

  /** Succeeds when the database answers a trivial query. */
  public Future<Void> ping() {
    return pool.query("SELECT 1").execute().mapEmpty();
  }

  public Future<Void> close() {
    return pool.close();
  }
}

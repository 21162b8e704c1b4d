package org.relais.hub.testing;

import io.vertx.core.Vertx;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.relais.hub.storage.Database;

/**
 * Base of the store tests: each test method runs once per database ({@link #databases()}), on a fresh
 * migrated schema of its own.
 */
public abstract class StoreTest {
  protected Vertx vertx;
  protected Database db;
  private TestDatabase database;

  public static Stream<String> databases() {
    return TestDatabase.kinds();
  }

  protected Database open(String kind) {
    vertx = Vertx.vertx();
    database = TestDatabase.create(kind);
    db = Database.open(vertx, database.config()).await();
    return db;
  }

  @AfterEach
  void closeDatabase() {
    if (db != null) {
      db.close().await();
    }
    if (vertx != null) {
      vertx.close().await();
    }
    if (database != null) {
      database.close();
    }
  }
}

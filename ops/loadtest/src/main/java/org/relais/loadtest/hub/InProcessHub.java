package org.relais.loadtest.hub;

import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.relais.hub.HubApplication;
import org.relais.hub.config.ConfigLoader;
import org.relais.hub.config.HubConfig;

/**
 * A real hub in this JVM, wired exactly as in production, on a fresh data directory (H2 unless
 * {@code db.url} says otherwise), on a free port of the loopback interface, plus a scenario's routes.
 */
public final class InProcessHub implements AutoCloseable {
  private final HubApplication hub;
  private final HubConfig config;

  private InProcessHub(HubApplication hub, HubConfig config) {
    this.hub = hub;
    this.config = config;
  }

  /** Starts the hub; {@code overrides} win over the defaults, the environment is not read. */
  public static InProcessHub start(Path dataDir, Map<String, String> overrides, Consumer<Router> extraRoutes) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("data.dir", dataDir.toString());
    values.put("http.host", "127.0.0.1");
    values.put("http.port", "0");
    values.putAll(overrides);
    HubConfig config = HubConfig.from(ConfigLoader.resolve(values, Map.of()));
    HubApplication hub = HubApplication.start(config, Clock.systemUTC(), extraRoutes).await();
    return new InProcessHub(hub, config);
  }

  public HubApplication app() {
    return hub;
  }

  public HubConfig config() {
    return config;
  }

  public int port() {
    return hub.port();
  }

  /** One line saying how the hub runs, for the report. */
  public String describe() {
    return config.http().effectiveInstances() + " HTTP verticle(s), database " + config.db().safeUrl()
        + " (pool " + config.db().poolSize() + "), schedule cache TTL " + config.schedule().cacheTtl();
  }

  @Override
  public void close() {
    try {
      hub.stop().await(1, TimeUnit.MINUTES);
    } catch (TimeoutException e) {
      System.err.println("The hub did not stop within a minute");
    }
  }
}

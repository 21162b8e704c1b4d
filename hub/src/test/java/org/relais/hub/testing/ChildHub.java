package org.relais.hub.testing;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.relais.hub.Main;

/** A hub in a process of its own (`serve`), to be killed outright; its output goes to {@code hub.out}. */
public final class ChildHub {
  private ChildHub() {}

  /** Starts it on {@code database} and {@code dataDir}, listening on a free port, with {@code env} added. */
  public static Process start(TestDatabase database, Path dataDir, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve")
        .redirectErrorStream(true).redirectOutput(new File(dataDir.toFile(), "hub.out"));
    Map<String, String> all = new HashMap<>(Map.of(
        "RELAIS_DATA_DIR", dataDir.toString(),
        "RELAIS_DB_URL", database.config().url(),
        "RELAIS_HTTP_HOST", "127.0.0.1",
        "RELAIS_HTTP_PORT", "0",
        "RELAIS_BROADCAST_RTMP_HOST", "127.0.0.1",
        "RELAIS_BROADCAST_RTMP_PORT", "0"));
    all.putAll(env);
    builder.environment().putAll(all);
    return builder.start();
  }
}

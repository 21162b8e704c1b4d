package org.relais.loadtest;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options of every scenario that runs a hub in this JVM. */
public final class HubOptions {
  @Option(names = "--hub", paramLabel = "KEY=VALUE",
      description = "Override a hub configuration key (repeatable), e.g. --hub http.instances=1 "
          + "--hub db.url=jdbc:postgresql://... ; RELAIS_* environment variables are ignored.")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--keep-files", description = "Keep the run's directory (database, hub log) instead of removing it.")
  boolean keepFiles;

  public Map<String, String> overrides() {
    return Map.copyOf(overrides);
  }

  public boolean keepFiles() {
    return keepFiles;
  }
}

package org.relais.hub.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository outside the module (ops/, docs/), found from the working directory up. */
public final class RepositoryFiles {
  private RepositoryFiles() {}

  public static Path find(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(relative))) {
        return dir.resolve(relative);
      }
    }
    throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
  }
}

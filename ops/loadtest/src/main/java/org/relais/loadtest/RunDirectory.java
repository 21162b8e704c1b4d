package org.relais.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The scratch directory of one run: the hub's data directory and its log. Create it before anything
 * logs, since the log file is fixed when logging starts. Removed on close unless kept.
 */
public final class RunDirectory implements AutoCloseable {
  static final String LOG_FILE_PROPERTY = "relais.loadtest.log";

  private final Path root;
  private final boolean keep;

  private RunDirectory(Path root, boolean keep) {
    this.root = root;
    this.keep = keep;
  }

  public static RunDirectory create(boolean keep) {
    try {
      Path root = Files.createTempDirectory("relais-loadtest-");
      System.setProperty(LOG_FILE_PROPERTY, root.resolve("hub.log").toString());
      return new RunDirectory(root, keep);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path root() {
    return root;
  }

  public Path dataDir() {
    return root.resolve("data");
  }

  public Path hubLog() {
    return root.resolve("hub.log");
  }

  public boolean kept() {
    return keep;
  }

  @Override
  public void close() {
    if (keep) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      System.err.println("Could not remove " + root + ": " + e.getMessage());
    }
  }
}

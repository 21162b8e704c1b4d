package org.relais.hub.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import org.h2.store.fs.FilePathWrapper;

/**
 * H2's files opened for synchronous writes ({@code O_DSYNC}): a write returns once its bytes and the file
 * length are on the disk, not in the operating system's cache. With {@code WRITE_DELAY=0} H2 writes each
 * commit before answering it; through these files that write also survives a power loss.
 *
 * <p>H2 has no setting for this (only {@code CHECKPOINT SYNC}, a statement of its own after each write), so
 * the embedded database names its file with this scheme: {@code jdbc:h2:file:syncwrites:/path/relais}.
 * H2 finds file systems by scheme in a registry of its own; {@link DatabaseConfig} registers this one
 * before any URL naming it exists. Public with a public constructor: H2 instantiates it by reflection.
 */
public final class SyncedH2Files extends FilePathWrapper {
  static final String SCHEME = "syncwrites";

  public SyncedH2Files() {}

  @Override
  public FileChannel open(String mode) throws IOException {
    return getBase().open("rw".equals(mode) ? "rwd" : mode);
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }
}

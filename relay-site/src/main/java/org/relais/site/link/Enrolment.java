package org.relais.site.link;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What the relay got when it enrolled: its hub, its site and the credential that opens its link. Kept in
 * {@code site.json} in the data directory, readable by the relay's own user only (0600).
 */
public record Enrolment(URI hub, UUID siteId, String siteName, UUID centreId, String centreName, String credential) {
  static final String FILE = "site.json";
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  public static Optional<Enrolment> read(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    JsonObject json = new JsonObject(Files.readString(file));
    return Optional.of(new Enrolment(URI.create(json.getString("hub")), UUID.fromString(json.getString("siteId")),
        json.getString("siteName"), UUID.fromString(json.getString("centreId")), json.getString("centreName"),
        json.getString("credential")));
  }

  /** Writes the file whole (a temporary file moved in place), never readable by others even for a moment. */
  public void write(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    Path temporary = dataDir.resolve(FILE + ".new");
    Files.deleteIfExists(temporary);
    Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    Files.writeString(temporary, new JsonObject().put("hub", hub.toString()).put("siteId", siteId.toString())
        .put("siteName", siteName).put("centreId", centreId.toString()).put("centreName", centreName)
        .put("credential", credential).encodePrettily(), StandardCharsets.UTF_8, StandardOpenOption.WRITE,
        StandardOpenOption.SYNC);
    Files.move(temporary, dataDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public Enrolment withCredential(String next) {
    return new Enrolment(hub, siteId, siteName, centreId, centreName, next);
  }

  public URI api(String path) {
    return hub.resolve("/api/v1" + path);
  }
}

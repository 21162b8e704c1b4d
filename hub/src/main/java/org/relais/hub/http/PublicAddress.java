package org.relais.hub.http;

import java.net.URI;
import java.util.Optional;

/**
 * The address families reach the hub at, for links in answers, QR codes and calendar files: the
 * configured public URL, or {@code http://localhost:<bound port>} once the server listens.
 */
public final class PublicAddress {
  private final Optional<URI> configured;
  private volatile URI bound;

  public PublicAddress(Optional<URI> configured) {
    this.configured = configured.map(uri -> URI.create(uri.toString().replaceAll("/+$", "")));
  }

  /** Called once the HTTP server has its port. */
  public void listeningOn(int port) {
    bound = URI.create("http://localhost:" + port);
  }

  public URI base() {
    return configured.orElseGet(() -> {
      if (bound == null) {
        throw new IllegalStateException("the public address is known once the server listens");
      }
      return bound;
    });
  }

  /** An absolute link to {@code path} (which starts with a slash). */
  public String link(String path) {
    return base() + path;
  }
}

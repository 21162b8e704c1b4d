package org.relais.loadtest;

import io.vertx.core.net.PemTrustOptions;
import org.relais.hub.testing.Nginx;
import picocli.CommandLine.Option;

/** Whether a scenario also measures its routes through a real nginx in front of the hub. */
public final class ViaOptions {
  /** How the load generator reaches the hub. */
  public enum Via { direct, nginx }

  @Option(names = "--via", defaultValue = "direct", description = "direct (default), or nginx: measure straight "
      + "to the hub, then the same again through a real nginx (" + Nginx.BINARY + ") running ops/nginx/relais.conf "
      + "over TLS on this machine, and compare.")
  Via via;

  public boolean nginx() {
    return via == Via.nginx;
  }

  /** Starts nginx in front of the hub on {@code hubPort}, on free ports. */
  public static Nginx startNginx(int hubPort) {
    return Nginx.start(hubPort, Nginx.freePort(), Nginx.freePort());
  }

  /** Trust in the certificate nginx made for itself. */
  public static PemTrustOptions trust(Nginx nginx) {
    return new PemTrustOptions().addCertPath(nginx.certificate().toString());
  }
}

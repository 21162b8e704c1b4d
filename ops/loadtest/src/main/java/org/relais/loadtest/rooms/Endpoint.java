package org.relais.loadtest.rooms;

/**
 * Where the benchmark's sockets reach the hub: its own port, or nginx's over TLS. Through nginx a socket sends
 * no Origin, as a program (a relay-site) does: nginx hands the hub the host name without the test's port, so
 * a browser's Origin would name another host than the one the hub is told.
 */
record Endpoint(int port, boolean tls) {
  static Endpoint direct(int port) {
    return new Endpoint(port, false);
  }

  static Endpoint nginx(int httpsPort) {
    return new Endpoint(httpsPort, true);
  }
}

package org.relais.hub.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Debian's coturn ({@code /usr/bin/turnserver}) for one test, on free ports, running the shipped
 * {@code ops/coturn/turnserver.conf} with what a test machine needs instead of a production server's
 * addresses, certificate and logging: its settings of credentials, quotas and hardening stay. It listens and
 * relays on the machine's own (non-loopback) address, as Chromium sends nothing from its sockets to a
 * loopback TURN server; that address is private, so it is allowed as a peer the way the shipped file says.
 */
public final class Coturn implements AutoCloseable {
  public static final Path TURNSERVER = Path.of("/usr/bin/turnserver");
  /** Keys of the shipped file a test replaces: where to listen and relay, the secret, TLS, logs. */
  private static final Set<String> REPLACED = Set.of("listening-port", "tls-listening-port", "listening-ip",
      "relay-ip", "external-ip", "min-port", "max-port", "static-auth-secret", "realm", "cert", "pkey",
      "syslog", "simple-log", "log-file", "pidfile", "userdb");
  private static final int RELAY_PORTS = 64;

  private final Process process;
  private final String address;
  private final int port;
  private final StringBuffer log = new StringBuffer();

  private Coturn(Process process, String address, int port) {
    this.process = process;
    this.address = address;
    this.port = port;
  }

  /** Starts coturn with {@code shipped} and the shared {@code secret}; answers once it listens. */
  public static Coturn start(Path shipped, String secret, Path workDir) {
    if (!Files.isExecutable(TURNSERVER)) {
      throw new IllegalStateException(TURNSERVER + " is missing: apt-get install -y coturn");
    }
    try {
      InetAddress address = ownAddress();
      int port = freePort(address);
      int relays = freePort(address);
      List<String> lines = new ArrayList<>();
      for (String line : Files.readAllLines(shipped)) {
        String key = line.strip().split("[=\\s]", 2)[0];
        if (!REPLACED.contains(key)) {
          lines.add(line);
        }
      }
      String ip = address.getHostAddress();
      lines.addAll(List.of("listening-ip=" + ip, "relay-ip=" + ip, "allowed-peer-ip=" + ip, "listening-port=" + port,
          "min-port=" + relays, "max-port=" + Math.min(65535, relays + RELAY_PORTS), "static-auth-secret=" + secret,
          "realm=relais.test", "no-tls", "no-dtls", "verbose", "log-file=stdout",
          "pidfile=" + workDir.resolve("turnserver.pid"), "userdb=" + workDir.resolve("turndb")));
      Path config = workDir.resolve("turnserver.conf");
      Files.write(config, lines);
      Process process = new ProcessBuilder(TURNSERVER.toString(), "-c", config.toString())
          .redirectErrorStream(true).start();
      Coturn coturn = new Coturn(process, ip, port);
      coturn.awaitListening();
      return coturn;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The machine's first IPv4 address that is up and not loopback: the one browsers' sockets use. */
  private static InetAddress ownAddress() throws IOException {
    return NetworkInterface.networkInterfaces().filter(Coturn::usable)
        .flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
        .findFirst().orElseThrow(() -> new IllegalStateException("no IPv4 address but loopback to run coturn on"));
  }

  private static boolean usable(NetworkInterface network) {
    try {
      return network.isUp() && !network.isLoopback();
    } catch (SocketException e) {
      return false;
    }
  }

  /** A port free for both UDP and TCP on {@code address} (coturn takes both). */
  private static int freePort(InetAddress address) throws IOException {
    while (true) {
      try (DatagramSocket udp = new DatagramSocket(0, address)) {
        try (ServerSocket tcp = new ServerSocket(udp.getLocalPort(), 1, address)) {
          return tcp.getLocalPort();
        } catch (IOException taken) {
          // That port is taken for TCP: try another.
        }
      }
    }
  }

  private void awaitListening() {
    String ready = "UDP listener opened on: " + address + ":" + port;
    CompletableFuture<Void> listening = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          log.append(line).append('\n');
          if (line.contains(ready)) {
            listening.complete(null);
          }
        }
      } catch (IOException e) {
        // The process ended: its output is closed.
      }
      listening.completeExceptionally(new IllegalStateException("turnserver ended before listening:\n" + log));
    }, "turnserver-log");
    reader.setDaemon(true);
    reader.start();
    try {
      listening.get(20, TimeUnit.SECONDS);
    } catch (TimeoutException | InterruptedException | ExecutionException e) {
      close();
      throw new IllegalStateException("turnserver did not listen on " + port + ":\n" + log, e);
    }
  }

  /** The URL a hub hands browsers ({@code ice.turnUrls}). */
  public String url() {
    return "turn:" + address + ":" + port + "?transport=udp";
  }

  /** What coturn logged so far. */
  public String log() {
    return log.toString();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}

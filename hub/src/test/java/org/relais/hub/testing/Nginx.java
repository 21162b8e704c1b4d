package org.relais.hub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A real nginx ({@code /usr/sbin/nginx}) running the shipped {@code ops/nginx/relais.conf} in front of a hub:
 * the file is copied with only its ports, certificate and cache paths changed, into a directory of its own,
 * with a self-signed certificate for {@code localhost} made by openssl. Uses nothing but the JDK, so the
 * benchmarks can run it too. {@link #close()} stops it and removes its directory.
 */
public final class Nginx implements AutoCloseable {
  public static final String BINARY = "/usr/sbin/nginx";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String CERTIFICATES = "/etc/letsencrypt/live/relais.example.org/";
  private static final String CACHE = "/var/lib/nginx/relais-static";

  private final Path directory;
  private final Process process;
  private final int httpPort;
  private final int httpsPort;

  private Nginx(Path directory, Process process, int httpPort, int httpsPort) {
    this.directory = directory;
    this.process = process;
    this.httpPort = httpPort;
    this.httpsPort = httpsPort;
  }

  /** The configuration nginx is shipped with. */
  public static Path shippedConfig() {
    return RepositoryFiles.find("ops/nginx/relais.conf");
  }

  /** Starts nginx on the given ports of 127.0.0.1 and ::1 (plain HTTP, TLS), proxying to the hub on {@code hubPort}. */
  public static Nginx start(int hubPort, int httpPort, int httpsPort) {
    Path directory = null;
    Process process = null;
    try {
      // nginx's workers (nobody, when the tests run as root) write the cache and temporary files in it.
      directory = Files.createTempDirectory("relais-nginx-", PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rwxr-xr-x")));
      Path conf = prepare(directory, Map.of(
          "server 127.0.0.1:8080;", "server 127.0.0.1:" + hubPort + ";",
          "listen 80;", "listen 127.0.0.1:" + httpPort + ";",
          "listen [::]:80;", "listen [::1]:" + httpPort + ";",
          "listen 443 ssl http2;", "listen 127.0.0.1:" + httpsPort + " ssl http2;",
          "listen [::]:443 ssl http2;", "listen [::1]:" + httpsPort + " ssl http2;",
          CACHE, directory.resolve("cache").toString()));
      process = new ProcessBuilder(BINARY, "-p", directory.toString(), "-e", directory.resolve("error.log").toString(),
          "-c", conf.toString(), "-g", "daemon off;")
          .redirectErrorStream(true).redirectOutput(directory.resolve("nginx.out").toFile()).start();
      Nginx nginx = new Nginx(directory, process, httpPort, httpsPort);
      nginx.awaitListening();
      return nginx;
    } catch (IOException | RuntimeException e) {
      if (process != null) {
        stop(process);
      }
      String log = directory == null ? "" : read(directory.resolve("error.log"));
      throw new IllegalStateException("nginx did not start: " + log, e);
    }
  }

  /**
   * Runs {@code nginx -t} on the shipped file with a test certificate and cache directory in place of the
   * server's, every other line as shipped; answers nginx's output, and fails if nginx finds the file wrong.
   */
  public static String check() {
    Path directory = null;
    try {
      directory = Files.createTempDirectory("relais-nginx-check-");
      Path conf = prepare(directory, Map.of(CACHE, directory.resolve("cache").toString()));
      Process test = new ProcessBuilder(BINARY, "-t", "-p", directory.toString(), "-e",
          directory.resolve("error.log").toString(), "-c", conf.toString())
          .redirectErrorStream(true).start();
      String output = new String(test.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!test.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS) || test.exitValue() != 0) {
        throw new AssertionError("nginx -t refused the shipped configuration:\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      delete(directory);
    }
  }

  /**
   * Writes into {@code directory} a certificate, the shipped file with the certificate paths and each
   * {@code changes} key (which must be in it) replaced, and an nginx.conf that includes it as a distribution's
   * does. Answers the nginx.conf.
   */
  private static Path prepare(Path directory, Map<String, String> changes) throws IOException {
    Path certificates = Files.createDirectories(directory.resolve("certificates"));
    selfSigned(certificates);
    Map<String, String> all = new LinkedHashMap<>(changes);
    all.put(CERTIFICATES, certificates + "/");
    String site = Files.readString(shippedConfig());
    for (Map.Entry<String, String> change : all.entrySet()) {
      if (!site.contains(change.getKey())) {
        throw new IllegalStateException("ops/nginx/relais.conf no longer says '" + change.getKey() + "'");
      }
      site = site.replace(change.getKey(), change.getValue());
    }
    Files.writeString(directory.resolve("relais.conf"), site);
    Path conf = directory.resolve("nginx.conf");
    Files.writeString(conf, String.join("\n",
        "pid " + directory.resolve("nginx.pid") + ";",
        "worker_processes 1;",
        // Each socket a client opens through nginx is two connections (the benchmarks open thousands).
        "worker_rlimit_nofile 40000;",
        "events { worker_connections 20000; }",
        "http {",
        "  access_log " + directory.resolve("access.log") + ";",
        "  client_body_temp_path " + directory.resolve("body") + ";",
        "  proxy_temp_path " + directory.resolve("proxy") + ";",
        "  fastcgi_temp_path " + directory.resolve("fastcgi") + ";",
        "  uwsgi_temp_path " + directory.resolve("uwsgi") + ";",
        "  scgi_temp_path " + directory.resolve("scgi") + ";",
        "  include " + directory.resolve("relais.conf") + ";",
        "}", ""));
    return conf;
  }

  private static void selfSigned(Path certificates) throws IOException {
    Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        "-keyout", certificates.resolve("privkey.pem").toString(),
        "-out", certificates.resolve("fullchain.pem").toString())
        .redirectErrorStream(true).start();
    String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!openssl.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS) || openssl.exitValue() != 0) {
        throw new IOException("openssl could not make a certificate: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private void awaitListening() {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!accepts(httpsPort) || !accepts(httpPort)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("nginx exited with status " + process.exitValue() + ": "
            + read(directory.resolve("nginx.out")));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("nginx is not listening after " + WAIT);
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  public int httpPort() {
    return httpPort;
  }

  public int httpsPort() {
    return httpsPort;
  }

  /** The self-signed certificate nginx presents (PEM), for clients to trust. */
  public Path certificate() {
    return directory.resolve("certificates/fullchain.pem");
  }

  /** The address clients reach the hub by, through nginx. */
  public URI base() {
    return URI.create("https://localhost:" + httpsPort);
  }

  /** nginx's error log so far (for a failing test's message). */
  public String errorLog() {
    return read(directory.resolve("error.log"));
  }

  @Override
  public void close() {
    stop(process);
    delete(directory);
  }

  /** Asks nginx to stop (SIGTERM), then kills it and its workers if it has not within the wait. */
  private static void stop(Process process) {
    List<ProcessHandle> workers = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    workers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  /** A port free now, for a server started next (the hub's public address must name nginx's before either starts). */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private static void delete(Path directory) {
    if (directory == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      // A temporary directory left behind harms nothing.
    }
  }
}

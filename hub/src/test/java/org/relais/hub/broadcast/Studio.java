package org.relais.hub.broadcast;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A studio as the browser's is: a WebM like MediaRecorder's (made by ffmpeg from its test sources), sent over
 * the ingest WebSocket in messages of at most 64 KiB, paced as a camera would send it.
 */
final class Studio implements AutoCloseable {
  static final int MESSAGE = 64 * 1024;

  private final WebSocketClient client;
  private final WebSocket socket;
  private final List<JsonObject> messages = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  final CompletableFuture<Short> closed = new CompletableFuture<>();

  private record Waiter(Predicate<JsonObject> matches, CompletableFuture<JsonObject> found) {}

  private Studio(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(text -> received(new JsonObject(text)));
    socket.closeHandler(v -> closed.complete(socket.closeStatusCode()));
  }

  /** Opens the ingest socket at {@code url} (ws://host:port/b/ingest?ticket=...). */
  static Studio open(Vertx vertx, String url) {
    java.net.URI uri = java.net.URI.create(url);
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(MESSAGE)
        .setMaxMessageSize(MESSAGE));
    // Its handlers set before connecting: the hub may answer, or close, before a connect callback would run.
    io.vertx.core.http.ClientWebSocket socket = client.webSocket();
    Studio studio = new Studio(client, socket);
    socket.connect(new WebSocketConnectOptions().setHost(uri.getHost()).setPort(uri.getPort())
        .setURI(uri.getRawPath() + "?" + uri.getRawQuery())).await();
    return studio;
  }

  /** Opens the socket as a page of {@code origin} would (none: as a program); fails as the hub refuses it. */
  static Future<WebSocket> tryOpen(Vertx vertx, String url, String origin) {
    java.net.URI uri = java.net.URI.create(url);
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(uri.getHost())
        .setPort(uri.getPort()).setURI(uri.getRawPath() + "?" + uri.getRawQuery());
    options.setAllowOriginHeader(origin != null);
    if (origin != null) {
      options.addHeader("Origin", origin);
    }
    return vertx.createWebSocketClient().connect(options);
  }

  /** Sends {@code webm} in 64 KiB messages, {@code bytesPerSecond} at most (0: as fast as the socket takes). */
  void send(byte[] webm, long bytesPerSecond) throws InterruptedException {
    long started = System.nanoTime();
    for (int offset = 0; offset < webm.length; offset += MESSAGE) {
      int end = Math.min(webm.length, offset + MESSAGE);
      socket.writeBinaryMessage(Buffer.buffer(java.util.Arrays.copyOfRange(webm, offset, end))).await();
      if (bytesPerSecond > 0) {
        long due = started + TimeUnit.SECONDS.toNanos(end) / bytesPerSecond;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
    }
  }

  private synchronized void received(JsonObject message) {
    messages.add(message);
    waiters.removeIf(waiter -> waiter.matches.test(message) && waiter.found.complete(message));
  }

  /** Waits for a message of {@code type} (already received or to come). */
  JsonObject await(String type, Duration within) throws Exception {
    CompletableFuture<JsonObject> found = new CompletableFuture<>();
    synchronized (this) {
      for (JsonObject message : messages) {
        if (type.equals(message.getString("type"))) {
          return message;
        }
      }
      waiters.add(new Waiter(message -> type.equals(message.getString("type")), found));
    }
    return found.get(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The first message of {@code type} the hub sent after its first message of {@code after}. */
  JsonObject awaitAfter(String after, String type, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    await(after, within);
    while (true) {
      CompletableFuture<JsonObject> found = new CompletableFuture<>();
      synchronized (this) {
        boolean seen = false;
        for (JsonObject message : messages) {
          if (seen && type.equals(message.getString("type"))) {
            return message;
          }
          seen |= after.equals(message.getString("type"));
        }
        waiters.add(new Waiter(message -> type.equals(message.getString("type")), found));
      }
      found.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
  }

  synchronized List<JsonObject> messages() {
    return List.copyOf(messages);
  }

  @Override
  public void close() {
    if (!socket.isClosed()) {
      socket.close().await();
    }
    client.close().await();
  }

  /** A WebM of {@code seconds} of ffmpeg's test picture and tone, VP8 and Opus as Chrome's MediaRecorder makes. */
  static synchronized byte[] testWebm(int seconds) throws IOException, InterruptedException {
    Path file = Path.of(System.getProperty("java.io.tmpdir"), "relais-studio-" + seconds + "s.webm");
    if (!Files.exists(file)) {
      Path partial = Files.createTempFile("relais-studio-", ".webm");
      Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
          "-f", "lavfi", "-i", "testsrc2=size=640x480:rate=25", "-f", "lavfi", "-i",
          "sine=frequency=440:sample_rate=48000", "-t", String.valueOf(seconds),
          "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "600k", "-g", "25",
          "-c:a", "libopus", "-b:a", "64k", "-cluster_time_limit", "500", "-f", "webm", partial.toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!ffmpeg.waitFor(120, TimeUnit.SECONDS) || ffmpeg.exitValue() != 0) {
        throw new IOException("ffmpeg could not make the test WebM");
      }
      Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return Files.readAllBytes(file);
  }

  /** What ffprobe says of a media file: its streams' codec types, comma-separated. */
  static String probe(Path media) throws IOException, InterruptedException {
    Process ffprobe = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "stream=codec_type,codec_name",
        "-of", "csv=p=0", media.toString()).redirectErrorStream(true).start();
    String out = new String(ffprobe.getInputStream().readAllBytes()).strip();
    ffprobe.waitFor(30, TimeUnit.SECONDS);
    // An MPEG-TS lists its streams once more under its program: each stream once.
    return ffprobe.exitValue() == 0 ? String.join(";", out.lines().map(String::strip).filter(line -> !line.isEmpty())
        .distinct().toList()) : "ffprobe failed: " + out;
  }

  /** How many seconds {@code media} lasts, as ffprobe reads its container. */
  static double seconds(Path media) throws IOException, InterruptedException {
    Process ffprobe = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format=duration",
        "-of", "csv=p=0", media.toString()).redirectErrorStream(true).start();
    String out = new String(ffprobe.getInputStream().readAllBytes()).strip();
    ffprobe.waitFor(30, TimeUnit.SECONDS);
    return Double.parseDouble(out);
  }

  /** Whether ffmpeg decodes every frame of {@code media} without an error. */
  static boolean decodes(Path media) throws IOException, InterruptedException {
    Process ffmpeg = new ProcessBuilder("ffmpeg", "-v", "error", "-i", media.toString(), "-f", "null", "-")
        .redirectErrorStream(true).start();
    String out = new String(ffmpeg.getInputStream().readAllBytes()).strip();
    ffmpeg.waitFor(60, TimeUnit.SECONDS);
    return ffmpeg.exitValue() == 0 && out.isEmpty();
  }
}

package org.relais.site.broadcast;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An instructor's studio as long as the test needs it: ffmpeg's test picture and tone encoded live as WebM (VP8,
 * Opus, as Chrome's MediaRecorder makes it) and sent to the hub's ingest WebSocket in messages of at most 64 KiB,
 * at the pace it is made.
 */
public final class LiveStudio implements AutoCloseable {
  private static final int MESSAGE = 64 * 1024;
  private final Process ffmpeg;
  private final WebSocketClient client;
  private final WebSocket socket;
  private final Thread pump;

  private LiveStudio(Process ffmpeg, WebSocketClient client, WebSocket socket) {
    this.ffmpeg = ffmpeg;
    this.client = client;
    this.socket = socket;
    this.pump = new Thread(this::pump, "live-studio");
    pump.setDaemon(true);
    pump.start();
  }

  /** Goes on air at the ingest {@code url} (ws://host:port/b/ingest?ticket=...). */
  public static LiveStudio start(Vertx vertx, String url) throws IOException {
    URI uri = URI.create(url);
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocket socket = client.connect(new WebSocketConnectOptions().setHost(uri.getHost()).setPort(uri.getPort())
        .setURI(uri.getRawPath() + "?" + uri.getRawQuery())).await();
    Process ffmpeg = new ProcessBuilder(List.of("/usr/bin/ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
        "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "600k", "-g", "25",
        "-c:a", "libopus", "-b:a", "64k", "-cluster_time_limit", "500", "-f", "webm", "pipe:1"))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    return new LiveStudio(ffmpeg, client, socket);
  }

  private void pump() {
    byte[] chunk = new byte[MESSAGE];
    try (InputStream in = ffmpeg.getInputStream()) {
      int read;
      while ((read = in.read(chunk)) > 0) {
        // No time limit: a hub behind on a busy machine holds the stream back, as a studio's browser would wait.
        socket.writeBinaryMessage(Buffer.buffer(java.util.Arrays.copyOf(chunk, read)))
            .toCompletionStage().toCompletableFuture().get();
      }
    } catch (Exception e) {
      // The studio closed, or the hub went away: the stream ends here.
    }
  }

  @Override
  public void close() {
    ffmpeg.destroy();
    try {
      if (!ffmpeg.waitFor(5, TimeUnit.SECONDS)) {
        ffmpeg.destroyForcibly().waitFor();
      }
      pump.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!socket.isClosed()) {
      socket.close().await();
    }
    client.close().await();
  }
}

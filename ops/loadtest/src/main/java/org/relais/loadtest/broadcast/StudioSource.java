package org.relais.loadtest.broadcast;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The instructor's studio sending to the hub: the {@link StudioClip}'s clusters over the hub's ingest WebSocket, each
 * once it is complete (as MediaRecorder hands over a chunk when its timeslice ends), in messages of at most 64 KiB.
 * Media time 0 is "captured" when the studio starts, so the capture time of any frame is known, and so is the time
 * its cluster went to the hub.
 */
final class StudioSource implements AutoCloseable {
  static final int MESSAGE = 64 * 1024;

  private final StudioClip clip;
  private final WebSocketClient client;
  private final WebSocket socket;
  private final Thread sender;
  /** Cluster timecode (ms of media time) -> epoch ms its bytes were handed to the socket. */
  private final ConcurrentSkipListMap<Long, Long> sentAt = new ConcurrentSkipListMap<>();
  private final List<JsonObject> events = new ArrayList<>();
  final CompletableFuture<Long> onAir = new CompletableFuture<>();
  private volatile long startedAt;
  private volatile long bytesSent;
  private volatile long late;
  private volatile boolean closing;

  private StudioSource(StudioClip clip, WebSocketClient client, WebSocket socket) {
    this.clip = clip;
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(text -> {
      JsonObject event = new JsonObject(text);
      synchronized (events) {
        events.add(event);
      }
      if ("onAir".equals(event.getString("type"))) {
        onAir.complete(event.getLong("firstSegmentAt"));
      } else if ("error".equals(event.getString("type"))) {
        onAir.completeExceptionally(new IllegalStateException("the hub refused the stream: "
            + event.getString("reason")));
      }
    });
    this.sender = new Thread(this::send, "studio-source");
    sender.setDaemon(true);
  }

  /** Opens the ingest socket at {@code url} (on the hub's port, on the loopback) and starts sending. */
  static StudioSource start(Vertx vertx, String url, int port, StudioClip clip) {
    URI uri = URI.create(url);
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(MESSAGE)
        .setMaxMessageSize(MESSAGE));
    // As a program (OBS-like tools, this benchmark) opens it: no Origin header, which the hub lets through.
    WebSocket socket = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI(uri.getRawPath() + "?" + uri.getRawQuery()).setAllowOriginHeader(false)).await();
    StudioSource source = new StudioSource(clip, client, socket);
    source.sender.start();
    return source;
  }

  /** When the frame of media time {@code mediaMillis} went to the hub (with its cluster), or -1 if not yet. */
  long enteredAt(long mediaMillis) {
    Map.Entry<Long, Long> cluster = sentAt.floorEntry(mediaMillis);
    return cluster == null ? -1 : cluster.getValue();
  }

  /** Epoch ms the frame of media time 0 was captured. */
  long capturedAtZero() {
    return startedAt;
  }

  long bytesSent() {
    return bytesSent;
  }

  /** Clusters that went out more than 100 ms after they were complete: the socket (the hub) held them back. */
  long late() {
    return late;
  }

  List<JsonObject> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  private void send() {
    try {
      startedAt = System.currentTimeMillis();
      write(clip.header());
      for (long i = 0; !closing; i++) {
        long due = startedAt + clip.endsAt(i) - clip.timecode(0);
        long wait = due - System.currentTimeMillis();
        if (wait > 0) {
          Thread.sleep(wait);
        } else if (wait < -100) {
          late++;
        }
        sentAt.put(clip.timecode(i) - clip.timecode(0), System.currentTimeMillis());
        write(clip.cluster(i));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (!closing) {
        System.err.println("The studio stopped sending: " + e);
      }
    }
  }

  private void write(byte[] bytes) {
    for (int offset = 0; offset < bytes.length; offset += MESSAGE) {
      // Back-pressure as the browser has it: the next message once the socket took this one.
      socket.writeBinaryMessage(Buffer.buffer(Arrays.copyOfRange(bytes, offset, Math.min(bytes.length,
          offset + MESSAGE)))).await();
    }
    bytesSent += bytes.length;
  }

  @Override
  public void close() {
    closing = true;
    sender.interrupt();
    if (!socket.isClosed()) {
      socket.close().await();
    }
    client.close().await();
  }
}

package org.relais.site.broadcast;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The centre's line to the hub, as a TCP relay the test can cut and restore: everything the relay-site sends
 * goes through it. It notes the path of every request it carries (an HTTP/1.1 GET has no body: each
 * {@code GET } line the relay sends is one request), so a test can count what the hub was asked for.
 */
public final class HubLine implements AutoCloseable {
  /** The paths of the GET requests carried, in order. */
  public final List<String> requested = new CopyOnWriteArrayList<>();
  private final Vertx vertx;
  private final int port;
  private final int hubPort;
  private final NetClient client;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private NetServer server;

  public HubLine(Vertx vertx, int port, int hubPort) {
    this.vertx = vertx;
    this.port = port;
    this.hubPort = hubPort;
    this.client = vertx.createNetClient();
    restore();
  }

  public String url() {
    return "http://localhost:" + port;
  }

  public void restore() {
    server = vertx.createNetServer().connectHandler(this::accept).listen(port, "127.0.0.1").await();
  }

  /** The line drops: nothing gets through, open connections included. */
  public void cut() {
    server.close().await();
    open.forEach(NetSocket::close);
    open.clear();
  }

  private void accept(NetSocket downstream) {
    open.add(downstream);
    downstream.pause();
    client.connect(hubPort, "127.0.0.1").onSuccess(upstream -> {
      open.add(upstream);
      upstream.closeHandler(v -> {
        open.remove(upstream);
        downstream.close();
      });
      downstream.closeHandler(v -> {
        open.remove(downstream);
        upstream.close();
      });
      StringBuilder pending = new StringBuilder();
      downstream.handler(chunk -> {
        note(pending, chunk);
        upstream.write(chunk);
      });
      upstream.pipeTo(downstream);
      downstream.resume();
    }).onFailure(e -> downstream.close());
  }

  /** Finds the request lines in what the relay sent, carrying a line cut between two chunks over. */
  private void note(StringBuilder pending, Buffer chunk) {
    pending.append(chunk.toString(StandardCharsets.ISO_8859_1));
    int end;
    while ((end = pending.indexOf("\r\n")) >= 0) {
      String line = pending.substring(0, end);
      if (line.startsWith("GET ") && line.endsWith(" HTTP/1.1")) {
        requested.add(line.substring(4, line.length() - 9));
      }
      pending.delete(0, end + 2);
    }
    if (pending.length() > 8192) {
      pending.setLength(0);
    }
  }

  @Override
  public void close() {
    cut();
    client.close();
  }
}

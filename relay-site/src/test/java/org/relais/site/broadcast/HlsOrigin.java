package org.relais.site.broadcast;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the hub's broadcast routes, over ffmpeg's HLS directory: {@code /b/{token}/{rendition}.m3u8}
 * with segment addresses rewritten to signed-looking absolute paths ({@code /b/seg/...?exp=&sig=}), 404 for
 * another token or before the first segment. It counts what it serves, and its line can be cut and restored
 * (the server closed, then listening again on the same port).
 */
public final class HlsOrigin implements AutoCloseable {
  public final Map<String, AtomicInteger> segmentRequests = new ConcurrentHashMap<>();
  public final AtomicInteger playlistRequests = new AtomicInteger();
  private final Vertx vertx;
  private final Path dir;
  private volatile String token;
  private final int port;
  private HttpServer server;

  public HlsOrigin(Vertx vertx, Path dir, String token, int port) {
    this.vertx = vertx;
    this.dir = dir;
    this.token = token;
    this.port = port;
    restore();
  }

  /** The room screen's token the origin answers to from now on. */
  public HlsOrigin admit(String screenToken) {
    this.token = screenToken;
    return this;
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public void restore() {
    Router router = Router.router(vertx);
    router.get("/b/:token/:file").handler(ctx -> {
      String file = ctx.pathParam("file");
      if (!ctx.pathParam("token").equals(token) || !file.matches("(720p|audio)\\.m3u8")) {
        ctx.response().setStatusCode(404).end();
        return;
      }
      playlistRequests.incrementAndGet();
      String rendition = file.substring(0, file.length() - 5);
      vertx.fileSystem().readFile(dir.resolve(file).toString()).onComplete(read -> {
        if (read.failed() || !read.result().toString().contains("#EXTINF")) {
          ctx.response().setStatusCode(404).end();
          return;
        }
        String rewritten = read.result().toString().replaceAll("(?m)^(" + rendition + "-\\d+\\.ts)$",
            "/b/seg/s1/2026-11-23/" + rendition + "/$1?exp=1999999999&sig=abc");
        ctx.response().putHeader("Content-Type", "application/vnd.apple.mpegurl").end(rewritten);
      });
    });
    router.get("/b/seg/:session/:date/:rendition/:file").handler(ctx -> {
      String file = ctx.pathParam("file");
      Path path = dir.resolve(file);
      if (!file.matches("(720p|audio)-\\d+\\.ts") || !Files.exists(path)) {
        ctx.response().setStatusCode(404).end();
        return;
      }
      segmentRequests.computeIfAbsent(file, f -> new AtomicInteger()).incrementAndGet();
      vertx.fileSystem().readFile(path.toString()).onSuccess(bytes -> ctx.response()
          .putHeader("Content-Type", "video/mp2t").end(bytes)).onFailure(e -> ctx.response().setStatusCode(404).end());
    });
    server = vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1").await();
  }

  /** The line drops: nothing listens any more, and open connections are closed. */
  public void cut() {
    server.close().await();
  }

  @Override
  public void close() {
    server.close().await();
  }
}

package org.relais.loadtest.rooms;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.relais.loadtest.InFlight;

/**
 * The families' phones of the idle measurement, in a process of their own so that their sockets weigh
 * nothing in the hub's heap: trades each join link (one per line of a file) for a ticket, enters its
 * room, then only pings every ten seconds as the page does, until its standard input closes. Says
 * {@code progress N} as it goes and {@code ready OPENED FAILED RETRIED [first failure]} once all are tried.
 */
public final class IdleClients {
  private static final int PROGRESS_EVERY = 1_000;

  private IdleClients() {}

  /** Arguments: the hub's port, the file of join links, how many to open at once. */
  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    List<String> tokens = Files.readAllLines(Path.of(args[1]));
    int lanes = Integer.parseInt(args[2]);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    HttpClient http = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(lanes));
    WebSocketClient sockets = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxConnections(tokens.size() + lanes));
    AtomicInteger failed = new AtomicInteger();
    AtomicReference<String> firstFailure = new AtomicReference<>("");
    AtomicInteger retried = new AtomicInteger();
    InFlight.each(tokens, lanes, token -> BenchSocket.join(http, sockets, Endpoint.direct(port), token, frame -> { },
                RoomsCommand.ATTEMPTS, refusal -> retried.incrementAndGet())
            .map(socket -> {
              socket.keepAlive(vertx);
              return true;
            })
            .recover(failure -> {
              failed.incrementAndGet();
              firstFailure.compareAndSet("", String.valueOf(failure.getMessage()));
              return Future.succeededFuture(false);
            }),
        done -> {
          if (done % PROGRESS_EVERY == 0) {
            say("progress " + done);
          }
        })
        .onComplete(done -> say("ready " + (tokens.size() - failed.get()) + " " + failed.get() + " "
            + retried.get() + " " + firstFailure.get()));
    // Until the benchmark is done with us.
    while (System.in.read() >= 0) {
      // keep reading
    }
    System.exit(0);
  }

  private static synchronized void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}

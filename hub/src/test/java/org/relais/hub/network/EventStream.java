package org.relais.hub.network;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real client of the network page's server-sent events, as the browser's EventSource reads them. */
final class EventStream implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final HttpClient client;
  final HttpClientResponse response;
  private final StringBuilder pending = new StringBuilder();
  private final List<JsonObject> events = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();

  private record Waiter(Predicate<JsonObject> matches, CompletableFuture<JsonObject> found) {}

  private EventStream(HttpClient client, HttpClientResponse response) {
    this.client = client;
    this.response = response;
    response.handler(chunk -> received(chunk.toString()));
  }

  static EventStream open(Vertx vertx, int port, String path, String cookies) {
    HttpClient client = vertx.createHttpClient();
    // Read from the moment the response arrives: a refusal's short body may end at once.
    return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("localhost")
            .setPort(port).setURI(path).putHeader("Cookie", cookies).putHeader("Accept", "text/event-stream"))
        .compose(request -> request.send()).map(response -> new EventStream(client, response)).await();
  }

  int status() {
    return response.statusCode();
  }

  private synchronized void received(String text) {
    pending.append(text);
    int end;
    while ((end = pending.indexOf("\n\n")) >= 0) {
      String event = pending.substring(0, end);
      pending.delete(0, end + 2);
      if (event.startsWith("event: network\ndata: ")) {
        JsonObject data = new JsonObject(event.substring("event: network\ndata: ".length()));
        events.add(data);
        waiters.removeIf(waiter -> waiter.matches().test(data) && waiter.found().complete(data));
      }
    }
  }

  /** The first event, already received or to come, that matches; fails after ten seconds. */
  JsonObject await(Predicate<JsonObject> matches) {
    CompletableFuture<JsonObject> found = new CompletableFuture<>();
    synchronized (this) {
      events.stream().filter(matches).findFirst().ifPresentOrElse(found::complete,
          () -> waiters.add(new Waiter(matches, found)));
    }
    try {
      return found.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("no event matched within " + WAIT + "; received " + events(), e);
    }
  }

  synchronized List<JsonObject> events() {
    return List.copyOf(events);
  }

  @Override
  public void close() {
    client.close().await();
  }
}

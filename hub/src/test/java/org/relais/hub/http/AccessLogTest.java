package org.relais.hub.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessLogTest {
  private static final String JWT = "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJyZWcifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
  private static final String MANAGE = "Zm9vYmFyYmF6cXV4";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "/j/{jwt}                                     | /j/***",
      "/j/{jwt}/qr.svg                              | /j/***/qr.svg",
      "/j/{jwt}/help                                | /j/***/help",
      "/api/v1/join/{jwt}/ticket                    | /api/v1/join/***/ticket",
      "/api/v1%2Fjoin/{jwt}                         | /api/v1/join/***",
      "/api/v1%2fjoin%2F{jwt}                       | /api/v1/join/***",
      "/api/v1%252Fjoin%252F{jwt}                   | /api/v1/join/***",
      "/API/V1/JOIN/{jwt}                           | /API/V1/JOIN/***",
      "/J/{jwt}                                     | /J/***",
      "//j//{jwt}                                   | /j/***",
      "/api/v1//join///{jwt}/attendance             | /api/v1/join/***/attendance",
      "/j;jsessionid=1/{jwt}                        | /j;jsessionid=1/***",
      "/j/{jwt};jsessionid=1                        | /j/***",
      "/%6A/{jwt}                                   | /j/***",
      "/j/./{jwt}                                   | /j/***",
      "/x/..%2Fj/{jwt}                              | /j/***",
      "/j\\{jwt}                                    | /j/***",
      "/r/{manage}                                  | /r/***",
      "/r/{manage}/cancel                           | /r/***/cancel",
      "/api/v1/registrations/manage/{manage}/cancel | /api/v1/registrations/manage/***/cancel",
      "/api/v1/Registrations/MANAGE/{manage}        | /api/v1/Registrations/MANAGE/***",
      "/somewhere/new/{jwt}                         | /somewhere/new/***",
      "/api/v1/sessions/0b8e6c2e-6f1a-4b53-9d8e-2f0c7a1d9e11 | /api/v1/sessions/0b8e6c2e-6f1a-4b53-9d8e-2f0c7a1d9e11",
      "/sessions/x%0AFAKE%20LINE                    | /sessions/x%0AFAKE%20LINE",
      "/sessions/%E2%80%A8                          | /sessions/%E2%80%A8",
      "/static/css/site.css                         | /static/css/site.css",
      "/                                            | /",
      "/j/                                          | /j"})
  void masksTokensHoweverThePathIsSpelled(String path, String logged) {
    String raw = path.replace("{jwt}", JWT).replace("{manage}", MANAGE);
    String masked = AccessLog.maskedPath(raw);
    assertThat(masked).isEqualTo(logged);
    assertThat(masked).doesNotContain(JWT.substring(0, 20)).doesNotContain(MANAGE).doesNotContain("\n");
  }

  /** The log's reader stops reading: requests are answered all the same, and the lines past the queue counted. */
  @Test
  void aStalledReaderHoldsUpNoRequestAndItsDropsAreCounted() throws InterruptedException {
    CountDownLatch readerStalled = new CountDownLatch(1);
    CountDownLatch readerResumes = new CountDownLatch(1);
    List<String> written = new CopyOnWriteArrayList<>();
    CountDownLatch allWritten = new CountDownLatch(11);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AccessLogWriter writer = new AccessLogWriter(10, line -> {
      readerStalled.countDown();
      try {
        readerResumes.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      written.add(line);
      allWritten.countDown();
    }, registry);
    writer.start();
    Vertx vertx = Vertx.vertx();
    try {
      Router router = Router.router(vertx);
      router.route().handler(new AccessLog(new ClientAddress(List.of()), writer));
      router.get("/j/:token").handler(ctx -> ctx.response().end("ok"));
      HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
      WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(server.actualPort()));

      assertThat(client.get("/j/" + JWT).send().await().statusCode()).isEqualTo(200);
      assertThat(readerStalled.await(10, TimeUnit.SECONDS)).as("the reader took the first line").isTrue();
      for (int i = 0; i < 49; i++) {
        assertThat(client.get("/j/" + JWT).timeout(5_000).send().await().statusCode()).isEqualTo(200);
      }

      // One line is with the stalled reader, ten wait in the queue, the other 39 are dropped.
      assertThat(registry.get("relais.access.log.dropped").counter().count()).isEqualTo(39.0);
      assertThat(registry.scrape()).contains("relais_access_log_dropped_total 39.0");
      readerResumes.countDown();
      writer.stop();
      assertThat(allWritten.await(10, TimeUnit.SECONDS)).as("the queued lines, once the reader resumes").isTrue();
      assertThat(written).hasSize(11).allSatisfy(line -> assertThat(line)
          .matches("127\\.0\\.0\\.1 GET /j/\\*\\*\\* 200 2B [0-9]+ms"));
    } finally {
      readerResumes.countDown();
      vertx.close().await();
    }
  }
}

package org.relais.hub.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relais.hub.testing.HubHarness;
import org.slf4j.LoggerFactory;

/**
 * Requests that are not well-formed HTTP, or that carry a body where none belongs, get a clean 4xx
 * problem and leave no error or stack trace in the log.
 */
class MalformedHttpTest {
  private static HubHarness harness;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeAll
  static void start() {
    harness = HubHarness.start("h2");
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @BeforeEach
  void watchTheLog() {
    log.start();
    root().addAppender(log);
  }

  @AfterEach
  void noErrorWasLogged() {
    root().detachAppender(log);
    assertThat(log.list).as("errors, warnings or stack traces logged")
        .filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN)
            || event.getThrowableProxy() != null)
        .isEmpty();
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ZZZ", "-1", "fffffffffffffffffffff", "4;\u0000"})
  void aBrokenChunkSizeGetsA400(String chunkSize) throws IOException {
    String answer = raw("POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
        + "Content-Type: application/json\r\n\r\n" + chunkSize + "\r\n{}\r\n0\r\n\r\n");
    assertProblem(answer, 400);
  }

  @Test
  void aBrokenChunkSizeOnAPageFormGetsA400() throws IOException {
    String answer = raw("POST /sessions/0b5e2f4c-9d51-4c59-a3c8-6f1d3e2a7b90/register HTTP/1.1\r\n"
        + "Host: localhost\r\nTransfer-Encoding: chunked\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        + "\r\nZZZ\r\na=b\r\n0\r\n\r\n");
    assertProblem(answer, 400);
  }

  @Test
  void aChunkBrokenAfterAGoodOneGetsA400() throws IOException {
    String answer = raw("POST /api/v1/sessions HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
        + "Content-Type: application/json\r\n\r\n2\r\n{}\r\nxyz\r\n\r\n");
    assertProblem(answer, 400);
  }

  /** curl asks before sending a body over 1 KiB: the hub says to go on, then reads it as any other. */
  @Test
  void aBodyAfterExpectContinueIsRead() throws IOException {
    String body = new JsonObject().put("email", "a@b.fr").put("password", "p".repeat(2_000)).encode();
    String answer = raw("POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        + "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: " + body.length()
        + "\r\n\r\n" + body);
    assertThat(answer).startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 400 ");
    assertThat(answer).contains("\"field\":\"password\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET /api/v1/sessions HTTP/1.1 extra\r\nHost: x\r\n\r\n", "GARBAGE\r\n\r\n",
"GET  HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /api/v1/sessions HTTP/1.1\r\nNo colon here\r\n\r\n",
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n{}"})
  void aBrokenRequestHeadGetsA400(String request) throws IOException {
    assertProblem(raw(request), 400);
  }

  /** Every read of the contract, with a form body on GET and HEAD: ignored, never a 500. */
  @Test
  void readsIgnoreAFormBody() {
    JsonObject paths = harness.get("/api/v1/openapi.json").bodyAsJsonObject().getJsonObject("paths");
    List<String> reads = paths.fieldNames().stream().filter(path -> paths.getJsonObject(path).containsKey("get"))
        .sorted().toList();
    assertThat(reads).hasSizeGreaterThanOrEqualTo(17);
    for (String path : reads) {
      String concrete = "/api/v1" + path.replaceAll("\\{[^}]+}", "0b5e2f4c-9d51-4c59-a3c8-6f1d3e2a7b90");
      for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.HEAD)) {
        HttpResponse<Buffer> response = harness.http.request(method, concrete)
            .putHeader("Content-Type", "application/x-www-form-urlencoded")
            .sendBuffer(Buffer.buffer("email=a%40b.fr&password=x")).await();
        assertThat(response.statusCode()).as("%s %s", method, concrete).isLessThan(500);
        if (method == HttpMethod.GET && response.statusCode() >= 400) {
          assertThat(response.getHeader("Content-Type")).as("%s %s", method, concrete)
              .isEqualTo("application/problem+json");
        }
      }
    }
  }

  private static void assertProblem(String answer, int status) {
    assertThat(answer).as("answer").startsWith("HTTP/1.");
    assertThat(answer.substring(9, 12)).as(answer).isEqualTo(String.valueOf(status));
    assertThat(answer.toLowerCase()).contains("content-type: application/problem+json");
    JsonObject problem = new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("type")).startsWith("urn:relais:problem:");
  }

  /** Sends bytes as they are and reads the answer until the hub closes the connection. */
  private static String raw(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", harness.hub.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] chunk = new byte[4096];
      for (int read = in.read(chunk); read > 0; read = in.read(chunk)) {
        answer.write(chunk, 0, read);
      }
      return answer.toString(StandardCharsets.UTF_8);
    }
  }
}

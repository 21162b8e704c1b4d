package org.relais.hub.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.openapi.contract.OpenAPIContract;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.relais.hub.testing.HubHarness;

/**
 * The contract served at /api/v1/openapi.json is the file as written (only its server URL set), valid
 * for an independent OpenAPI parser, and it describes exactly the routes the hub mounts under /api/v1.
 */
class ContractDocumentTest {
  private static final String API = "/api/v1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicReference<Router> ROUTER = new AtomicReference<>();
  private static HubHarness harness;
  private static HttpResponse<Buffer> served;

  @BeforeAll
  static void start() {
    harness = HubHarness.start("h2", Map.of(), ROUTER::set);
    served = harness.get(API + "/openapi.json");
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void isTheFileAsWrittenWithThePublicServerUrl() throws IOException {
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.getHeader("Content-Type")).isEqualTo("application/json");
    ObjectNode document = (ObjectNode) JSON.readTree(served.bodyAsString());
    assertThat(document.get("servers")).hasSize(1);
    assertThat(document.get("servers").get(0).get("url").asText())
        .isEqualTo("http://localhost:" + harness.hub.port() + API);

    ObjectNode written;
    try (InputStream yaml = getClass().getResourceAsStream("/openapi/relais.yaml")) {
      written = (ObjectNode) new ObjectMapper(new YAMLFactory()).readTree(yaml);
    }
    document.remove("servers");
    written.remove("servers");
    assertThat(document).isEqualTo(written);
    assertThat(served.bodyAsString()).doesNotContain("__absolute_uri__");
  }

  @Test
  void isValidForAnIndependentOpenApiParser() {
    SwaggerParseResult result = parse(served.bodyAsString());
    assertThat(result.getMessages()).as("swagger-parser's messages").isEmpty();
    assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
    assertThat(result.getOpenAPI().getPaths()).hasSizeGreaterThan(30);
  }

  /** The parser tells a broken document apart: the validator's own form of the contract is one. */
  @Test
  void theParserRefusesTheValidatorsOwnForm() {
    Vertx vertx = Vertx.vertx();
    try {
      String internal = OpenAPIContract.from(vertx, "openapi/relais.yaml").await().getRawContract().copy()
          .toBuffer().toString();
      assertThat(internal).contains("__absolute_uri__");
      assertThat(parse(internal).getMessages()).isNotEmpty();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void describesExactlyTheRoutesMountedUnderTheApi() throws IOException {
    Set<String> mounted = new TreeSet<>();
    collect(ROUTER.get(), "", mounted);
    Set<String> documented = new TreeSet<>();
    JsonNode paths = JSON.readTree(served.bodyAsString()).get("paths");
    paths.fieldNames().forEachRemaining(path -> paths.get(path).fieldNames().forEachRemaining(field -> {
      if (Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace").contains(field)) {
        documented.add(field.toUpperCase(Locale.ROOT) + " " + normalised(API + path));
      }
    }));
    assertThat(documented).hasSizeGreaterThanOrEqualTo(57);
    assertThat(mounted).as("mounted under /api/v1").isEqualTo(documented);
  }

  /** Every route that answers a method on a path, sub-routers included, as "METHOD /path/{}". */
  private static void collect(Router router, String prefix, Set<String> endpoints) {
    for (Route route : router.getRoutes()) {
      String path = route.getPath() == null ? null : prefix + route.getPath();
      if (route.getSubRouter() != null) {
        collect(route.getSubRouter(), path.endsWith("/") ? path.substring(0, path.length() - 1) : path, endpoints);
      } else if (path != null && path.startsWith(API + "/") && route.methods() != null) {
        for (HttpMethod method : route.methods()) {
          endpoints.add(method.name() + " " + normalised(path));
        }
      }
    }
  }

  private static String normalised(String path) {
    return path.replaceAll("\\{[^}/]+}|:[^/]+", "{}");
  }

  private static SwaggerParseResult parse(String document) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    return new OpenAPIV3Parser().readContents(document, null, options);
  }
}

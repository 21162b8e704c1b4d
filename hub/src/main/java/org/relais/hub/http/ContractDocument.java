package org.relais.hub.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The API contract as its YAML file has it, served as JSON at {@code /api/v1/openapi.json} for clients
 * (code generators, Swagger UI) with only its server URL set to the hub's public one. The validator's own
 * form of the contract adds keys of its own everywhere and is not valid OpenAPI.
 */
public final class ContractDocument implements ApiRouter.Feature {
  private final JsonObject document;
  private final Supplier<URI> publicApiUrl;

  private ContractDocument(JsonObject document, Supplier<URI> publicApiUrl) {
    this.document = document;
    this.publicApiUrl = publicApiUrl;
  }

  /** Reads the contract file (a classpath resource); {@code publicApiUrl} is asked on each request. */
  public static Future<ContractDocument> load(Vertx vertx, String resource, Supplier<URI> publicApiUrl) {
    return vertx.fileSystem().readFile(resource)
        .map(yaml -> new ContractDocument(parse(yaml.toString(StandardCharsets.UTF_8)), publicApiUrl));
  }

  static JsonObject parse(String yaml) {
    LoaderOptions options = new LoaderOptions();
    Map<String, Object> tree = new Yaml(new TimestampsAsText(options)).load(yaml);
    return new JsonObject(tree);
  }

  /** A copy of the document as written, for the validator to build its own form from. */
  public JsonObject document() {
    return document.copy();
  }

  @Override
  public void bind(ApiRouter api) {
    api.publicOperation("getApiContract", ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(document.copy().put("servers", new JsonArray().add(new JsonObject()
            .put("url", publicApiUrl.get().toString()))).toBuffer()));
  }

  /** Dates and times stay the text they are in the file, as JSON has no other type for them. */
  private static final class TimestampsAsText extends SafeConstructor {
    TimestampsAsText(LoaderOptions options) {
      super(options);
      yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
    }
  }
}

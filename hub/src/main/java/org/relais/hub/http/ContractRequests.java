package org.relais.hub.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import java.util.HashMap;
import java.util.Map;

/**
 * The parts of a request the contract validates, read once. vertx-openapi's own extraction decodes
 * query and path values a second time after Vert.x already did, so {@code +01:00} in a date became
 * {@code " 01:00"}; our contract only has plain (non-object, non-array) parameters, read as they are.
 */
final class ContractRequests {
  private ContractRequests() {}

  record Value(Object get) implements RequestParameter {}

  private record Extracted(Map<String, RequestParameter> getCookies, Map<String, RequestParameter> getHeaders,
      Map<String, RequestParameter> getPathParameters, Map<String, RequestParameter> getQuery,
      RequestParameter getBody, String getContentType) implements ValidatableRequest {}

  static final RequestParameter ABSENT = new Value(null);

  /** Refuses at start-up a contract whose parameters this extraction would read wrong. */
  static void requirePlainParameters(Operation operation) {
    for (Parameter parameter : operation.getParameters()) {
      switch (parameter.getSchemaType()) {
        case OBJECT, ARRAY -> throw new IllegalStateException("Operation " + operation.getOperationId()
            + ": parameter " + parameter.getName() + " is not a plain value");
        default -> { }
      }
    }
  }

  static ValidatableRequest extract(RoutingContext ctx, Operation operation) {
    Map<String, RequestParameter> cookies = new HashMap<>();
    Map<String, RequestParameter> headers = new HashMap<>();
    Map<String, RequestParameter> path = new HashMap<>();
    Map<String, RequestParameter> query = new HashMap<>();
    for (Parameter parameter : operation.getParameters()) {
      String name = parameter.getName();
      switch (parameter.getIn()) {
        case QUERY -> query.put(name, value(ctx.queryParams().get(name)));
        case PATH -> path.put(name, value(ctx.pathParam(name)));
        case HEADER -> headers.put(name, value(ctx.request().getHeader(name)));
        case COOKIE -> {
          Cookie cookie = ctx.request().getCookie(name);
          cookies.put(name, value(cookie == null ? null : cookie.getValue()));
        }
      }
    }
    // A body sent to an operation that takes none (a GET with a form, say) is ignored.
    Buffer read = BodyReader.body(ctx);
    RequestParameter body = operation.getRequestBody() == null || read == null || read.length() == 0
        ? ABSENT : new Value(read);
    return new Extracted(cookies, headers, path, query, body, ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
  }

  private static RequestParameter value(String raw) {
    return raw == null ? ABSENT : new Value(raw);
  }
}

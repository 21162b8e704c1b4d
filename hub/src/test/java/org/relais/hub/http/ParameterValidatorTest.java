package org.relais.hub.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The validator takes a string as the text that came, and otherwise gives, value by value, the outcome
 * vertx-openapi's own RequestValidator gives.
 */
class ParameterValidatorTest {
  private static final String TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiIsImtpZCI6ImsxMjM0NTY3ODkwYWIifQ"
      + ".eyJzaWQiOiI1ZDFmNmExZS0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDEifQ.Zm9v-YmFy_YmF6";
  /** Values the library would read as JSON, or as text, or refuse, tricky ones on purpose. */
  private static final List<String> VALUES = List.of(TOKEN, "not-a-token", "abc", "_x", "true", "true.x", "null",
      "nullx", "null-1", "false.0", "NaN", "NaN.5", "Infinity-", "e5", "E-1", "a.b.c", "x--y", "1.5", "-3", "0",
      "007", "1e5", "0.eyJ", "\"quoted\"", "\"open", "a\\nb", "a b", "{}", "[1]", "{\"a\":1}", "é", "a/b", "");

  private static Vertx vertx;
  private static OpenAPIContract contract;

  @BeforeAll
  static void load() {
    vertx = Vertx.vertx();
    contract = OpenAPIContract.from(vertx, "openapi/relais.yaml").await();
  }

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  private record Request(Map<String, RequestParameter> getPathParameters, Map<String, RequestParameter> getQuery)
      implements ValidatableRequest {
    static Request path(String name, String value) {
      return new Request(Map.of(name, new ContractRequests.Value(value)), Map.of());
    }

    static Request query(String name, String value) {
      return new Request(Map.of(), Map.of(name, new ContractRequests.Value(value)));
    }

    @Override
    public Map<String, RequestParameter> getCookies() {
      return Map.of();
    }

    @Override
    public Map<String, RequestParameter> getHeaders() {
      return Map.of();
    }

    @Override
    public RequestParameter getBody() {
      return ContractRequests.ABSENT;
    }

    @Override
    public String getContentType() {
      return null;
    }
  }

  /** What a validation gave: the value, or the kind and message of the refusal. */
  private static String outcome(Future<ValidatedRequest> validated, String name) {
    return validated.map(v -> "accepted " + v.getPathParameters().getOrDefault(name, v.getQuery().get(name)).get())
        .otherwise(e -> "refused " + e.getClass().getSimpleName() + ": " + e.getMessage()).await();
  }

  private static String ours(ParameterValidator validator, ValidatableRequest request, String name) {
    Future<ValidatedRequest> validated;
    try {
      validated = Future.succeededFuture(validator.validate(request));
    } catch (RuntimeException e) {
      validated = Future.failedFuture(e);
    }
    return outcome(validated, name);
  }

  @Test
  void takesAStringAsTheTextThatCameEvenWhenItReadsAsJson() {
    ParameterValidator validator = new ParameterValidator(contract, contract.operation("getJoinDescriptor"));
    for (String value : VALUES) {
      assertThat(ours(validator, Request.path("token", value), "token")).as(value).isEqualTo("accepted " + value);
    }
  }

  @Test
  void checksAConstrainedStringAsText() {
    ParameterValidator validator = new ParameterValidator(contract, contract.operation("listSessions"));
    assertThat(ours(validator, Request.query("lang", "fr"), "lang")).isEqualTo("accepted fr");
    for (String value : List.of("1.5", "\"fr\"", "true", "FR", "")) {
      assertThat(ours(validator, Request.query("lang", value), "lang")).as(value)
          .isEqualTo("refused SchemaValidationException: The value of query parameter lang is invalid. "
              + "Reason: String does not match pattern");
    }
  }

  @Test
  void checksAnythingElseAsTheLibraryDoes() {
    ParameterValidator validator = new ParameterValidator(contract, contract.operation("listSessions"));
    RequestValidator library = RequestValidator.create(vertx, contract);
    for (String value : VALUES) {
      Request request = Request.query("limit", value);
      assertThat(ours(validator, request, "limit")).as(value)
          .isEqualTo(outcome(library.validate(request, "listSessions"), "limit"));
    }
  }
}

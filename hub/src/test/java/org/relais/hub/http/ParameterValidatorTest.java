package org.relais.hub.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The validator gives, value by value, the outcome vertx-openapi's own RequestValidator gives. */
class ParameterValidatorTest {
  private static final String TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiIsImtpZCI6ImsxMjM0NTY3ODkwYWIifQ"
      + ".eyJzaWQiOiI1ZDFmNmExZS0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDEifQ.Zm9v-YmFy_YmF6";
  /** Plain text (the fast path) and values that are not (the library's path), tricky ones on purpose. */
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

  private record Request(Map<String, RequestParameter> getPathParameters) implements ValidatableRequest {
    @Override
    public Map<String, RequestParameter> getCookies() {
      return Map.of();
    }

    @Override
    public Map<String, RequestParameter> getHeaders() {
      return Map.of();
    }

    @Override
    public Map<String, RequestParameter> getQuery() {
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
    return validated.map(v -> "accepted " + v.getPathParameters().get(name).get())
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
  void acceptsAJoinTokenAsItCameAndEveryOtherValueAsTheLibraryDoes() {
    Operation operation = contract.operation("getJoinDescriptor");
    ParameterValidator validator = new ParameterValidator(contract, operation);
    RequestValidator library = RequestValidator.create(vertx, contract);
    for (String value : VALUES) {
      Request request = new Request(Map.of("token", new ContractRequests.Value(value)));
      assertThat(ours(validator, request, "token")).as(value)
          .isEqualTo(outcome(library.validate(request, "getJoinDescriptor"), "token"));
    }
    assertThat(ours(validator, new Request(Map.of("token", new ContractRequests.Value(TOKEN))), "token"))
        .isEqualTo("accepted " + TOKEN);
  }

  @Test
  void onlyUnconstrainedStringsSkipTheCheck() {
    Parameter token = contract.operation("getJoinDescriptor").getParameters().get(0);
    assertThat(ParameterValidator.anyString(token)).isTrue();
    List<Parameter> others = contract.operations().stream().flatMap(o -> o.getParameters().stream())
        .filter(p -> !p.getName().equals("token")).toList();
    assertThat(others).isNotEmpty().noneMatch(ParameterValidator::anyString);
  }

  @Test
  void plainTextIsLettersDigitsUnderscoresDotsAndDashesNotStartingLikeANumber() {
    Pattern plain = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    for (String value : VALUES) {
      assertThat(ParameterValidator.plainText(value)).as(value).isEqualTo(plain.matcher(value).matches());
    }
    assertThat(ParameterValidator.plainText(TOKEN)).isTrue();
    assertThat(List.of("a~b", "a+b", "a=", "Zz09_.-", "-a", "9a", ".a", "a\u0000")).map(ParameterValidator::plainText)
        .containsExactly(false, false, false, true, false, false, false, false);
  }
}

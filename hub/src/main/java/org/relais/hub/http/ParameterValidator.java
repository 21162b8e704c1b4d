package org.relais.hub.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the parameters of an operation without a body against the contract, with the same rules and
 * the same errors as vertx-openapi's {@code RequestValidator}, but with each parameter's schema
 * validator built once. The library builds one per parameter per request, copying the contract's
 * whole schema map each time, and runs every request on a worker thread, one at a time per verticle:
 * on the schedule read path that was most of the hub's work. A few query parameters are cheap to check,
 * so this runs on the event loop.
 *
 * <p>Checking a value still costs tens of microseconds (the library tries to decode it as JSON, then
 * interprets the schema), while public reads repeat the same few values (this week's window) all day.
 * So each parameter remembers the primitive values it accepted; the outcome depends on nothing else.
 *
 * <p>A string parameter in the simple or form style is taken as the text that came, never decoded as
 * JSON: the library reads {@code 1.5} or {@code true} as a number or a boolean and then refuses it as
 * not a string, so {@code GET /join/1.5} would be a 400 instead of the unknown link it is. A join
 * token is also the opposite of a schedule window: every family has its own, so remembering them
 * helps nothing (a burst of 5,000 links only churned the memory); a string with no constraint in its
 * schema is therefore accepted as it is and not remembered.
 */
final class ParameterValidator {
  private static final Map<Style, ParameterTransformer> TRANSFORMERS = Map.of(Style.SIMPLE, new SimpleTransformer(),
      Style.LABEL, new LabelTransformer(), Style.MATRIX, new MatrixTransformer(), Style.FORM, new FormTransformer());
  private static final Set<SchemaType> PRIMITIVE = EnumSet.of(SchemaType.STRING, SchemaType.INTEGER,
      SchemaType.NUMBER, SchemaType.BOOLEAN);
  private static final int ACCEPTED_KEPT = 1_000;
  /** Schema keywords that say something about a value without constraining it. */
  private static final Set<String> ANNOTATIONS = Set.of("type", "title", "description", "$comment", "example",
      "examples");

  /**
   * How to check one parameter; {@code accepted} maps raw values already accepted to their checked value;
   * {@code text}: a string taken as it came; {@code anyString}: such a string with nothing else to check.
   */
  private record Check(Parameter parameter, ParameterTransformer transformer, Validator schema,
      Cache<String, RequestParameter> accepted, boolean text, boolean anyString) {}

  private record Validated(Map<String, RequestParameter> getCookies, Map<String, RequestParameter> getHeaders,
      Map<String, RequestParameter> getPathParameters, Map<String, RequestParameter> getQuery,
      RequestParameter getBody) implements ValidatedRequest {}

  private final List<Check> checks;

  ParameterValidator(OpenAPIContract contract, Operation operation) {
    if (operation.getRequestBody() != null) {
      throw new IllegalArgumentException(operation.getOperationId() + " has a body");
    }
    this.checks = operation.getParameters().stream()
        .map(p -> {
          boolean text = text(p);
          boolean anyString = text && unconstrained(p);
          return new Check(p, TRANSFORMERS.get(p.getStyle()), contract.getSchemaRepository().validator(p.getSchema()),
              PRIMITIVE.contains(p.getSchemaType()) && !anyString
                  ? Caffeine.newBuilder().maximumSize(ACCEPTED_KEPT).build() : null, text, anyString);
        })
        .toList();
  }

  /** A string in the simple or form style: the library reads neither a prefix nor a name then. */
  private static boolean text(Parameter parameter) {
    return parameter.getSchemaType() == SchemaType.STRING
        && (parameter.getStyle() == Style.SIMPLE || parameter.getStyle() == Style.FORM);
  }

  private static boolean unconstrained(Parameter parameter) {
    return parameter.getSchema().fieldNames().stream().filter(JsonSchema.EXCLUDE_ANNOTATIONS)
        .allMatch(ANNOTATIONS::contains);
  }

  ValidatedRequest validate(ValidatableRequest request) {
    Map<String, RequestParameter> cookies = new HashMap<>();
    Map<String, RequestParameter> headers = new HashMap<>();
    Map<String, RequestParameter> path = new HashMap<>();
    Map<String, RequestParameter> query = new HashMap<>();
    for (Check check : checks) {
      String name = check.parameter().getName();
      switch (check.parameter().getIn()) {
        case COOKIE -> cookies.put(name, validate(check, request.getCookies().get(name)));
        case HEADER -> headers.put(name, validate(check, request.getHeaders().get(name)));
        case PATH -> path.put(name, validate(check, request.getPathParameters().get(name)));
        case QUERY -> query.put(name, validate(check, request.getQuery().get(name)));
      }
    }
    return new Validated(cookies, headers, path, query, ContractRequests.ABSENT);
  }

  private static RequestParameter validate(Check check, RequestParameter raw) {
    Parameter parameter = check.parameter();
    if (raw == null || raw.isNull()) {
      if (parameter.isRequired()) {
        throw ValidatorException.createMissingRequiredParameter(parameter);
      }
      return ContractRequests.ABSENT;
    }
    String text = String.valueOf(raw.get());
    if (check.anyString()) {
      return new ContractRequests.Value(text);
    }
    if (check.accepted() == null) {
      return transformAndCheck(check, text);
    }
    RequestParameter known = check.accepted().getIfPresent(text);
    if (known != null) {
      return known;
    }
    RequestParameter checked = transformAndCheck(check, text);
    check.accepted().put(text, checked);
    return checked;
  }

  private static RequestParameter transformAndCheck(Check check, String text) {
    Parameter parameter = check.parameter();
    if (check.transformer() == null) {
      throw ValidatorException.createUnsupportedValueFormat(parameter);
    }
    Object value = check.text() ? text : check.transformer().transform(parameter, text);
    OutputUnit result = check.schema().validate(value);
    try {
      result.checkValidity();
      return new ContractRequests.Value(value);
    } catch (JsonSchemaValidationException e) {
      throw SchemaValidationException.createErrorFromOutputUnitType(parameter, result, e);
    }
  }
}

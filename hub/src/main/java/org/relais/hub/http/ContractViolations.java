package org.relais.hub.http;

import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a request refused by the OpenAPI contract into a problem naming the offending field. */
final class ContractViolations {
  private static final Pattern PARAMETER = Pattern.compile("(?:query|path|header|cookie) parameter (\\S+?)[ .]");
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

  private ContractViolations() {}

  static Problem toProblem(ValidatorException e) {
    if (e.type() == ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT && e.getMessage().contains("body")) {
      return new Problem("unsupported-media-type", "Unsupported media type", 415,
          "Send the body as application/json", "Content-Type");
    }
    if (e.type() == ValidatorErrorType.ILLEGAL_VALUE && e.getMessage().contains("body can't be decoded")) {
      return new Problem("malformed-json", "Malformed JSON", 400, "The request body is not valid JSON", "body");
    }
    if (e instanceof SchemaValidationException schema && !isParameterError(e)) {
      OutputUnit cause = deepest(schema.getOutputUnit());
      String field = bodyField(cause);
      return new Problem("invalid-request", "Invalid request", 400, describe(field, cause), field);
    }
    if (e.type() == ValidatorErrorType.MISSING_REQUIRED_PARAMETER && e.getMessage().contains("required body")) {
      return new Problem("invalid-request", "Invalid request", 400, "A JSON body is required", "body");
    }
    Matcher parameter = PARAMETER.matcher(e.getMessage() + " ");
    String field = parameter.find() ? parameter.group(1) : null;
    String detail = field == null ? "The request does not match the API contract" : "Invalid value for " + field;
    return new Problem("invalid-request", "Invalid request", 400, detail, field);
  }

  private static boolean isParameterError(ValidatorException e) {
    return PARAMETER.matcher(e.getMessage() + " ").find();
  }

  private static OutputUnit deepest(OutputUnit unit) {
    List<OutputUnit> errors = unit.getErrors();
    if (errors == null || errors.isEmpty()) {
      return unit;
    }
    OutputUnit best = errors.get(errors.size() - 1);
    for (OutputUnit error : errors) {
      if (location(error).length() > location(best).length()) {
        best = error;
      }
    }
    return best;
  }

  private static String location(OutputUnit unit) {
    return unit.getInstanceLocation() == null ? "" : unit.getInstanceLocation();
  }

  /** JSON pointer of the instance, in dotted form; a missing property is named from the message. */
  private static String bodyField(OutputUnit unit) {
    String pointer = location(unit);
    String error = unit.getError() == null ? "" : unit.getError();
    String field = pointer.replaceFirst("^/", "").replace('/', '.');
    if (error.startsWith("Instance does not have required property")) {
      Matcher quoted = QUOTED.matcher(error);
      if (quoted.find()) {
        field = field.isEmpty() ? quoted.group(1) : field + "." + quoted.group(1);
      }
    }
    return field.isEmpty() ? "body" : field;
  }

  private static String describe(String field, OutputUnit unit) {
    String error = unit.getError() == null ? "is invalid" : unit.getError();
    if (error.startsWith("Instance does not have required property")) {
      return field + " is required";
    }
    if (error.contains("does not match additional properties schema")) {
      return field + " is not a known field";
    }
    return field + ": " + error;
  }
}

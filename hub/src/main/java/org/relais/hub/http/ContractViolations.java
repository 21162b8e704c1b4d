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
      if (keyword(cause).endsWith("/format")) {
        // A value of the right type that does not parse: the same answer as the domain's own parsers give.
        return new Problem("invalid-value", "Invalid value", 422, describeFormat(field, cause), field);
      }
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

  /**
   * The most specific error: on the deepest instance, then from the deepest keyword, the first of equals.
   * The validator lists a failing property three times (under properties, under its own keyword and,
   * with additionalProperties false, as if it were unknown); only its own keyword says what is wrong.
   */
  private static OutputUnit deepest(OutputUnit unit) {
    List<OutputUnit> errors = unit.getErrors();
    if (errors == null || errors.isEmpty()) {
      return unit;
    }
    OutputUnit best = errors.get(0);
    for (OutputUnit error : errors) {
      int byInstance = Integer.compare(depth(location(error)), depth(location(best)));
      if (byInstance > 0 || (byInstance == 0 && depth(keyword(error)) > depth(keyword(best)))) {
        best = error;
      }
    }
    return best;
  }

  private static int depth(String pointer) {
    return (int) pointer.chars().filter(c -> c == '/').count();
  }

  private static String location(OutputUnit unit) {
    return unit.getInstanceLocation() == null ? "" : unit.getInstanceLocation();
  }

  private static String keyword(OutputUnit unit) {
    return unit.getKeywordLocation() == null ? "" : unit.getKeywordLocation();
  }

  /**
   * The instance's JSON pointer ({@code #/recurrence/until}) in dotted form ({@code recurrence.until}); a
   * missing property is named from the message.
   */
  private static String bodyField(OutputUnit unit) {
    String pointer = location(unit);
    String error = unit.getError() == null ? "" : unit.getError();
    String field = pointer.replaceFirst("^#?/?", "").replace('/', '.');
    if (error.startsWith("Instance does not have required property")) {
      Matcher quoted = QUOTED.matcher(error);
      if (quoted.find()) {
        field = field.isEmpty() ? quoted.group(1) : field + "." + quoted.group(1);
      }
    }
    return field.isEmpty() ? "body" : field;
  }

  private static String describeFormat(String field, OutputUnit unit) {
    Matcher quoted = QUOTED.matcher(unit.getError() == null ? "" : unit.getError());
    String format = quoted.find() ? quoted.group(1) : "";
    return switch (format) {
      case "date-time" -> field + " must be a date-time with offset, such as 2026-11-23T14:00:00+01:00";
      case "date" -> field + " must be a date such as 2027-06-30";
      case "uuid" -> field + " is not a valid id";
      default -> field + " is not a valid " + format;
    };
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

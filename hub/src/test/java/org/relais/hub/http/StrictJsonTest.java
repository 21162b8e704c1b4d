package org.relais.hub.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the API takes as a JSON body, and what it refuses, with the fault named. */
class StrictJsonTest {
  private static final String JSON = "application/json";

  private static Problem refusal(String contentType, byte[] body) {
    ProblemException refused = catchThrowableOfType(ProblemException.class,
        () -> StrictJson.check(contentType, Buffer.buffer(body)));
    assertThat(refused).as("refused").isNotNull();
    return refused.problem();
  }

  private static Problem refusal(String contentType, String body) {
    return refusal(contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "[]", "null", "12", "\"é\"", " {\"a\": [1, {\"b\": null}], \"c\": {\"a\": 2}} \n",
      "{\"a\": {\"x\": 1}, \"b\": {\"x\": 1}}", "[{\"x\": 1}, {\"x\": 2}]", "{\"text\": \"/* not a comment */\"}"})
  void takesJson(String body) {
    assertThatCode(() -> StrictJson.check(JSON, Buffer.buffer(body))).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "Application/JSON", "application/json; charset=utf-8",
      "application/json;charset=UTF-8", "application/json; charset=\"utf-8\""})
  void takesJsonMediaTypes(String contentType) {
    assertThatCode(() -> StrictJson.check(contentType, Buffer.buffer("{}"))).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{/* hi */\"name\": 1}|body|comment",
      "{\"name\": 1} // bye|body|more after",
      "{\"name\": 1} 0|body|more after",
      "{\"name\": 12345, \"name\": \"x\"}|name|\"name\" twice",
      "{\"a\": {\"b\": 1, \"b\": 2}}|a.b|\"b\" twice",
      "[{\"x\": 1}, {\"x\": 1, \"x\": 2}]|1.x|\"x\" twice",
      "{\"name\": 1} {}|body|more after",
      "{\"name\": 1}x|body|more after",
      "{'name': 1}|body|not valid JSON",
      "{\"name\": 1,}|body|not valid JSON",
      "{\"name\": NaN}|body|not valid JSON",
      "{\"name\": 01}|body|not valid JSON",
      "{\"name\": \"a|body|ends before",
      "'   '|body|no JSON value",
      "\uFEFF{}|body|not valid JSON"})
  void refusesWhatJsonDoesNotAllow(String body, String field, String named) {
    Problem problem = refusal(JSON, body);
    assertThat(problem.type()).isEqualTo("urn:relais:problem:malformed-json");
    assertThat(problem.status()).isEqualTo(400);
    assertThat(problem.field()).as(problem.detail()).isEqualTo(field);
    assertThat(problem.detail()).contains(named);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json-patch+json", "application/merge-patch+json", "application/jsonx",
      "application/vnd.api+json", "text/json", "text/plain", "application/x-www-form-urlencoded", "",
      "application/json; charset=utf-16", "application/json; charset=iso-8859-1", "application/json; charset=",
      "application/json; profile=x", "application/json, text/plain", "*/*"})
  void refusesOtherMediaTypes(String contentType) {
    Problem problem = refusal(contentType, "{}");
    assertThat(problem.type()).isEqualTo("urn:relais:problem:unsupported-media-type");
    assertThat(problem.status()).isEqualTo(415);
    assertThat(problem.field()).isEqualTo("Content-Type");
  }

  @Test
  void refusesAMissingMediaType() {
    assertThat(refusal(null, "{}").status()).isEqualTo(415);
  }

  @Test
  void refusesUtf16EvenWhenLabelledUtf8() {
    Problem problem = refusal(JSON, "{\"name\": \"x\"}".getBytes(StandardCharsets.UTF_16));
    assertThat(problem.status()).isEqualTo(400);
    assertThat(problem.type()).isEqualTo("urn:relais:problem:malformed-json");
  }

  @Test
  void refusesBytesThatAreNotUtf8() {
    Problem problem = refusal(JSON, new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'});
    assertThat(problem.detail()).contains("UTF-8");
  }

  @Test
  void refusesNestingDeeperThanAThousand() {
    Problem problem = refusal(JSON, "[".repeat(1500) + "]".repeat(1500));
    assertThat(problem.status()).isEqualTo(400);
    assertThat(problem.detail()).contains("nested too deep");
  }
}

package org.relais.hub.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether an API request body is JSON as RFC 8259 has it: {@code application/json} in UTF-8, one
 * value, no comments, no key twice in an object. Vert.x's own reader (which the contract's validator
 * uses) allows comments, keeps the last of two equal keys, and the validator takes any media type that
 * starts with {@code application/json} ({@code application/json-patch+json}, {@code charset=utf-16}) as
 * JSON; a body refused here never reaches it.
 */
final class StrictJson {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();
  private static final String JSON = "application/json";

  private StrictJson() {}

  /** Refuses, with a problem naming the fault, a body that is not strict JSON sent as such. */
  static void check(String contentType, Buffer body) {
    requireJsonMediaType(contentType);
    String text = utf8(body);
    try (JsonParser parser = FACTORY.createParser(text)) {
      readValue(parser);
      try {
        if (parser.nextToken() != null) {
          throw malformed("The request body has more after its JSON value", "body");
        }
      } catch (JsonParseException e) {
        throw malformed("The request body has more after its JSON value", "body");
      }
    } catch (StreamConstraintsException e) {
      throw malformed("The request body is nested too deep or has a number too long", "body");
    } catch (JsonParseException e) {
      throw malformed(describe(e), "body");
    } catch (IOException e) {
      throw malformed("The request body is not valid JSON", "body");
    }
  }

  private static void requireJsonMediaType(String contentType) {
    if (contentType == null) {
      throw unsupported("Send the body as application/json");
    }
    String[] parts = contentType.split(";", -1);
    if (!parts[0].strip().toLowerCase(Locale.ROOT).equals(JSON)) {
      throw unsupported("Send the body as application/json");
    }
    for (int i = 1; i < parts.length; i++) {
      String[] parameter = parts[i].split("=", 2);
      String name = parameter[0].strip().toLowerCase(Locale.ROOT);
      String value = parameter.length == 2 ? parameter[1].strip().replaceAll("^\"|\"$", "") : "";
      if (!name.equals("charset")) {
        throw unsupported("application/json takes no parameter but charset=utf-8");
      }
      if (!value.equalsIgnoreCase("utf-8")) {
        throw unsupported("Send the body in UTF-8 (charset=utf-8)");
      }
    }
  }

  private static String utf8(Buffer body) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body.getBytes())).toString();
    } catch (CharacterCodingException e) {
      throw malformed("The request body is not valid UTF-8", "body");
    }
  }

  /** Reads one whole value, token by token, refusing a key seen twice in the same object. */
  private static void readValue(JsonParser parser) throws IOException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      throw malformed("The request body holds no JSON value", "body");
    }
    Deque<Set<String>> objects = new ArrayDeque<>();
    int depth = 0;
    while (true) {
      switch (token) {
        case START_OBJECT -> {
          objects.push(new HashSet<>());
          depth++;
        }
        case START_ARRAY -> depth++;
        case END_OBJECT -> {
          objects.pop();
          depth--;
        }
        case END_ARRAY -> depth--;
        case FIELD_NAME -> {
          if (!objects.peek().add(parser.currentName())) {
            String field = parser.getParsingContext().pathAsPointer().toString().substring(1).replace('/', '.');
            throw malformed("The request body has the key \"" + parser.currentName() + "\" twice in one object",
                field);
          }
        }
        default -> { }
      }
      if (depth == 0) {
        return;
      }
      token = parser.nextToken();
    }
  }

  private static String describe(JsonParseException e) {
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    String where = e.getLocation() == null ? ""
        : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    if (message.contains("ALLOW_COMMENTS")) {
      return "The request body has a comment, which JSON does not allow" + where;
    }
    if (message.contains("end-of-input")) {
      return "The request body ends before its JSON value does" + where;
    }
    return "The request body is not valid JSON" + where;
  }

  private static ProblemException malformed(String detail, String field) {
    return new ProblemException(new Problem("malformed-json", "Malformed JSON", 400, detail, field));
  }

  private static ProblemException unsupported(String detail) {
    return new ProblemException(new Problem("unsupported-media-type", "Unsupported media type", 415, detail,
        "Content-Type"));
  }
}

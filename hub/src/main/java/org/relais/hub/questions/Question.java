package org.relais.hub.questions;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

/** A family's question to the instructor of one sitting; {@code answeredAt} once the instructor marked it. */
public record Question(UUID id, UUID sessionId, LocalDate sittingDate, UUID registrationId, String displayName,
    String text, Instant askedAt, Instant answeredAt) {
  public static final int MAX_LENGTH = 280;

  public Question {
    Objects.requireNonNull(id);
    Objects.requireNonNull(sessionId);
    Objects.requireNonNull(sittingDate);
    Objects.requireNonNull(registrationId);
    Objects.requireNonNull(askedAt);
    if (text == null || text.isBlank() || text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("a question holds 1 to " + MAX_LENGTH + " characters");
    }
  }

  public boolean answered() {
    return answeredAt != null;
  }

  /** As the console lists it. */
  public JsonObject toJson() {
    return new JsonObject().put("id", id.toString()).put("sessionId", sessionId.toString())
        .put("sittingDate", sittingDate.toString()).put("displayName", displayName).put("text", text)
        .put("askedAt", askedAt.toString()).put("answered", answered())
        .put("answeredAt", answeredAt == null ? null : answeredAt.toString());
  }

  /** As the family who asked sees it: nothing of anyone else. */
  public JsonObject forFamily() {
    return new JsonObject().put("id", id.toString()).put("text", text).put("askedAt", askedAt.toString())
        .put("answered", answered());
  }
}

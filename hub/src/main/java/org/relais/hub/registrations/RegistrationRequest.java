package org.relais.hub.registrations;

import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;
import org.relais.hub.validation.Checks;
import org.relais.hub.validation.InvalidFieldException;

/**
 * What a family tells when registering: a name for the room (no account), optionally how to reach them
 * (only with their consent), how many they are, in which language to write to them.
 */
public record RegistrationRequest(String displayName, String email, String phone, int householdSize,
    boolean consent, String language) {

  public static final int MAX_NAME = 100;
  public static final String PHONE_REGION = "FR";
  private static final Pattern LANGUAGE = Pattern.compile("^[a-z]{2,3}$");

  public RegistrationRequest {
    displayName = Checks.text("displayName", displayName, MAX_NAME);
    email = email == null || email.isBlank() ? null : Checks.email("email", email);
    phone = PhoneNumbers.e164("phone", phone, PHONE_REGION);
    Checks.range("householdSize", householdSize, 1, 20);
    if ((email != null || phone != null) && !consent) {
      throw new InvalidFieldException("consent",
          "consent is needed to keep an e-mail address or phone number");
    }
    language = language == null || language.isBlank() ? "fr" : language.strip();
    if (!LANGUAGE.matcher(language).matches()) {
      throw new InvalidFieldException("language", "language must be an ISO 639 code such as fr");
    }
  }

  public static RegistrationRequest fromJson(JsonObject json) {
    return new RegistrationRequest(json.getString("displayName"), json.getString("email"), json.getString("phone"),
        json.getInteger("householdSize", 1), json.getBoolean("consent", false), json.getString("language"));
  }

  /** The request as sent, in a stable form: two sends of the same form hash the same. */
  public JsonObject canonical() {
    return new JsonObject().put("displayName", displayName).put("email", email).put("phone", phone)
        .put("householdSize", householdSize).put("consent", consent).put("language", language);
  }
}

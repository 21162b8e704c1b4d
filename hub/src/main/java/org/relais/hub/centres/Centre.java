package org.relais.hub.centres;

import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.regex.Pattern;
import org.relais.hub.validation.Checks;
import org.relais.hub.validation.InvalidFieldException;

/** A place of the network where people come: a social centre, a cyberspace, a library. */
public record Centre(UUID id, String name, CentreKind kind, String address, String postcode, String city,
    Double latitude, Double longitude, String phone, String accessibility, long version) {

  private static final Pattern PHONE = Pattern.compile("^\\+?[0-9 ().-]{6,20}$");
  private static final Pattern POSTCODE = Pattern.compile("^[A-Za-z0-9 -]{2,10}$");

  public Centre {
    Checks.required("id", id);
    name = Checks.text("name", name, 200);
    Checks.required("kind", kind);
    address = Checks.optionalText("address", address, 300);
    postcode = Checks.optionalText("postcode", postcode, 10);
    if (postcode != null && !POSTCODE.matcher(postcode).matches()) {
      throw new InvalidFieldException("postcode", "postcode is not a postal code");
    }
    city = Checks.optionalText("city", city, 100);
    if (latitude != null && (latitude < -90 || latitude > 90 || latitude.isNaN())) {
      throw new InvalidFieldException("latitude", "latitude must be between -90 and 90");
    }
    if (longitude != null && (longitude < -180 || longitude > 180 || longitude.isNaN())) {
      throw new InvalidFieldException("longitude", "longitude must be between -180 and 180");
    }
    if ((latitude == null) != (longitude == null)) {
      throw new InvalidFieldException(latitude == null ? "latitude" : "longitude",
          "latitude and longitude go together");
    }
    phone = Checks.optionalText("phone", phone, 20);
    if (phone != null && !PHONE.matcher(phone).matches()) {
      throw new InvalidFieldException("phone", "phone is not a phone number");
    }
    accessibility = Checks.optionalText("accessibility", accessibility, 2000);
  }

  public static Centre fromJson(UUID id, long version, JsonObject json) {
    return new Centre(id, json.getString("name"), Checks.enumValue("kind", CentreKind.class, json.getString("kind")),
        json.getString("address"), json.getString("postcode"), json.getString("city"),
        json.getDouble("latitude"), json.getDouble("longitude"), json.getString("phone"),
        json.getString("accessibility"), version);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("name", name)
        .put("kind", kind.name())
        .put("address", address)
        .put("postcode", postcode)
        .put("city", city)
        .put("latitude", latitude)
        .put("longitude", longitude)
        .put("phone", phone)
        .put("accessibility", accessibility)
        .put("version", version);
  }
}

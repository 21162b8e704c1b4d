package org.relais.hub.staff;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import org.relais.hub.validation.Checks;
import org.relais.protocol.Role;

/**
 * What a client sends to create or replace a staff account. {@code password} may be null on update (kept), and
 * {@code active} null (kept on update; a new account is active).
 */
public record StaffDraft(String email, String displayName, Role role, Set<UUID> centreIds, String password,
    Boolean active) {

  /** An active account, or on update one whose active flag is kept. */
  public StaffDraft(String email, String displayName, Role role, Set<UUID> centreIds, String password) {
    this(email, displayName, role, centreIds, password, null);
  }

  public static StaffDraft fromJson(JsonObject json) {
    return new StaffDraft(json.getString("email"), json.getString("displayName"),
        Checks.enumValue("role", Role.class, json.getString("role")),
        uuids("centreIds", json.getJsonArray("centreIds", new JsonArray())),
        json.getString("password"), json.getBoolean("active"));
  }

  /** The account this draft makes of one that was {@code wasActive}. */
  public StaffMember toMember(UUID id, long version, boolean wasActive) {
    return new StaffMember(id, email, displayName, role, centreIds, version, active == null ? wasActive : active);
  }

  static Set<UUID> uuids(String field, JsonArray array) {
    Set<UUID> ids = new LinkedHashSet<>();
    for (int i = 0; i < array.size(); i++) {
      ids.add(Checks.uuid(field + "." + i, array.getString(i)));
    }
    return ids;
  }

  public static JsonObject toJson(StaffMember member) {
    return new JsonObject()
        .put("id", member.id().toString())
        .put("email", member.email())
        .put("displayName", member.displayName())
        .put("role", member.role().name())
        .put("centreIds", new JsonArray(member.centreIds().stream().map(UUID::toString).sorted().toList()))
        .put("active", member.active())
        .put("version", member.version());
  }
}

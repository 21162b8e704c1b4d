package org.relais.hub.signalling;

import io.vertx.core.json.JsonObject;

/**
 * What a bridge ticket lets its holder do: be {@code peerId} (shown as {@code name}) in room
 * {@code roomId}. What granted it is checked again on every message, so that a revoked or expired
 * grant stops at once: {@code joinToken}, the link the ticket was traded for (none for staff), and
 * {@code helpCallId} for the room of a help call (none for a session's room).
 */
public record Admission(String roomId, String peerId, String name, String role, String joinToken,
    String helpCallId) {

  public static Admission toSession(String roomId, String peerId, String name, String role, String joinToken) {
    return new Admission(roomId, peerId, name, role, joinToken, null);
  }

  public boolean isHelpCall() {
    return helpCallId != null;
  }

  public JsonObject toJson() {
    return new JsonObject().put("roomId", roomId).put("peerId", peerId).put("name", name).put("role", role)
        .put("joinToken", joinToken).put("helpCallId", helpCallId);
  }

  public static Admission fromJson(JsonObject json) {
    return new Admission(json.getString("roomId"), json.getString("peerId"), json.getString("name"),
        json.getString("role"), json.getString("joinToken"), json.getString("helpCallId"));
  }
}

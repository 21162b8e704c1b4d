package org.relais.hub.signalling;

import io.vertx.core.json.JsonObject;

/**
 * What a bridge ticket lets its holder do: be {@code peerId} (shown as {@code name}) in room
 * {@code roomId}. {@code joinToken} is the link the ticket was traded for, checked again on every
 * message so that a revoked or expired link stops at once.
 */
public record Admission(String roomId, String peerId, String name, String role, String joinToken) {

  public JsonObject toJson() {
    return new JsonObject().put("roomId", roomId).put("peerId", peerId).put("name", name).put("role", role)
        .put("joinToken", joinToken);
  }

  public static Admission fromJson(JsonObject json) {
    return new Admission(json.getString("roomId"), json.getString("peerId"), json.getString("name"),
        json.getString("role"), json.getString("joinToken"));
  }
}

package org.relais.hub.jitsi;

/** Who a Jitsi token is for: our id for them (registration, booking or staff), the name shown, moderator or not. */
public record JitsiUser(String id, String name, String email, boolean moderator) {}

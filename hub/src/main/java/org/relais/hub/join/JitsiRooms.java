package org.relais.hub.join;

import io.vertx.core.Future;
import java.time.Instant;

/** What a join link needs of a Jitsi Meet deployment: a pass for one person into one session's room. */
public interface JitsiRooms {
  /**
   * Who enters: our id for them (registration, booking or staff), the name shown, their e-mail if known,
   * and whether they moderate.
   */
  record Guest(String id, String name, String email, boolean moderator) {}

  /** The conference of {@code room} for {@code guest}, valid from {@code notBefore} until {@code expires}. */
  Future<Video.Jitsi> enter(Guest guest, String room, Instant notBefore, Instant expires);
}

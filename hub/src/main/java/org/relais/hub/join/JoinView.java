package org.relais.hub.join;

import java.util.EnumSet;
import java.util.Set;
import org.relais.hub.schedule.Occurrence;
import org.relais.hub.schedule.Session;
import org.relais.protocol.JoinRole;
import org.relais.protocol.JoinState;

/**
 * What a join link opens now: the session, who is joining, the state, the window of the sitting it is about,
 * the next sitting when that one is over or called off (null if none follows), and, when open, the video.
 */
public record JoinView(JoinClaims claims, Session session, JoinState state, JoinWindow window, Occurrence next,
    Video video) {
  /** A family's link calls its centre for help from the moment its page opens until the class is over. */
  private static final Set<JoinState> HELP_STATES = EnumSet.of(JoinState.EARLY, JoinState.OPEN, JoinState.FULL);

  public boolean mayCallForHelp() {
    return claims.role() == JoinRole.PARTICIPANT && HELP_STATES.contains(state);
  }
}

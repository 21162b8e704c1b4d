package org.relais.hub.join;

import org.relais.hub.schedule.Session;
import org.relais.protocol.JoinState;

/** What a join link opens now: the session, who is joining, the state, the window and, when open, the video. */
public record JoinView(JoinClaims claims, Session session, JoinState state, JoinWindow window, Video video) {}

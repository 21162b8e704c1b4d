package org.relais.hub.centres;

/** What sort of place a centre is. */
public enum CentreKind {
  SOCIAL_CENTRE,
  CYBERSPACE,
  THIRD_PLACE,
  LIBRARY,
  OTHER
}

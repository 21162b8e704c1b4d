package org.relais.hub.join;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.UUID;
import org.relais.hub.http.PublicAddress;
import org.relais.hub.schedule.Session;
import org.relais.protocol.JoinRole;

/** Makes join links: a token valid for every sitting of the session, and the addresses built on it. */
public final class JoinLinks {
  private final JoinTokens tokens;
  private final PublicAddress address;
  private final ZoneId zone;

  public JoinLinks(JoinTokens tokens, PublicAddress address, ZoneId zone) {
    this.tokens = tokens;
    this.address = address;
    this.zone = zone;
  }

  /** The same inputs give the same token while the signing key is the same. */
  public Future<String> token(Session session, JoinRole role, UUID subjectId, String displayName, String tokenId) {
    JoinWindow whole = JoinWindow.whole(session, zone);
    return tokens.mint(new JoinClaims(session.id(), role, subjectId, displayName, whole.opensAt(),
        whole.closesAt(), tokenId));
  }

  /**
   * The instructor's own link to the session's room: a moderator's, with the instructor's reserved seat. One
   * per session and instructor, the same each time it is asked for.
   */
  public Future<String> instructorUrl(Session session, UUID instructorId, String displayName) {
    return token(session, JoinRole.INSTRUCTOR, instructorId, displayName, instructorTokenId(session.id(), instructorId))
        .map(this::url);
  }

  private static String instructorTokenId(UUID sessionId, UUID instructorId) {
    return UUID.nameUUIDFromBytes((sessionId + "/" + instructorId).getBytes(StandardCharsets.UTF_8)).toString();
  }

  public String url(String token) {
    return address.link("/j/" + token);
  }

  public String qrSvgUrl(String token) {
    return url(token) + "/qr.svg";
  }

  public String qrPngUrl(String token) {
    return url(token) + "/qr.png";
  }

  public String calendarUrl(String token) {
    return url(token) + "/calendar.ics";
  }

  public String manageUrl(String manageToken) {
    return address.link("/r/" + manageToken);
  }

  public PublicAddress address() {
    return address;
  }
}

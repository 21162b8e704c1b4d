package org.relais.hub.sites;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Map;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentrePages;
import org.relais.hub.centres.Site;
import org.relais.hub.http.PublicAddress;
import org.relais.hub.join.QrCodes;
import org.relais.hub.staffapp.StaffArea;
import org.relais.hub.staffapp.StaffPages;

/**
 * Enrolling a room's relay-site from its staff page: a fresh single-use code, shown once with its expiry,
 * the command to type on the centre's mini PC and a QR code of that command; and revoking the relay, after a
 * page that says what it does.
 */
public final class EnrolmentPages implements StaffArea.Section {
  private static final String ROOM = "/centres/:centreId/rooms/:siteId";

  private final CentrePages rooms;
  private final StaffPages pages;
  private final SiteCredentials credentials;
  private final PublicAddress address;
  private final ZoneId zone;

  public EnrolmentPages(CentrePages rooms, StaffPages pages, SiteCredentials credentials, PublicAddress address,
      ZoneId zone) {
    this.rooms = rooms;
    this.pages = pages;
    this.credentials = credentials;
    this.address = address;
    this.zone = zone;
  }

  @Override
  public void mount(Router staff) {
    staff.post(ROOM + "/enrolment").handler(ctx -> rooms.withRoom(ctx, (centre, site) -> enrol(ctx, centre, site)));
    staff.get(ROOM + "/revoke").handler(ctx -> rooms.withRoom(ctx, (centre, site) ->
        pages.render(ctx, 200, "staff-centres-revoke", Map.of("centre", centre.toJson().getMap(),
            "room", site.toJson().getMap()))));
    staff.post(ROOM + "/revoke").handler(ctx -> rooms.withRoom(ctx, (centre, site) ->
        credentials.revoke(StaffPages.principal(ctx), site.id())
            .onSuccess(done -> StaffPages.redirect(ctx, CentrePages.roomPath(site), "centres_relay_revoked"))));
  }

  /** The code is kept only as a hash: this answer is the one time it is shown. */
  private Future<Void> enrol(RoutingContext ctx, Centre centre, Site site) {
    return credentials.issueEnrolment(StaffPages.principal(ctx), site.id()).compose(enrolment -> {
      String command = SiteCredentials.enrolCommand(address.base(), enrolment.code());
      String qr = "data:image/svg+xml;base64,"
          + Base64.getEncoder().encodeToString(QrCodes.svg(command).getBytes(StandardCharsets.UTF_8));
      return pages.render(ctx, 200, "staff-centres-enrolment", Map.of("centre", centre.toJson().getMap(),
          "room", site.toJson().getMap(), "code", enrolment.code(), "command", command, "qr", qr,
          "expiresAt", pages.dateTime(ctx, enrolment.expiresAt(), zone)));
    });
  }
}

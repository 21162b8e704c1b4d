package org.relais.protocol.site;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** What the hub tells a relay-site about its room: who it is, and the sittings booked for the coming days. */
public record SiteSchedule(UUID siteId, String siteName, UUID centreId, String centreName, String zone,
    Instant generatedAt, List<Sitting> sittings) {
  public static final int MAX_SITTINGS = 500;

  public SiteSchedule {
    if (siteId == null || siteName == null || centreId == null || centreName == null || generatedAt == null) {
      throw new InvalidSiteMessage("a schedule names its site, centre and time");
    }
    sittings = sittings.stream().sorted(Comparator.comparing(Sitting::start)).toList();
  }

  public JsonObject toJson() {
    return new JsonObject().put("siteId", siteId.toString()).put("siteName", siteName)
        .put("centreId", centreId.toString()).put("centreName", centreName).put("zone", zone)
        .put("generatedAt", generatedAt.toString())
        .put("sittings", new JsonArray(sittings.stream().map(Sitting::toJson).toList()));
  }

  public static SiteSchedule fromJson(Object value) {
    JsonObject json = Read.object(value, "a schedule");
    Read.only(json, "siteId", "siteName", "centreId", "centreName", "zone", "generatedAt", "sittings");
    return new SiteSchedule(Read.uuid(json, "siteId", true), Read.string(json, "siteName", 200, true),
        Read.uuid(json, "centreId", true), Read.string(json, "centreName", 200, true),
        Read.string(json, "zone", 60, false), Read.instant(json, "generatedAt"),
        Read.array(json, "sittings", MAX_SITTINGS).stream().map(Sitting::fromJson).toList());
  }
}

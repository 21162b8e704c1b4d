package org.relais.hub.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.relais.hub.centres.Centre;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.Fixtures;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.StaffWeb;
import org.relais.protocol.Role;

/** Without ffmpeg the hub runs, and a BROADCAST class is refused at scheduling, saying how to install it. */
class BroadcastSchedulingTest {
  @Test
  void withoutFfmpegABroadcastClassIsRefusedAndEverythingElseWorks() {
    try (HubHarness harness = HubHarness.start("h2", Map.of("broadcast.ffmpeg", "/nowhere/ffmpeg"))) {
      Centre centre = harness.centre("Centre social Les Tilleuls");
      StaffMember coordinator = harness.staff(Role.COORDINATOR, Set.of(centre.id()));
      String token = harness.login(coordinator);
      JsonObject broadcast = Fixtures.session("Cuisine en direct", centre.id(), null, "2026-12-01T17:00:00Z",
          "2026-12-01T18:00:00Z").put("videoMode", "BROADCAST").put("homeCapacity", 300);

      HttpResponse<Buffer> refused = harness.send(HttpMethod.POST, "/api/v1/sessions", token, broadcast);
      assertThat(refused.statusCode()).isEqualTo(422);
      assertThat(refused.getHeader("Content-Type")).startsWith("application/problem+json");
      assertThat(refused.bodyAsJsonObject().getString("field")).isEqualTo("videoMode");
      assertThat(refused.bodyAsJsonObject().getString("detail")).contains("apt install ffmpeg", "broadcast.ffmpeg");
      HttpResponse<Buffer> direct = harness.send(HttpMethod.POST, "/api/v1/sessions", token,
          broadcast.copy().put("videoMode", "DIRECT").put("homeCapacity", 12));
      assertThat(direct.statusCode()).isEqualTo(201);

      // The class form says it next to the video mode, in the staff member's language.
      StaffWeb web = new StaffWeb(harness);
      MultiMap form = MultiMap.caseInsensitiveMultiMap().add("title", "Cuisine en direct").add("category", "COOKING")
          .add("language", "fr").add("description", "").add("instructorId", "")
          .add("centreId", centre.id().toString()).add("date", "2026-12-01").add("startTime", "18:00")
          .add("endTime", "19:00").add("repeat", "once").add("weekdays", "TUESDAY").add("ends", "count")
          .add("count", "1").add("until", "").add("homeCapacity", "300").add("videoMode", "BROADCAST")
          .add("accessibility", "");
      HttpResponse<Buffer> page = web.post(web.signIn(coordinator), "/staff/classes", form);
      assertThat(page.statusCode()).isEqualTo(422);
      assertThat(page.bodyAsString()).contains("id=\"videoMode-error\"", "sudo apt install ffmpeg");
    }
  }
}

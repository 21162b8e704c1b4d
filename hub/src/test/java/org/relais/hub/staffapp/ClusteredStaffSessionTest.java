package org.relais.hub.staffapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.StaffWeb;
import org.relais.protocol.Role;

/** Two hub nodes behind one address: a browser signed in on one is signed in on both, and signed out of both. */
class ClusteredStaffSessionTest {


  @Test
  void signingOutOnOneNodeSignsOutOnEveryNode() throws Exception {
    String cluster = "relais-test-" + UUID.randomUUID();
    int port = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
    HubHarness one = HubHarness.start("h2", HubHarness.clusterOf(cluster, port));
    HubHarness two = HubHarness.startOn(one.database(), Files.createTempDirectory("relais-node-"),
        HubHarness.clusterOf(cluster, port), one.clock);
    try {
      StaffWeb onOne = new StaffWeb(one);
      StaffWeb onTwo = new StaffWeb(two);
      StaffWeb.Session session = onOne.signIn(one.staff(Role.ADMIN, Set.of()));
      assertThat(onTwo.get(session, "/api/v1/auth/me").statusCode()).isEqualTo(200);
      assertThat(onTwo.get(session, "/staff/login").getHeader("Location")).as("already signed in").isEqualTo("/staff");

      HttpResponse<Buffer> out = onTwo.post(session, "/staff/logout", MultiMap.caseInsensitiveMultiMap());
      assertThat(out.statusCode()).isEqualTo(303);

      assertThat(onOne.get(session, "/api/v1/auth/me").statusCode()).isEqualTo(401);
      assertThat(onOne.get(session, "/staff/accounts").getHeader("Location")).startsWith("/staff/login");
      assertThat(onTwo.get(session, "/api/v1/auth/me").statusCode()).isEqualTo(401);
    } finally {
      two.stopHub();
      one.close();
    }
  }
}

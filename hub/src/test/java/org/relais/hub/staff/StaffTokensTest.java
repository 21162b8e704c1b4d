package org.relais.hub.staff;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.MutableClock;
import org.relais.protocol.Role;

class StaffTokensTest {
  private final Vertx vertx = Vertx.vertx();
  private final MutableClock clock = new MutableClock(HubHarness.START);
  private final StaffTokens tokens = new StaffTokens(vertx, "0123456789abcdef0123456789abcdef", Duration.ofHours(8), clock);
  private final StaffMember member = new StaffMember(UUID.randomUUID(), "a@b.fr", "A", Role.ADMIN, Set.of(), 1);

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void verifiesItsOwnTokenUntilItExpires() {
    String token = tokens.issue(member).token();
    assertThat(tokens.verify(token).await()).isEqualTo(member.id());
  }
}

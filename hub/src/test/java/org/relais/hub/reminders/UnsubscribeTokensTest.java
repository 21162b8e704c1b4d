package org.relais.hub.reminders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.relais.hub.registrations.ManageLinks;

/** An unsubscribe token names its registration, is not its manage token, and is not accepted as one. */
class UnsubscribeTokensTest {
  private final ManageLinks manage = new ManageLinks("a secret shared by the hub nodes");
  private final UnsubscribeTokens tokens = new UnsubscribeTokens(manage::token);

  @Test
  void namesItsRegistrationAndNothingElseAcceptsIt() {
    UUID id = UUID.randomUUID();
    String token = tokens.token(id);
    assertThat(tokens.registrationId(token)).contains(id);
    assertThat(token).isNotEqualTo(manage.token(id));
    assertThat(manage.registrationId(token)).isEmpty();
    assertThat(tokens.registrationId(manage.token(id))).isEmpty();
    assertThat(tokens.registrationId("not-a-token")).isEmpty();
    assertThat(tokens.registrationId("%%%")).isEmpty();
  }
}

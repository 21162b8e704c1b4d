package org.relais.hub.households;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NoContactWordsTest {
  private static final Instant AT = Instant.parse("2026-10-01T08:00:00Z");

  @Test
  void aHouseholdThatGaveNoContactIsNotShownAsHavingRefused() {
    assertThat(StaffHouseholdPages.noContactKey(household(null, null, false)))
        .isEqualTo("staff_households_no_contact");
  }

  @Test
  void aContactKeptWithoutConsentIsSaidToBeWithoutConsent() {
    assertThat(StaffHouseholdPages.noContactKey(household("+33611223344", null, false)))
        .isEqualTo("staff_households_no_consent");
    assertThat(StaffHouseholdPages.noContactKey(household(null, "famille@example.org", false)))
        .isEqualTo("staff_households_no_consent");
  }

  private static Household household(String phone, String email, boolean consent) {
    Household.Member member = new Household.Member(UUID.randomUUID(), UUID.randomUUID(), "Cuisine", "COOKING",
        UUID.randomUUID(), "Les Tilleuls", "Famille Petit", email, phone, consent, "CONFIRMED", 2, "fr", AT, AT,
        null, null);
    return Household.of("key", List.of(member), Map.of());
  }
}

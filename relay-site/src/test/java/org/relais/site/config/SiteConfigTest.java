package org.relais.site.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.relais.site.broadcast.BroadcastRelayConfig;
import org.relais.site.kiosk.KioskConfig;

class SiteConfigTest {
  @Test
  void limitsTheKiosksSignInsByDefaultAndTakesTheEnvironmentsValues() throws Exception {
    KioskConfig defaults = SiteConfig.load(null, Map.of()).kiosk();
    assertThat(defaults.signInsPerMinutePerAddress()).isEqualTo(10);
    assertThat(defaults.failuresPerMinutePerAccountAndAddress()).isEqualTo(5);
    assertThat(defaults.maxConcurrentHashes()).isEqualTo(2);

    KioskConfig set = SiteConfig.load(null, Map.of("RELAIS_SITE_KIOSK_MAX_CONCURRENT_HASHES", "1",
        "RELAIS_SITE_KIOSK_FAILURES_PER_MINUTE_PER_ACCOUNT_AND_ADDRESS", "3")).kiosk();
    assertThat(set.maxConcurrentHashes()).isEqualTo(1);
    assertThat(set.failuresPerMinutePerAccountAndAddress()).isEqualTo(3);
  }

  @Test
  void namesTheKeyOfABadLimit() {
    assertThatThrownBy(() -> SiteConfig.from(Map.of("kiosk.signInsPerMinutePerAddress", "many")))
        .isInstanceOf(SiteConfig.Invalid.class).hasMessageContaining("kiosk.signInsPerMinutePerAddress");
    assertThatThrownBy(() -> SiteConfig.from(Map.of("kiosk.maxConcurrentHashes", "0")))
        .isInstanceOf(SiteConfig.Invalid.class).hasMessageContaining("kiosk.maxConcurrentHashes");
  }

  @Test
  void keepsABroadcastWithinItsMemoryBudgetAndNamesABadOne() throws Exception {
    BroadcastRelayConfig defaults = SiteConfig.load(null, Map.of()).broadcast();
    assertThat(defaults).isEqualTo(BroadcastRelayConfig.DEFAULTS);
    assertThat(SiteConfig.load(null, Map.of("RELAIS_SITE_BROADCAST_CACHE_MEGABYTES", "32")).broadcast()
        .cacheMegabytes()).isEqualTo(32);
    assertThatThrownBy(() -> SiteConfig.from(Map.of("broadcast.cacheMegabytes", "1")))
        .isInstanceOf(SiteConfig.Invalid.class).hasMessageContaining("broadcast.cacheMegabytes");
    assertThatThrownBy(() -> SiteConfig.from(Map.of("broadcast.retryCap", "soon")))
        .isInstanceOf(SiteConfig.Invalid.class).hasMessageContaining("broadcast.retryCap");
  }
}

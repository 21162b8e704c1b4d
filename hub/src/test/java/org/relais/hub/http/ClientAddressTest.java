package org.relais.hub.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.relais.hub.config.ConfigException;
import org.relais.hub.config.ConfigValues;
import org.relais.hub.testing.HubHarness;

class ClientAddressTest {
  private static final ClientAddress BEHIND_PROXIES = new ClientAddress(ranges("10.0.0.0/8", "192.0.2.1",
      "2001:db8:f::/48"));

  private static List<IpRange> ranges(String... texts) {
    return Arrays.stream(texts).map(text -> IpRange.parse(text).orElseThrow()).toList();
  }

  private static String from(ClientAddress rule, String peer, String... forwardedFor) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (String header : forwardedFor) {
      headers.add("X-Forwarded-For", header);
    }
    return rule.of(SocketAddress.inetSocketAddress(40_000, peer), headers);
  }

  @Test
  void believesNoHeaderWithoutTrustedProxies() {
    ClientAddress direct = new ClientAddress(List.of());
    assertThat(from(direct, "203.0.113.5", "198.51.100.1")).isEqualTo("203.0.113.5");
    assertThat(from(direct, "10.0.0.1", "198.51.100.1")).isEqualTo("10.0.0.1");
  }

  @Test
  void believesNoHeaderFromAPeerThatIsNoTrustedProxy() {
    assertThat(from(BEHIND_PROXIES, "203.0.113.5", "198.51.100.1")).isEqualTo("203.0.113.5");
  }

  @Test
  void takesTheHopTheTrustedProxySawNotWhatTheClientWrote() {
    // The client wrote "1.1.1.1"; the proxy appended the address it really saw.
    assertThat(from(BEHIND_PROXIES, "10.1.2.3", "1.1.1.1, 203.0.113.9")).isEqualTo("203.0.113.9");
    assertThat(from(BEHIND_PROXIES, "10.1.2.3", "1.1.1.1", "203.0.113.9")).isEqualTo("203.0.113.9");
    assertThat(from(BEHIND_PROXIES, "10.1.2.3", "203.0.113.9")).isEqualTo("203.0.113.9");
  }

  @Test
  void skipsEveryTrustedProxyOfAChain() {
    assertThat(from(BEHIND_PROXIES, "10.0.0.2", "6.6.6.6, 203.0.113.9, 192.0.2.1, 10.9.9.9"))
        .isEqualTo("203.0.113.9");
    // A client that names a trusted proxy as itself gains nothing: it stays the rightmost untrusted hop.
    assertThat(from(BEHIND_PROXIES, "10.0.0.2", "203.0.113.9, 10.0.0.7, 198.51.100.4")).isEqualTo("198.51.100.4");
  }

  @Test
  void countsAChainOfOnlyTrustedProxiesAgainstTheFarthestOne() {
    assertThat(from(BEHIND_PROXIES, "10.0.0.2", "192.0.2.1, 10.0.0.3")).isEqualTo("192.0.2.1");
    assertThat(from(BEHIND_PROXIES, "10.0.0.2")).isEqualTo("10.0.0.2");
    assertThat(from(BEHIND_PROXIES, "10.0.0.2", "")).isEqualTo("10.0.0.2");
  }

  @Test
  void stopsAtAnEntryThatIsNoAddress() {
    assertThat(from(BEHIND_PROXIES, "10.0.0.2", "203.0.113.9, not-an-address")).isEqualTo("10.0.0.2");
    assertThat(from(BEHIND_PROXIES, "10.0.0.2", "203.0.113.9, 10.0.0.5, example.org, 10.0.0.4"))
        .isEqualTo("10.0.0.4");
    assertThat(from(BEHIND_PROXIES, "10.0.0.2", "203.0.113.9,,")).isEqualTo("10.0.0.2");
    assertThat(from(BEHIND_PROXIES, "10.0.0.2", "unknown")).isEqualTo("10.0.0.2");
    assertThat(from(BEHIND_PROXIES, "10.0.0.2", "203.0.113.9\n, 1.2.3.4.5")).isEqualTo("10.0.0.2");
    // Garbage to the left of the client is the client's own writing, never read.
    assertThat(from(BEHIND_PROXIES, "10.0.0.2", "<script>, 203.0.113.9")).isEqualTo("203.0.113.9");
  }

  @Test
  void readsIpv6AndPortsAndCountsAnIpv6ClientByItsSlash64() {
    assertThat(from(BEHIND_PROXIES, "2001:db8:f::1", "2001:DB8:0:0::abcd")).isEqualTo("2001:db8:0:0::/64");
    assertThat(from(BEHIND_PROXIES, "2001:db8:f:1::1", "[2001:db8:7:8:9::abcd]:51234"))
        .isEqualTo("2001:db8:7:8::/64");
    assertThat(from(BEHIND_PROXIES, "2001:db8:f::1", "2001:db8:7:8:ffff::1"))
        .as("another address of the same /64").isEqualTo("2001:db8:7:8::/64");
    assertThat(from(BEHIND_PROXIES, "2001:db8:e::1", "203.0.113.9")).isEqualTo("2001:db8:e:0::/64");
    assertThat(from(BEHIND_PROXIES, "10.0.0.2", "203.0.113.9:443")).isEqualTo("203.0.113.9");
    assertThat(from(BEHIND_PROXIES, "::ffff:10.0.0.2", "::ffff:203.0.113.9")).isEqualTo("203.0.113.9");
    assertThat(from(BEHIND_PROXIES, "10.0.0.2", "2001:db8::1, 10.0.0.3")).isEqualTo("2001:db8:0:0::/64");
  }

  @Test
  void readsRangesAndRefusesWhatIsNone() {
    IpRange block = IpRange.parse("192.168.16.0/20").orElseThrow();
    assertThat(block.contains(IpRange.literal("192.168.31.255").orElseThrow())).isTrue();
    assertThat(block.contains(IpRange.literal("192.168.32.0").orElseThrow())).isFalse();
    assertThat(block.contains(IpRange.literal("::ffff:192.168.20.1").orElseThrow())).isTrue();
    assertThat(IpRange.parse("0.0.0.0/0").orElseThrow().contains(IpRange.literal("8.8.8.8").orElseThrow())).isTrue();
    assertThat(IpRange.parse("::/0").orElseThrow().contains(IpRange.literal("8.8.8.8").orElseThrow())).isFalse();
    assertThat(List.of("example.org", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/x", "10.0.0", "", "/8"))
        .allSatisfy(text -> assertThat(IpRange.parse(text)).as(text).isEmpty());
  }

  @Test
  void refusesAConfigurationThatNamesNoAddress() {
    Map<String, String> values = new HashMap<>(Map.of("http.host", "0.0.0.0", "http.port", "8080",
        "http.publicUrl", "", "http.instances", "1", "http.maxBodyBytes", "65536", "http.stopGrace", "PT20S",
        "http.trustedProxies", "10.0.0.0/8, proxy.example.org"));
    assertThatThrownBy(() -> HttpConfig.from(new ConfigValues(values)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("http.trustedProxies")
        .hasMessageContaining("proxy.example.org");
    values.put("http.trustedProxies", " 10.0.0.0/8 , ::1 ");
    assertThat(HttpConfig.from(new ConfigValues(values)).trustedProxies())
        .containsExactly(IpRange.parse("10.0.0.0/8").orElseThrow(), IpRange.parse("::1").orElseThrow());
  }

  /** Over real HTTP, the join throttle counts the address the proxy saw, whatever the client writes. */
  @Test
  void aSpoofedHeaderEscapesNoLimitBehindARealProxy() {
    try (HubHarness harness = HubHarness.start("h2", Map.of("http.trustedProxies", "127.0.0.1, ::1",
        "join.requestsPerMinutePerAddress", "3"))) {
      for (int i = 0; i < 3; i++) {
        assertThat(guess(harness, "198.51.100." + i + ", 203.0.113.9")).isEqualTo(404);
      }
      assertThat(guess(harness, "198.51.100.99, 203.0.113.9")).as("a fresh spoofed hop").isEqualTo(429);
      assertThat(guess(harness, "203.0.113.10")).as("another client behind the proxy").isEqualTo(404);
    }
  }

  @Test
  void aClientWithoutProxyCannotNameItselfAnything() {
    try (HubHarness harness = HubHarness.start("h2", Map.of("join.requestsPerMinutePerAddress", "3"))) {
      for (int i = 0; i < 3; i++) {
        assertThat(guess(harness, "203.0.113." + i)).isEqualTo(404);
      }
      assertThat(guess(harness, "203.0.113.200")).isEqualTo(429);
    }
  }

  private static int guess(HubHarness harness, String forwardedFor) {
    return harness.http.get("/api/v1/join/not-a-token").putHeader("X-Forwarded-For", forwardedFor).send().await()
        .statusCode();
  }
}

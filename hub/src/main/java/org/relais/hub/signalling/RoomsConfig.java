package org.relais.hub.signalling;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.relais.hub.config.ConfigException;
import org.relais.hub.config.ConfigValues;

/**
 * The built-in rooms: their size, how long a stay survives a dropped connection, the ICE servers
 * browsers get, and the bridge's limits.
 */
public record RoomsConfig(int maxPeers, Duration stayGrace, List<String> stunUrls, List<String> turnUrls,
    Optional<String> turnSecret, Duration turnTtl, IceTransportPolicy iceTransportPolicy, Duration ticketTtl,
    int maxSocketsPerAddress, int messagesPerSecond, List<String> allowedOrigins) {

  /**
   * Which ICE candidates browsers may use (RTCConfiguration's {@code iceTransportPolicy}): every kind, or
   * only the TURN server's relay, for networks where peer-to-peer paths are blocked or must not show the
   * families' addresses to each other.
   */
  public enum IceTransportPolicy {
    ALL, RELAY;

    /** The value as the browser's RTCConfiguration names it. */
    public String value() {
      return name().toLowerCase(Locale.ROOT);
    }

    static IceTransportPolicy parse(String key, String raw) {
      for (IceTransportPolicy policy : values()) {
        if (policy.value().equals(raw)) {
          return policy;
        }
      }
      throw new ConfigException(key, "must be all or relay, got '" + raw + "'");
    }
  }

  public RoomsConfig {
    stunUrls = List.copyOf(stunUrls);
    turnUrls = List.copyOf(turnUrls);
    allowedOrigins = List.copyOf(allowedOrigins);
    for (String url : stunUrls) {
      if (!url.startsWith("stun:") && !url.startsWith("stuns:")) {
        throw new ConfigException("ice.stunUrls", "not a stun: URL: " + url);
      }
    }
    for (String url : turnUrls) {
      if (!url.startsWith("turn:") && !url.startsWith("turns:")) {
        throw new ConfigException("ice.turnUrls", "not a turn: URL: " + url);
      }
    }
    if (!turnUrls.isEmpty() && turnSecret.isEmpty()) {
      throw new ConfigException("ice.turnSecret", "is needed with ice.turnUrls");
    }
    if (iceTransportPolicy == IceTransportPolicy.RELAY && turnUrls.isEmpty()) {
      throw new ConfigException("ice.transportPolicy", "relay needs a TURN server in ice.turnUrls");
    }
    if (stayGrace.isNegative() || stayGrace.compareTo(Duration.ofHours(1)) > 0) {
      throw new ConfigException("rooms.stayGrace", "must be between zero and one hour");
    }
    if (ticketTtl.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new ConfigException("bridge.ticketTtl", "must be at most five minutes: a ticket is used at once");
    }
    for (String origin : allowedOrigins) {
      URI uri = URI.create(origin);
      if (uri.getScheme() == null || uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty())) {
        throw new ConfigException("http.allowedOrigins", "not an origin (scheme://host[:port]): " + origin);
      }
    }
  }

  /**
   * The frames a socket may send at once: twice its rate, or, if more, 20 per peer of a full room, which
   * is what a newcomer sends when it offers to everyone there and trickles its ICE candidates (an offer
   * and up to 16 candidates per connection, its registrations and pings besides).
   */
  public int frameBurst() {
    return Math.max(2 * messagesPerSecond, 20 * maxPeers);
  }

  public static RoomsConfig from(ConfigValues values) {
    return new RoomsConfig(values.integer("rooms.maxPeers", 2, 50), values.duration("rooms.stayGrace"),
        values.list("ice.stunUrls"),
        values.list("ice.turnUrls"), values.optional("ice.turnSecret"), values.duration("ice.turnTtl"),
        IceTransportPolicy.parse("ice.transportPolicy", values.string("ice.transportPolicy")),
        values.duration("bridge.ticketTtl"), values.integer("bridge.maxSocketsPerAddress", 1, 100_000),
        values.integer("bridge.messagesPerSecond", 1, 10_000), values.list("http.allowedOrigins"));
  }
}

package org.relais.hub.signalling;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ICE servers a browser gets: the STUN list, and TURN with time-limited credentials in coturn's
 * REST form (username {@code <expiry>:<peerId>}, credential base64 HMAC-SHA1 of the username under the
 * shared secret), so that a leaked credential stops working by itself.
 */
public final class IceServers {
  private final RoomsConfig config;
  private final Clock clock;

  public IceServers(RoomsConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  public JsonArray forPeer(String peerId) {
    JsonArray servers = new JsonArray();
    if (!config.stunUrls().isEmpty()) {
      servers.add(new JsonObject().put("urls", new JsonArray(config.stunUrls())));
    }
    config.turnSecret().ifPresent(secret -> {
      if (!config.turnUrls().isEmpty()) {
        String username = (clock.instant().plus(config.turnTtl()).getEpochSecond()) + ":" + peerId;
        servers.add(new JsonObject().put("urls", new JsonArray(config.turnUrls())).put("username", username)
            .put("credential", credential(secret, username)));
      }
    });
    return servers;
  }

  /** Which candidates browsers may use: {@code all}, or {@code relay} for the TURN server's only. */
  public String transportPolicy() {
    return config.iceTransportPolicy().value();
  }

  static String credential(String secret, String username) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

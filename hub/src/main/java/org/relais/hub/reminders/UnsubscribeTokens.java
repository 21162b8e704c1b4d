package org.relais.hub.reminders;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token of an unsubscribe link: the registration id and a MAC of it keyed by the registration's manage token
 * for this one purpose. E-mail headers are read by providers, forwarders and list tools, so they must never carry
 * the manage token (which cancels a registration or erases a household); this one only opts an address out, and
 * the manage token cannot be worked back from it. Nothing is stored.
 */
final class UnsubscribeTokens {
  private static final byte[] PURPOSE = "relais/unsubscribe/v1".getBytes(StandardCharsets.UTF_8);
  private static final int ID_BYTES = 16;
  private static final int MAC_BYTES = 16;

  private final Function<UUID, String> manageToken;

  UnsubscribeTokens(Function<UUID, String> manageToken) {
    this.manageToken = manageToken;
  }

  String token(UUID registrationId) {
    byte[] id = bytes(registrationId);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(
        ByteBuffer.allocate(ID_BYTES + MAC_BYTES).put(id).put(mac(registrationId, id)).array());
  }

  /** The registration an unsubscribe token names, if this hub made it. */
  Optional<UUID> registrationId(String token) {
    try {
      byte[] raw = Base64.getUrlDecoder().decode(token);
      if (raw.length != ID_BYTES + MAC_BYTES) {
        return Optional.empty();
      }
      byte[] id = Arrays.copyOfRange(raw, 0, ID_BYTES);
      ByteBuffer buffer = ByteBuffer.wrap(id);
      UUID registrationId = new UUID(buffer.getLong(), buffer.getLong());
      return MessageDigest.isEqual(mac(registrationId, id), Arrays.copyOfRange(raw, ID_BYTES, raw.length))
          ? Optional.of(registrationId) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private byte[] mac(UUID registrationId, byte[] id) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(manageToken.apply(registrationId).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(PURPOSE);
      return Arrays.copyOf(mac.doFinal(id), MAC_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bytes(UUID id) {
    return ByteBuffer.allocate(ID_BYTES).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
        .array();
  }
}

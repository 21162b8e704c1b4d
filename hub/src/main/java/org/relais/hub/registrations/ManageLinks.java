package org.relais.hub.registrations;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The private link that lets a family see or cancel its registration: the registration id and a MAC of
 * it under a secret shared by every hub node, 43 characters. Nothing is stored; a retried registration
 * gets the same link.
 */
public final class ManageLinks {
  private static final int MAC_BYTES = 16;

  private final SecretKeySpec key;

  public ManageLinks(String secret) {
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  public String token(UUID registrationId) {
    byte[] id = bytes(registrationId);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(
        ByteBuffer.allocate(id.length + MAC_BYTES).put(id).put(mac(id)).array());
  }

  /** The registration a token names, if this hub made it. */
  public Optional<UUID> registrationId(String token) {
    try {
      byte[] raw = Base64.getUrlDecoder().decode(token);
      if (raw.length != 16 + MAC_BYTES) {
        return Optional.empty();
      }
      byte[] id = Arrays.copyOfRange(raw, 0, 16);
      if (!MessageDigest.isEqual(mac(id), Arrays.copyOfRange(raw, 16, raw.length))) {
        return Optional.empty();
      }
      ByteBuffer buffer = ByteBuffer.wrap(id);
      return Optional.of(new UUID(buffer.getLong(), buffer.getLong()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private byte[] mac(byte[] id) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return Arrays.copyOf(mac.doFinal(id), MAC_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bytes(UUID id) {
    return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
  }
}

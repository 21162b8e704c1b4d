package org.relais.hub.broadcast;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs what the hub hands out about a broadcast, with a secret every node shares: segment URIs (valid until
 * {@code exp}: the sitting's close for live ones, a few hours for a replay's) and the per-sitting RTMP stream
 * keys. Stateless, so any node checks what another signed.
 */
public final class SegmentSigner {
  static final String SECRET_NAME = "broadcast-segments";
  private static final Pattern STREAM_KEY = Pattern.compile("([0-9a-f]{32})-(\\d{8})-([A-Za-z0-9_-]{22})");

  /** A sitting's stream key, read back. */
  public record Sitting(UUID sessionId, LocalDate date) {}

  private final SecretKeySpec key;

  public SegmentSigner(String secret) {
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  /** The query of a live segment's URI: {@code ?exp=...&sig=...}. */
  public String query(String path, Instant expires) {
    return query(path, expires, false);
  }

  /**
   * The query of a segment URI: {@code ?exp=...&sig=...}, with {@code &replay=1} for a replay's (a live URI is
   * refused once its sitting's broadcast has ended, a replay's is not).
   */
  public String query(String path, Instant expires, boolean replay) {
    long exp = expires.getEpochSecond();
    return "?exp=" + exp + (replay ? "&replay=1" : "") + "&sig=" + sign(signed(path, exp, replay));
  }

  /** Whether {@code path} was signed with {@code sig} until {@code exp}, and {@code now} is before it. */
  public boolean valid(String path, String exp, String sig, Instant now) {
    return valid(path, exp, false, sig, now);
  }

  public boolean valid(String path, String exp, boolean replay, String sig, Instant now) {
    if (exp == null || sig == null || !exp.matches("\\d{1,12}")) {
      return false;
    }
    long until = Long.parseLong(exp);
    return now.getEpochSecond() < until && MessageDigest.isEqual(
        sign(signed(path, until, replay)).getBytes(StandardCharsets.US_ASCII),
        sig.getBytes(StandardCharsets.US_ASCII));
  }

  private static String signed(String path, long exp, boolean replay) {
    return "seg\n" + path + "\n" + exp + (replay ? "\nreplay" : "");
  }

  public String streamKey(UUID sessionId, LocalDate date) {
    String session = sessionId.toString().replace("-", "");
    String day = date.toString().replace("-", "");
    return session + "-" + day + "-" + sign("rtmp\n" + session + "\n" + day).substring(0, 22);
  }

  /** The sitting a stream key stands for, if the hub made it. */
  public Optional<Sitting> sittingOf(String streamKey) {
    var matcher = streamKey == null ? null : STREAM_KEY.matcher(streamKey);
    if (matcher == null || !matcher.matches()) {
      return Optional.empty();
    }
    String session = matcher.group(1);
    String day = matcher.group(2);
    String expected = sign("rtmp\n" + session + "\n" + day).substring(0, 22);
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        matcher.group(3).getBytes(StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    try {
      UUID id = UUID.fromString(session.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"));
      LocalDate date = LocalDate.parse(day.substring(0, 4) + "-" + day.substring(4, 6) + "-" + day.substring(6));
      return Optional.of(new Sitting(id, date));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private String sign(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}

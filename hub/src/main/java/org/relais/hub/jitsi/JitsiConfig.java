package org.relais.hub.jitsi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.relais.hub.config.ConfigException;
import org.relais.hub.config.ConfigValues;

/**
 * A Jitsi Meet deployment with token authentication: self-hosted (HS256 with the app secret) or 8x8
 * JaaS (RS256 with a key id and private key). Absent: sessions use the built-in rooms.
 */
public record JitsiConfig(String domain, String appId, Optional<String> appSecret, Optional<String> kid,
    Optional<String> privateKeyPem, String audience, Optional<String> tenant, Optional<String> webhookSecret) {

  public JitsiConfig {
    if (domain == null || domain.isBlank() || domain.contains("/") || domain.contains(" ")) {
      throw new ConfigException("jitsi.domain", "must be a host name such as meet.example.org");
    }
    if (appId == null || appId.isBlank()) {
      throw new ConfigException("jitsi.appId", "is required when jitsi.domain is set");
    }
    boolean hs256 = appSecret.isPresent();
    boolean rs256 = kid.isPresent() || privateKeyPem.isPresent();
    if (hs256 == rs256) {
      throw new ConfigException(hs256 ? "jitsi.kid" : "jitsi.appSecret",
          "set either jitsi.appSecret (self-hosted) or jitsi.kid with jitsi.privateKeyPem (JaaS), not both");
    }
    if (rs256 && (kid.isEmpty() || privateKeyPem.isEmpty())) {
      throw new ConfigException(kid.isEmpty() ? "jitsi.kid" : "jitsi.privateKeyPem",
          "JaaS needs both jitsi.kid and jitsi.privateKeyPem");
    }
    if (privateKeyPem.isPresent() && !privateKeyPem.get().contains("BEGIN PRIVATE KEY")) {
      throw new ConfigException("jitsi.privateKeyPem", "must be a PKCS#8 PEM private key (BEGIN PRIVATE KEY)");
    }
    // 8x8 fixes the audience, and the app id is both the token's subject and the rooms' prefix.
    if (rs256) {
      if (!JitsiTokens.JAAS_AUDIENCE.equals(audience)) {
        throw new ConfigException("jitsi.audience", "must be " + JitsiTokens.JAAS_AUDIENCE + " for JaaS");
      }
      if (tenant.isPresent() && !tenant.get().equals(appId)) {
        throw new ConfigException("jitsi.tenant", "must be the app id (jitsi.appId) for JaaS, or empty");
      }
      tenant = Optional.of(appId);
    }
    // HS256 with a shorter secret is brute-forceable; RFC 7518 asks for at least 256 bits.
    if (appSecret.isPresent() && appSecret.get().length() < 32) {
      throw new ConfigException("jitsi.appSecret", "must be at least 32 characters");
    }
  }

  /** The configured deployment, or empty when {@code jitsi.domain} is empty. */
  public static Optional<JitsiConfig> from(ConfigValues values) {
    Optional<String> domain = values.optional("jitsi.domain");
    if (domain.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new JitsiConfig(domain.get(), values.string("jitsi.appId"), values.optional("jitsi.appSecret"),
        values.optional("jitsi.kid"), values.optional("jitsi.privateKeyPem").map(JitsiConfig::pemOrFile),
        values.string("jitsi.audience"), values.optional("jitsi.tenant"), values.optional("jitsi.webhookSecret")));
  }

  public boolean usesRs256() {
    return kid.isPresent();
  }

  /** The token's {@code sub}: the tenant (JaaS: always the app id) or the domain. */
  public String subject() {
    return tenant.orElse(domain);
  }

  /** The room name the external API is given: JaaS rooms live under the tenant. */
  public String qualifiedRoom(String room) {
    return tenant.map(t -> t + "/" + room).orElse(room);
  }

  /** PEM text itself, or {@code file:} followed by the path of a PEM file. */
  private static String pemOrFile(String value) {
    if (!value.startsWith("file:")) {
      return value.replace("\\n", "\n");
    }
    try {
      return Files.readString(Path.of(value.substring("file:".length())));
    } catch (IOException e) {
      throw new ConfigException("jitsi.privateKeyPem", "cannot read " + value + ": " + e.getMessage());
    }
  }
}

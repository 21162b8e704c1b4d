package org.relais.hub.households;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The registrations that share a household key ({@link HouseholdKeys}), or one registration without contact
 * data, with the sittings where any of them was seen (a stay in the sitting's room). Pure data.
 */
public record Household(String key, List<Member> members, Set<Sitting> seen) {
  /** One registration of the household, with its class, the class's centre and the end of its series. */
  public record Member(UUID registrationId, UUID sessionId, String classTitle, String category, UUID centreId,
      String centreName, String displayName, String email, String phone, boolean consent, String status,
      int householdSize, String language, Instant registeredAt, Instant seriesEnd, String consentWordingVersion,
      Instant consentGivenAt) {}

  /** A sitting where the household was seen, and when it last came into the room then. */
  public record Sitting(UUID sessionId, LocalDate date, Instant lastAt) {}

  private static final String WITHOUT_CONTACT = "reg:";

  public Household {
    members = List.copyOf(members);
    seen = Set.copyOf(seen);
  }

  /** The key of a registration that has no contact data: a household of its own. */
  static String keyOf(Member member) {
    return HouseholdKeys.of(member.phone(), member.email()).orElse(WITHOUT_CONTACT + member.registrationId());
  }

  /** An opaque name for the household in addresses and logs: the SHA-256 of its key, in hex. */
  public String ref() {
    return ref(key);
  }

  public static String ref(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** When it was last in a room; none if never. */
  public Optional<Instant> lastSeen() {
    return seen.stream().map(Sitting::lastAt).max(Comparator.naturalOrder());
  }

  /** Its last sitting: the later of its last stay and the end of the last series it registered for. */
  public Instant lastSitting() {
    Instant seriesEnd = members.stream().map(Member::seriesEnd).max(Comparator.naturalOrder()).orElseThrow();
    return lastSeen().filter(seenAt -> seenAt.isAfter(seriesEnd)).orElse(seriesEnd);
  }

  /** The registration of the class it was last seen in (the newest registration if never seen). */
  public Member lastMember() {
    Map<UUID, Member> bySession = members.stream()
        .collect(Collectors.toMap(Member::sessionId, Function.identity(), (a, b) -> a));
    return seen.stream().max(Comparator.comparing(Sitting::lastAt)).map(s -> bySession.get(s.sessionId()))
        .orElseGet(() -> members.stream().max(Comparator.comparing(Member::registeredAt)).orElseThrow());
  }

  /** The phone number a member gave with consent (the newest); never one without consent. */
  public Optional<String> phone() {
    return consented().map(Member::phone).filter(phone -> phone != null).findFirst();
  }

  public Optional<String> email() {
    return consented().map(Member::email).filter(email -> email != null).findFirst();
  }

  /** The theme of most of its sittings, as a category name. */
  public String favouriteCategory() {
    Map<UUID, String> categories = members.stream()
        .collect(Collectors.toMap(Member::sessionId, Member::category, (a, b) -> a));
    return seen.stream().collect(Collectors.groupingBy(s -> categories.get(s.sessionId()), Collectors.counting()))
        .entrySet().stream().max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey).orElse(lastMember().category());
  }

  public List<UUID> registrationIds() {
    return members.stream().map(Member::registrationId).toList();
  }

  private Stream<Member> consented() {
    return members.stream().filter(Member::consent).sorted(Comparator.comparing(Member::registeredAt).reversed());
  }
}

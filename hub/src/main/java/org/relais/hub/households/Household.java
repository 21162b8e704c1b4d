package org.relais.hub.households;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The registrations that share a household key ({@link HouseholdKeys}), or one registration without contact
 * data, with how often and how lately each was seen (a stay of its link in a sitting's room); {@code ref} names
 * it opaquely (see {@link #ref(String)}). A household registered twice for one class and seen through both links
 * at one sitting counts that sitting twice: rare enough to keep the counting in the database. Pure data.
 */
public record Household(String key, String ref, List<Member> members, Map<UUID, Seen> seen) {
  /** One registration of the household, with its class, the class's centre and the end of its series. */
  public record Member(UUID registrationId, UUID sessionId, String classTitle, String category, UUID centreId,
      String centreName, String displayName, String email, String phone, boolean consent, String status,
      int householdSize, String language, Instant registeredAt, Instant seriesEnd, String consentWordingVersion,
      Instant consentGivenAt) {}

  /** How many sittings a registration's link was in the room for, and when it last came in. */
  public record Seen(int sittings, Instant lastAt) {}

  private static final String WITHOUT_CONTACT = "reg:";

  public Household {
    members = List.copyOf(members);
    seen = Map.copyOf(seen);
  }

  public static Household of(String key, List<Member> members, Map<UUID, Seen> seen) {
    return new Household(key, ref(key), members, seen);
  }

  /** The key of a registration that has no contact data: a household of its own. */
  static String keyOf(Member member) {
    return HouseholdKeys.of(member.phone(), member.email()).orElse(WITHOUT_CONTACT + member.registrationId());
  }

  /** An opaque name for a household in addresses and logs: the SHA-256 of its key, in hex. */
  public static String ref(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** When it was last in a room; none if never. */
  public Optional<Instant> lastSeen() {
    return seen.values().stream().map(Seen::lastAt).max(Comparator.naturalOrder());
  }

  /** How many sittings it was seen at. */
  public int sittings() {
    return seen.values().stream().mapToInt(Seen::sittings).sum();
  }

  /** Its last sitting: the later of its last stay and the end of the last series it registered for. */
  public Instant lastSitting() {
    Instant seriesEnd = members.stream().map(Member::seriesEnd).max(Comparator.naturalOrder()).orElseThrow();
    return lastSeen().filter(seenAt -> seenAt.isAfter(seriesEnd)).orElse(seriesEnd);
  }

  /** The registration of the class it was last seen in (the newest registration if never seen). */
  public Member lastMember() {
    return members.stream().filter(m -> seen.containsKey(m.registrationId()))
        .max(Comparator.comparing(m -> seen.get(m.registrationId()).lastAt()))
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
    return members.stream().filter(m -> seen.containsKey(m.registrationId()))
        .collect(Collectors.groupingBy(Member::category,
            Collectors.summingInt(m -> seen.get(m.registrationId()).sittings())))
        .entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey).orElse(lastMember().category());
  }

  public List<UUID> registrationIds() {
    return members.stream().map(Member::registrationId).toList();
  }

  private Stream<Member> consented() {
    return members.stream().filter(Member::consent).sorted(Comparator.comparing(Member::registeredAt).reversed());
  }
}

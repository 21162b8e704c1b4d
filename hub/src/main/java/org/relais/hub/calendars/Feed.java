package org.relais.hub.calendars;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.schedule.SessionStore;
import org.relais.protocol.Category;

/** One subscribable calendar: the whole network's, one centre's, or one theme's. */
public record Feed(UUID centreId, Category category) {
  public static final Feed NETWORK = new Feed(null, null);

  public Feed {
    if (centreId != null && category != null) {
      throw new IllegalArgumentException("a feed is of a centre or of a theme, not both");
    }
  }

  public static Feed centre(UUID centreId) {
    return new Feed(centreId, null);
  }

  public static Feed theme(Category category) {
    return new Feed(null, category);
  }

  /** A theme as its feed's path names it: {@code digital-skills}, in any case, or its enum name. */
  public static Optional<Category> theme(String slug) {
    String name = slug.toUpperCase(Locale.ROOT).replace('-', '_');
    for (Category category : Category.values()) {
      if (category.name().equals(name)) {
        return Optional.of(category);
      }
    }
    return Optional.empty();
  }

  public String path() {
    if (centreId != null) {
      return "/calendar/centres/" + centreId + ".ics";
    }
    if (category != null) {
      return "/calendar/themes/" + category.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".ics";
    }
    return "/calendar/network.ics";
  }

  SessionStore.Filter filter() {
    return new SessionStore.Filter(category, centreId, null);
  }
}

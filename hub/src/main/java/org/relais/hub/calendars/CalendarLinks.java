package org.relais.hub.calendars;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.relais.hub.http.PublicAddress;
import org.relais.hub.pages.Pages;
import org.relais.hub.schedule.SchedulePages;
import org.relais.hub.schedule.Session;
import org.relais.protocol.Category;

/**
 * The "follow the calendar" links on the programme and on a class's page: each feed as a {@code webcal://}
 * link (a phone's calendar app subscribes in one tap) and as its plain address to paste.
 */
public final class CalendarLinks implements SchedulePages.ProgrammeSection, SchedulePages.SessionSection {
  /** One feed as the page offers it. */
  public record FeedLink(String label, String webcal, String url) {}

  private final PublicAddress address;
  private final Pages pages;

  public CalendarLinks(PublicAddress address, Pages pages) {
    this.address = address;
    this.pages = pages;
  }

  /** The programme: the feed of what it shows (a centre's, a theme's), then the whole network's. */
  @Override
  public Future<Map<String, Object>> model(RoutingContext ctx, Category category, UUID centreId) {
    String language = pages.language(ctx);
    List<FeedLink> links = new ArrayList<>();
    if (centreId != null) {
      links.add(link(Feed.centre(centreId), text(language, "links_calendar_subscribe_centre")));
    }
    if (category != null) {
      links.add(theme(language, category));
    }
    links.add(link(Feed.NETWORK, text(language, "links_calendar_subscribe_network")));
    return Future.succeededFuture(Map.of("calendarFeeds", links));
  }

  /** A class's page: its centre's feed and its theme's. */
  @Override
  public Future<Map<String, Object>> model(RoutingContext ctx, Session session) {
    String language = pages.language(ctx);
    return Future.succeededFuture(Map.of("calendarFeeds", List.of(
        link(Feed.centre(session.draft().centreId()), text(language, "links_calendar_subscribe_centre")),
        theme(language, session.draft().category()))));
  }

  private FeedLink theme(String language, Category category) {
    return link(Feed.theme(category), MessageFormat.format(text(language, "links_calendar_subscribe_theme"),
        text(language, "category_" + category.name())));
  }

  private String text(String language, String key) {
    return pages.messages().get(language, key);
  }

  private FeedLink link(Feed feed, String label) {
    String url = address.link(feed.path());
    return new FeedLink(label, url.replaceFirst("^https?://", "webcal://"), url);
  }
}

package org.relais.hub.config;

import java.nio.file.Path;
import java.util.Optional;
import org.relais.hub.broadcast.BroadcastConfig;
import org.relais.hub.cluster.ClusterConfig;
import org.relais.hub.http.HttpConfig;
import org.relais.hub.http.MetricsConfig;
import org.relais.hub.jitsi.JitsiConfig;
import org.relais.hub.join.JoinConfig;
import org.relais.hub.live.LiveConfig;
import org.relais.hub.privacy.PrivacyConfig;
import org.relais.hub.reminders.MailConfig;
import org.relais.hub.reminders.RemindersConfig;
import org.relais.hub.reports.ReportsConfig;
import org.relais.hub.schedule.ScheduleConfig;
import org.relais.hub.signalling.RoomsConfig;
import org.relais.hub.sites.SitesConfig;
import org.relais.hub.staff.AuthConfig;
import org.relais.hub.storage.DatabaseConfig;

/** The whole hub configuration, bound from {@link ConfigValues} and validated. */
public record HubConfig(Path dataDir, HttpConfig http, DatabaseConfig db, AuthConfig auth, ScheduleConfig schedule,
    JoinConfig join, Optional<JitsiConfig> jitsi, RoomsConfig rooms, SitesConfig sites, LiveConfig live,
    ClusterConfig cluster, MetricsConfig metrics, PrivacyConfig privacy, RemindersConfig outbox, MailConfig mail,
    ReportsConfig reports, BroadcastConfig broadcast) {

  public static HubConfig from(ConfigValues values) {
    Path dataDir = values.path("data.dir");
    return new HubConfig(dataDir, HttpConfig.from(values), DatabaseConfig.from(values, dataDir),
        AuthConfig.from(values), ScheduleConfig.from(values), JoinConfig.from(values), JitsiConfig.from(values),
        RoomsConfig.from(values), SitesConfig.from(values), LiveConfig.from(values), ClusterConfig.from(values),
        MetricsConfig.from(values), PrivacyConfig.from(values), RemindersConfig.from(values), MailConfig.from(values),
        ReportsConfig.from(values), BroadcastConfig.from(values));
  }
}

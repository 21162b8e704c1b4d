package org.relais.hub.cluster;

import java.util.List;
import org.relais.hub.config.ConfigException;
import org.relais.hub.config.ConfigValues;

/** Whether this hub is one node of several, and how the nodes find each other (Hazelcast, TCP-IP join). */
public record ClusterConfig(boolean enabled, String host, int port, List<String> members, String name) {

  public ClusterConfig {
    members = List.copyOf(members);
    if (enabled && members.isEmpty()) {
      throw new ConfigException("cluster.members", "a cluster needs at least one member address");
    }
    if (name == null || name.isBlank()) {
      throw new ConfigException("cluster.name", "must not be empty");
    }
  }

  public static ClusterConfig from(ConfigValues values) {
    return new ClusterConfig(values.bool("cluster.enabled"), values.string("cluster.host"),
        values.integer("cluster.port", 1, 65535), values.list("cluster.members"), values.string("cluster.name"));
  }
}

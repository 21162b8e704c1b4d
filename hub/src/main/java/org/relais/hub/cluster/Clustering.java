package org.relais.hub.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Hazelcast for a hub cluster: members found by TCP-IP on the configured addresses, never by multicast,
 * on this node's configured interface only; the rest is Vert.x's own Hazelcast configuration.
 */
public final class Clustering {
  private Clustering() {}

  public static HazelcastClusterManager clusterManager(ClusterConfig cluster) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.getNetworkConfig().setPort(cluster.port()).setPortAutoIncrement(true).setPublicAddress(null);
    config.getNetworkConfig().getInterfaces().setEnabled(true).setInterfaces(java.util.List.of(cluster.host()));
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    return new HazelcastClusterManager(config);
  }
}

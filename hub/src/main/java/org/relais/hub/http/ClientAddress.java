package org.relais.hub.http;

import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The address a request came from, for rate limits and logs. Without trusted proxies it is the socket peer and
 * X-Forwarded-For is ignored. When the peer is a trusted proxy, X-Forwarded-For is read from the right, each
 * entry having been added by the hop to its right: the client is the rightmost entry that is not a trusted
 * proxy. Everything to the left of it was written by the client and is never believed. An entry that is no IP
 * address stops the walk: the request is then counted against the trusted hop that passed it on. An IPv6 client
 * is its /64 network ({@code 2001:db8:1:2::/64}): one household or LAN gets a whole /64 and may take any address
 * of it, so counting single addresses would let it dodge every limit.
 */
public final class ClientAddress {
  private static final String FORWARDED_FOR = "X-Forwarded-For";
  private static final String UNKNOWN = "unknown";

  private final List<IpRange> trustedProxies;

  public ClientAddress(List<IpRange> trustedProxies) {
    this.trustedProxies = List.copyOf(trustedProxies);
  }

  public String of(RoutingContext ctx) {
    return of(ctx.request().remoteAddress(), ctx.request().headers());
  }

  /** As {@link #of(RoutingContext)}, for a connection known by its peer and request headers (a bridge socket). */
  public String of(SocketAddress peer, MultiMap headers) {
    Optional<byte[]> peerAddress = peer == null || peer.hostAddress() == null ? Optional.empty()
        : IpRange.literal(peer.hostAddress());
    if (peerAddress.isEmpty()) {
      return peer == null || peer.hostAddress() == null ? UNKNOWN : peer.hostAddress();
    }
    byte[] client = peerAddress.get();
    if (trusted(client) && headers != null) {
      List<String> hops = hops(headers.getAll(FORWARDED_FOR));
      for (int i = hops.size() - 1; i >= 0 && trusted(client); i--) {
        Optional<byte[]> hop = IpRange.literal(withoutPort(hops.get(i)));
        if (hop.isEmpty()) {
          break;
        }
        client = hop.get();
      }
    }
    return text(client);
  }

  private boolean trusted(byte[] address) {
    return trustedProxies.stream().anyMatch(range -> range.contains(address));
  }

  /** Every entry of every X-Forwarded-For header, in order. */
  private static List<String> hops(List<String> headers) {
    List<String> hops = new ArrayList<>();
    for (String header : headers) {
      for (String entry : header.split(",", -1)) {
        hops.add(entry.strip());
      }
    }
    return hops;
  }

  /** Some proxies write {@code 192.0.2.7:51234} or {@code [2001:db8::7]:51234}. */
  private static String withoutPort(String entry) {
    if (entry.startsWith("[") && entry.contains("]")) {
      return entry.substring(1, entry.indexOf(']'));
    }
    int colon = entry.indexOf(':');
    return colon > 0 && colon == entry.lastIndexOf(':') ? entry.substring(0, colon) : entry;
  }

  private static String text(byte[] address) {
    if (address.length == 16) {
      return String.format("%x:%x:%x:%x::/64", group(address, 0), group(address, 2), group(address, 4),
          group(address, 6));
    }
    try {
      return InetAddress.getByAddress(address).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int group(byte[] address, int at) {
    return (address[at] & 0xff) << 8 | address[at + 1] & 0xff;
  }
}

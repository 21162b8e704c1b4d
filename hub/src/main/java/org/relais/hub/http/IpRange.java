package org.relais.hub.http;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * An address or a CIDR block, IPv4 or IPv6 ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, {@code 192.0.2.7}).
 * Addresses are read as literals only, never looked up; an IPv4-mapped IPv6 address is its IPv4 address.
 */
public record IpRange(byte[] network, int prefixLength) {

  public IpRange {
    network = network.clone();
    if (prefixLength < 0 || prefixLength > network.length * 8) {
      throw new IllegalArgumentException("prefix length " + prefixLength + " does not fit the address");
    }
  }

  /** Reads {@code 192.0.2.0/24}, {@code ::1} or {@code fd00::/8}; empty for anything else. */
  public static Optional<IpRange> parse(String text) {
    String value = text.strip();
    int slash = value.indexOf('/');
    Optional<byte[]> address = literal(slash < 0 ? value : value.substring(0, slash));
    if (address.isEmpty()) {
      return Optional.empty();
    }
    int bits = address.get().length * 8;
    if (slash < 0) {
      return Optional.of(new IpRange(address.get(), bits));
    }
    String prefix = value.substring(slash + 1);
    if (!prefix.matches("[0-9]{1,3}") || Integer.parseInt(prefix) > bits) {
      return Optional.empty();
    }
    return Optional.of(new IpRange(address.get(), Integer.parseInt(prefix)));
  }

  /** The bytes of an IP literal (4 for IPv4, IPv4-mapped IPv6 included; 16 for IPv6), or empty. */
  public static Optional<byte[]> literal(String text) {
    byte[] raw = NetUtil.createByteArrayFromIpAddressString(text);
    if (raw == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(raw).getAddress());
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  public boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int whole = prefixLength / 8;
    if (!Arrays.equals(address, 0, whole, network, 0, whole)) {
      return false;
    }
    int rest = prefixLength % 8;
    int mask = (0xff << (8 - rest)) & 0xff;
    return rest == 0 || (address[whole] & mask) == (network[whole] & mask);
  }

  @Override
  public byte[] network() {
    return network.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IpRange range && range.prefixLength == prefixLength
        && Arrays.equals(range.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefixLength;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.pantry.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An IP address or CIDR block ({@code 10.0.0.0/8}, {@code ::1}, {@code fd00::/8}), e.g. a trusted reverse proxy.
 * Only literals are accepted: a host name would need a DNS lookup, and a proxy list must not depend on DNS.
 *
 * @param text   the range as configured, for messages
 * @param prefix how many leading bits must match
 */
public record IpRange(String text, byte[] network, int prefix) {
  private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern V6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  public IpRange {
    network = network.clone();
  }

  @Override
  public byte[] network() {
    return network.clone();
  }

  /**
   * Parses an address or a CIDR block.
   *
   * @throws IllegalArgumentException when it is not an IP literal or the prefix is out of range
   */
  public static IpRange parse(String text) {
    String t = text.strip();
    int slash = t.indexOf('/');
    String addr = slash < 0 ? t : t.substring(0, slash);
    InetAddress ip = literal(addr);
    if (ip == null) {
      throw new IllegalArgumentException("not an IP address or CIDR block: '" + text + "'");
    }
    int bits = ip.getAddress().length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String p = t.substring(slash + 1);
      if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > bits) {
        throw new IllegalArgumentException("bad prefix length in '" + text + "'");
      }
      prefix = Integer.parseInt(p);
    }
    return new IpRange(t, ip.getAddress(), prefix);
  }

  /** Parses an IP literal (brackets allowed around IPv6) without any DNS lookup; null when it is not one. */
  public static @Nullable InetAddress literal(String text) {
    String t = text.strip();
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
    }
    if (!V4.matcher(t).matches() && !V6.matcher(t).matches()) {
      return null;
    }
    try {
      // Safe: for a literal, getByName parses and never resolves.
      return InetAddress.getByName(t);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** True when {@code address} lies in this range; IPv4 and IPv6 never match each other. */
  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (network[full] & mask);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpRange r && r.prefix == prefix && Arrays.equals(r.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefix;
  }

  @Override
  public String toString() {
    return text;
  }
}

package dev.pantry.ops;

import dev.pantry.config.IpRange;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Who the client is. The TCP peer, unless the peer is a trusted proxy and the configured header (X-Forwarded-For,
 * X-Real-IP) names someone: then the header is read from the right, each trusted proxy skipped, and the first address
 * that is not a trusted proxy is the client. Addresses to its left were written by the client and are never believed.
 */
public final class ClientAddress {
  private ClientAddress() {}

  /**
   * Resolves the client.
   *
   * @param peer         the TCP peer's address, as text
   * @param headerValues every value of the client header, in order (empty when absent or not configured)
   * @param trusted      the trusted proxies
   * @return the client's address as text (IPv6 without brackets), or {@code peer} unchanged
   */
  public static String resolve(String peer, List<String> headerValues, List<IpRange> trusted) {
    if (headerValues.isEmpty() || trusted.isEmpty() || !isTrusted(IpRange.literal(peer), trusted)) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    for (String value : headerValues) {
      for (String hop : value.split(",")) {
        if (!hop.isBlank()) {
          hops.add(hop.strip());
        }
      }
    }
    String client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      InetAddress ip = IpRange.literal(withoutPort(hops.get(i)));
      if (ip == null) {
        // A proxy we trust wrote something that is not an address: stop at the last hop we could read.
        return client;
      }
      client = ip.getHostAddress();
      if (!isTrusted(ip, trusted)) {
        return client;
      }
    }
    return client;
  }

  private static boolean isTrusted(@Nullable InetAddress ip, List<IpRange> trusted) {
    if (ip == null) {
      return false;
    }
    for (IpRange r : trusted) {
      if (r.contains(ip)) {
        return true;
      }
    }
    return false;
  }

  /** {@code 1.2.3.4:5678} and {@code [::1]:80} to the bare address; a bare IPv6 address is left alone. */
  static String withoutPort(String hop) {
    if (hop.startsWith("[")) {
      int close = hop.indexOf(']');
      return close < 0 ? hop : hop.substring(1, close);
    }
    int colon = hop.indexOf(':');
    return colon > 0 && hop.indexOf(':', colon + 1) < 0 ? hop.substring(0, colon) : hop;
  }
}

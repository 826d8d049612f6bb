package dev.pantry.upstream;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * What kind of network an address is in, for deciding whether the mirror may connect to it on an upstream's behalf.
 * Loopback, private and unique-local addresses are reachable only for an upstream that itself lives in that kind of
 * network; link-local addresses (cloud metadata services among them) and addresses no host has are never reachable.
 */
enum AddressKind {
  PUBLIC,
  LOOPBACK,
  PRIVATE,
  UNIQUE_LOCAL,
  /** 169.254.0.0/16, fe80::/10, and fd00:ec2::254 (AWS's IPv6 metadata address): never. */
  LINK_LOCAL,
  /** 0.0.0.0/8, multicast, broadcast, reserved: never. */
  NOWHERE;

  /** Whether an upstream may be allowed this kind at all. */
  boolean everAllowed() {
    return this != LINK_LOCAL && this != NOWHERE;
  }

  static AddressKind of(InetAddress address) {
    if (address instanceof Inet6Address v6) {
      byte[] b = v6.getAddress();
      if (isV4Mapped(b)) {
        return ofV4(new byte[] {b[12], b[13], b[14], b[15]});
      }
      return ofV6(v6, b);
    }
    return ofV4(address.getAddress());
  }

  private static AddressKind ofV4(byte[] a) {
    int first = a[0] & 0xff;
    int second = a[1] & 0xff;
    if (first == 127) {
      return LOOPBACK;
    }
    if (first == 10 || first == 172 && second >= 16 && second <= 31 || first == 192 && second == 168
        || first == 100 && second >= 64 && second <= 127) {
      return PRIVATE; // RFC 1918, and RFC 6598's shared (carrier-grade NAT) space
    }
    if (first == 169 && second == 254) {
      return LINK_LOCAL;
    }
    if (first == 0 || first >= 224) {
      return NOWHERE; // "this network", multicast, reserved and broadcast
    }
    return PUBLIC;
  }

  private static AddressKind ofV6(Inet6Address v6, byte[] b) {
    if (v6.isLoopbackAddress()) {
      return LOOPBACK;
    }
    if (v6.isAnyLocalAddress() || v6.isMulticastAddress()) {
      return NOWHERE;
    }
    if (v6.isLinkLocalAddress() || isAwsMetadata(b)) {
      return LINK_LOCAL;
    }
    if ((b[0] & 0xfe) == 0xfc) {
      return UNIQUE_LOCAL; // fc00::/7
    }
    return PUBLIC;
  }

  private static boolean isV4Mapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }

  /** fd00:ec2::254. */
  private static boolean isAwsMetadata(byte[] b) {
    byte[] meta = {(byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54};
    return Arrays.equals(b, meta);
  }

  /** For log lines and refusals. */
  String describe() {
    return switch (this) {
      case PUBLIC -> "a public address";
      case LOOPBACK -> "a loopback address";
      case PRIVATE -> "a private address";
      case UNIQUE_LOCAL -> "a unique-local address";
      case LINK_LOCAL -> "a link-local address (cloud metadata services live there)";
      case NOWHERE -> "an address no host has";
    };
  }
}

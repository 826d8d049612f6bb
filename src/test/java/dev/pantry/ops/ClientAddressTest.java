package dev.pantry.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pantry.config.IpRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
  private static final List<IpRange> PROXIES = List.of(IpRange.parse("127.0.0.1"), IpRange.parse("10.0.0.0/8"));

  @Test
  void resolve_untrustedPeer_ignoresTheHeader() {
    assertEquals("203.0.113.9", ClientAddress.resolve("203.0.113.9", List.of("198.51.100.1"), PROXIES));
  }

  @Test
  void resolve_trustedPeer_takesRightmostUntrustedHop() {
    assertEquals("198.51.100.7",
        ClientAddress.resolve("127.0.0.1", List.of("6.6.6.6, 198.51.100.7, 10.1.2.3"), PROXIES));
  }

  @Test
  void resolve_spoofedLeftmostEntry_isNeverBelieved() {
    // The client wrote "1.1.1.1" itself; the trusted proxy appended the real peer.
    assertEquals("198.51.100.7", ClientAddress.resolve("10.0.0.5", List.of("1.1.1.1", "198.51.100.7"), PROXIES));
  }

  @Test
  void resolve_noHeaderOrNoTrustedProxies_isThePeer() {
    assertEquals("127.0.0.1", ClientAddress.resolve("127.0.0.1", List.of(), PROXIES));
    assertEquals("127.0.0.1", ClientAddress.resolve("127.0.0.1", List.of("198.51.100.7"), List.of()));
  }

  @Test
  void resolve_garbageHop_stopsAtTheLastReadableHop() {
    assertEquals("127.0.0.1", ClientAddress.resolve("127.0.0.1", List.of("not-an-ip"), PROXIES));
    assertEquals("10.9.9.9", ClientAddress.resolve("127.0.0.1", List.of("evil.example, 10.9.9.9"), PROXIES));
  }

  @Test
  void resolve_portsAndIpv6_areNormalized() {
    assertEquals("198.51.100.7", ClientAddress.resolve("127.0.0.1", List.of("198.51.100.7:5000"), PROXIES));
    assertEquals("2001:db8:0:0:0:0:0:1", ClientAddress.resolve("127.0.0.1", List.of("[2001:db8::1]:443"), PROXIES));
    assertEquals("2001:db8:0:0:0:0:0:1", ClientAddress.resolve("127.0.0.1", List.of("2001:db8::1"), PROXIES));
  }

  @Test
  void ipRange_cidr_matchesItsBlockOnly() {
    IpRange r = IpRange.parse("192.168.4.0/22");
    assertEquals(true, r.contains(IpRange.literal("192.168.7.255")));
    assertEquals(false, r.contains(IpRange.literal("192.168.8.0")));
    assertEquals(false, r.contains(IpRange.literal("::1")));
    assertEquals(true, IpRange.parse("fd00::/8").contains(IpRange.literal("fd12:3456::1")));
  }

  @Test
  void ipRange_hostName_isRejectedWithoutLookup() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> IpRange.parse("proxy.example.com"));
    assertEquals("not an IP address or CIDR block: 'proxy.example.com'", e.getMessage());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> IpRange.parse("10.0.0.0/33"));
  }
}

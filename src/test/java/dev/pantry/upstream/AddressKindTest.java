package dev.pantry.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressKindTest {
  @ParameterizedTest
  @CsvSource({
      "127.0.0.1, LOOPBACK", "127.9.9.9, LOOPBACK", "::1, LOOPBACK",
      "10.0.0.1, PRIVATE", "172.16.0.1, PRIVATE", "172.31.255.255, PRIVATE", "192.168.1.1, PRIVATE",
      "100.64.0.1, PRIVATE", "::ffff:10.1.2.3, PRIVATE",
      "fc00::1, UNIQUE_LOCAL", "fdab:cdef::1, UNIQUE_LOCAL",
      "169.254.169.254, LINK_LOCAL", "169.254.0.1, LINK_LOCAL", "fe80::1, LINK_LOCAL", "fd00:ec2::254, LINK_LOCAL",
      "::ffff:169.254.169.254, LINK_LOCAL",
      "0.0.0.0, NOWHERE", "224.0.0.1, NOWHERE", "255.255.255.255, NOWHERE", "::, NOWHERE", "ff02::1, NOWHERE",
      "8.8.8.8, PUBLIC", "172.32.0.1, PUBLIC", "100.128.0.1, PUBLIC", "2001:4860:4860::8888, PUBLIC"})
  void of_address_kind(String address, AddressKind expected) throws Exception {
    assertEquals(expected, AddressKind.of(InetAddress.getByName(address)));
  }

  @ParameterizedTest
  @CsvSource({"127.0.0.1, 127.0.0.2, true", "127.0.0.1, 10.0.0.1, false", "10.0.0.5, 10.9.9.9, true",
      "10.0.0.5, 127.0.0.1, false", "10.0.0.5, 169.254.169.254, false", "127.0.0.1, 8.8.8.8, true",
      "127.0.0.1, 0.0.0.0, false"})
  void refusal_upstreamHostsKind_decidesPrivateKinds(String upstreamHost, String target, boolean allowed)
      throws Exception {
    String refusal = new AddressGuard().refusal(new UpstreamTag("main", upstreamHost), InetAddress.getByName(target));

    if (allowed) {
      assertNull(refusal);
    } else {
      assertNotNull(refusal);
      assertTrue(refusal.startsWith("refused to connect to " + InetAddress.getByName(target).getHostAddress()),
          refusal);
    }
  }
}

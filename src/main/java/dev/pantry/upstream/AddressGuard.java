package dev.pantry.upstream;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Which addresses the mirror may connect to on an upstream's behalf, so an upstream's listing (or a redirect, or a
 * {@code <base href>}) cannot make the mirror read internal services. Public addresses are fine. A loopback, private
 * or unique-local address is fine only when the upstream's own host resolves into that same kind of network (a
 * registry on the company network may keep its files there too). Link-local addresses, cloud metadata among them,
 * and addresses no host has are never fine. Checked on the address actually connected to, at every connection, so
 * a name that resolves differently later (DNS rebinding) gains nothing. Thread-safe.
 */
final class AddressGuard {
  private static final long KINDS_TTL_NANOS = TimeUnit.SECONDS.toNanos(60);

  private record Kinds(Set<AddressKind> kinds, long until) {}

  private final ConcurrentHashMap<String, Kinds> upstreamKinds = new ConcurrentHashMap<>();

  /** Null when the mirror may connect to {@code address} for {@code tag}'s upstream, else why not (one line). */
  @Nullable String refusal(UpstreamTag tag, InetAddress address) {
    AddressKind kind = AddressKind.of(address);
    if (kind == AddressKind.PUBLIC) {
      return null;
    }
    String what = "refused to connect to " + address.getHostAddress() + ", " + kind.describe();
    if (!kind.everAllowed()) {
      return what;
    }
    if (kindsOf(tag.upstreamHost()).contains(kind)) {
      return null;
    }
    return what + ", for upstream " + tag.upstreamId() + ", which is not in such a network";
  }

  /** Null when every address {@code host} resolves to now passes, else why not; an unknown host passes (it fails later). */
  @Nullable String refusal(UpstreamTag tag, String host) {
    InetAddress[] all;
    try {
      all = InetAddress.getAllByName(host);
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
    String first = null;
    for (InetAddress a : all) {
      String r = refusal(tag, a);
      if (r == null) {
        return null;
      }
      first = first == null ? r : first;
    }
    return first;
  }

  /** The kinds of network the upstream's host resolves into, cached for a minute. */
  private Set<AddressKind> kindsOf(String host) {
    long now = System.nanoTime();
    Kinds k = upstreamKinds.get(host);
    if (k != null && now - k.until() < 0) {
      return k.kinds();
    }
    Set<AddressKind> kinds = EnumSet.noneOf(AddressKind.class);
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        kinds.add(AddressKind.of(a));
      }
    } catch (UnknownHostException | SecurityException e) {
      // Unresolvable now: only public addresses pass until it resolves.
    }
    upstreamKinds.put(host, new Kinds(kinds, now + KINDS_TTL_NANOS));
    return kinds;
  }
}

package dev.pantry.artifact;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The downloads under way, one {@link Flight} per file: the first request for a file leads (downloads it), every
 * request that arrives while it runs follows (streams the leader's temp file). Thread-safe.
 */
final class InflightDownloads {

  /** A file as the index names it. */
  record Key(String upstreamId, String project, String filename) {}

  /** A request's place in a flight. */
  record Ticket(Flight flight, boolean leader) {}

  private final ConcurrentHashMap<Key, Flight> flights = new ConcurrentHashMap<>();

  /** Joins the flight for {@code key}, starting it (as leader) when there is none. */
  Ticket join(Key key) {
    Flight mine = new Flight();
    Flight running = flights.putIfAbsent(key, mine);
    return running == null ? new Ticket(mine, true) : new Ticket(running, false);
  }

  /** The leader's last step, after the flight's verdict: later requests find the cache, not this flight. */
  void land(Key key, Flight flight) {
    flights.remove(key, flight);
  }

  /** Downloads under way now. */
  int size() {
    return flights.size();
  }
}

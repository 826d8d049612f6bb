package dev.pantry.coordination;

/**
 * A request's place in a single flight.
 *
 * @param state  what the flight's requests share (a download in progress, a page fetch's future)
 * @param leader true for the one request that does the work; it must {@link #land} when done
 */
public record Ticket<S>(S state, boolean leader, Runnable lander) {

  /** The leader's last step, after its verdict: later requests start a new flight. Idempotent. */
  public void land() {
    lander.run();
  }
}

package dev.pantry.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test moves by hand, so TTLs, ages and timestamps are exact and no test sleeps to let time pass. Starts at
 * the real time so stored files get sensible dates. Thread-safe.
 */
public final class TestClock extends Clock {
  private volatile Instant now;

  public TestClock() {
    this(Instant.now());
  }

  public TestClock(Instant start) {
    this.now = start;
  }

  /** Moves time forward. */
  public synchronized void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}

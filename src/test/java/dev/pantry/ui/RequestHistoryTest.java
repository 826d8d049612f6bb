package dev.pantry.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RequestHistoryTest {
  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-11-20T12:00:30Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  final ManualClock clock = new ManualClock();
  final RequestHistory history = new RequestHistory(clock);

  @Test
  void last24h_countsLandInTheCurrentBucket() {
    history.request();
    history.request();
    history.hit();
    RequestHistory.Series s = history.last24h(5);
    assertEquals(288, s.requests().length);
    assertEquals(2, s.requests()[287]);
    assertEquals(1, s.hits()[287]);
    assertEquals(2, s.totalRequests());
    assertEquals(1, s.totalHits());
    assertEquals(Instant.parse("2026-11-20T12:00:00Z").minus(Duration.ofMinutes(5 * 287)).toEpochMilli(), s.start());
  }

  @Test
  void last24h_olderMinutesMoveLeftAndMergeIntoBuckets() {
    history.request();
    clock.advance(Duration.ofMinutes(1));
    history.request();
    clock.advance(Duration.ofMinutes(9));
    history.request();
    RequestHistory.Series perFive = history.last24h(5);
    assertEquals(1, perFive.requests()[287]);
    assertEquals(2, perFive.requests()[285], "12:00 and 12:01 share a bucket");
    RequestHistory.Series perMinute = history.last24h(1);
    assertEquals(1, perMinute.requests()[1439]);
    assertEquals(1, perMinute.requests()[1430]);
    assertEquals(1, perMinute.requests()[1429]);
  }

  @Test
  void last24h_aDayLater_forgetsTheOldCountsEvenInAReusedSlot() {
    history.request();
    history.hit();
    clock.advance(Duration.ofHours(24));
    assertEquals(0, history.last24h(5).totalRequests(), "a day-old minute is out of the window");
    history.request();
    RequestHistory.Series s = history.last24h(5);
    assertEquals(1, s.totalRequests(), "the slot was reset, not added to");
    assertEquals(0, s.totalHits());
    assertEquals(1, Arrays.stream(s.requests()).filter(n -> n > 0).count());
  }

  @Test
  void last24h_widthThatDoesNotDivideADay_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> history.last24h(7));
    assertThrows(IllegalArgumentException.class, () -> history.last24h(0));
  }
}

package dev.pantry.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void backoff_growsExponentiallyWithJitterAndCap() {
    RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(200), Duration.ofSeconds(2));
    for (int i = 0; i < 100; i++) {
      long first = policy.backoff(1).toMillis();
      long second = policy.backoff(2).toMillis();
      long tenth = policy.backoff(10).toMillis();
      assertTrue(first >= 100 && first <= 200, "first " + first);
      assertTrue(second >= 200 && second <= 400, "second " + second);
      assertTrue(tenth >= 1000 && tenth <= 2000, "tenth " + tenth);
    }
  }

  @Test
  void defaults_threeAttempts() {
    assertEquals(new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(2)), RetryPolicy.defaults());
    assertEquals(1, RetryPolicy.none().maxAttempts());
    assertEquals(Duration.ZERO, RetryPolicy.none().backoff(1));
  }

  @Test
  void constructor_zeroAttempts_rejected() {
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO));
  }

  @Test
  void seconds_formatsWholeAndTenths() {
    assertEquals("30s", Failures.seconds(Duration.ofSeconds(30)));
    assertEquals("0.3s", Failures.seconds(Duration.ofMillis(300)));
    assertEquals("0.3s", Failures.seconds(Duration.ofMillis(201)), "a pending wait rounds up");
    assertEquals("2s", Failures.seconds(Duration.ofMillis(1999)));
  }
}

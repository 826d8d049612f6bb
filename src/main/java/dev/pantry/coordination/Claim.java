package dev.pantry.coordination;

import java.time.Duration;

/** The right to do one piece of upstream work (a download) across every replica, or who has it. */
public sealed interface Claim {

  /** This process does the work; {@link #release} when done (a process that dies releases it by its lease ending). */
  non-sealed interface Granted extends Claim {
    void release();
  }

  /** Another process does the work. */
  non-sealed interface Elsewhere extends Claim {
    /**
     * Waits until the holder releases the claim or its lease lapses, at most {@code timeout}; true when it did, so
     * the caller looks for the result (and claims again if there is none).
     */
    boolean awaitRelease(Duration timeout) throws InterruptedException;
  }
}

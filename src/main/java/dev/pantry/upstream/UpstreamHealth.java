package dev.pantry.upstream;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the mirror knows about one upstream's health, for status pages and the CLI.
 *
 * @param upstreamId          the upstream's id
 * @param state               its circuit's state
 * @param lastSuccess         when it last answered usefully (2xx, 304, 404/410), or null
 * @param lastFailure         when an exchange with it last failed, or null
 * @param lastError           that failure's one-line message (redacted like every problem message), or null
 * @param consecutiveFailures transient failures since the last success
 * @param credentialsRefused  whether its last answer refused the credentials (401/403), until it answers usefully
 */
public record UpstreamHealth(
    String upstreamId,
    CircuitBreaker.State state,
    @Nullable Instant lastSuccess,
    @Nullable Instant lastFailure,
    @Nullable String lastError,
    int consecutiveFailures,
    boolean credentialsRefused) {}

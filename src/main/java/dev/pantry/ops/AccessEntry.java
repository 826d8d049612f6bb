package dev.pantry.ops;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One finished request as the access log shows it. Built from the request by the web layer; {@link AccessLogLine}
 * redacts the query and referer when it formats them.
 *
 * @param client     the client's address (after proxy resolution)
 * @param path       the raw request path, without query
 * @param query      the raw query, or null
 * @param bytes      body bytes sent
 * @param cache      the X-Pantry-Cache value (HIT, MISS, STALE, REVALIDATED), or null
 */
public record AccessEntry(
    Instant time,
    String client,
    String method,
    String path,
    @Nullable String query,
    String protocol,
    int status,
    long bytes,
    long millis,
    @Nullable String cache,
    @Nullable String referer,
    @Nullable String userAgent) {}

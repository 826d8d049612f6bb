package dev.pantry.upstream;

/**
 * What every upstream request carries as its Jetty origin tag: which upstream it is made for, and that upstream's own
 * host. It keeps each upstream's connections in their own pool, and tells {@link GuardedTransport}, when a connection
 * is made, whose rules the address must pass.
 */
record UpstreamTag(String upstreamId, String upstreamHost) {}

/**
 * Cache maintenance shared by the command line and the running server's admin endpoint: pruning by rules, verifying
 * blobs against their sha256, and the JSON both sides exchange.
 */
@NullMarked
package dev.pantry.maintenance;

import org.jspecify.annotations.NullMarked;

/**
 * The command line (picocli): {@code serve}, and the maintenance subcommands, which talk to a running server through
 * its admin endpoint, or open the data directory through the same composition root as the server when none runs.
 * Errors map to exit codes through the same mapping as HTTP statuses.
 */
@NullMarked
package dev.pantry.cli;

import org.jspecify.annotations.NullMarked;

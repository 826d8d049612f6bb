/**
 * The one error value, {@link dev.pantry.error.Problem}, and the one mapping to it from exceptions ({@link
 * dev.pantry.error.Errors}); {@link dev.pantry.error.HttpProblems} turns it into an HTTP status and one-line body, and
 * the command line into an exit code.
 */
@NullMarked
package dev.pantry.error;

import org.jspecify.annotations.NullMarked;

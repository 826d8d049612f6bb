/** The one error type, and how it maps to HTTP statuses and exit codes. */
@NullMarked
package dev.pantry.error;

import org.jspecify.annotations.NullMarked;

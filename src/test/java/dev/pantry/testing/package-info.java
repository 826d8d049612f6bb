/** Test fixtures shared by integration and end-to-end tests: real wheels, a fake GitLab-like upstream, and real pip. */
@NullMarked
package dev.pantry.testing;

import org.jspecify.annotations.NullMarked;

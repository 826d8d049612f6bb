/** Configuration: the settings file, environment and flags merged into one immutable value, with secrets that never print. */
@NullMarked
package dev.pantry.config;

import org.jspecify.annotations.NullMarked;

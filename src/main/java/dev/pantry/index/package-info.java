/**
 * The simple-API model, with no I/O: upstream PEP 503 HTML (jsoup) and PEP 691 JSON (Jackson) parsed into one
 * {@link dev.pantry.index.ProjectPage}, rendered back as either with every PEP 592/658/691/700/714 field kept; content
 * negotiation; project-name normalization; and PEP 440 versions of distribution filenames.
 */
@NullMarked
package dev.pantry.index;

import org.jspecify.annotations.NullMarked;

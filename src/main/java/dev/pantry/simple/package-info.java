/**
 * The simple API feature: {@code /simple/} and {@code /simple/<project>/}. {@link dev.pantry.simple.PageService}
 * serves index pages from the cache and refreshes them from the upstreams (revalidation, stale copies, single flight);
 * {@link dev.pantry.simple.PageStore} keeps each page as one {@link dev.pantry.simple.PageBundle} of finished
 * renderings (HTML and JSON, plain and compressed) in the renderings store, with a bounded memory of hot pages;
 * {@link dev.pantry.simple.SimpleHandler} negotiates the format and answers from those bytes.
 */
@NullMarked
package dev.pantry.simple;

import org.jspecify.annotations.NullMarked;

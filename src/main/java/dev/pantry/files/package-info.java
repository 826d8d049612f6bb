/**
 * The files feature: {@code /files/<upstream>/<project>/<filename>}. {@link dev.pantry.files.FileService} runs the
 * sequence behind a request (look the file up, fetch its page when it is not listed, download it once however many
 * clients ask) and answers a sealed {@link dev.pantry.files.FileOutcome} that {@link dev.pantry.files.FileHandler}
 * only renders. {@link dev.pantry.files.FileUrls} is the one owner of the URL format.
 */
@NullMarked
package dev.pantry.files;

import org.jspecify.annotations.NullMarked;

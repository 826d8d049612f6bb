package dev.pantry.simple;

import dev.pantry.files.FileUrls;
import dev.pantry.files.OtherHash;
import dev.pantry.index.DistFile;
import dev.pantry.index.ProjectPage;
import dev.pantry.metadata.FileKey;
import dev.pantry.metadata.FileRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Points every file link of a parsed page at the mirror, and lists the upstream URLs the mirror may fetch.
 *
 * <p>Links become relative ({@code ../../files/<upstream>/<project>/<filename>}, as {@link FileUrls} writes them) so
 * the mirror works behind a reverse proxy under any prefix. The hash fragment is rendered from the model, so it
 * survives.
 */
final class LinkRewriter {
  private LinkRewriter() {}

  /** The page as clients will see it: same files and fields, mirror URLs. */
  static ProjectPage rewrite(String upstreamId, ProjectPage page) {
    List<DistFile> files = new ArrayList<>(page.files().size());
    for (DistFile f : page.files()) {
      files.add(f.withUrl(FileUrls.fromProjectPage(new FileKey(upstreamId, page.name(), f.filename()))));
    }
    return page.withFiles(files);
  }

  /**
   * The rows that allow the mirror to fetch this page's files: each file, and its PEP 658 {@code .metadata} file
   * where the page announced one.
   */
  static List<FileRecord> listing(String upstreamId, ProjectPage upstreamPage) {
    List<FileRecord> rows = new ArrayList<>(upstreamPage.files().size() * 2);
    for (DistFile f : upstreamPage.files()) {
      String project = upstreamPage.name();
      rows.add(FileRecord.listed(upstreamId, project, f.filename(), f.url(), f.sha256(), f.size(), f.requiresPython(),
          f.yanked(), f.uploadTime(), OtherHash.strongest(f.hashes()).orElse(null)));
      if (f.coreMetadata() != null) {
        rows.add(FileRecord.listed(upstreamId, project, f.filename() + ".metadata", metadataUrl(f.url()),
            f.coreMetadata().sha256(), null, null, null, null));
      }
    }
    return rows;
  }

  /** PEP 658: the metadata file's URL is the file's URL with {@code .metadata} appended to its path. */
  static String metadataUrl(String fileUrl) {
    int q = fileUrl.indexOf('?');
    return q < 0 ? fileUrl + ".metadata" : fileUrl.substring(0, q) + ".metadata" + fileUrl.substring(q);
  }
}

package dev.pantry.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RootRenderingTest {

  @Test
  void finish_namesStreamedAcrossManyChunks_bothPagesParseBackInOrder() {
    // Enough names that both renderings span several of RenderBuffer's chunks and HtmlRenderer's parts.
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 40_000; i++) {
      names.add((i % 3 == 0 ? "Pkg_" : "pkg.") + i + (i % 7 == 0 ? "-ünïcode" : ""));
    }
    names.removeIf(n -> !ProjectNames.isValid(n));
    RootRendering rendering = new RootRendering(10); // a short hint: the buffers must grow
    names.forEach(rendering);
    RootRendering.Pages pages = rendering.finish();

    assertEquals(names.size(), pages.count());
    assertEquals(names, Pages.parsed(PageParser.parseRoot(pages.html().toByteArray(), "text/html")).names());
    assertEquals(names, Pages.parsed(PageParser.parseRoot(pages.json().toByteArray(), Pages.JSON)).names());
  }

  @Test
  void finish_noNames_emptyButValidPages() {
    RootRendering.Pages pages = new RootRendering(0).finish();

    assertEquals(0, pages.count());
    assertEquals("{\"meta\":{\"api-version\":\"1.1\"},\"projects\":[]}",
        new String(pages.json().toByteArray(), StandardCharsets.UTF_8));
    assertTrue(new String(pages.html().toByteArray(), StandardCharsets.UTF_8).endsWith("<body>\n</body>\n</html>\n"));
  }

  @Test
  void accept_afterFinish_throws() {
    RootRendering rendering = new RootRendering(1);
    rendering.finish();

    assertThrows(IllegalStateException.class, () -> rendering.accept("late"));
    assertThrows(IllegalStateException.class, rendering::finish);
  }

  @Test
  void parseRoot_streamed_handsEachValidNameOnceInOrderAndCountsThem() {
    String body = "<html><body><a href=\"/simple/a/\">A</a><a href=\"/simple/b/\"></a><a>!!</a>"
        + "<a href=\"/simple/c/\">c</a></body></html>";
    List<String> seen = new ArrayList<>();

    ParseResult<Integer> parsed = PageParser.parseRoot(Pages.bytes(body), "text/html", seen::add);

    assertEquals(List.of("A", "b", "c"), seen);
    assertEquals(3, Pages.parsed(parsed));
  }

  @Test
  void parseRoot_streamedJsonWithBadEntryLate_malformed() {
    String body = "{\"meta\":{\"api-version\":\"1.0\"},\"projects\":[{\"name\":\"a\"},7]}";

    ParseResult<Integer> parsed = PageParser.parseRoot(Pages.bytes(body), Pages.JSON, name -> { });

    assertTrue(parsed instanceof ParseResult.Malformed<Integer> m && m.reason().contains("projects[1]"),
        parsed.toString());
  }
}

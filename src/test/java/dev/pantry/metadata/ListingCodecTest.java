package dev.pantry.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.error.StorageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ListingCodecTest {

  private static FileRecord full(String name) {
    return FileRecord.listed("main", "demo", name, "https://up.example/files/" + name + "?token=x", "ab".repeat(32),
        123_456_789_012L, ">=3.8, <4", "broken build", "2024-01-02T03:04:05Z", null);
  }

  private static FileRecord bare(String name) {
    return FileRecord.listed("main", "demo", name, "https://up.example/" + name, null, null, null, null, null,
        "md5=" + "0f".repeat(16));
  }

  @Test
  void decode_everyFieldSetOrNull_roundTrips() {
    List<FileRecord> files = List.of(full("a-1.0-py3-none-any.whl"), bare("a-1.0.tar.gz"),
        FileRecord.listed("main", "demo", "ünïcødé-1.0.whl", "https://up.example/ü", null, 0L, "", "", null, null),
        full("a-1.0-py3-none-any.whl.metadata"));

    assertEquals(files, ListingCodec.decode(ListingCodec.encode(files), "main", "demo"));
  }

  @Test
  void find_namedEntry_isReturnedAndOthersSkipped() {
    List<FileRecord> files = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      files.add(i % 2 == 0 ? full("p-" + i + ".whl") : bare("p-" + i + ".tar.gz"));
    }
    byte[] encoded = ListingCodec.encode(files);

    assertEquals(files.get(9_999), ListingCodec.find(encoded, "main", "demo", "p-9999.tar.gz").orElseThrow());
    assertEquals(files.get(0), ListingCodec.find(encoded, "main", "demo", "p-0.whl").orElseThrow());
    assertTrue(ListingCodec.find(encoded, "main", "demo", "p-10000.whl").isEmpty());
    assertTrue(encoded.length < files.size() * 60, "deflated: " + encoded.length + " bytes");
  }

  @Test
  void find_emptyListing_findsNothing() {
    assertTrue(ListingCodec.find(ListingCodec.encode(List.of()), "main", "demo", "a.whl").isEmpty());
    assertEquals(List.of(), ListingCodec.decode(ListingCodec.encode(List.of()), "main", "demo"));
  }

  @Test
  void encode_aValueOver64KiB_isRefusedWithoutNamingIt() {
    String url = "https://up.example/a.whl?token=" + "s".repeat(70_000);
    FileRecord huge = FileRecord.listed("main", "demo", "a.whl", url, null, null, null, null, null, null);

    StorageException e = assertThrows(StorageException.class, () -> ListingCodec.encode(List.of(huge)));
    assertFalse(e.getMessage().contains("token"), e.getMessage());
  }

  @Test
  void decode_notAListingOrCutShort_isRefusedWithAReason() {
    byte[] encoded = ListingCodec.encode(List.of(full("a.whl"), full("b.whl")));

    IllegalStateException garbage = assertThrows(IllegalStateException.class,
        () -> ListingCodec.decode(new byte[] {1, 2, 3, 4}, "main", "demo"));
    assertTrue(garbage.getMessage().startsWith("a stored listing does not decode"), garbage.getMessage());
    assertThrows(IllegalStateException.class,
        () -> ListingCodec.find(Arrays.copyOf(encoded, encoded.length / 2), "main", "demo", "b.whl"));
  }
}

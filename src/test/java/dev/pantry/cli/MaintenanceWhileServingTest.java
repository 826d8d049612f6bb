package dev.pantry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prune and verify through the running server while clients download: nobody sees a broken file or a DB error. */
class MaintenanceWhileServingTest {
  private static final int CLIENTS = 8;
  private static final int DOWNLOADS_PER_CLIENT = 150;

  @TempDir Path data;
  TestMirror mirror;
  final List<Wheel> wheels = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    mirror = CliCatalog.start(data);
    for (int p = 0; p < 6; p++) {
      for (int v = 0; v < 4; v++) {
        Wheel w = WheelBuilder.build("proj" + p, "1." + v, List.of(), null);
        mirror.upstream.addPrivate(w);
        wheels.add(w);
      }
    }
    for (int i = 0; i < wheels.size(); i += 2) {
      mirror.download(wheels.get(i)); // half cached, half downloaded by the clients
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    mirror.close();
  }

  @Test
  void pruneAndVerify_whileEightClientsDownload_noClientSeesABrokenFileAndNoCommandFails() throws Exception {
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger downloads = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    List<Future<?>> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      clients.add(pool.submit(() -> {
        Random random = new Random(client);
        for (int i = 0; i < DOWNLOADS_PER_CLIENT && failures.size() < 20; i++) {
          Wheel w = wheels.get(random.nextInt(wheels.size()));
          boolean metadata = random.nextInt(4) == 0;
          try {
            HttpResponse<byte[]> r = mirror.get(CliCatalog.fileUrlPath(w) + (metadata ? ".metadata" : ""));
            String expected = metadata ? w.metadataSha256() : w.sha256();
            if (r.statusCode() != 200 || !expected.equals(CliCatalog.sha256(r.body()))) {
              failures.add(w.filename() + (metadata ? ".metadata" : "") + ": status " + r.statusCode() + ", "
                  + r.body().length + " bytes");
            }
            downloads.incrementAndGet();
          } catch (Exception e) {
            failures.add(w.filename() + ": " + e);
          }
        }
      }));
    }
    List<String[]> commands = List.of(
        new String[] {"prune", "--older-than", "0s"},
        new String[] {"verify"},
        new String[] {"prune", "--max-size", "0", "--project", "proj1", "--project", "proj2"},
        new String[] {"verify", "--repair"},
        new String[] {"prune", "--keep-latest", "1"},
        new String[] {"stats", "--json"},
        new String[] {"ls", "proj3", "--all"});
    int removed = 0;
    int runs = 0;
    for (int round = 0; round < 6 && (round < 2 || !allDone(clients)); round++) {
      for (String[] command : commands) {
        TestMirror.Run run = mirror.cli(command);
        runs++;
        assertEquals(0, run.code(), String.join(" ", command) + "\n" + run.out() + run.err());
        assertFalse(run.err().toLowerCase(Locale.ROOT).contains("database"), run.err());
        assertFalse(run.err().contains("pantry:"), run.err());
        if (command[0].equals("prune")) {
          removed += Integer.parseInt(run.out().lines().filter(l -> l.startsWith("Removed ")).findFirst()
              .orElseThrow().split(" ")[1]);
        }
      }
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(120, TimeUnit.SECONDS), "clients finished");
    for (Future<?> f : clients) {
      f.get();
    }

    assertTrue(failures.isEmpty(), () -> failures.size() + " broken downloads, e.g. " + failures.peek());
    assertEquals(CLIENTS * DOWNLOADS_PER_CLIENT, downloads.get());
    assertTrue(runs >= 2 * commands.size());
    assertTrue(removed > 0, "the prunes removed files while clients downloaded");
    TestMirror.Run verify = mirror.cli("verify");
    assertEquals(0, verify.code(), verify.out());
  }

  @Test
  void prune_whileAClientReadsTheFile_skipsItAndTheClientGetsEveryByte() throws Exception {
    byte[] bytes = new byte[16 << 20];
    new Random(7).nextBytes(bytes);
    byte[] metadata = "Metadata-Version: 2.1\nName: big\nVersion: 1.0\n".getBytes(StandardCharsets.UTF_8);
    Wheel big = new Wheel("big", "1.0", "big-1.0-py3-none-any.whl", bytes, CliCatalog.sha256(bytes), metadata,
        CliCatalog.sha256(metadata));
    mirror.upstream.addPrivate(big);
    mirror.download(big);

    try (Socket slow = new Socket()) {
      // A small receive window: the server blocks on a full socket long before the file is out.
      slow.setReceiveBufferSize(4096);
      slow.connect(new InetSocketAddress("127.0.0.1", mirror.uri().getPort()), 5000);
      slow.setSoTimeout(30_000);
      OutputStream out = slow.getOutputStream();
      out.write(("GET /" + CliCatalog.fileUrlPath(big) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close"
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = slow.getInputStream();
      long length = contentLength(readHead(in));
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      long read = copy(in, digest, 64 * 1024);

      TestMirror.Run during = mirror.cli("prune", "--project", "big");

      assertEquals(0, during.code(), during.err());
      assertTrue(during.out().contains("skipped (in use)  main/big/" + big.filename()), during.out());
      assertTrue(CliCatalog.hasBlob(mirror, big));
      read += copy(in, digest, Long.MAX_VALUE);
      assertEquals(bytes.length, length);
      assertEquals(length, read);
      assertEquals(big.sha256(), HexFormat.of().formatHex(digest.digest()));
    }
    // Once the response completes the file is free; allow the server a moment to see the end of the response.
    boolean gone = false;
    for (int i = 0; i < 50 && !gone; i++) {
      gone = mirror.cli("prune", "--project", "big").out().startsWith("Removed 1 file");
      if (!gone) {
        Thread.sleep(100);
      }
    }
    assertTrue(gone);
    assertFalse(CliCatalog.hasBlob(mirror, big));
  }

  private static boolean allDone(List<Future<?>> futures) {
    return futures.stream().allMatch(Future::isDone);
  }

  private static String readHead(InputStream in) throws Exception {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    for (int i = 0; i < 16384 && matched < 4; i++) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : 0;
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    assertTrue(text.startsWith("HTTP/1.1 200"), text);
    return text;
  }

  private static long contentLength(String head) {
    return head.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
        .mapToLong(l -> Long.parseLong(l.substring(15).strip())).findFirst().orElseThrow();
  }

  private static long copy(InputStream in, MessageDigest digest, long max) throws Exception {
    byte[] buf = new byte[8192];
    long total = 0;
    while (total < max) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, max - total));
      if (n < 0) {
        break;
      }
      digest.update(buf, 0, n);
      total += n;
    }
    return total;
  }
}

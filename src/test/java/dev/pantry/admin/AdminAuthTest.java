package dev.pantry.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.config.Secret;
import dev.pantry.testing.TestMirror;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every admin action, whichever feature owns it ({@code /admin/} for the command line, the UI's writes under
 * {@code /api/}), passes the same check and refuses the same way.
 */
class AdminAuthTest {
  private static final String OPERATOR = "operator-token-0123456789";

  @TempDir
  Path data;

  private TestMirror mirror;
  private String runSecret;

  /** One read-only admin action and one write from each feature that has them. */
  private static final List<String[]> ACTIONS = List.of(
      new String[] {"GET", "admin/stats"},
      new String[] {"POST", "admin/reload"},
      new String[] {"POST", "api/projects/nothing-here/refresh"});

  @BeforeEach
  void start() throws Exception {
    mirror = TestMirror.on(data).publicIndex().config(c -> c.withAdminToken(Secret.of(OPERATOR))).start();
    runSecret = ServerInfo.read(data).orElseThrow().secret().reveal();
  }

  @AfterEach
  void stop() throws Exception {
    mirror.close();
  }

  private HttpResponse<String> call(String[] action, String... headers) throws Exception {
    return mirror.sendText(action[0], action[1], headers);
  }

  @Test
  void check_noToken_every401HasTheSameChallenge() throws Exception {
    for (String[] action : ACTIONS) {
      HttpResponse<String> r = call(action);

      assertEquals(401, r.statusCode(), action[1]);
      assertEquals("Bearer realm=\"pantry\"", r.headers().firstValue("WWW-Authenticate").orElse(""), action[1]);
      assertEquals("this action needs an admin token (Authorization: Bearer ...)", r.body().strip(), action[1]);
    }
  }

  @Test
  void check_wrongToken_401SaysSoWithoutEchoingIt() throws Exception {
    for (String[] action : ACTIONS) {
      HttpResponse<String> r = call(action, "Authorization", "Bearer not-" + OPERATOR);

      assertEquals(401, r.statusCode(), action[1]);
      assertEquals("the admin token is wrong", r.body().strip());
    }
  }

  @Test
  void check_operatorTokenOrRunSecret_bothAcceptedEverywhere() throws Exception {
    for (String token : List.of(OPERATOR, runSecret)) {
      for (String[] action : ACTIONS) {
        HttpResponse<String> r = call(action, "Authorization", "Bearer " + token);

        assertTrue(r.statusCode() != 401 && r.statusCode() != 403, action[1] + " -> " + r.statusCode());
      }
    }
  }

  @Test
  void checkConfigured_noOperatorToken_uiWritesAre404ButCliKeepsWorking() throws Exception {
    mirror.restart(mirror.config().withAdminToken(null));
    String secret = ServerInfo.read(data).orElseThrow().secret().reveal();

    HttpResponse<String> ui = mirror.sendText("POST", "api/projects/nothing-here/refresh",
        "Authorization", "Bearer " + secret);
    HttpResponse<String> cli = mirror.sendText("GET", "admin/stats", "Authorization", "Bearer " + secret);

    assertEquals(404, ui.statusCode(), "the UI offers no admin actions without an operator token");
    assertEquals(200, cli.statusCode(), cli.body());
  }
}

package io.friendchat.server.account;

import static io.friendchat.server.testing.ApiClient.password;
import static io.friendchat.server.testing.Problems.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.friendchat.server.testing.Backend;
import io.friendchat.server.testing.ServerFixture;
import io.friendchat.server.testing.TestServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Failed logins are counted per account, whichever name was typed; unknown names are counted too. */
class LoginLockTest {
    @RegisterExtension
    final ServerFixture fixture = ServerFixture.unstarted();

    private TestServer.Response login(String login, String password) {
        return fixture.server()
                .client()
                .post("/api/auth/login", "{\"login\":\"" + login + "\",\"password\":\"" + password + "\"}");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void failed_logins_by_username_and_by_email_share_the_account_limit(Backend backend) {
        fixture.start(backend, "olga");
        for (int i = 0; i < 5; i++) {
            assertEquals(401, login("olga", "wrong " + i).status());
            assertEquals(401, login("OLGA@example.com", "wrong " + i).status());
        }

        assertError(login("olga", password("olga")), 429, "rate_limited");
        assertError(login("olga@example.com", password("olga")), 429, "rate_limited");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void unknown_logins_are_still_throttled_and_other_accounts_are_not(Backend backend) {
        fixture.start(backend, "pete");
        for (int i = 0; i < 10; i++) {
            assertEquals(401, login("nobody", "wrong " + i).status());
        }

        assertError(login("Nobody", "wrong"), 429, "rate_limited");
        assertEquals(200, login("pete", password("pete")).status());
    }
}

package io.friendchat.server.message;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmojiTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "👍",
                "👍🏽",
                "❤️",
                "❤",
                "☕",
                "⭐",
                "🫠",
                "👩‍💻",
                "👨‍👩‍👧‍👦",
                "🧑🏿‍🤝‍🧑🏻",
                "🏳️‍🌈",
                "🤷‍♀️",
                "🇫🇷",
                "🇯🇵",
                "1️⃣",
                "#⃣",
                "🏴\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F",
                "©️",
                "🅰️",
                "🀄"
            })
    void one_emoji_is_accepted(String emoji) {
        assertTrue(Emoji.isOne(emoji), emoji);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "a",
                "1",
                "#",
                "ab",
                "👍👍",
                "👍 ",
                " 👍",
                "👍a",
                "🇫",
                "🇫🇷🇯🇵",
                "\u200d",
                "👩‍",
                "‍💻",
                "🏽",
                "👍\uFE0F\uFE0F",
                ":)",
                "<3",
                "é",
                "中",
                "\uDB40\uDC67",
                "🏴\uDB40\uDC67",
                "1\u20E3\u20E3"
            })
    void anything_else_is_refused(String notOne) {
        assertFalse(Emoji.isOne(notOne), notOne);
    }
}

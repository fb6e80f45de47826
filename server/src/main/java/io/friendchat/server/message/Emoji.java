package io.friendchat.server.message;

/**
 * Whether a string is exactly one emoji: one emoji character with its optional variation
 * selector and skin tone, several of them joined by zero-width joiners (👩‍💻), a flag (two
 * regional indicators, or a tag sequence such as the flag of Scotland), or a keycap (1️⃣).
 * Java 17 has no emoji property, so the emoji characters are the Unicode emoji blocks; anything
 * else, text included, is refused.
 */
final class Emoji {
    private static final int ZWJ = 0x200D;
    private static final int VS16 = 0xFE0F;
    private static final int KEYCAP = 0x20E3;
    private static final int TAG_END = 0xE007F;
    /** The longest sequence in use (family and couple sequences) has 11 code points. */
    private static final int MAX_CODE_POINTS = 16;

    private Emoji() {}

    static boolean isOne(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        int[] cps = s.codePoints().toArray();
        if (cps.length > MAX_CODE_POINTS) {
            return false;
        }
        if (cps.length == 2 && isRegionalIndicator(cps[0]) && isRegionalIndicator(cps[1])) {
            return true;
        }
        if (isKeycapBase(cps[0])) {
            return (cps.length == 2 && cps[1] == KEYCAP) || (cps.length == 3 && cps[1] == VS16 && cps[2] == KEYCAP);
        }
        int i = 0;
        while (true) {
            if (i >= cps.length || !isPictographic(cps[i])) {
                return false;
            }
            i++;
            if (i < cps.length && cps[i] == VS16) {
                i++;
            }
            if (i < cps.length && isSkinTone(cps[i])) {
                i++;
            }
            if (i < cps.length && isTag(cps[i])) {
                // A subdivision flag: black flag, tag letters, cancel tag.
                while (i < cps.length && isTag(cps[i]) && cps[i] != TAG_END) {
                    i++;
                }
                return i == cps.length - 1 && cps[i] == TAG_END;
            }
            if (i == cps.length) {
                return true;
            }
            if (cps[i] != ZWJ) {
                return false;
            }
            i++;
        }
    }

    private static boolean isRegionalIndicator(int cp) {
        return cp >= 0x1F1E6 && cp <= 0x1F1FF;
    }

    private static boolean isKeycapBase(int cp) {
        return (cp >= '0' && cp <= '9') || cp == '#' || cp == '*';
    }

    private static boolean isSkinTone(int cp) {
        return cp >= 0x1F3FB && cp <= 0x1F3FF;
    }

    private static boolean isTag(int cp) {
        return cp >= 0xE0020 && cp <= TAG_END;
    }

    private static boolean isPictographic(int cp) {
        return (cp >= 0x1F000 && cp <= 0x1F0FF) // mahjong, dominoes, cards
                || (cp >= 0x1F170 && cp <= 0x1F251 && !isRegionalIndicator(cp)) // 🅰 🆗 🈁 ...
                || (cp >= 0x1F300 && cp <= 0x1F3FA) // symbols and pictographs (before skin tones)
                || (cp >= 0x1F400 && cp <= 0x1F64F) // ... and emoticons
                || (cp >= 0x1F680 && cp <= 0x1F6FF) // transport and map
                || (cp >= 0x1F7E0 && cp <= 0x1F7F0) // coloured circles and squares
                || (cp >= 0x1F900 && cp <= 0x1F9FF) // supplemental symbols and pictographs
                || (cp >= 0x1FA70 && cp <= 0x1FAFF) // symbols and pictographs extended-A
                || (cp >= 0x2600 && cp <= 0x27BF) // miscellaneous symbols, dingbats
                || (cp >= 0x2190 && cp <= 0x21FF) // arrows
                || (cp >= 0x2300 && cp <= 0x23FF) // ⌚ ⏰ ...
                || (cp >= 0x25A0 && cp <= 0x25FF) // ▶ ◀ ◻ ...
                || (cp >= 0x2B00 && cp <= 0x2BFF) // ⬆ ⭐ ⭕ ...
                || (cp >= 0x2934 && cp <= 0x2935)
                || cp == 0x00A9
                || cp == 0x00AE
                || cp == 0x203C
                || cp == 0x2049
                || cp == 0x2122
                || cp == 0x2139
                || cp == 0x24C2
                || cp == 0x3030
                || cp == 0x303D
                || cp == 0x3297
                || cp == 0x3299;
    }
}

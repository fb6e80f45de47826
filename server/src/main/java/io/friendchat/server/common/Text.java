package io.friendchat.server.common;

/**
 * Checks on text that people type. Java strings are UTF-16 and may hold a lone surrogate, which
 * is not a character: the stores encode text as UTF-8 and would turn it into {@code ?}, so such
 * text is refused at the edge rather than silently changed.
 */
public final class Text {
    private static final int ZERO_WIDTH_JOINER = 0x200D;
    private static final int EMOJI_PRESENTATION = 0xFE0F;

    private Text() {}

    /** True when every surrogate is half of a pair, so the text is valid Unicode and stored unchanged. */
    public static boolean isWellFormed(String s) {
        return s.codePoints().noneMatch(cp -> Character.getType(cp) == Character.SURROGATE);
    }

    /**
     * True for a character that is invisible or changes how the text around it is shown:
     * controls (Cc), format characters (Cf: zero-width spaces and joiners, bidi embeddings,
     * overrides and isolates, the soft hyphen, the byte-order mark) and line or paragraph
     * separators.
     */
    public static boolean isHidden(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL
                || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    /**
     * True when {@code s} holds a hidden character (see {@link #isHidden}), except a zero-width
     * joiner between two emoji, which is how sequences such as a family or a profession emoji are
     * written.
     */
    public static boolean hasHiddenCharacters(String s) {
        int[] cps = s.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            if (isHidden(cps[i]) && !(cps[i] == ZERO_WIDTH_JOINER && joinsEmoji(cps, i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean joinsEmoji(int[] cps, int i) {
        if (i == 0 || i == cps.length - 1) {
            return false;
        }
        int before = cps[i - 1];
        int beforeType = Character.getType(before);
        boolean emojiBefore = beforeType == Character.OTHER_SYMBOL
                || beforeType == Character.MODIFIER_SYMBOL // skin tones
                || before == EMOJI_PRESENTATION;
        return emojiBefore && Character.getType(cps[i + 1]) == Character.OTHER_SYMBOL;
    }
}

package io.friendchat.server.common;

/**
 * Checks on text that people type. Java strings are UTF-16 and may hold a lone surrogate, which
 * is not a character: the stores encode text as UTF-8 and would turn it into {@code ?}, so such
 * text is refused at the edge rather than silently changed.
 */
public final class Text {
    private Text() {}

    /** True when every surrogate is half of a pair, so the text is valid Unicode and stored unchanged. */
    public static boolean isWellFormed(String s) {
        return s.codePoints().noneMatch(cp -> Character.getType(cp) == Character.SURROGATE);
    }
}

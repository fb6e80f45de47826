package io.friendchat.server.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How search cuts text into words, the same way for both stores and for the highlights: a word
 * is a run of letters and digits (Unicode), compared in lower case; everything else separates
 * words. A query word matches every word that starts with it ("chat" finds "chatting").
 */
public final class Words {
    /** Longer words are cut to this length, in the index and in queries alike. */
    public static final int MAX_WORD = 40;

    private Words() {}

    /** One word of a text: where it starts and ends (UTF-16 offsets, as JavaScript counts). */
    public record Span(int start, int end, String word) {}

    /** The words of {@code text}, in order, with their offsets. */
    public static List<Span> spans(String text) {
        List<Span> spans = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (!Character.isLetterOrDigit(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < text.length() && Character.isLetterOrDigit(text.codePointAt(i))) {
                i += Character.charCount(text.codePointAt(i));
            }
            spans.add(new Span(start, i, normalize(text.substring(start, i))));
        }
        return spans;
    }

    /** The distinct words of {@code text}, lower case and cut to {@link #MAX_WORD}. */
    public static Set<String> distinct(String text) {
        Set<String> words = new LinkedHashSet<>();
        for (Span span : spans(text)) {
            words.add(span.word());
        }
        return words;
    }

    /** The ranges of {@code text} that a query of {@code terms} matches, in order. */
    public static List<Span> highlights(String text, List<String> terms) {
        List<Span> out = new ArrayList<>();
        for (Span span : spans(text)) {
            for (String term : terms) {
                if (span.word().startsWith(term)) {
                    out.add(span);
                    break;
                }
            }
        }
        return out;
    }

    private static String normalize(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        if (lower.length() <= MAX_WORD) {
            return lower;
        }
        int end = MAX_WORD;
        if (Character.isHighSurrogate(lower.charAt(end - 1))) {
            end--;
        }
        return lower.substring(0, end);
    }
}

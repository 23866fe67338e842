package io.nanogrid.engine.bundle;

import java.util.regex.Pattern;

/**
 * The only entry names a bundle may hold: relative paths of plain names ('/'-separated letters,
 * digits, '_', '.', '-'; no segment starting with '.' or '-'), at most 255 characters. Every name
 * is checked before anything is read or written, and the reason names the trick it would play.
 */
final class EntryNames {
    static final int MAX_LENGTH = 255;
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*");
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

    private EntryNames() {
    }

    /** Why the name is refused, or null when it is a plain relative path. */
    static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "an empty entry name";
        }
        String shown = show(name);
        if (name.length() > MAX_LENGTH) {
            return "entry name longer than " + MAX_LENGTH + " characters: '" + shown + "'";
        }
        if (name.indexOf('\\') >= 0) {
            return "entry '" + shown + "' has a backslash (a Windows path)";
        }
        if (DRIVE.matcher(name).matches()) {
            return "entry '" + shown + "' starts with a drive letter (an absolute path)";
        }
        if (name.startsWith("/")) {
            return "entry '" + shown + "' is an absolute path";
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..")) {
                return "entry '" + shown + "' escapes the folder ('..')";
            }
            if (segment.isEmpty() || segment.equals(".")) {
                return "entry '" + shown + "' has an empty or '.' path segment";
            }
        }
        if (!PLAIN.matcher(name).matches()) {
            return "entry '" + shown + "' has characters other than letters, digits, '_', '.', '-' and '/'";
        }
        return null;
    }

    /** The name with control and non-ASCII characters escaped, short enough for a one-line message. */
    static String show(String name) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length() && b.length() < 120; i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return name.length() > 120 ? b + "..." : b.toString();
    }
}

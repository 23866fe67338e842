package io.nanogrid.engine.catalogue;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a catalogue's fields; problems are "datasets[2].files[0].sha256: ...". */
final class CatalogueValidator {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** Relative paths with plain segments: no "..", no leading '/', no backslash, no drive letter. */
    private static final Pattern PATH = Pattern.compile("([A-Za-z0-9_][A-Za-z0-9_.-]*/)*[A-Za-z0-9_][A-Za-z0-9_.-]*");

    private final List<String> problems = new ArrayList<>();

    private CatalogueValidator() {
    }

    static List<String> problems(Catalogue c) {
        CatalogueValidator v = new CatalogueValidator();
        v.catalogue(c);
        return v.problems;
    }

    /** Whether a path is a safe relative path (used for cache and mirror paths). */
    static boolean isSafePath(String path) {
        return path != null && PATH.matcher(path).matches();
    }

    private void check(boolean ok, String path, String message) {
        if (!ok) {
            problems.add(path + ": " + message);
        }
    }

    private void catalogue(Catalogue c) {
        Set<String> names = new HashSet<>();
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < c.datasets().size(); i++) {
            CatalogueEntry d = c.datasets().get(i);
            String p = "datasets[" + i + "]";
            if (d == null) {
                problems.add(p + ": is null");
                continue;
            }
            check(d.name() != null && NAME.matcher(d.name()).matches(), p + ".name",
                    "expected lower-case letters, digits, '_' or '-', got " + d.name());
            check(d.name() == null || names.add(d.name()), p + ".name", "'" + d.name() + "' is used twice");
            check(d.kind() != null && (d.kind().equals("dataset") || d.kind().equals("model")), p + ".kind",
                    "expected \"dataset\" or \"model\", got " + d.kind());
            for (String field : new String[] {"title", "task", "upstream", "licence", "format"}) {
                String value = switch (field) {
                    case "title" -> d.title();
                    case "task" -> d.task();
                    case "upstream" -> d.upstream();
                    case "licence" -> d.licence();
                    default -> d.format();
                };
                check(value != null && !value.isBlank(), p + "." + field, "is required");
            }
            check(!d.files().isEmpty(), p + ".files", "a dataset needs at least one file");
            Set<String> own = new HashSet<>();
            for (int j = 0; j < d.files().size(); j++) {
                file(d.files().get(j), p + ".files[" + j + "]", paths, own);
            }
            for (int j = 0; j < d.splits().size(); j++) {
                CatalogueSplit s = d.splits().get(j);
                String sp = p + ".splits[" + j + "]";
                check(s != null && s.name() != null && !s.name().isBlank(), sp + ".name", "is required");
                if (s == null) {
                    continue;
                }
                check(!s.files().isEmpty(), sp + ".files", "a split needs at least one file");
                for (int k = 0; k < s.files().size(); k++) {
                    check(own.contains(s.files().get(k)), sp + ".files[" + k + "]", "'" + s.files().get(k)
                            + "' is not one of this dataset's files");
                }
                check(s.examples() == null || s.examples() >= 0, sp + ".examples", "must be >= 0");
            }
        }
    }

    private void file(CatalogueFile f, String p, Set<String> all, Set<String> own) {
        if (f == null) {
            problems.add(p + ": is null");
            return;
        }
        check(isSafePath(f.path()), p + ".path", "expected a relative path of plain names separated by '/', got "
                + f.path());
        check(f.path() == null || all.add(f.path()), p + ".path", "'" + f.path() + "' is listed twice");
        own.add(f.path());
        check(f.sha256() != null && SHA256.matcher(f.sha256()).matches(), p + ".sha256",
                "expected 64 lower-case hex digits, got " + f.sha256());
        check(f.size() > 0, p + ".size", "must be > 0");
        check(isHttp(f.url()), p + ".url", "expected an http(s) address, got " + f.url());
    }

    private static boolean isHttp(String url) {
        try {
            URI u = new URI(url);
            return ("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }
}

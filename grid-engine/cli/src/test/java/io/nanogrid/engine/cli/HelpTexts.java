package io.nanogrid.engine.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

/**
 * Checks the help texts of a whole command tree, so that commands added later are covered too.
 * picocli prints each element of a description array on its own line and lists a subcommand in its
 * parent's help by the first element of its header, else of its description; a sentence split across
 * elements therefore shows as a line cut off mid-sentence, and as a summary cut off in the list.
 */
public final class HelpTexts {
    /** The usage width picocli wraps to, and the terminal width the help must fit. */
    public static final int WIDTH = 80;

    /** What a complete sentence or paragraph ends with (a colon may introduce what follows). */
    private static final Pattern COMPLETE = Pattern.compile(".*[.!?:)]$", Pattern.DOTALL);

    /** Words a sentence does not end with: a text ending with one was cut off. */
    private static final Set<String> DANGLING = Set.of("a", "an", "the", "and", "or", "nor", "but", "of", "to", "in",
            "on", "at", "by", "for", "from", "with", "into", "as", "than", "its", "their", "is", "are", "be", "that",
            "which", "when", "if");

    private HelpTexts() {
    }

    /** Every problem found in the help texts of {@code root} and all its subcommands, one line each. */
    public static List<String> problems(CommandLine root) {
        List<String> problems = new ArrayList<>();
        for (CommandLine c : tree(root)) {
            CommandSpec spec = c.getCommandSpec();
            String name = spec.qualifiedName(" ");
            String summary = summary(spec);
            if (summary.isBlank()) {
                problems.add(name + ": no summary (first header or description element)");
            } else if (!complete(summary)) {
                problems.add(name + ": summary is not a complete sentence: \"" + summary + "\"");
            }
            elements(problems, name + " header", spec.usageMessage().header());
            elements(problems, name + " description", spec.usageMessage().description());
            elements(problems, name + " footer", spec.usageMessage().footer());
            for (ArgSpec arg : args(spec)) {
                String argName = arg.isOption() ? ((CommandLine.Model.OptionSpec) arg).longestName()
                        : arg.paramLabel();
                elements(problems, name + " " + argName, arg.description());
            }
            String usage = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
            listedSummaries(problems, name, usage);
            usage.lines().filter(l -> l.length() > WIDTH).forEach(l ->
                    problems.add(name + ": help line wider than " + WIDTH + " columns: \"" + l + "\""));
        }
        return problems;
    }

    /** The command and its subcommands, depth first, each once. */
    public static List<CommandLine> tree(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        Set<CommandLine> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        collect(root, all, seen);
        return all;
    }

    private static void collect(CommandLine c, List<CommandLine> all, Set<CommandLine> seen) {
        if (!seen.add(c)) {
            return;
        }
        all.add(c);
        c.getSubcommands().values().forEach(sub -> collect(sub, all, seen));
    }

    /** What picocli lists the command by in its parent's help. */
    static String summary(CommandSpec spec) {
        String[] header = spec.usageMessage().header();
        if (header.length > 0 && !header[0].isBlank()) {
            return header[0].strip();
        }
        String[] description = spec.usageMessage().description();
        return description.length > 0 ? description[0].strip() : "";
    }

    private static List<ArgSpec> args(CommandSpec spec) {
        List<ArgSpec> args = new ArrayList<>(spec.options());
        args.addAll(spec.positionalParameters());
        return args;
    }

    private static void elements(List<String> problems, String where, String[] texts) {
        for (int i = 0; i < texts.length; i++) {
            String t = text(texts[i]);
            if (t.isEmpty()) {
                continue; // an empty element is a blank line between paragraphs
            }
            if (!complete(t)) {
                problems.add(where + ": element " + i + " breaks off mid-sentence: \"" + t + "\"");
            }
            if (i > 0 && !text(texts[i - 1]).isEmpty() && Character.isLowerCase(t.charAt(0))) {
                problems.add(where + ": element " + i + " goes on with the sentence of the one before: \"" + t
                        + "\"");
            }
        }
    }

    /** The text of one element, without the line breaks (%n) it may end with. */
    private static String text(String element) {
        return element.strip().replaceAll("(%n)+$", "").strip();
    }

    /**
     * True when the text ends a sentence: with . ! ? : or ), and not with a comma, a semicolon or a word
     * such as "and" or "the" that a sentence cannot end on.
     */
    static boolean complete(String text) {
        String t = text.strip();
        String[] words = t.split("\\s+");
        return COMPLETE.matcher(t).matches() && !DANGLING.contains(words[words.length - 1].toLowerCase(Locale.ROOT));
    }

    /** Checks every entry of the "Commands:" list of a rendered usage message. */
    private static void listedSummaries(List<String> problems, String name, String usage) {
        List<String> lines = usage.lines().toList();
        int start = lines.indexOf("Commands:");
        if (start < 0) {
            return;
        }
        List<String> entries = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.isBlank() || !line.startsWith("  ")) {
                break;
            }
            if (line.charAt(2) != ' ') {
                entries.add(line.strip());
            } else if (!entries.isEmpty()) {
                entries.set(entries.size() - 1, entries.get(entries.size() - 1) + " " + line.strip());
            }
        }
        if (entries.isEmpty()) {
            problems.add(name + ": the command list is empty");
        }
        for (String entry : entries) {
            if (!complete(entry)) {
                problems.add(name + ": command list entry is cut off: \"" + entry + "\"");
            }
        }
    }
}

package org.aegisml.monitoring.internal.signals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.aegisml.api.monitoring.LlmCall;
import org.aegisml.api.monitoring.PromptInjectionScorer;
import org.aegisml.api.monitoring.SignalScore;
import org.osgi.service.component.annotations.Component;

/**
 * Known prompt-injection phrasings and smuggling tricks, scored without a model.
 * <p>
 * Each matched pattern contributes its weight {@code w} as if it were independent evidence,
 * so the score is {@code 1 - Π(1 - w)}: one strong pattern is enough to cross 0.7, weak ones
 * (a role-play request, a base64 blob) only add up when they come together. Retrieved
 * passages are scanned too, for indirect injection, with weights scaled by
 * {@link #CONTEXT_FACTOR}, since a document may merely quote an attack.
 * <p>
 * The phrase patterns run on a normalised copy of the text: accents and compatibility forms
 * folded to ASCII (so "précédentes" and full-width or mathematical letters match), invisible
 * characters dropped (so "ig\u200Bnore" matches), lower case, and every run of other characters
 * collapsed into one space (so extra punctuation and white space between words do not matter).
 * A regular expression per pattern over the whole text would cost a failed match attempt at
 * every character; instead each pattern names the word prefixes it can start with, and is only
 * tried, anchored and within a bounded window, at words that start that way.
 */
@Component(service = PromptInjectionScorer.class)
public final class HeuristicInjectionScorer implements PromptInjectionScorer {
    private static final double CONTEXT_FACTOR = 0.75;
    /** Longest stretch of normalised text one phrase pattern may span. */
    private static final int WINDOW = 200;
    /** How far before a match a cue pattern looks. */
    private static final int CUE_WINDOW = 80;
    /** Shortest base64 run worth flagging: 48 bytes, longer than keys and hashes people paste. */
    private static final int MIN_BLOB = 64;
    private static final int MIN_INVISIBLE = 4;
    private static final int MANY_INVISIBLE = 12;
    private static final int MIN_TAGS = 4;

    // Weights of the findings that are not phrase patterns. Hidden tag text and many invisible
    // characters have no innocent use in a prompt; a few invisible characters, a base64 blob or
    // a link with a telling query have some, so they stay below 0.7 on their own.
    private static final double W_UNICODE_TAGS = 0.8;
    private static final double W_MANY_INVISIBLE = 0.8;
    private static final double W_SOME_INVISIBLE = 0.5;
    private static final double W_ROLE_MARKER = 0.75;
    private static final double W_IMAGE_EXFIL = 0.75;
    private static final double W_LINK_EXFIL = 0.6;
    private static final double W_BASE64 = 0.4;

    /**
     * A phrase pattern, tried at words starting with one of its {@code triggers}. {@code needles}
     * are groups of word prefixes the pattern cannot match without (one of each group, as ids);
     * a rule missing one is not tried on that text, which spares most of the failed attempts at
     * common trigger words like "ignore" or "you". When {@code cue} is set, it must also occur
     * just before the match.
     */
    private record Rule(int index, String name, double weight, String[] triggers, int[][] needles, Pattern pattern,
            Pattern cue) {
    }

    /** A word prefix and what it stands for: a rule index in {@link #TRIGGERS}, a needle id in {@link #NEEDLES}. */
    private record Prefix(String text, int id) {
    }

    /** What {@link #clean} keeps of a text. */
    private record Cleaned(String lower, String words, int invisible, int tags, String smuggled) {
    }

    private static final String NOUNS = "(?:instructions?|prompts?|directions?|directives?|rules|guidelines|commands?|orders"
            + "|constraints|guardrails|programming|context|training)";
    /** Filler words between a verb and its object, except the speaker's own ("disregard my previous message"). */
    private static final String FILLER = "(?:(?!my |our )\\w+ )";

    private static final List<Rule> RULES;
    /** Trigger and needle prefixes by their first two letters, so that most words cost two array reads. */
    private static final Prefix[][] TRIGGERS = new Prefix[26 * 26][];
    private static final Prefix[][] NEEDLES = new Prefix[26 * 26][];
    /** Needle prefix to id; filled while the rules are built during class initialisation, read-only after. */
    private static final Map<String, Integer> NEEDLE_IDS = new HashMap<>();
    private static final int NEEDLE_COUNT;
    private static final boolean[] BASE64 = new boolean[128];

    static {
        List<Rule> rules = new ArrayList<>();
        rule(rules, "ignore_instructions", 0.85,
                "ignor disregard forget skip bypass overrid neglect discard dismiss abandon",
                "instruct|prompt|direction|directive|rules|guideline|command|orders|constraint|guardrail|programming|context|training"
                        + "|told|taught|given|above|far|prior|previously",
                "(?:ignore|ignoring|disregard|disregarding|forget|forgetting|skip|bypass|override|neglect|discard|dismiss|abandon) (?:"
                        + FILLER + "{0,3}?(?:previous|prior|above|earlier|preceding|former|foregoing|initial|original|old|all|any"
                        + "|every|your|ur|system|developer|existing) " + FILLER + "{0,3}?" + NOUNS
                        + "|" + FILLER + "{0,3}?" + NOUNS
                        + " (?:above|so far|you (?:were|have been) given|given (?:to you )?(?:above|earlier|previously))"
                        + "|(?:about )?(?:everything|anything|all) (?:that )?(?:you (?:were|have been|ve been) (?:told|taught|instructed|given)"
                        + "|(?:is |was )?(?:above|so far|prior|previously)))\\b",
                null);
        rule(rules, "ignore_instructions_fr", 0.85,
                "ignor oubli neglig",
                "instruction|consigne|directive|regle|ordre|indication & precedent|anterieur|dessus|avant|initial|systeme",
                "(?:ignore|ignorez|ignorer|oublie|oubliez|oublier|neglige|negligez|negliger) (?:\\w+ ){0,3}?"
                        + "(?:instructions?|consignes?|directives?|regles|ordres|indications) (?:\\w+ )?"
                        + "(?:precedentes?|anterieures?|ci dessus|d avant|initiales?|du systeme)\\b",
                null);
        rule(rules, "ignore_instructions_de", 0.85,
                "ignor vergiss vergess missacht ubersp",
                "anweisung|instruktion|befehl|regeln|vorgaben|richtlinien|anordnung",
                "(?:ignoriere|ignorieren|ignoriert|ignorier|vergiss|vergesst|vergessen sie|missachte|missachten sie|uberspringe) "
                        + "(?:\\w+ ){0,3}?(?:vorherige\\w*|vorangegangene\\w*|vorige\\w*|obige\\w*|bisherige\\w*|fruhere\\w*|alle\\w*"
                        + "|deine\\w*|ihre\\w*|system\\w*) (?:\\w+ ){0,2}?"
                        + "(?:anweisung\\w*|instruktion\\w*|befehl\\w*|regeln|vorgaben|richtlinien|anordnung\\w*)\\b",
                null);
        rule(rules, "ignore_instructions_es", 0.85,
                "ignor olvid descart omit haz",
                "instruccion|indicaciones|reglas|ordenes|directri|directiva & anterior|previa|precedente|arriba|iniciales|sistema",
                "(?:ignora|ignorar|ignore|ignoren|olvida|olvidar|olvide|olviden|descarta|descartar|omite|omitir|haz caso omiso (?:a|de)) "
                        + "(?:\\w+ ){0,3}?(?:instrucciones|instruccion|indicaciones|reglas|ordenes|directrices|directivas) (?:\\w+ )?"
                        + "(?:anteriores|anterior|previas|previa|precedentes|de arriba|iniciales|del sistema)\\b",
                null);
        rule(rules, "do_anything_now", 0.85, "do", "", "do anything now\\b", null);
        rule(rules, "jailbreak_persona", 0.8,
                "you dan jailbr chatgpt gpt ai assistant model llm claude gemini bot enabl activat enter switch turn develop",
                "now|dan|jailbr|mode",
                "(?:you (?:are|re) now (?:\\w+ ){0,2}?(?:dan|jailbroken|unrestricted|unfiltered|uncensored|unchained|unlocked|liberated"
                        + "|free from \\w+|no longer (?:bound|restricted|an ai|chatgpt|limited)"
                        + "|in (?:developer|dev|god|dan|jailbreak|unrestricted|unfiltered|evil|chaos|sudo|root|admin) mode)"
                        + "|dan (?:mode|prompt|jailbreak)|jailbreak(?:ed)? (?:mode|prompt|enabled|activated)"
                        + "|jailbroken (?:mode|ai|assistant|model|version)"
                        + "|(?:chatgpt|gpt|ai|assistant|model|llm|claude|gemini|bot) with (?:dev|developer|dan|jailbreak|god) mode"
                        + "|(?:enable|activate|enter|switch to|turn on) (?:dan|jailbreak|god|unrestricted|unfiltered|evil|sudo) mode"
                        + "|developer mode output)\\b",
                null);
        // Alone this is ordinary creative writing; it only matters next to something stronger.
        rule(rules, "pretend_persona", 0.25,
                "pretend imagin role from",
                "pretend|imagine|role|now",
                "(?:(?:pretend|imagine) (?:that )?(?:you are|you re|to be|you have no|you can do)|role ?play as"
                        + "|from now on (?:you|u) (?:are|will|must|shall|re))\\b",
                null);
        rule(rules, "act_without_restrictions", 0.75,
                "without with free unbound not no unconstrain regardless ignoring",
                "restriction|limitation|limits|filter|censorship|guideline|guardrail|rules|boundaries|polic|ethic|moral|constraint|safeguard",
                "(?:without|with no|free (?:of|from)|unbound by|not bound by|no longer bound by|unconstrained by|regardless of|ignoring) "
                        + "(?:(?:any|all|your|the|its|of|moral|ethical|safety|content|usual|such) )*"
                        + "(?:restrictions?|limitations?|limits|filters?|filtering|censorship|guidelines|guardrails|rules|boundaries"
                        + "|polic(?:y|ies)|ethics|morals|morality|constraints|safeguards)\\b",
                "\\b(?:act|acting|behave|respond|answer|reply|operate|roleplay|role play|pretend|imagine|simulate|become"
                        + "|you are|you re|you will|from now on|as an? (?:ai|assistant|model|chatbot))\\b");
        rule(rules, "unrestricted_ai", 0.6,
                "unrestrict unfilter uncensor unalign unbound unchain amoral jailbr",
                "",
                "(?:unrestricted|unfiltered|uncensored|unaligned|unbound|unchained|amoral|jailbroken) (?:\\w+ )?"
                        + "(?:ai|assistant|model|chatbot|bot|llm|gpt|chatgpt|version|mode|persona)\\b",
                null);
        // Asking what a system prompt is, is fine; asking for yours, or telling the model to print the one it has, is not.
        String yours = "(?:your|ur) (?:\\w+ ){0,2}?(?:system prompt|system message|instructions|initial prompt|original prompt"
                + "|full prompt|entire prompt|hidden (?:instructions|prompt|rules|message)|secret (?:instructions|prompt|rules)"
                + "|pre ?prompt|directives)";
        rule(rules, "reveal_system_prompt", 0.8,
                "reveal print show display output repeat tell give leak dump share spell disclos expos recit echo what",
                "prompt|preprompt|message|instruction|directive|rules",
                "(?:(?:reveal|print|show|display|output|repeat|tell|give|leak|dump|share|spell|disclose|expose|recite|echo) "
                        + "(?:\\w+ ){0,4}?(?:" + yours + "|(?:the|this|that|its|all|any) (?:\\w+ )?(?:system prompt|system message"
                        + "|system instructions|initial prompt|initial instructions|original instructions|hidden instructions"
                        + "|hidden prompt|secret instructions|pre ?prompt|developer (?:message|prompt|instructions)))"
                        + "|what (?:is|are|was|were) (?:\\w+ ){0,2}?" + yours + ")\\b",
                null);
        rule(rules, "override_guidelines", 0.75,
                "overrid bypass circumvent disabl deactivat turn switch break evad get sidestep ignor violat abandon drop",
                "guideline|guardrail|safeguard|restriction|programming|alignment|safety|content|ethical|moral|usage",
                "(?:override|overriding|bypass|bypassing|circumvent|circumventing|disable|disabling|deactivate|turn off|switch off|break"
                        + "|breaking|evade|get around|sidestep|ignore|ignoring|violate|abandon|drop) " + FILLER + "{0,2}?"
                        + "(?:your|ur|its|all|any|every)(?: of (?:your|the|its))? (?:\\w+ ){0,2}?(?:guidelines|guardrails|safeguards"
                        + "|restrictions|programming|alignment|(?:safety|content|ethical|moral|usage) (?:filters?|guidelines|rules|protocols"
                        + "|training|polic(?:y|ies)|constraints|restrictions|principles|settings))\\b",
                null);
        rule(rules, "role_marker", W_ROLE_MARKER,
                "begin end system",
                "system",
                "(?:(?:begin|end)(?: of)? (?:the )?(?:new )?system (?:prompt|message|instructions?)|system (?:prompt )?override)\\b",
                null);
        RULES = List.copyOf(rules);
        Arrays.fill(TRIGGERS, new Prefix[0]);
        Arrays.fill(NEEDLES, new Prefix[0]);
        for (Rule r : RULES) for (String prefix : r.triggers()) add(TRIGGERS, new Prefix(prefix, r.index()));
        NEEDLE_IDS.forEach((prefix, id) -> add(NEEDLES, new Prefix(prefix, id)));
        NEEDLE_COUNT = NEEDLE_IDS.size();
        for (char c = 0; c < 128; c++) BASE64[c] = Text.isAsciiAlnum(c) || c == '+' || c == '/' || c == '-' || c == '_';
    }

    private static int bucket(char first, char second) {
        return (first - 'a') * 26 + (second - 'a');
    }

    private static void add(Prefix[][] table, Prefix p) {
        int b = bucket(p.text().charAt(0), p.text().charAt(1));
        table[b] = Arrays.copyOf(table[b], table[b].length + 1);
        table[b][table[b].length - 1] = p;
    }

    /**
     * Adds a rule. {@code triggers}: space-separated word prefixes; {@code needles}: groups
     * separated by " &amp; ", each a "|"-separated list of word prefixes one of which must occur.
     */
    private static void rule(List<Rule> rules, String name, double weight, String triggers, String needles, String regex,
            String cue) {
        int[][] groups = needles.isEmpty() ? new int[0][] : Arrays.stream(needles.split(" & "))
                .map(group -> Arrays.stream(group.split("\\|")).mapToInt(HeuristicInjectionScorer::needleId).toArray())
                .toArray(int[][]::new);
        rules.add(new Rule(rules.size(), name, weight, triggers.split(" "), groups, Pattern.compile(regex),
                cue == null ? null : Pattern.compile(cue)));
    }

    private static int needleId(String prefix) {
        return NEEDLE_IDS.computeIfAbsent(prefix, k -> NEEDLE_IDS.size());
    }

    private static boolean hasNeedles(Rule r, boolean[] present) {
        for (int[] group : r.needles()) {
            boolean any = false;
            for (int id : group) any |= present[id];
            if (!any) return false;
        }
        return true;
    }

    private static final Pattern CHAT_TOKEN = Pattern.compile(
            "<\\|\\s*(?:im_start|im_end|system|user|assistant|endoftext|start_header_id|end_header_id|eot_id|begin_of_text)\\s*\\|>");
    private static final String[] LITERAL_MARKERS = { "[inst]", "[/inst]", "<<sys>>", "<</sys>>", "<start_of_turn>" };
    private static final Pattern SYSTEM_HEADING = Pattern.compile(
            "#{2,}+[ \\t]*(?:system|sys)(?:[ \\t]+(?:prompt|message|instructions?|override|update))?[ \\t]*(?::|\\r?\\n|$)");
    /** A markdown link or image target with a query string; group 1 is the query. */
    private static final Pattern MD_TARGET = Pattern.compile("\\]\\(\\s*<?(?:https?:)?//[^)\\s?#]{1,300}+\\?([^)\\s]{1,2000})");
    private static final Pattern HTML_IMG = Pattern.compile(
            "<img\\b[^>]{0,300}?\\bsrc\\s*=\\s*[\"']?(?:https?:)?//[^\"'\\s>?]{1,300}+\\?([^\"'\\s>]{1,2000})");
    /**
     * Images load without a click, so any query that looks like it carries data is suspicious:
     * a template placeholder, a parameter named for what is being stolen, or a long value.
     */
    private static final Pattern IMAGE_QUERY = Pattern.compile("[{}\\[\\]$<>]|%7b|%7d|%24|(?:^|[&;])(?:q|d|data|text|msg|message|content"
            + "|secret|prompt|history|conversation|chat|password|pwd|pass|token|key|apikey|api_key|session|exfil|leak|memory"
            + "|context|instructions|system|info|user|email)=|=[^&;]{32,}");
    /** Links need a click and search links are everywhere, so only placeholders and telling names count. */
    private static final Pattern LINK_QUERY = Pattern.compile("[{}\\[\\]$<>]|%7b|%7d|%24|(?:^|[&;])(?:data|secret|prompt|history"
            + "|conversation|chat|password|pwd|token|apikey|api_key|session|exfil|leak|memory|context|instructions|system)=");

    @Override
    public String name() {
        return "heuristic";
    }

    @Override
    public SignalScore score(LlmCall call) {
        Map<String, Double> hits = new LinkedHashMap<>();
        if (call.input() != null) scan(call.input(), 1, "", hits);
        for (String passage : call.context()) scan(passage, CONTEXT_FACTOR, "context:", hits);
        if (hits.isEmpty()) return SignalScore.NONE;
        double clean = 1;
        for (double w : hits.values()) clean *= 1 - w;
        return new SignalScore(1 - clean, List.copyOf(hits.keySet()));
    }

    private static void scan(String text, double factor, String prefix, Map<String, Double> hits) {
        Cleaned c = clean(text);
        StringBuilder hidden = new StringBuilder();
        if (c.smuggled() != null) hidden.append(c.smuggled()).append(' ');
        if (c.tags() >= MIN_TAGS) hit(hits, prefix, "unicode_tags", W_UNICODE_TAGS * factor);
        if (c.invisible() >= MIN_INVISIBLE) {
            hit(hits, prefix, "invisible_chars", (c.invisible() >= MANY_INVISIBLE ? W_MANY_INVISIBLE : W_SOME_INVISIBLE) * factor);
        }
        if (hasRoleMarker(c.lower())) hit(hits, prefix, "role_marker", W_ROLE_MARKER * factor);
        markdownExfiltration(c.lower(), factor, prefix, hits);
        if (base64Blobs(text, hidden)) hit(hits, prefix, "base64_blob", W_BASE64 * factor);
        boolean[] matched = new boolean[RULES.size()];
        matchRules(c.words(), matched);
        // Text hidden in tag characters or base64 is still read by the model, so it is judged the same way.
        if (!hidden.isEmpty()) matchRules(clean(hidden.toString()).words(), matched);
        for (Rule r : RULES) if (matched[r.index()]) hit(hits, prefix, r.name(), r.weight() * factor);
    }

    private static void hit(Map<String, Double> hits, String prefix, String name, double weight) {
        hits.merge(prefix + name, weight, Math::max);
    }

    /** One pass over the words records trigger hits and present needles; then the hits whose rule has its needles are tried. */
    private static void matchRules(String w, boolean[] matched) {
        int n = w.length();
        boolean[] present = new boolean[NEEDLE_COUNT];
        int[] hits = new int[32]; // pairs of (word start, rule index)
        int hitCount = 0;
        for (int s = 0; s < n; ) {
            int e = w.indexOf(' ', s);
            if (e < 0) e = n;
            char first = w.charAt(s);
            char second = e - s > 1 ? w.charAt(s + 1) : ' ';
            if (first >= 'a' && first <= 'z' && second >= 'a' && second <= 'z') {
                int b = bucket(first, second);
                for (Prefix p : NEEDLES[b]) {
                    if (!present[p.id()] && e - s >= p.text().length() && w.startsWith(p.text(), s)) present[p.id()] = true;
                }
                for (Prefix p : TRIGGERS[b]) {
                    if (matched[p.id()] || e - s < p.text().length() || !w.startsWith(p.text(), s)) continue;
                    if (hitCount == hits.length) hits = Arrays.copyOf(hits, hitCount * 2);
                    hits[hitCount++] = s;
                    hits[hitCount++] = p.id();
                }
            }
            s = e + 1;
        }
        Matcher[] matchers = new Matcher[RULES.size()];
        for (int h = 0; h < hitCount; h += 2) {
            int s = hits[h];
            Rule r = RULES.get(hits[h + 1]);
            if (matched[r.index()] || !hasNeedles(r, present)) continue;
            Matcher m = matchers[r.index()];
            if (m == null) m = matchers[r.index()] = r.pattern().matcher(w).useTransparentBounds(true);
            m.region(s, Math.min(n, s + WINDOW));
            matched[r.index()] = m.lookingAt() && (r.cue() == null
                    || r.cue().matcher(w).useTransparentBounds(true).region(Math.max(0, s - CUE_WINDOW), s).find());
        }
    }

    /**
     * One pass that yields the lower-cased text without invisible characters (for the markup
     * checks) and the normalised word stream (for the phrase patterns), counts the invisible
     * characters, and decodes Unicode tag characters, which render as nothing but spell out
     * ASCII that a model still reads. ASCII, the bulk of most inputs, takes a branch-light fast
     * path; other characters are folded with {@link Text#fold} (accents, full-width and
     * mathematical letters) or kept, lower-cased.
     */
    private static Cleaned clean(String s) {
        int n = s.length();
        char[] lower = new char[n + 16];
        char[] words = new char[n + 16];
        int lo = 0;
        int wo = 0;
        StringBuilder smuggled = null;
        int invisible = 0;
        int tags = 0;
        int prev = ' ';
        boolean flag = false;
        boolean gap = false;
        for (int i = 0; i < n; ) {
            if (lo + 8 > lower.length) { // folding can expand ("\uFB03" is "ffi"); words never outgrows lower
                lower = Arrays.copyOf(lower, lower.length * 2);
                words = Arrays.copyOf(words, lower.length);
            }
            char ch = s.charAt(i);
            if (ch < 0x80) {
                i++;
                prev = ch;
                flag = false;
                char lc = ch >= 'A' && ch <= 'Z' ? (char) (ch + 32) : ch;
                lower[lo++] = lc;
                if (Text.isAsciiAlnum(lc)) {
                    if (gap && wo > 0) words[wo++] = ' ';
                    gap = false;
                    words[wo++] = lc;
                } else {
                    gap = true;
                }
                continue;
            }
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= 0xE0000 && cp <= 0xE007F) {
                // Tag sequences are legitimate only inside subdivision flags (black flag, tags, cancel tag).
                if (!flag) {
                    tags++;
                    if (cp >= 0xE0020 && cp <= 0xE007E) {
                        if (smuggled == null) smuggled = new StringBuilder();
                        smuggled.append((char) (cp - 0xE0000));
                    }
                }
                continue;
            }
            flag = cp == 0x1F3F4;
            if (cp >= 0xE0100 && cp <= 0xE01EF) { // variation selectors that can encode arbitrary bytes after one emoji
                invisible++;
                continue;
            }
            if (isInvisible(cp)) {
                // Zero-width joiners and non-joiners are needed in emoji and in Arabic, Persian and Indic
                // scripts; inside Latin text they only serve to split words past a filter.
                if (prev < 0x80) invisible++;
                continue;
            }
            String folded = Text.fold(cp);
            if (folded == null && Character.getType(cp) == Character.NON_SPACING_MARK) continue;
            prev = cp;
            if (folded != null) {
                for (int k = 0; k < folded.length(); k++) {
                    char fc = folded.charAt(k);
                    lower[lo++] = fc;
                    if (Text.isAsciiAlnum(fc)) {
                        if (gap && wo > 0) words[wo++] = ' ';
                        gap = false;
                        words[wo++] = fc;
                    } else {
                        gap = true;
                    }
                }
                continue;
            }
            int lc = Character.toLowerCase(cp);
            lo += Character.toChars(lc, lower, lo);
            if (Character.isLetterOrDigit(cp)) {
                if (gap && wo > 0) words[wo++] = ' ';
                gap = false;
                wo += Character.toChars(lc, words, wo);
            } else {
                gap = true;
            }
        }
        return new Cleaned(new String(lower, 0, lo), new String(words, 0, wo), invisible, tags,
                smuggled == null ? null : smuggled.toString());
    }

    private static boolean isInvisible(int cp) {
        return cp == 0x00AD || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
    }

    /** Chat-template tokens and headings that try to open a new system turn inside user text. */
    private static boolean hasRoleMarker(String lower) {
        for (String marker : LITERAL_MARKERS) if (lower.contains(marker)) return true;
        Matcher chat = CHAT_TOKEN.matcher(lower);
        for (int i = lower.indexOf("<|"); i >= 0; i = lower.indexOf("<|", i + 2)) {
            if (chat.region(i, lower.length()).lookingAt()) return true;
        }
        Matcher heading = SYSTEM_HEADING.matcher(lower);
        for (int i = lower.indexOf("##"); i >= 0; i = lower.indexOf("##", i + 2)) {
            if ((i == 0 || lower.charAt(i - 1) != '#') && heading.region(i, lower.length()).lookingAt()) return true;
        }
        return false;
    }

    /** Markdown images and links (and HTML images) whose URL query could carry the conversation out. */
    private static void markdownExfiltration(String lower, double factor, String prefix, Map<String, Double> hits) {
        // After a match the search resumes past its URL, so a long query is read once, not once per "](" inside it.
        Matcher target = MD_TARGET.matcher(lower);
        int i = lower.indexOf("](");
        while (i >= 0) {
            int next = i + 2;
            if (target.region(i, lower.length()).lookingAt()) {
                String query = target.group(1);
                if (isImage(lower, i)) {
                    if (IMAGE_QUERY.matcher(query).find()) hit(hits, prefix, "markdown_image_exfil", W_IMAGE_EXFIL * factor);
                } else if (LINK_QUERY.matcher(query).find()) {
                    hit(hits, prefix, "markdown_link_exfil", W_LINK_EXFIL * factor);
                }
                next = target.end();
            }
            i = lower.indexOf("](", next);
        }
        Matcher img = HTML_IMG.matcher(lower);
        i = lower.indexOf("<img");
        while (i >= 0) {
            int next = i + 4;
            if (img.region(i, lower.length()).lookingAt()) {
                if (IMAGE_QUERY.matcher(img.group(1)).find()) hit(hits, prefix, "markdown_image_exfil", W_IMAGE_EXFIL * factor);
                next = img.end();
            }
            i = lower.indexOf("<img", next);
        }
    }

    /** Whether the "](" at {@code close} ends the alt text of an image, "![...](". */
    private static boolean isImage(String lower, int close) {
        for (int k = close - 1; k >= Math.max(0, close - 300); k--) {
            char ch = lower.charAt(k);
            if (ch == '[') return k > 0 && lower.charAt(k - 1) == '!';
            if (ch == ']' || ch == '\n') return false;
        }
        return false;
    }

    /**
     * Finds base64-looking runs and appends the readable ones, decoded, to {@code hidden}.
     * Mixed case and digits, many distinct characters and few separators tell a blob from a
     * hex digest, a path or a long identifier.
     */
    private static boolean base64Blobs(String text, StringBuilder hidden) {
        boolean found = false;
        int n = text.length();
        for (int i = 0; i < n; ) {
            if (!isBase64Char(text.charAt(i))) {
                i++;
                continue;
            }
            int j = i + 1;
            while (j < n && isBase64Char(text.charAt(j))) j++;
            if (j - i >= MIN_BLOB && looksEncoded(text, i, j)) {
                found = true;
                String decoded = decodeReadable(text.substring(i, j));
                if (decoded != null) hidden.append(decoded).append(' ');
            }
            i = j;
        }
        return found;
    }

    private static boolean looksEncoded(String text, int from, int to) {
        boolean upper = false, lower = false, digit = false;
        int separators = 0;
        long seen0 = 0, seen1 = 0;
        for (int k = from; k < to; k++) {
            char ch = text.charAt(k);
            upper |= ch >= 'A' && ch <= 'Z';
            lower |= ch >= 'a' && ch <= 'z';
            digit |= ch >= '0' && ch <= '9';
            if (ch == '/' || ch == '+' || ch == '-' || ch == '_') separators++;
            if (ch < 64) seen0 |= 1L << ch;
            else seen1 |= 1L << (ch - 64);
        }
        return upper && lower && digit && separators * 16 <= to - from && Long.bitCount(seen0) + Long.bitCount(seen1) >= 20;
    }

    private static boolean isBase64Char(char c) {
        return c < 128 && BASE64[c];
    }

    private static String decodeReadable(String blob) {
        String b = blob.length() % 4 == 1 ? blob.substring(0, blob.length() - 1) : blob;
        byte[] bytes;
        try {
            bytes = (b.indexOf('-') >= 0 || b.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(b);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int printable = 0;
        for (byte x : bytes) if ((x >= 0x20 && x < 0x7F) || x == '\n' || x == '\r' || x == '\t') printable++;
        return printable * 10 >= bytes.length * 9 ? new String(bytes, StandardCharsets.US_ASCII) : null;
    }
}

package org.aegisml.console.views.internal.model;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the console writes numbers, money, times and states; one place, so every view agrees. */
public final class Format {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Format() {
    }

    /** A share in [0, 1] as a percentage: 0.0123 -> "1.23 %"; null -> "–". */
    public static String percent(Double share) {
        if (share == null || share.isNaN()) return "–";
        double p = share * 100;
        return String.format(Locale.ROOT, Math.abs(p) >= 10 || p == 0 ? "%.1f %%" : "%.2f %%", p);
    }

    /** Money with two decimals, smaller amounts with enough digits to be non-zero: 0.00042 -> "$0.00042". */
    public static String money(double amount) {
        if (amount == 0) return "$0.00";
        double a = Math.abs(amount);
        String digits = a >= 0.01 ? "%.2f" : a >= 0.0001 ? "%.5f" : "%.2e";
        return (amount < 0 ? "-$" : "$") + String.format(Locale.ROOT, digits, a);
    }

    /** A measured value with up to four significant decimals, for metrics of any scale. */
    public static String number(Double v) {
        if (v == null || v.isNaN()) return "–";
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e6 || a < 1e-3)) return String.format(Locale.ROOT, "%.3g", v);
        if (a >= 100) return String.format(Locale.ROOT, "%.1f", v);
        return String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** A point in time in the operator's zone; null -> "–". */
    public static String time(Instant t, ZoneId zone) {
        return t == null ? "–" : TIME.format(t.atZone(zone));
    }

    /** How long ago, coarsely: "12 s ago", "5 min ago", "3 h ago", "2 d ago". */
    public static String ago(Instant t, Instant now) {
        if (t == null) return "–";
        Duration d = Duration.between(t, now);
        if (d.isNegative()) return "just now";
        long s = d.toSeconds();
        if (s < 60) return s + " s ago";
        if (s < 3600) return s / 60 + " min ago";
        if (s < 86_400) return s / 3600 + " h ago";
        return s / 86_400 + " d ago";
    }

    /** A wire-style enum name in words: ROLLED_BACK -> "rolled back". */
    public static String words(Enum<?> e) {
        return e == null ? "–" : e.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}

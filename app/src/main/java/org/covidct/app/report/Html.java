package org.covidct.app.report;

import java.util.Locale;

/** Small helpers for writing HTML by hand (reports are self-contained, no template engine). */
public final class Html {
    private Html() {
    }

    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    public static String pct(double f) {
        return Double.isNaN(f) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * f);
    }

    public static String num(double v, int decimals) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** The shared style sheet of every page. */
    public static String style() {
        return """
                <style>
                body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:0;color:#1d2430;background:#f4f6f8}
                main{max-width:1240px;margin:0 auto;padding:24px 32px 48px}
                h1{font-size:26px;margin:0 0 4px} h2{font-size:19px;margin:28px 0 10px;border-bottom:1px solid #d5dbe1;padding-bottom:4px}
                .sub{color:#5a6675;margin:0 0 18px}
                .card{background:#fff;border:1px solid #d5dbe1;border-radius:8px;padding:16px 20px;margin:12px 0}
                .verdict{font-size:24px;font-weight:700;padding:16px 20px;border-radius:8px;margin:16px 0 8px}
                .covid{background:#fde8e8;border:2px solid #c0392b;color:#8e1f14}
                .normal{background:#e6f4ea;border:2px solid #2e7d32;color:#1b5e20}
                .undecided{background:#fff4e0;border:2px solid #e08a00;color:#7a4a00}
                .warn{background:#fff8e1;border:1px solid #e0b000;border-radius:8px;padding:10px 16px;margin:10px 0}
                .warn li{margin:4px 0}
                .note{color:#5a6675;font-size:13px}
                table{border-collapse:collapse;font-size:14px;background:#fff}
                th,td{border:1px solid #d5dbe1;padding:4px 8px;text-align:right}
                th{background:#eef1f4} td.l,th.l{text-align:left}
                .strip{display:flex;flex-wrap:wrap;gap:3px}
                .strip figure{margin:0;width:66px;text-align:center;font-size:10px;color:#5a6675}
                .strip figure{cursor:zoom-in}
                .strip img{width:64px;height:64px;display:block;box-sizing:border-box;border:4px solid #b8c0c8}
                .strip figure.dropped img{opacity:.45}
                .strip figure.kept img{border-color:#2e7d32}
                .strip figure.kept.cv img{border-color:#c0392b}
                .strip figure.inf{box-shadow:0 -4px 0 #f39c12}
                .legend span.inf{background:#f39c12;height:4px}
                .zoom{position:fixed;inset:0;background:rgba(16,20,26,.88);display:flex;flex-direction:column;align-items:center;justify-content:center;z-index:10;cursor:zoom-out}
                .zoom[hidden]{display:none}
                .zoom img{width:min(80vh,90vw);height:min(80vh,90vw);image-rendering:auto;background:#000}
                .zoom figcaption{color:#fff;font-size:15px;text-align:center} .zoom .note{color:#c8d0d8}
                .banner{font-weight:700;padding:10px 16px;border-radius:8px;margin:10px 0}
                .banner.unvalidated{background:#5c0f0f;color:#fff} .banner code{background:rgba(255,255,255,.18);color:#fff}
                .banner.synthetic{background:#4a3a00;color:#fff}
                .modelcard th{width:160px;vertical-align:top} .modelcard td{max-width:900px}
                .legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 14px;vertical-align:middle}
                .cams{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:14px}
                .cams figure{margin:0;background:#fff;border:1px solid #d5dbe1;border-radius:8px;padding:8px}
                .cams img{width:100%;display:block}
                .pair{display:grid;grid-template-columns:1fr 1fr;gap:4px}
                figcaption{font-size:13px;margin-top:6px}
                code{background:#eef1f4;padding:1px 4px;border-radius:3px}
                a{color:#1f5fa8}
                </style>
                """;
    }
}

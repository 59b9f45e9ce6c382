package org.covidct.app.server;

import org.covidct.core.dicom.DicomHeader;
import org.covidct.core.dicom.Tag;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chooses the series of a study to analyse: only axial CT image series qualify (modality CT, CT Image
 * Storage, orientation within 30 degrees of axial, not a localizer); among them a lung series first (the
 * kernel or the series description says lung, or a sharp Siemens kernel), then the one with most slices,
 * then the lowest series number. The choice and every series seen are reported with the job.
 */
public final class SeriesPicker {

    private static final Pattern LUNG_WORDS = Pattern.compile("(?i).*(lung|pulm|poumon|lunge).*");
    /** Siemens kernels name their sharpness: B70f, Br64, I70f... 60 and above are the lung reconstructions. */
    private static final Pattern SIEMENS_KERNEL = Pattern.compile("(?i)(b|i|br|bl|hr)(\\d{2})[a-z]?\\d?");

    /** The picked series: its description for the job, and its files. */
    public record Pick(JobRecord.PickedSeries series, List<Path> files) {
    }

    private record Group(List<DicomHeader> headers) {
        DicomHeader first() {
            return headers.get(0);
        }

        boolean eligible() {
            DicomHeader h = first();
            return "CT".equals(h.modality()) && h.isCtImageStorage() && h.isAxial() && h.hasPixelData();
        }

        String kernel() {
            return first().attributes().string(Tag.CONVOLUTION_KERNEL);
        }

        boolean lungHint() {
            String description = first().attributes().string(0x0008103E);
            String kernel = kernel();
            return matches(LUNG_WORDS, description) || matches(LUNG_WORDS, kernel) || sharpSiemens(kernel);
        }

        JobRecord.Candidate candidate() {
            DicomHeader h = first();
            return new JobRecord.Candidate(h.seriesNumber(), h.modality(), headers.size(), h.isAxial(),
                    h.isCtImageStorage(), lungHint());
        }
    }

    private SeriesPicker() {
    }

    static boolean sharpSiemens(String kernel) {
        if (kernel == null) {
            return false;
        }
        Matcher m = SIEMENS_KERNEL.matcher(kernel.trim());
        return m.matches() && Integer.parseInt(m.group(2)) >= 60;
    }

    private static boolean matches(Pattern p, String s) {
        return s != null && p.matcher(s).matches();
    }

    /**
     * @param headers the headers of every DICOM file of the study
     * @throws HttpFailure 422 when no series qualifies
     */
    public static Pick pick(List<DicomHeader> headers) {
        Map<String, List<DicomHeader>> bySeries = new LinkedHashMap<>();
        for (DicomHeader h : headers) {
            String uid = h.seriesInstanceUid();
            bySeries.computeIfAbsent(uid == null ? "" : uid, k -> new ArrayList<>()).add(h);
        }
        List<Group> groups = bySeries.values().stream().map(Group::new)
                .sorted(Comparator.comparing((Group g) -> g.first().seriesNumber(), Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
        List<JobRecord.Candidate> seen = groups.stream().map(Group::candidate).toList();
        List<Group> eligible = groups.stream().filter(Group::eligible)
                .sorted(Comparator.comparing((Group g) -> !g.lungHint())
                        .thenComparing(g -> -g.headers().size())
                        .thenComparing(g -> g.first().seriesNumber(), Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
        if (eligible.isEmpty()) {
            throw new HttpFailure(422, "no axial CT image series in the study (series seen: " + describe(seen) + ")");
        }
        Group chosen = eligible.get(0);
        String reason;
        if (eligible.size() == 1) {
            reason = "the only axial CT image series (of " + groups.size() + " series)";
        } else {
            boolean most = chosen.headers().size() >= eligible.stream().mapToInt(g -> g.headers().size()).max().orElse(0);
            reason = (chosen.lungHint() ? (most ? "lung kernel or description, and most slices"
                    : "lung kernel or description (preferred to more slices)") : "most slices")
                    + ", among " + eligible.size() + " axial CT image series";
        }
        Integer number = chosen.first().seriesNumber();
        String label = number == null || number < 0 ? "series" : "SR_" + number;
        JobRecord.PickedSeries picked = new JobRecord.PickedSeries(label, number, chosen.headers().size(),
                chosen.first().modality(), chosen.kernel(), reason, seen);
        return new Pick(picked, chosen.headers().stream().map(DicomHeader::file).toList());
    }

    /** A value from a file, fit for a one-line message: printable ASCII, at most 16 characters. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 16; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return b.toString();
    }

    private static String describe(List<JobRecord.Candidate> seen) {
        if (seen.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        for (JobRecord.Candidate c : seen) {
            parts.add(String.format(Locale.ROOT, "%s (%s, %d files%s%s)",
                    c.seriesNumber() == null ? "unnumbered" : "SR_" + c.seriesNumber(),
                    c.modality() == null ? "no modality" : printable(c.modality()), c.slices(), c.axial() ? ", axial" : "",
                    c.ctImage() ? "" : ", not a CT image"));
        }
        return String.join(", ", parts);
    }
}

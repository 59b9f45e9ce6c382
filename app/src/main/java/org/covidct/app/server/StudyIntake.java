package org.covidct.app.server;

import org.covidct.core.CovidctException;
import org.covidct.core.dicom.DicomFile;
import org.covidct.core.dicom.DicomHeader;
import org.covidct.core.load.DicomSeries;
import org.covidct.core.dicom.Tag;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Turns an upload (a zip of DICOM files, or a STOW-RS multipart/related body) into a staged series folder:
 * every file is written under the staging folder with a name of ours (never one from the upload), checked
 * as DICOM, the series to analyse is picked, and its files are renamed {@code IM00001.dcm...} in sweep
 * order. Anything wrong is an {@link HttpFailure}; the caller then deletes the staging folder, so nothing of
 * a refused upload stays. Files need not carry valid UIDs: UUID strings or an empty SOPInstanceUID (as in
 * de-identified public data) are accepted, since only the series grouping reads them.
 */
public final class StudyIntake {

    /** More files than this in one upload is refused (a zip of tiny entries is a resource attack, not a study). */
    static final int MAX_FILES = 20_000;
    /** A zip may expand to at most this multiple of the upload limit. */
    static final int MAX_EXPANSION = 4;

    /** One instance received, for the STOW-RS response. */
    record Instance(String sopClassUid, String sopInstanceUid) {
    }

    /** What an upload gave: the picked series (staged) and every instance received. */
    record Received(StagedSeries staged, List<Instance> instances) {
    }

    private final long maxBytes;

    StudyIntake(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** A zip body: entries anywhere in the archive, non-DICOM entries (README, DICOMDIR without images) skipped. */
    Received zip(InputStream body, Path staging) throws IOException {
        BoundedInput in = new BoundedInput(body, maxBytes);
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4 || magic[0] != 'P' || magic[1] != 'K' || magic[2] != 3 || magic[3] != 4) {
            throw new HttpFailure(400, "the body is not a zip file (send Content-Type: application/zip with a zip of DICOM files)");
        }
        Path raw = Files.createDirectories(staging.resolve("raw"));
        List<Path> files = new ArrayList<>();
        long expanded = 0;
        long maxExpanded = maxBytes * MAX_EXPANSION;
        int index = 0;
        try (ZipInputStream zip = new ZipInputStream(new java.io.SequenceInputStream(
                new java.io.ByteArrayInputStream(magic), in))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                index++;
                if (escapes(e.getName())) {
                    throw new HttpFailure(400, "zip entry " + index + " points outside the archive (absolute path or ..): refused");
                }
                if (e.isDirectory()) {
                    continue;
                }
                if (files.size() >= MAX_FILES) {
                    throw new HttpFailure(413, "more than " + MAX_FILES + " files in the zip");
                }
                Path f = raw.resolve(String.format(Locale.ROOT, "f%06d", files.size()));
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(f))) {
                    byte[] buf = new byte[64 * 1024];
                    int n;
                    while ((n = zip.read(buf)) > 0) {
                        expanded += n;
                        if (expanded > maxExpanded) {
                            throw new HttpFailure(413, "the zip expands to more than " + maxExpanded + " bytes");
                        }
                        out.write(buf, 0, n);
                    }
                }
                files.add(f);
            }
        } catch (ZipException e) {
            throw new HttpFailure(400, "unreadable zip (" + e.getMessage() + ")");
        }
        List<DicomHeader> headers = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            if (!DicomFile.looksLikeDicom(f)) {
                Files.delete(f);
                continue;
            }
            headers.add(header(f, "zip file " + (i + 1)));
        }
        if (headers.isEmpty()) {
            throw new HttpFailure(422, "no DICOM file in the zip");
        }
        return received(headers, staging);
    }

    /**
     * A STOW-RS body (PS3.18 10.5): multipart/related with type application/dicom, one DICOM file per part.
     *
     * @param study the StudyInstanceUID of the target resource ({@code /dicomweb/studies/{study}}), or null
     */
    Received stow(InputStream body, String contentType, Path staging, String study) throws IOException {
        String media = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("multipart/related")) {
            throw new HttpFailure(415, "STOW-RS takes multipart/related; type=\"application/dicom\", not " + (media.isEmpty() ? "no Content-Type" : media));
        }
        String type = MultipartRelated.parameter(contentType, "type");
        if (type != null && !type.trim().equalsIgnoreCase("application/dicom")) {
            throw new HttpFailure(415, "only type=\"application/dicom\" parts are accepted (not " + type + ")");
        }
        String boundary = MultipartRelated.boundary(contentType);
        if (boundary == null || boundary.isEmpty() || boundary.length() > 200) {
            throw new HttpFailure(400, "multipart/related without a usable boundary parameter");
        }
        Path raw = Files.createDirectories(staging.resolve("raw"));
        List<Path> files = new ArrayList<>();
        MultipartRelated parts = new MultipartRelated(new BoundedInput(body, maxBytes), boundary);
        parts.readAll((i, headers) -> {
            String partType = headers.get("content-type");
            if (partType != null && !partType.split(";")[0].trim().equalsIgnoreCase("application/dicom")) {
                throw new HttpFailure(415, "part " + (i + 1) + " is " + partType.split(";")[0].trim() + ", not application/dicom");
            }
            if (files.size() >= MAX_FILES) {
                throw new HttpFailure(413, "more than " + MAX_FILES + " parts");
            }
            Path f = raw.resolve(String.format(Locale.ROOT, "f%06d", files.size()));
            files.add(f);
            return new BufferedOutputStream(Files.newOutputStream(f));
        });
        if (files.isEmpty()) {
            throw new HttpFailure(400, "no part in the multipart body");
        }
        List<DicomHeader> headers = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            if (!DicomFile.looksLikeDicom(f)) {
                throw new HttpFailure(400, "part " + (i + 1) + " is not a DICOM file: nothing was stored");
            }
            DicomHeader h = header(f, "part " + (i + 1));
            if (study != null && !study.equals(h.studyInstanceUid())) {
                throw new HttpFailure(409, "part " + (i + 1) + " belongs to another study than the one in the URL: nothing was stored");
            }
            headers.add(h);
        }
        return received(headers, staging);
    }

    private static DicomHeader header(Path f, String what) {
        try {
            DicomHeader h = DicomFile.readHeader(f);
            if (!h.hasPixelData() && h.attributes().string(Tag.MODALITY) == null && h.sopClassUid() == null) {
                throw new HttpFailure(400, what + " is not a DICOM data set");
            }
            return h;
        } catch (CovidctException e) {
            String problem = e.file() == null ? e.getMessage() : e.getMessage().substring(e.file().toString().length() + 2);
            throw new HttpFailure(400, what + ": " + problem);
        }
    }

    private static Received received(List<DicomHeader> headers, Path staging) {
        List<Instance> instances = headers.stream().map(h -> new Instance(orEmpty(h.sopClassUid()),
                orEmpty(h.attributes().string(Tag.SOP_INSTANCE_UID)))).toList();
        return new Received(stage(headers, staging), instances);
    }

    /**
     * Reads the headers of DICOM files (named by us) and stages the series to analyse: see {@link #stage(List, Path)}.
     *
     * @throws HttpFailure 400 for a file that is not readable DICOM, 422 when no series qualifies
     */
    public static StagedSeries stageFiles(List<Path> files, Path staging) {
        List<DicomHeader> headers = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            headers.add(header(files.get(i), "file " + (i + 1)));
        }
        return stage(headers, staging);
    }

    /** Picks the series and moves its files into {@code staging/series} as IM00001.dcm... in sweep order. */
    private static StagedSeries stage(List<DicomHeader> headers, Path staging) {
        SeriesPicker.Pick pick = SeriesPicker.pick(headers);
        Map<Path, DicomHeader> byFile = new java.util.HashMap<>();
        headers.forEach(h -> byFile.put(h.file(), h));
        List<DicomSeries.Slice> slices = new ArrayList<>(pick.files().stream()
                .map(f -> new DicomSeries.Slice(f, byFile.get(f))).toList());
        slices.sort(DicomSeries.SWEEP_ORDER);
        try {
            Path series = Files.createDirectories(staging.resolve("series"));
            for (int i = 0; i < slices.size(); i++) {
                Files.move(slices.get(i).file(), series.resolve(String.format(Locale.ROOT, "IM%05d.dcm", i + 1)));
            }
            JobStore.deleteTree(staging.resolve("raw"));
            return new StagedSeries(pick.series(), series);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** An entry name that would leave the folder it is extracted into (zip-slip). */
    static boolean escapes(String name) {
        String n = name.replace('\\', '/');
        if (n.indexOf('\0') >= 0 || n.startsWith("/") || n.matches("^[A-Za-z]:.*")) {
            return true;
        }
        for (String part : n.split("/")) {
            if (part.equals("..")) {
                return true;
            }
        }
        return false;
    }
}

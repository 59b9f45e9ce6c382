package org.covidct.app.pacs;

import com.fasterxml.jackson.databind.JsonNode;
import org.covidct.nn.run.Versions;
import org.covidct.app.detect.DetectionFiles;
import org.covidct.app.detect.SeriesSource;
import org.covidct.app.report.Images;
import org.covidct.app.server.DetectionCsv;
import org.covidct.app.server.JobRecord;
import org.covidct.app.server.Json;
import org.covidct.app.server.PacsHooks;
import org.covidct.app.server.SeriesDetector;
import org.covidct.app.server.ServerLog;
import org.covidct.app.server.StagedSeries;
import org.covidct.app.server.StudyIntake;
import org.covidct.core.CovidctException;
import org.covidct.core.dicom.DicomFile;
import org.covidct.core.dicom.DicomHeader;
import org.covidct.core.dicom.DicomUids;
import org.covidct.core.dicom.derived.BasicTextSr;
import org.covidct.core.dicom.derived.Code;
import org.covidct.core.dicom.derived.SecondaryCaptureImage;
import org.covidct.core.dicom.derived.SourceSeries;
import org.covidct.core.image.CtSlice;
import org.covidct.core.series.Series;
import org.covidct.nn.explain.Heatmap;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Orthanc as the source and destination of jobs: fetches a stable series instance by instance, and stores
 * back into its study a Basic Text SR (decision, fraction, rule, model card) and a Secondary Capture of the
 * key slices with their Grad-CAM maps. The stored objects' UIDs are derived from the source series and the
 * model's weights, so storing them again after a restart gives the same instances (Orthanc answers
 * AlreadyStored), never a second report.
 */
public final class OrthancPacs implements PacsHooks {

    /** Series numbers of what covidct stores: high, so they sort after the scanner's series. */
    static final int SR_SERIES_NUMBER = 9901;
    static final int SC_SERIES_NUMBER = 9902;
    /** Key slices shown in the Secondary Capture, and the side of each tile. */
    static final int KEY_SLICES = 4;
    static final int TILE = 256;
    /** A coding scheme of our own for the concepts DICOM has no code for (PS3.3 8.2: designators starting 99 are private). */
    static final String SCHEME = "99COVIDCT";
    static final Code DECISION_RULE = new Code("rule", SCHEME, "Decision rule");
    static final Code COVID_FRACTION = new Code("fraction", SCHEME, "COVID slice fraction");
    static final Code MODEL_CARD = new Code("model", SCHEME, "Model card");
    static final Code WARNINGS = new Code("warnings", SCHEME, "Input warnings");

    private final OrthancClient orthanc;
    private final ProcessedLedger ledger;
    private final SeriesDetector detector;
    private final ServerLog log;

    public OrthancPacs(OrthancClient orthanc, ProcessedLedger ledger, SeriesDetector detector, ServerLog log) {
        this.orthanc = orthanc;
        this.ledger = ledger;
        this.detector = detector;
        this.log = log;
    }

    @Override
    public StagedSeries fetch(JobRecord job, Path staging) throws IOException {
        JsonNode series = orthanc.get("/series/" + job.orthanc().series());
        Path raw = Files.createDirectories(staging.resolve("fetched"));
        List<Path> files = new ArrayList<>();
        for (JsonNode instance : series.path("Instances")) {
            Path f = raw.resolve(String.format(Locale.ROOT, "f%06d", files.size()));
            Files.write(f, orthanc.getBytes("/instances/" + instance.asText() + "/file"));
            files.add(f);
        }
        if (files.isEmpty()) {
            throw new CovidctException("Orthanc series " + job.orthanc().series() + " has no instance");
        }
        log.info("job " + job.job() + ": fetched " + files.size() + " instances from Orthanc");
        return StudyIntake.stageFiles(files, staging);
    }

    @Override
    public JobRecord.OrthancLink publish(JobRecord job, Path seriesDir, Path resultDir) throws IOException {
        JsonNode decision = Json.FILES.readTree(resultDir.resolve(DetectionFiles.JSON).toFile());
        List<DicomHeader> headers;
        try (Stream<Path> s = Files.list(seriesDir)) {
            headers = s.sorted().map(DicomFile::readHeader).toList();
        }
        SourceSeries source;
        try {
            source = SourceSeries.of(headers);
        } catch (IllegalArgumentException e) {
            throw new CovidctException(seriesDir, "cannot file results into the study: " + e.getMessage());
        }
        String base = "covidct/" + source.seriesInstanceUid() + "/" + decision.path("model").path("weights_sha256").asText();
        LocalDateTime now = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
        String version = "covidct " + Versions.current().get("covidct");

        BasicTextSr.Builder sr = BasicTextSr.builder().setSource(source)
                .setSeries(DicomUids.fromName(base + "/sr-series"), SR_SERIES_NUMBER, "covidct COVID-19 analysis")
                .setInstanceUid(DicomUids.fromName(base + "/sr")).setCreated(now).optEquipment("covidct", version);
        for (Text t : texts(decision, job)) {
            sr.addText(t.concept(), t.text());
        }
        String srId = store(sr.build().encode(), job, "SR");

        String scId = null;
        BufferedImage keys = keySlices(seriesDir, resultDir);
        if (keys != null) {
            byte[] sc = SecondaryCaptureImage.builder().setSource(source)
                    .setSeries(DicomUids.fromName(base + "/sc-series"), SC_SERIES_NUMBER, "covidct key slices, Grad-CAM")
                    .setInstanceUid(DicomUids.fromName(base + "/sc")).setCreated(now).optEquipment("covidct", version)
                    .setImage(keys).optComments("The kept slices with the highest COVID probability, lung window, with "
                            + "the Grad-CAM map of the network (red = strongest evidence). Research software, not a diagnosis.")
                    .build().encode();
            scId = store(sc, job, "Secondary Capture");
        }
        ledger.published(job.orthanc().series(), job.job(), srId, scId);
        log.info("job " + job.job() + ": stored SR " + srId + (scId == null ? "" : " and Secondary Capture " + scId)
                + " into Orthanc study " + job.orthanc().study());
        return new JobRecord.OrthancLink(job.orthanc().series(), job.orthanc().study(), srId, scId);
    }

    private String store(byte[] dicom, JobRecord job, String what) throws IOException {
        JsonNode r = orthanc.store(dicom);
        String parent = r.path("ParentStudy").asText("");
        if (job.orthanc().study() != null && !job.orthanc().study().equals(parent)) {
            throw new CovidctException("Orthanc filed the " + what + " into study " + parent + ", not the source's "
                    + job.orthanc().study());
        }
        return r.path("ID").asText();
    }

    /** One TEXT item of the report. */
    record Text(Code concept, String text) {
    }

    /** The report's items, all from decision.json as the detection wrote it. */
    static List<Text> texts(JsonNode d, JobRecord job) {
        List<Text> out = new ArrayList<>();
        String decision = d.path("decision").isTextual() ? d.get("decision").asText() : null;
        String finding = switch (decision == null ? "" : decision) {
            case "covid" -> "COVID-19 pattern detected";
            case "normal" -> "No COVID-19 pattern detected";
            case "" -> "No decision: " + d.path("no_decision_reason").asText("the input cannot carry one");
            default -> "Decision: " + decision + (d.hasNonNull("no_decision_reason") ? " (" + d.get("no_decision_reason").asText() + ")" : "");
        };
        out.add(new Text(Code.FINDING, finding));
        JsonNode counts = d.path("counts");
        String fraction = d.path("fraction").isNumber() ? String.format(Locale.ROOT, "%.4f", d.get("fraction").asDouble()) : "none";
        out.add(new Text(COVID_FRACTION, String.format(Locale.ROOT, "%s (%d of %d kept slices classified COVID; %d slices in series %s)",
                fraction, counts.path("covid").asInt(), counts.path("kept").asInt(), counts.path("slices").asInt(),
                job.series() == null ? "?" : job.series().label())));
        out.add(new Text(DECISION_RULE, d.path("rule").asText()));
        out.add(new Text(MODEL_CARD, d.path("model").toString()));
        if (d.path("warnings").size() > 0) {
            List<String> w = new ArrayList<>();
            d.get("warnings").forEach(x -> w.add(x.asText()));
            out.add(new Text(WARNINGS, String.join("; ", w)));
        }
        out.add(new Text(Code.ALGORITHM_NAME, "covidct (ResNet50V2+FPN pipeline of Rahimzadeh et al., BSPC 68 (2021) 102588)"));
        out.add(new Text(Code.ALGORITHM_VERSION, "covidct " + Versions.current().get("covidct")));
        out.add(new Text(Code.COMMENT, "Research software, not a medical device: the result supports, and does not "
                + "replace, the reading of the images by a radiologist. Key slices with Grad-CAM: series "
                + SC_SERIES_NUMBER + "."));
        return out;
    }

    /** The most suspicious kept slices with their Grad-CAM maps, side by side; null when no slice was kept. */
    BufferedImage keySlices(Path seriesDir, Path resultDir) throws IOException {
        List<DetectionCsv.Row> rows = DetectionCsv.read(resultDir);
        List<DetectionCsv.Row> keys = rows.stream().filter(DetectionCsv.Row::kept)
                .sorted(Comparator.comparingDouble((DetectionCsv.Row r) -> -r.pCovid())).limit(KEY_SLICES).toList();
        if (keys.isEmpty()) {
            return null;
        }
        Series series = SeriesSource.open(seriesDir, SeriesSource.DEFAULT_SERIES).series();
        List<CtSlice> slices = keys.stream().map(r -> series.slices().get(r.index()).read()).toList();
        Heatmap[] maps = detector.heatmaps(slices);
        int cols = Math.min(2, keys.size());
        int rowsOfTiles = (keys.size() + cols - 1) / cols;
        BufferedImage out = new BufferedImage(cols * TILE, rowsOfTiles * TILE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        for (int i = 0; i < slices.size(); i++) {
            BufferedImage tile = Images.scale(Images.overlay(Images.lungWindow(slices.get(i)), maps[i]), TILE);
            g.drawImage(tile, (i % cols) * TILE, (i / cols) * TILE, null);
        }
        g.dispose();
        return out;
    }
}

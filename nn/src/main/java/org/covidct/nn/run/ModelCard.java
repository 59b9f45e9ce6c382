package org.covidct.nn.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a model is and what is known of it, kept in its {@code run.json} (under {@code card}) so that every output
 * made with the model can say it: what it was trained on (with the provenance of each data source, in the spirit of
 * Tribuo's provenance objects: what went in, how much, from where), how it scored on validation, how it scored on
 * real CT scans with radiologists' labels, and what it is for.
 *
 * <p>A card says a model is {@link #validated()} when it holds validation metrics or real-CT scores: detect and the
 * other commands that decide about people refuse a model without (an untrained one, an import without evidence)
 * unless told to accept it. A model trained only on synthetic data is {@link #syntheticOnly()}: its outputs carry a
 * banner. {@link #sha256()} identifies the card in decision.json.
 *
 * <p>Built with {@link #builder()}; the training entry points (train, demo, import-keras, init-model) write one,
 * and {@link RunDir#writeCard} / {@link RunDir#addRealCtScore} update it in place.
 *
 * @param trainedOn   one line: "synthetic phantoms", "COVID-CTset fold 2", "untrained", "imported Keras file ..."
 * @param dataKind    what kind of data the training used, derived from {@code training}
 * @param training    the data sources that went into training, in order
 * @param validation  the held-out evaluation done while making the model, or null when none was done
 * @param realCt      scores on real CT series against radiologists' labels, oldest first (may be empty)
 * @param intendedUse what the model may be used for
 * @param recordedBy  the command that wrote this card
 * @param recordedAt  ISO-8601 UTC time the card was written or last changed
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ModelCard(String trainedOn, DataKind dataKind, List<DataSource> training, Evaluation validation,
                        List<Evaluation> realCt, String intendedUse, String recordedBy, String recordedAt) {

    /** The kind of data a model learnt from. */
    public enum DataKind {
        /** Not trained: initialised weights. */
        @JsonProperty("none") NONE,
        /** Only synthetic data (phantoms, synthetic lesions in synthetic lungs). */
        @JsonProperty("synthetic") SYNTHETIC,
        /** Only real CT. */
        @JsonProperty("real") REAL,
        /** Synthetic and real data (for example synthetic lesions in real lung, or phantoms plus real series). */
        @JsonProperty("synthetic_and_real") SYNTHETIC_AND_REAL,
        /** Not known (an import, or a folder that does not say). */
        @JsonProperty("unknown") UNKNOWN;

        /** The word written in JSON and shown to people. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One data source of training, with its provenance.
     *
     * @param kind        synthetic, real, synthetic_and_real or unknown
     * @param description what it is, for people ("30 phantom persons at 128 px, seed 1", "COVID-CTset fold 2")
     * @param persons     persons it holds (null when not known)
     * @param slices      slices used from it (null when not known)
     * @param location    where it was read from (a folder), or null
     * @param sha256      a hash of its content or file list, or null
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DataSource(DataKind kind, String description, Integer persons, Integer slices, String location,
                             String sha256) {
        public DataSource {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(description, "description");
        }

        public static DataSource synthetic(String description, Integer persons, Integer slices) {
            return new DataSource(DataKind.SYNTHETIC, description, persons, slices, null, null);
        }

        public static DataSource real(String description, Integer persons, Integer slices) {
            return new DataSource(DataKind.REAL, description, persons, slices, null, null);
        }

        public DataSource withLocation(String where, String hash) {
            return new DataSource(kind, description, persons, slices, where, hash);
        }
    }

    /**
     * Scores of the model on data it was not trained on.
     *
     * @param on        what was scored ("fold 1 validation slices", "COVID-CT-MD P001 against the radiologists")
     * @param persons   persons scored (null when not known)
     * @param slices    slices scored (null when not known)
     * @param metrics   named figures (accuracy, slice_auc, sensitivity, specificity, ...), in the order given
     * @param decisions per series scored, the patient decision (covid, normal, undecided); may be empty
     * @param command   the command that measured it
     * @param date      ISO-8601 UTC time of the measurement
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Evaluation(String on, Integer persons, Integer slices, Map<String, Double> metrics,
                             Map<String, String> decisions, String command, String date) {
        public Evaluation {
            Objects.requireNonNull(on, "on");
            metrics = metrics == null ? Map.of() : new LinkedHashMap<>(metrics);
            decisions = decisions == null ? Map.of() : new LinkedHashMap<>(decisions);
            date = date == null ? now() : date;
        }

        /** An evaluation measured now. */
        public static Evaluation of(String on, Integer persons, Integer slices, Map<String, Double> metrics,
                                    String command) {
            return new Evaluation(on, persons, slices, metrics, Map.of(), command, now());
        }

        public Evaluation withDecisions(Map<String, String> byseries) {
            return new Evaluation(on, persons, slices, metrics, byseries, command, date);
        }
    }

    /** What a model made here is for, unless its maker says more. */
    public static final String RESEARCH_USE = "Research on the COVID-CTset pipeline (Rahimzadeh et al. 2021): "
            + "classifying axial chest CT slices and calling a person COVID-19 by the share of kept slices. Not a "
            + "medical device; not for diagnosis.";
    /** What an untrained model is for. */
    public static final String UNTRAINED_USE = "Benchmarks, tests and as a starting point for training: its "
            + "outputs mean nothing.";

    public ModelCard {
        Objects.requireNonNull(trainedOn, "trained_on");
        training = training == null ? List.of() : List.copyOf(training);
        realCt = realCt == null ? List.of() : List.copyOf(realCt);
        dataKind = dataKind == null ? kindOf(training) : dataKind;
        intendedUse = intendedUse == null ? RESEARCH_USE : intendedUse;
    }

    /** The card of an initialised, untrained network. */
    public static ModelCard untrained(String recordedBy) {
        return new ModelCard("untrained", DataKind.NONE, List.of(), null, List.of(), UNTRAINED_USE, recordedBy, now());
    }

    /** The card of weights imported from a Keras file: nothing known of their training or validation. */
    public static ModelCard importedKeras(String fileName, String fileSha256, String recordedBy) {
        String shortSha = fileSha256.length() > 12 ? fileSha256.substring(0, 12) : fileSha256;
        return new ModelCard("imported Keras file " + fileName + " (SHA-256 " + shortSha + "...)", DataKind.UNKNOWN,
                List.of(new DataSource(DataKind.UNKNOWN, "weights of the Keras file " + fileName
                        + "; its training data and validation are not recorded in it", null, null, null, fileSha256)),
                null, List.of(), RESEARCH_USE, recordedBy, now());
    }

    /**
     * The card of a RUN_DIR written before cards existed, from what its manifest says: {@code init} is untrained, a
     * Keras import has no validation, a {@code train} run has the validation accuracy of its best epoch.
     */
    public static ModelCard legacy(RunManifest m) {
        String source = m.source() == null ? "" : m.source();
        String by = "derived by covidct from a run.json without a card";
        if (source.equals("init")) {
            // recorded at the manifest's time, not now: a derived card, and so its hash, is the same at every reading
            return new ModelCard("untrained", DataKind.NONE, List.of(), null, List.of(), UNTRAINED_USE, by,
                    m.createdAt());
        }
        if (source.startsWith("keras-import")) {
            return new ModelCard("imported Keras file " + source.substring(source.indexOf(':') + 1), DataKind.UNKNOWN,
                    List.of(), null, List.of(), RESEARCH_USE, by, m.createdAt());
        }
        Map<String, Object> c = m.config();
        if (source.equals("train") && c.get("best_val_accuracy") instanceof Number acc) {
            String dataDir = String.valueOf(c.getOrDefault("data_dir", "?"));
            Object fold = c.get("fold");
            Integer validationSlices = c.get("validation_slices") instanceof Number n ? n.intValue() : null;
            Integer trainSlices = c.get("train_slices") instanceof Number n ? n.intValue() : null;
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("accuracy", acc.doubleValue());
            return new ModelCard("covidct train on " + dataDir + (fold == null ? "" : " fold " + fold), DataKind.UNKNOWN,
                    List.of(new DataSource(DataKind.UNKNOWN, "flat slice folder " + dataDir, null, trainSlices, dataDir,
                            m.dataHash())),
                    new Evaluation("validation slices" + (fold == null ? "" : " of fold " + fold)
                            + " (best epoch " + c.get("best_epoch") + ")", null, validationSlices, metrics, Map.of(),
                            m.createdBy(), m.createdAt()),
                    List.of(), RESEARCH_USE, by, m.createdAt());
        }
        return new ModelCard("not recorded (source " + (source.isEmpty() ? "unknown" : source) + ")", DataKind.UNKNOWN,
                List.of(), null, List.of(), RESEARCH_USE, by, m.createdAt());
    }

    /** True when the card holds validation metrics or real-CT scores: evidence of how the model performs. */
    public boolean validated() {
        return (validation != null && !validation.metrics().isEmpty()) || !realCt.isEmpty();
    }

    /** True when the model learnt from synthetic data only. */
    public boolean syntheticOnly() {
        return dataKind == DataKind.SYNTHETIC;
    }

    /** Why a model without validation is refused, one sentence (null when validated). */
    public String unvalidatedReason() {
        if (validated()) {
            return null;
        }
        if (dataKind == DataKind.NONE) {
            return "the model is untrained (initialised weights): its outputs mean nothing";
        }
        return "the model (" + trainedOn + ") has no validation metrics and no real-CT scores in its card";
    }

    /** The same card with one more real-CT score, recorded now. */
    public ModelCard withRealCt(Evaluation score, String by) {
        List<Evaluation> all = new ArrayList<>(realCt);
        all.add(score);
        return new ModelCard(trainedOn, dataKind, training, validation, all, intendedUse, by, now());
    }

    /** The same card with its validation replaced. */
    public ModelCard withValidation(Evaluation v, String by) {
        return new ModelCard(trainedOn, dataKind, training, v, realCt, intendedUse, by, now());
    }

    /**
     * SHA-256 of the card's canonical JSON (keys sorted, no white space): what decision.json records, so a decision
     * names the exact card it was made under.
     */
    public String sha256() {
        try {
            byte[] bytes = CANONICAL.writeValueAsBytes(this);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The card as an ordered map, as run.json and decision.json write it. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> toMap() {
        return PLAIN.convertValue(this, LinkedHashMap.class);
    }

    /** The card in lines for people (model-info, reports). */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("trained_on=" + trainedOn);
        lines.add("data_kind=" + dataKind.word());
        for (DataSource d : training) {
            lines.add("training_data=" + d.kind().word() + ": " + d.description()
                    + counts(d.persons(), d.slices()));
        }
        lines.add("validation=" + (validation == null ? "none" : evaluationLine(validation)));
        if (realCt.isEmpty()) {
            lines.add("real_ct_scores=none");
        }
        for (Evaluation e : realCt) {
            lines.add("real_ct_score=" + evaluationLine(e));
        }
        lines.add("validated=" + (validated() ? "yes" : "no (" + unvalidatedReason() + ")"));
        lines.add("intended_use=" + intendedUse);
        lines.add("card_recorded_by=" + recordedBy);
        lines.add("card_recorded_at=" + recordedAt);
        lines.add("card_sha256=" + sha256());
        return lines;
    }

    /** One line for an evaluation: what, how much, the metrics, when. */
    public static String evaluationLine(Evaluation e) {
        StringBuilder b = new StringBuilder(e.on()).append(counts(e.persons(), e.slices())).append(':');
        e.metrics().forEach((k, v) -> b.append(' ').append(k).append(' ').append(format(v)));
        if (!e.decisions().isEmpty()) {
            b.append("; decisions");
            e.decisions().forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        }
        if (e.date() != null) {
            b.append(" (").append(e.date(), 0, Math.min(10, e.date().length()));
            if (e.command() != null) {
                b.append(", ").append(e.command());
            }
            b.append(')');
        }
        return b.toString();
    }

    private static String counts(Integer persons, Integer slices) {
        if (persons == null && slices == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        if (persons != null) {
            parts.add(persons + (persons == 1 ? " person" : " persons"));
        }
        if (slices != null) {
            parts.add(slices + (slices == 1 ? " slice" : " slices"));
        }
        return " (" + String.join(", ", parts) + ")";
    }

    private static String format(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", ".0");
    }

    private static DataKind kindOf(List<DataSource> sources) {
        if (sources.isEmpty()) {
            return DataKind.UNKNOWN;
        }
        boolean synthetic = false;
        boolean real = false;
        for (DataSource s : sources) {
            switch (s.kind()) {
                case SYNTHETIC -> synthetic = true;
                case REAL -> real = true;
                case SYNTHETIC_AND_REAL -> {
                    synthetic = true;
                    real = true;
                }
                case UNKNOWN -> {
                    return DataKind.UNKNOWN;
                }
                case NONE -> {
                }
            }
        }
        if (synthetic && real) {
            return DataKind.SYNTHETIC_AND_REAL;
        }
        return synthetic ? DataKind.SYNTHETIC : real ? DataKind.REAL : DataKind.NONE;
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    private static final ObjectMapper PLAIN = new ObjectMapper();

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a card: {@code setTrainedOn} is required; the data kind follows from the training sources; the intended
     * use defaults to {@link #RESEARCH_USE}.
     */
    public static final class Builder {
        private String trainedOn;
        private final List<DataSource> training = new ArrayList<>();
        private Evaluation validation;
        private final List<Evaluation> realCt = new ArrayList<>();
        private String intendedUse = RESEARCH_USE;
        private String recordedBy = "covidct";

        private Builder() {
        }

        /** One line saying what the model learnt from ("synthetic phantoms", "COVID-CTset fold 2", ...). */
        public Builder setTrainedOn(String trainedOn) {
            this.trainedOn = trainedOn;
            return this;
        }

        /** One data source of training (call once per source). */
        public Builder addTraining(DataSource source) {
            training.add(Objects.requireNonNull(source));
            return this;
        }

        /** The held-out evaluation done while making the model. */
        public Builder optValidation(Evaluation validation) {
            this.validation = validation;
            return this;
        }

        /** A score on real CT against radiologists' labels (call once per measurement). */
        public Builder addRealCtScore(Evaluation score) {
            realCt.add(Objects.requireNonNull(score));
            return this;
        }

        public Builder optIntendedUse(String use) {
            this.intendedUse = Objects.requireNonNull(use);
            return this;
        }

        /** The command writing the card (default "covidct"). */
        public Builder optRecordedBy(String by) {
            this.recordedBy = Objects.requireNonNull(by);
            return this;
        }

        public ModelCard build() {
            if (trainedOn == null || trainedOn.isBlank()) {
                throw new IllegalStateException("trained_on is required");
            }
            return new ModelCard(trainedOn, null, training, validation, realCt, intendedUse, recordedBy, now());
        }
    }
}

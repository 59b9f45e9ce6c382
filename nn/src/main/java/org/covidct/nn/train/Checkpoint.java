package org.covidct.nn.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.covidct.core.CovidctException;
import org.covidct.core.io.AtomicFiles;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The resumable state of a training run after a completed epoch: the current weights (not the best
 * ones), the optimizer's moments and counters, the epoch records (with the best accuracy so far) and the
 * fingerprint of the settings. Everything else that is random is a function of (seed, epoch): the
 * shuffle, the augmentation draws and the PyTorch generator (re-seeded at each epoch start), so this is
 * the whole "RNG position". Written in one file, atomically, with an end marker against truncation.
 */
public final class Checkpoint {

    public static final String FILE_NAME = "checkpoint.bin";
    private static final int MAGIC = 0x43564350; // "CVCP"
    private static final int END = 0x454E4421; // "END!"
    private static final int VERSION = 1;

    private Checkpoint() {
    }

    /** What a checkpoint holds besides the weights and optimizer state. */
    public record State(String fingerprint, List<EpochRecord> records) {

        public int completedEpochs() {
            return records.size();
        }

        /** Best validation accuracy so far, or -1 before the first epoch. */
        public double bestAccuracy() {
            return records.stream().mapToDouble(EpochRecord::validationAccuracy).max().orElse(-1);
        }

        public int bestEpoch() {
            return records.stream().filter(EpochRecord::best).mapToInt(EpochRecord::epoch).max().orElse(0);
        }
    }

    public static void write(Path file, State state, Block block, Nadam optimizer) {
        List<Pair<String, Parameter>> parameters = block.getParameters().stream().toList();
        try {
            AtomicFiles.write(file, raw -> {
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeUTF(state.fingerprint());
                out.writeInt(state.records().size());
                for (EpochRecord r : state.records()) {
                    out.writeInt(r.epoch());
                    out.writeDouble(r.trainLoss());
                    out.writeDouble(r.trainAccuracy());
                    out.writeDouble(r.validationLoss());
                    out.writeDouble(r.validationAccuracy());
                    out.writeDouble(r.seconds());
                    out.writeBoolean(r.best());
                }
                block.saveParameters(out);
                optimizer.writeState(out, parameters);
                out.writeInt(END);
                out.flush();
            });
        } catch (IOException e) {
            throw new CovidctException(file, "cannot write checkpoint (" + e.getMessage() + ")", e);
        }
    }

    /** Reads only the header (fingerprint and records), to decide whether a resume is possible. */
    public static State readState(Path file) {
        try (DataInputStream in = open(file)) {
            return header(file, in);
        } catch (IOException e) {
            throw corrupt(file, e);
        }
    }

    /** Restores weights and optimizer state into an initialised block and a fresh optimizer. */
    public static State restore(Path file, NDManager manager, Block block, Nadam optimizer) {
        try (DataInputStream in = open(file)) {
            State state = header(file, in);
            block.loadParameters(manager, in);
            // DJL's Parameter.load replaces the arrays without re-attaching gradients
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    p.getValue().getArray().setRequiresGradient(true);
                }
            }
            optimizer.readState(in, block.getParameters().stream().toList());
            if (in.readInt() != END) {
                throw new CovidctException(file, "corrupt checkpoint (no end marker)");
            }
            return state;
        } catch (IOException | MalformedModelException | IllegalArgumentException e) {
            throw corrupt(file, e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CovidctException(file, "no checkpoint to resume from");
        }
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    }

    private static State header(Path file, DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new CovidctException(file, "not a covidct training checkpoint");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new CovidctException(file, "checkpoint version " + version + " (this covidct reads " + VERSION + ")");
        }
        String fingerprint = in.readUTF();
        int n = in.readInt();
        List<EpochRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(new EpochRecord(in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(),
                    in.readDouble(), in.readDouble(), in.readBoolean()));
        }
        return new State(fingerprint, List.copyOf(records));
    }

    private static CovidctException corrupt(Path file, Exception e) {
        if (e instanceof CovidctException ce) {
            return ce;
        }
        String why = e instanceof EOFException ? "truncated" : String.valueOf(e.getMessage()).replace('\n', ' ');
        return new CovidctException(file, "corrupt checkpoint (" + why + ")", e);
    }
}

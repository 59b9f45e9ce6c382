package org.covidct.app;

import org.covidct.app.options.QuietOption;
import org.covidct.app.pacs.OrthancSetup;
import org.covidct.app.server.Jobs;
import org.covidct.app.server.ServerApp;
import org.covidct.core.CovidctException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code covidct serve}: the detection as a service (REST API, DICOMweb STOW-RS, Orthanc, web viewer). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs covidct as a server: studies arrive as zip uploads (POST /api/studies), through "
                + "DICOMweb STOW-RS (POST /dicomweb/studies) or from an Orthanc PACS (--orthanc); each is analysed as "
                + "`covidct detect --report` would, and the results are served as JSON, as reports and in a web viewer "
                + "at /. With --orthanc the decision goes back into the study as a DICOM SR and a Secondary Capture.",
                "Listens on 127.0.0.1 only unless --host says otherwise, and any other address needs --token-file: "
                        + "every request but GET /api/health must then carry Authorization: Bearer TOKEN.",
                "Jobs, results and the Orthanc ledger live in --store and survive a restart (even kill -9)."})
public final class ServeCommand implements Callable<Integer> {

    /** A token shorter than this is refused: it would be guessed. */
    static final int MIN_TOKEN_LENGTH = 16;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "RUN_DIR", description = "trained model folder")
    Path model;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "address to listen on (default: ${DEFAULT-VALUE}; anything not loopback needs --token-file)")
    String host;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "port (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Option(names = "--store", defaultValue = "covidct-store", paramLabel = "DIR",
            description = "where jobs, results and the ledger are kept (default: ${DEFAULT-VALUE})")
    Path store;

    @Option(names = "--orthanc", paramLabel = "URL",
            description = "Orthanc's REST API to watch for stable CT series and to store results into, e.g. http://127.0.0.1:8042")
    String orthanc;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "file whose first line is the bearer token every request but /api/health must present")
    Path tokenFile;

    @Option(names = "--allow-unvalidated", description = "accept a model without validation (an initialised or "
            + "imported model without a card), as detect --allow-unvalidated")
    boolean allowUnvalidated;

    @Option(names = "--max-upload-mb", defaultValue = "2048", paramLabel = "MB",
            description = "larger uploads are refused with 413 (default: ${DEFAULT-VALUE})")
    long maxUploadMb;

    @Option(names = "--queue", defaultValue = "32", paramLabel = "N",
            description = "studies that may wait; more are refused with 503 (default: ${DEFAULT-VALUE})")
    int queue;

    @Option(names = "--orthanc-poll", defaultValue = "2", paramLabel = "SECONDS",
            description = "how often Orthanc's change log is read when idle (default: ${DEFAULT-VALUE})")
    int poll;

    @Option(names = "--batch", defaultValue = "4", paramLabel = "B", description = "slices per forward pass")
    int batch;

    // no progress output: the server then logs problems only
    @Mixin
    QuietOption quiet;

    private Jobs.Listener listener;
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** For tests: told when each job starts. */
    public void listener(Jobs.Listener l) {
        this.listener = l;
    }

    @Override
    public Integer call() throws InterruptedException {
        String token = token();
        if (!isLoopback(host) && token == null) {
            throw new CovidctException("--host " + host + ": not a loopback address; serving beyond this machine needs --token-file FILE");
        }
        if (port < 0 || port > 65535) {
            throw new CovidctException("--port must be 0..65535");
        }
        if (maxUploadMb < 1 || queue < 1 || poll < 1 || batch < 1) {
            throw new CovidctException("--max-upload-mb, --queue, --orthanc-poll and --batch must be at least 1");
        }
        ServerApp app = ServerApp.builder().setModel(model).setStore(store).optHost(host).optPort(port)
                .optPacs(orthanc == null ? null : new OrthancSetup(orthanc, Duration.ofSeconds(poll)))
                .optToken(token).optAllowUnvalidated(allowUnvalidated)
                .optMaxUploadBytes(maxUploadMb << 20).optQueue(queue).optBatch(batch)
                .optLog(System.err, quiet.quiet()).optListener(listener).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "covidct-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("covidct serve: listening on http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + app.port()
                + "/ (store " + store + ", model " + model + (app.orthancUrl() == null ? "" : ", Orthanc " + app.orthancUrl())
                + (token == null ? "" : ", bearer token required") + ")");
        out.flush();
        stopped.await();
        return 0;
    }

    private String token() {
        if (tokenFile == null) {
            return null;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(tokenFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CovidctException(tokenFile, Files.exists(tokenFile) ? "cannot read the token file" : "no such token file");
        }
        String t = lines.isEmpty() ? "" : lines.get(0).trim();
        if (t.length() < MIN_TOKEN_LENGTH || !t.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new CovidctException(tokenFile, "the first line must be a token of at least " + MIN_TOKEN_LENGTH
                    + " printable characters (e.g. from: openssl rand -hex 32)");
        }
        return t;
    }

    /** True when every address the name stands for is a loopback address of this machine. */
    public static boolean isLoopback(String host) {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            throw new CovidctException("--host " + host + ": unknown host");
        }
    }
}

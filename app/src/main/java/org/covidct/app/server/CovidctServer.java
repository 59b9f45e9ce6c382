package org.covidct.app.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.util.JavalinBindException;
import org.covidct.app.detect.DetectionFiles;
import org.covidct.core.CovidctException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP side of {@code covidct serve}: the API of the issue (health, zip uploads, STOW-RS, jobs, results,
 * reports), the viewer's slice pictures and the viewer itself, on Javalin (Jetty). With a token every request
 * but {@code GET /api/health} must carry {@code Authorization: Bearer TOKEN}.
 */
public final class CovidctServer implements AutoCloseable {

    /**
     * @param host           address to listen on
     * @param port           port (0: any free one)
     * @param maxUploadBytes larger uploads are refused with 413
     * @param token          the bearer token, or null for none (loopback only: the command checks)
     */
    public record Settings(String host, int port, long maxUploadBytes, String token) {
    }

    private static final String VIEWER = "/org/covidct/app/server/viewer/";

    private final Settings settings;
    private final Jobs jobs;
    private final JobStore store;
    private final StudyIntake intake;
    private final SliceViews views;
    private final ServerLog log;
    private final Javalin app;

    public CovidctServer(Settings settings, Jobs jobs, ServerLog log) {
        this.settings = settings;
        this.jobs = jobs;
        this.store = jobs.store();
        this.intake = new StudyIntake(settings.maxUploadBytes());
        this.views = new SliceViews(store, jobs.detector());
        this.log = log;
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.routes.before(this::authorise);
            config.routes.exception(HttpFailure.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
            config.routes.exception(CovidctException.class, (e, ctx) -> error(ctx, 422, e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                // the path of a STOW-RS request to a study holds its UID: logged as the route, never the value
                String path = ctx.path().startsWith("/dicomweb/studies/") ? "/dicomweb/studies/{study}" : ctx.path();
                log.warn(ctx.method() + " " + path + ": " + e.getClass().getName());
                error(ctx, 500, "internal error (" + e.getClass().getSimpleName() + ")");
            });
            config.routes.get("/api/health", ctx -> ctx.json(java.util.Map.of("status", "ok")));
            config.routes.post("/api/studies", this::uploadZip);
            config.routes.post("/dicomweb/studies", ctx -> stow(ctx, null));
            config.routes.post("/dicomweb/studies/{study}", ctx -> stow(ctx, ctx.pathParam("study")));
            config.routes.get("/api/jobs", ctx -> send(ctx, 200, Json.WIRE.valueToTree(store.all())));
            config.routes.get("/api/jobs/{id}", ctx -> send(ctx, 200, Json.WIRE.valueToTree(job(ctx))));
            config.routes.get("/api/jobs/{id}/result", this::result);
            config.routes.get("/api/jobs/{id}/report", this::report);
            config.routes.get("/api/jobs/{id}/slices", this::slices);
            config.routes.get("/api/jobs/{id}/slices/{n}/image", this::sliceImage);
            config.routes.get("/api/jobs/{id}/slices/{n}/cam", this::sliceCam);
            config.routes.get("/", ctx -> resource(ctx, "index.html", "text/html; charset=utf-8"));
            config.routes.get("/viewer.js", ctx -> resource(ctx, "viewer.js", "text/javascript; charset=utf-8"));
            config.routes.get("/viewer.css", ctx -> resource(ctx, "viewer.css", "text/css; charset=utf-8"));
        });
    }

    /** Starts listening; a port in use or an address not on this machine is a one-line user error. */
    public CovidctServer start() {
        try {
            app.start();
        } catch (JavalinBindException e) {
            throw new CovidctException("cannot listen on " + settings.host() + ":" + settings.port() + " (in use, or not an address of this machine)");
        }
        return this;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    private void authorise(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        if (settings.token() == null || ctx.path().equals("/api/health")) {
            return;
        }
        String auth = ctx.header("Authorization");
        byte[] given = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(given, settings.token().getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"covidct\"");
            throw new HttpFailure(401, "missing or wrong bearer token (Authorization: Bearer TOKEN)");
        }
    }

    private void uploadZip(Context ctx) throws IOException {
        String media = media(ctx.contentType());
        if (!media.equals("application/zip") && !media.equals("application/x-zip-compressed")) {
            throw new HttpFailure(415, "send a zip of DICOM files with Content-Type: application/zip");
        }
        receive(ctx, "upload", (in, staging) -> intake.zip(in, staging), received -> ctx.status(202)
                .contentType("application/json").result(Json.WIRE.writeValueAsBytes(java.util.Map.of("job", received))));
    }

    /** STOW-RS (PS3.18 10.5): answers 202 with the job and the Referenced SOP Sequence of what was received. */
    private void stow(Context ctx, String study) throws IOException {
        receive(ctx, "stow", (in, staging) -> intake.stow(in, ctx.contentType(), staging, study), null);
    }

    private interface Reader {
        StudyIntake.Received read(InputStream in, Path staging) throws IOException;
    }

    private interface Reply {
        void send(String jobId) throws IOException;
    }

    /** Reserves a queue place, reads the body into staging, creates the job; on any failure nothing stays. */
    private void receive(Context ctx, String source, Reader reader, Reply reply) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > settings.maxUploadBytes()) {
            throw new HttpFailure(413, "upload of " + declared + " bytes is larger than the limit of "
                    + settings.maxUploadBytes() + " bytes (--max-upload-mb)");
        }
        if (!jobs.reserve()) {
            ctx.header("Retry-After", "30");
            throw new HttpFailure(503, "the queue is full (" + jobs.waiting() + " studies waiting); try again later");
        }
        Path staging = store.staging();
        boolean queued = false;
        try {
            StudyIntake.Received r = reader.read(ctx.req().getInputStream(), staging);
            String id = jobs.submitUpload(source, r.staged());
            queued = true;
            if (reply != null) {
                reply.send(id);
            } else {
                ObjectNode body = Json.WIRE.createObjectNode();
                body.put("job", id);
                ArrayNode refs = body.putObject("00081199").put("vr", "SQ").putArray("Value");
                for (StudyIntake.Instance i : r.instances()) {
                    ObjectNode item = refs.addObject();
                    item.putObject("00081150").put("vr", "UI").putArray("Value").add(i.sopClassUid());
                    item.putObject("00081155").put("vr", "UI").putArray("Value").add(i.sopInstanceUid());
                }
                ctx.status(202).contentType("application/dicom+json").result(Json.WIRE.writeValueAsBytes(body));
            }
        } finally {
            if (!queued) {
                jobs.cancel();
            }
            JobStore.deleteTree(staging);
        }
    }

    private JobRecord job(Context ctx) {
        return store.get(ctx.pathParam("id")).orElseThrow(() -> new HttpFailure(404, "no such job"));
    }

    /** The job, which must be done. */
    private JobRecord done(Context ctx) {
        JobRecord j = job(ctx);
        if (!JobRecord.DONE.equals(j.state())) {
            throw new HttpFailure(409, "job is " + j.state() + (j.error() == null ? "" : ": " + j.error()));
        }
        return j;
    }

    /** decision.json exactly as the detection wrote it. */
    private void result(Context ctx) throws IOException {
        JobRecord j = done(ctx);
        ctx.contentType("application/json").result(Files.readAllBytes(store.result(j.job()).resolve(DetectionFiles.JSON)));
    }

    private void report(Context ctx) throws IOException {
        JobRecord j = done(ctx);
        ctx.header("Content-Security-Policy", "default-src 'none'; img-src data:; style-src 'unsafe-inline'");
        ctx.contentType("text/html; charset=utf-8").result(Files.readAllBytes(store.result(j.job()).resolve(SeriesDetector.REPORT)));
    }

    /** The per-slice rows of detection.csv, for the viewer's strip. */
    private void slices(Context ctx) throws IOException {
        JobRecord j = done(ctx);
        List<DetectionCsv.Row> rows = DetectionCsv.read(store.result(j.job()));
        ObjectNode body = Json.WIRE.createObjectNode();
        body.put("job", j.job());
        body.put("series", j.series().label());
        body.set("slices", Json.WIRE.valueToTree(rows));
        send(ctx, 200, body);
    }

    private void sliceImage(Context ctx) throws IOException {
        JobRecord j = done(ctx);
        png(ctx, views.slicePng(j, index(ctx), SliceViews.window(ctx.queryParam("window"))));
    }

    private void sliceCam(Context ctx) throws IOException {
        JobRecord j = done(ctx);
        png(ctx, views.camPng(j, index(ctx), DetectionCsv.read(store.result(j.job()))));
    }

    private static int index(Context ctx) {
        try {
            return Integer.parseInt(ctx.pathParam("n"));
        } catch (NumberFormatException e) {
            throw new HttpFailure(400, "slice index must be a number");
        }
    }

    private static void png(Context ctx, byte[] png) {
        ctx.header("Cache-Control", "private, max-age=3600").contentType("image/png").result(png);
    }

    private static void resource(Context ctx, String name, String type) throws IOException {
        try (InputStream in = CovidctServer.class.getResourceAsStream(VIEWER + name)) {
            if (in == null) {
                throw new HttpFailure(404, "viewer file missing from the build: " + name);
            }
            ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' blob: data:; frame-src 'self'");
            ctx.contentType(type).result(in.readAllBytes());
        }
    }

    private static void send(Context ctx, int status, com.fasterxml.jackson.databind.JsonNode body) throws IOException {
        ctx.status(status).contentType("application/json").result(Json.WIRE.writeValueAsBytes(body));
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).contentType("application/json");
        try {
            ctx.result(Json.WIRE.writeValueAsBytes(java.util.Map.of("error", message == null ? "" : message)));
        } catch (IOException e) {
            ctx.result("{}");
        }
    }

    private static String media(String contentType) {
        return contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    }
}

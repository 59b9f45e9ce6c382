package org.covidct.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.covidct.app.server.ServerFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * 20 uploads sent at the same instant (20 client threads, real series cut into 20-slice studies of the three
 * COVID-CT-MD persons): every one is accepted with its own job and every job finishes with a result of its
 * own. Prints the timings (the figures of docs/SERVER.md).
 */
class ConcurrentUploadsTest {

    static final int UPLOADS = 20;
    static final int SLICES = 20;

    @TempDir
    Path tmp;

    @Test
    void twentyConcurrentUploadsAllFinish() throws Exception {
        List<List<Path>> series = List.of(files(covidCtMd().resolve("covid/P001")),
                files(covidCtMd().resolve("normal/normal001")), files(covidCtMd().resolve("cap/cap001")));
        List<byte[]> zips = new ArrayList<>();
        for (int i = 0; i < UPLOADS; i++) {
            List<Path> s = series.get(i % 3);
            int from = 30 + (i / 3) * 12; // windows through the lungs, each study different
            zips.add(zip("study" + i, s.subList(from, from + SLICES)));
        }
        try (Running server = ServerFixtures.start(model(tmp.resolve("model")), tmp.resolve("store"), b -> b.optLog(System.err, true))) {
            ExecutorService clients = Executors.newFixedThreadPool(UPLOADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
            for (byte[] z : zips) {
                answers.add(clients.submit(() -> {
                    go.await();
                    return post(server.url() + "/api/studies", "application/zip", z);
                }));
            }
            long t0 = System.nanoTime();
            go.countDown();
            Set<String> ids = new HashSet<>();
            for (Future<HttpResponse<byte[]>> f : answers) {
                HttpResponse<byte[]> r = f.get();
                assertEquals(202, r.statusCode(), text(r));
                ids.add(JSON.readTree(r.body()).get("job").asText());
            }
            double accepted = (System.nanoTime() - t0) / 1e9;
            clients.shutdown();
            assertEquals(UPLOADS, ids.size(), "one job per upload");
            for (String id : ids) {
                JsonNode rec = waitFinished(server.url(), id, Duration.ofMinutes(4));
                assertEquals("done", rec.get("state").asText(), rec.toString());
                assertEquals(SLICES, getJson(server.url() + "/api/jobs/" + id + "/result").at("/counts/slices").asInt());
            }
            double all = (System.nanoTime() - t0) / 1e9;
            assertEquals(UPLOADS, getJson(server.url() + "/api/jobs").size());
            System.out.printf(Locale.ROOT, "concurrent uploads: %d studies of %d slices accepted in %.1f s, all done in %.1f s (%.2f s per study)%n",
                    UPLOADS, SLICES, accepted, all, all / UPLOADS);
        }
    }
}
